"""The README is the front door: short, in a reader's order, its coverage statement and set-up commands true, and every
example in it and in the docs it points to runs on the shipped data."""

from __future__ import annotations

import re
from typing import Any

import pytest

import moroccous_data as md
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
USING = (ROOT / "docs" / "using-the-data.md").read_text(encoding="utf-8")
CHECKING = (ROOT / "docs" / "checking.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

def test_the_dictionary_readme_points_to_lists_every_table_with_its_row_count() -> None:
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    listed = {m[1]: int(m[2]) for m in re.finditer(r"^## `(\w+)`\n\n.*? ([0-9]+) rows?\.$", dictionary, re.M)}
    assert listed == {t.name: t.rows for t in md.tables()}

def test_the_fix_table_lists_every_problem_code_with_its_fix() -> None:
    """The table is written by the build from ``problem.Code`` into CONTRIBUTING; this catches a hand edit."""
    from moroccous_data.validation.problem import Code, fix_table

    section = CONTRIBUTING.split("<!-- codes:start -->\n")[1].split("<!-- codes:end -->")[0]
    assert section == fix_table(), "run python build_data.py to rewrite CONTRIBUTING's code table"
    assert re.findall(r"^\| `([a-z-]+)` \|", section, re.M) == [str(code) for code in Code]

def test_ci_runs_the_readme_test_command() -> None:
    command = re.search(r"apt-get update .*chromium-driver r-base-core r-cran-readr && python3 -m venv \.venv && "
                        r"\.venv/bin/pip install -e \"\.\[test\]\" && \.venv/bin/python -m pytest", README)
    assert command, "the README's test command is missing (or installs no browser, or no R and readr)"
    assert command.group() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

def _python_block(heading: str, text: str = README) -> str:
    return text.split(heading)[1].split("```python")[1].split("```")[0]

def test_one_query_answers_what_was_notified_sold_and_delivered_when_and_for_how_much() -> None:
    scope: dict[str, Any] = {}
    block = "### What has the United States notified, sold and delivered to Morocco?"
    exec(compile(_python_block(block), "README.md", "exec"), scope)
    steps = scope["steps"].df()
    events = md.load_sale_events()
    assert len(steps) == len(events) and set(steps.stage) == set(events.stage.astype(str))
    himars = steps[(steps["item"] == "M142") & (steps.date == "[..2024-04-08]")].iloc[0]  # the fact sheet's
    assert (himars.stage, himars.quantity_low, himars.quantity_high) == ("notified", 18, 18)
    assert steps.value_usd_high.notna().any(), "the notified estimates the pages give"
    total = README.split(block)[1].split("```python")[2].split("```")[0]
    exec(compile(total, "README.md", "exec"), scope)
    deals = md.load_sales()
    assert scope["low"] == int(deals.notified_value_usd_low.fillna(0).sum())
    assert (scope["high"] is None) == bool(deals[deals.stage.notna()].notified_value_usd_high.isna().any())


def test_the_duckdb_example_runs_on_the_installed_files() -> None:
    scope: dict[str, Any] = {}
    exec(compile(_python_block("## DuckDB over the Parquet files", USING), "README.md", "exec"), scope)
    rows = scope["stated"].fetchall()
    assert rows and rows[0][:2] == ("MK82-1", 5810)
    assert len(rows) == len(md.load_sales()), "the join on role = 'states' gives each sale once"

def test_the_duckdb_views_make_vocabularies_enums() -> None:
    scope: dict[str, Any] = {}
    exec(compile(_python_block("## DuckDB views with ENUMs", USING), "README.md", "exec"), scope)
    con = scope["con"]
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE sales)").fetchall())
    assert types["program"].startswith("ENUM('fms', 'eda'") and types["notified_quantity"] == "BIGINT"
    assert types["stage_date_start"] == "DATE" and types["recipient"].startswith("ENUM(")
    steps = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE sale_events)").fetchall())
    assert steps["stage"].startswith("ENUM('requested', 'notified', 'sold'") and steps["value_kind"].startswith("ENUM(")
    for info in md.tables():
        assert con.execute(f"SELECT count(*) FROM {info.name}").fetchone()[0] == info.rows
    coarser = con.execute("SELECT count(*) FROM timeline WHERE date_precision > 'year'::date_precision").fetchone()[0]
    assert coarser == len(md.load_timeline().query("date_precision in ('decade', 'century')"))

def test_the_pandas_example_without_the_loaders_keeps_the_types() -> None:
    scope: dict[str, object] = {}
    exec(compile(_python_block("## Where the files are", USING), "README.md", "exec"), scope)
    sales = scope["sales"]
    assert str(sales.dtypes["notified_quantity"]) == "Int64" and str(sales.dtypes["program"]) == "category"  # type: ignore[attr-defined]

def test_the_python_examples_run() -> None:
    for name, text in (("README.md", README), ("docs/using-the-data.md", USING), ("docs/checking.md", CHECKING)):
        for block in text.split("```python")[1:]:
            exec(compile(block.split("```")[0], name, "exec"), {})


def test_the_sqlite_search_finds_a_deal_and_its_quotes() -> None:
    scope: dict[str, Any] = {}
    exec(compile(_python_block("### SQLite and Datasette"), "README.md", "exec"), scope)
    assert scope["found"] == [("m142-himars-fms",)]
    assert len(scope["quotes"]) == len(md.evidence("sales", "m142-himars-fms"))


