"""The evidence chain from a record to the words of its source: roles, addresses, annotations, a fresh clone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.publishing.annotations import annotation_page, read_texts
from moroccous_data.validation.checks import check_folder
from moroccous_data.validation.problem import Code
from moroccous_data.cli import cli
from moroccous_data.loading.provenance import UnknownRecordError
from conftest import ROOT, SEEDS


def test_every_record_has_a_stating_quote_listed_first() -> None:
    citations = md.load_citations()
    for (table, record_id), group in citations.groupby(["record_table", "record_id"], observed=True):
        assert group["role"].iloc[0] == "states", (table, record_id)
        roles = list(group["role"])
        assert roles == sorted(roles, key=["states", "context"].index), (table, record_id)


def test_evidence_returns_the_quotes_with_their_sources() -> None:
    frame = md.evidence("sales", "m142-himars-fms")
    own = frame[frame.record_table == "sales"]
    assert list(own["role"]) == ["states", "context", "context"] and own["stage"].isna().all()
    steps = frame[frame.record_table == "sale_events"]
    events = md.load_sale_events().query("sale_id == 'm142-himars-fms'")
    assert list(frame.record_table) == ["sales"] * len(own) + ["sale_events"] * len(steps), "the deal's, then its steps'"
    assert list(dict.fromkeys(steps.record_id)) == list(events.id), "steps in the deal's order"
    assert steps.stage.notna().all() and set(steps.stage) == set(events.stage.astype(str))
    held = frame[frame.quote.notna()]
    assert held.locator.isna().all() and held.archived.isna().all()
    paged = frame[frame.quote.isna()]  # pages not held: a locator, a fingerprint and the archived copy of the day read
    assert len(paged) and paged.fingerprint.str.startswith("sha256:").all() and paged.locator.notna().all()
    assert paged.archived.str.startswith("https://web.archive.org/web/").all()
    first = frame.iloc[0]
    assert first["quote"] == "18 M142 High Mobility Artillery Rocket System (HIMARS) launchers"
    assert first["url"].startswith("https://") and first["publisher"] == "AllAfrica"
    text = (SEEDS / "sources" / f"{first['source_id']}.txt").read_text(encoding="utf-8")
    assert text[first["quote_start"]:first["quote_end"]] == first["quote"]


def test_an_old_id_resolves_to_its_replacement() -> None:
    with pytest.warns(UserWarning, match="replaced by 'african-lion-new-edition-reported'"):
        frame = md.evidence("exercises", "african-lion-edition-reported-by-004")
    assert len(frame) == 1


@pytest.mark.parametrize(("table", "record_id", "message"), [
    ("salez", "x", "no table named 'salez'; the tables are: agreements,"),
    ("sales", "m142", "sales has no record with id 'm142'; the ids are: closest: m142-himars-fms; all "),
    ("entities", "usaa", "closest: "),
])
def test_unknown_tables_and_ids_name_the_choices(table: str, record_id: str, message: str) -> None:
    with pytest.raises((md.UnknownTableError, UnknownRecordError)) as caught:
        md.evidence(table, record_id)
    assert message in str(caught.value)
    result = CliRunner().invoke(cli, ["evidence", table, record_id])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_the_evidence_command_shows_the_sentence_around_each_quote() -> None:
    result = CliRunner().invoke(cli, ["evidence", "sales", "m142-himars-fms", "--sources", str(SEEDS / "sources")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "[1] states: \u201c18 M142 High Mobility Artillery Rocket System (HIMARS) launchers\u201d"
    assert "https://allafrica.com/" in lines[2]
    assert lines[3].startswith("    sentence: Recent significant prior sales include: 18 M142")
    assert "stage notified ([..2024-04-08]): sale_events m142-himars-fms-notified" in lines


def test_every_annotation_reanchors_on_the_text_in_the_repository() -> None:
    sources = md.load_sources(format="arrow").to_pylist()
    page = annotation_page(md.load_citations(format="arrow").to_pylist(), sources,
                           read_texts(SEEDS / "sources", sources), md.__version__)
    assert page["@context"] == "http://www.w3.org/ns/anno.jsonld"
    citations = md.load_citations()
    assert len(page["items"]) == int(citations.quote.notna().sum()), "one annotation per quote; a fingerprint has none"
    held = [s for s in sources if s["held"]]
    urls = {s["id"]: s["url"] or f"urn:sha256:{s['sha256']}" for s in held}
    texts = {s["id"]: (SEEDS / "sources" / f"{s['id']}.txt").read_text(encoding="utf-8") for s in held}
    for item in page["items"]:
        quote, position = item["target"]["selector"]
        source_id = next(s for s, url in urls.items() if url == item["target"]["source"])
        text = texts[source_id]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert len(quote["prefix"]) <= 32 and len(quote["suffix"]) <= 32
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1, item["id"]
        assert item["body"][1]["value"] in ("states", "context")


def test_the_export_command_writes_annotations(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "annotations", "--out", str(tmp_path),
                                      "--sources", str(SEEDS / "sources")])
    assert result.exit_code == 0, result.output
    page = json.loads((tmp_path / "annotations.jsonld").read_text(encoding="utf-8"))
    assert page["type"] == "AnnotationPage" and page["items"][0]["type"] == "Annotation"


def _write_cell(path: Path, row: int, column: str, value: str) -> None:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("text", ["Source 002 says so.", "as sources 001 and 003 report", "seen in source 004's text"])
def test_text_naming_a_source_by_number_is_refused(seeds_copy: Path, text: str) -> None:
    _write_cell(seeds_copy / "sales.csv", 2, "note", text)
    problems = check_folder(seeds_copy).problems
    assert [(p.row, p.column, p.code) for p in problems] == [(2, "note", Code.SOURCE_NUMBER)], problems


def test_a_record_with_only_context_quotes_is_refused(seeds_copy: Path) -> None:
    import csv

    path = seeds_copy / "citations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    number = next(i for i, r in enumerate(rows, start=2) if r["record_id"] == "m142-himars-fms" and r["role"] == "states")
    _write_cell(path, number, "role", "context")
    problems = check_folder(seeds_copy).problems
    with (seeds_copy / "sales.csv").open(encoding="utf-8", newline="") as handle:
        row = next(i for i, r in enumerate(csv.DictReader(handle), start=2) if r["id"] == "m142-himars-fms")
    assert [(p.path, p.row, p.column, p.code) for p in problems] == [
        (f"{seeds_copy}/sales.csv", row, "id", Code.MISSING_CITATION)], problems


@pytest.mark.slow
def test_a_fresh_copy_of_the_repository_checks_every_quote_with_nothing_beside_it(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.fail("this test needs the git checkout the README's commands start from")
    copy = tmp_path / "clone"
    copy.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(copy)], input=archive, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOROCCOUS")}
    env["PYTHONPATH"] = str(copy / "src")
    assert not (copy.parent / "shared").exists()
    checks = [
        [sys.executable, "-m", "moroccous_data", "validate", "seeds"],
        [sys.executable, "-m", "moroccous_data", "coverage", "--uncited-only"],
        [sys.executable, "build_data.py", "--check"],
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "tests/test_quotes.py", "tests/test_coverage.py"],
    ]
    for command in checks:
        result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
    assert " passed" in result.stdout and "skipped" not in result.stdout


def test_a_source_is_cited_with_its_address() -> None:
    result = CliRunner().invoke(cli, ["cite", "--source", "state-dept-security-cooperation-fact-sheet"])
    assert result.exit_code == 0
    assert result.output == ("Bureau of Political-Military Affairs. (2024-04-08). Morocco: U.S. Security Cooperation "
                             "With Morocco. AllAfrica. https://allafrica.com/stories/202404130192.html\n")
    assert md.cite(source="esper-loudyi-military-cooperation-article").endswith(
        "the Moroccan FM. https://www.moroccoworldnews.com/2020/10/321416/morocco-us-agree-on-military-cooperation/")
    bad = CliRunner().invoke(cli, ["cite", "--source", "nope"])
    assert bad.exit_code == 1 and "no source 'nope'" in bad.output and "listed by `moroccous-data show sources`" in bad.output
    near = CliRunner().invoke(cli, ["cite", "--source", "esper-loudyi-military-cooperation"])
    assert near.exit_code == 1 and "closest: esper-loudyi-military-cooperation-article" in near.output