def test_the_readme_is_short_and_in_a_readers_order() -> None:
    """Covers, get, cite, use, check: the order the user trial asked for; contributor detail lives elsewhere."""
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings == ["What it covers", "Get it", "Cite it", "Use it", "Check it", "License"]
    assert len(README.splitlines()) <= 260, "keep the README for readers: move detail to docs/ or CONTRIBUTING"
    for gone in ("codes:start", "quote-mismatch", "Performance", "git tag"):
        assert gone not in README


def test_the_command_line_examples_run(tmp_path: Any) -> None:
    """Each `moroccous-data` line of the README's command block, with the output folders moved to a scratch folder."""
    import shlex

    from click.testing import CliRunner

    from moroccous_data.cli import cli

    block = README.split("### The command line and the explorer")[1].split("```sh")[1].split("```")[0]
    lines = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert all(line.startswith("moroccous-data ") for line in lines)
    for line in lines:
        args = [str(tmp_path / a) if a.endswith("/") else a for a in shlex.split(line)[1:]]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (line, result.output)
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "exports" / "sales.parquet").is_file()


def test_the_links_lead_somewhere() -> None:
    for name, text in (("README.md", README), ("docs/using-the-data.md", USING), ("docs/checking.md", CHECKING)):
        base = (ROOT / name).parent
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (base / target).exists(), f"{name} links to {target}, which does not exist"

def test_the_citation_shown_is_the_current_one() -> None:
    assert md.cite("apa") in README


def test_the_fingerprint_by_hand_is_the_packages(capsys: Any) -> None:
    """The one line README gives for checking a fingerprint by hand, on a made-up sentence with every fold."""
    from moroccous_data.sentences import fingerprint

    block = _python_block("## Check it against the live pages", CHECKING)
    sentence = "\u00a0Tug \u201cMarla\u201d\u2014 the ship\u2019s 12\u2033 line \ufb01xed\u2011 at\n Pier\u00a07. "
    exec(compile(block.replace('"Paste the sentence here, exactly as the page shows it."', repr(sentence)), "README.md", "exec"), {})
    assert capsys.readouterr().out == fingerprint(sentence) + "\n"


def _breaking_bump(old: tuple[int, ...], new: tuple[int, ...]) -> bool:
    """Semantic versioning applied to the data (CHANGELOG's policy): before 1.0.0 a minor step may break."""
    return new[0] > old[0] or (old[0] == 0 and new[:2] > old[:2])


def unreleased_problem(changelog: str, version: str) -> str | None:
    """What is wrong between CHANGELOG's unreleased section and ``version``, or None."""
    heading = re.search(r"^## Unreleased \(version ([0-9.]+)\)$", changelog, re.M)
    if heading is None:
        return None if re.search(rf"^### {re.escape(version)} ", changelog, re.M) else \
            f"version {version} has neither an unreleased section nor a release entry"
    if heading[1] != version:
        return f"the unreleased section names version {heading[1]}, the package {version}"
    section = changelog[heading.end():].split("\n## ", 1)[0]
    released = [tuple(map(int, v.split("."))) for v in re.findall(r"^### ([0-9]+\.[0-9]+\.[0-9]+) ", changelog, re.M)]
    last = max(released, default=(0, 0, 0))
    new = tuple(map(int, version.split(".")))
    if new <= last:
        return f"version {version} is not after the last release {'.'.join(map(str, last))}"
    if "**Breaking" in section and not _breaking_bump(last, new):
        return (f"the unreleased section lists a breaking change, but {version} after "
                f"{'.'.join(map(str, last))} is not a breaking version step")
    return None


def test_the_unreleased_changes_match_the_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert unreleased_problem(changelog, md.__version__) is None, unreleased_problem(changelog, md.__version__)


@pytest.mark.parametrize(("version", "fault"), [
    ("0.3.0", None), ("0.2.1", "not a breaking version step"), ("0.2.0", "names version 0.3.0"),
])
def test_the_changelog_check_catches_a_breaking_patch(version: str, fault: str | None) -> None:
    changelog = ("## Unreleased (version X)\n\n**Breaking: a column renamed**\n\n## Releases\n\n### 0.2.0 (2026-11-28)\n"
                 .replace("X", "0.3.0" if fault != "not a breaking version step" else version))
    problem = unreleased_problem(changelog, version)
    assert (problem is None) if fault is None else (fault in (problem or ""))
    additions = changelog.replace("**Breaking: a column renamed**", "- a record added")
    assert unreleased_problem(additions, version) is None or fault == "names version 0.3.0", "a patch may add records"


@pytest.mark.slow
def test_the_main_job_command_runs_in_a_fresh_copy(clone: Any) -> None:
    """The README's first command, exactly as written, in a copy of the repository with no virtual environment."""
    import subprocess

    command = README.split("## Get it")[1].split("```sh\n")[1].split("```")[0].strip()
    assert command.startswith("python3 -m venv .venv && .venv/bin/pip install . && ")
    result = subprocess.run(["bash", "-c", command], cwd=clone, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    printed = result.stdout[result.stdout.rindex("designation"):]  # after pip's own lines
    assert printed.splitlines()[0].split() == ["designation", "program", "stage", "notified_quantity"]
    assert printed.rstrip().splitlines()[-1].split()[0] == str(len(md.load_sales()) - 1), "down to the last deal"
