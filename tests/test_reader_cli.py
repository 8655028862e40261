"""What a reader meets first on the command line: readable tables, citations of sources, helpful misses and
missing extras named, and the dataset's identity kept in one place."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.cli import cli
from moroccous_data.models import timeline
from moroccous_data.models.specs import table_specs
from moroccous_data.publishing import citation
from conftest import ROOT, run

EXE = Path(sys.executable).with_name("moroccous-data")


def _on_a_terminal(*args: str) -> tuple[str, str]:
    """Standard output through a pseudo-terminal (what a reader's shell gives), standard error through a pipe."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, True)
    process = subprocess.Popen([EXE, *args], cwd=ROOT, stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    _, err = process.communicate()
    assert process.returncode == 0, err
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), err.decode("utf-8")


@pytest.mark.parametrize("table", ["sales", "citations", "timeline"])
def test_show_prints_the_key_columns_on_a_terminal(table: str) -> None:
    out, err = _on_a_terminal("show", table, "--limit", "2")
    header = out.splitlines()[0].split()
    spec = timeline.spec() if table == timeline.TABLE else table_specs()[table]
    assert header == list(spec.key_columns) and 2 <= len(header) < len(md.load(table).columns)
    assert f"{len(header)} of {len(md.load(table).columns)} columns" in err
    piped = run(EXE, "show", table, "--limit", "2")
    assert piped.stdout.splitlines()[0].split() == list(md.load(table).columns), "a pipe gets every column"


def test_every_table_declares_key_columns_it_has() -> None:
    for name, spec in table_specs().items():
        built = list(md.load(name, "arrow").column_names)
        assert spec.key_columns and set(spec.key_columns) <= set(built), name


def test_show_columns_picks_and_orders() -> None:
    result = CliRunner().invoke(cli, ["show", "sale_events", "--columns", "stage, id", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    events = md.load_sale_events()
    assert [list(r) for r in rows[:1]] == [["stage", "id"]] and [r["id"] for r in rows] == events["id"].tolist()
    bad = CliRunner().invoke(cli, ["show", "sales", "--columns", "id,valu_usd"])
    assert bad.exit_code == 2 and "sales has no column 'valu_usd'; its columns are: id," in bad.output


def test_cite_a_source_in_bibtex() -> None:
    sources = md.load_sources()
    row = sources[sources["url"].notna() & sources["date_kind"].eq("point")].iloc[0]
    result = CliRunner().invoke(cli, ["cite", "--source", row["id"], "--format", "bibtex"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"@misc{{{row['id']},") and f"url = {{{row['url']}}}" in result.output
    assert f"year = {{{row['date_start'].year}}}" in result.output
    apa = CliRunner().invoke(cli, ["cite", "--source", row["id"]])
    assert apa.output.strip() == md.cite(source=row["id"]) and not apa.output.startswith("@")
    cff = CliRunner().invoke(cli, ["cite", "--source", row["id"], "--format", "cff"])
    assert cff.exit_code == 1 and "describes the dataset, not a source" in cff.output


def test_a_missing_extra_names_the_extra() -> None:
    script = ("import sys\n"
              "sys.modules['polars'] = None  # what an environment without polars gives an import of it\n"
              "import moroccous_data as md\n"
              "try:\n    md.load_sales(format='polars')\n"
              "except ModuleNotFoundError as exc:\n    print(type(exc).__name__, exc)\n")
    result = run(sys.executable, "-c", script)
    assert result.stdout.startswith("MissingExtraError ") and "pip install 'moroccous-data[polars]'" in result.stdout


def test_locate_says_when_nothing_is_close(sources_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["locate", "state-dept-security-cooperation-fact-sheet",
                                      "Zebras quietly annotate seventeen umbrellas.", "--sources", str(sources_dir)])
    assert result.exit_code == 1
    assert "nothing in state-dept-security-cooperation-fact-sheet comes close" in result.output
    assert "coverage --source state-dept-security-cooperation-fact-sheet" in result.output


def test_identity_has_one_source() -> None:
    """pyproject cannot import the package, so its copies of the description and keywords are held equal here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["description"] == citation.DESCRIPTION and tuple(project["keywords"]) == citation.KEYWORDS
    assert json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8")) == citation.zenodo()
    assert citation.DOI == "" and "doi" not in citation.zenodo(), "no DOI exists yet; never invent one"


def test_a_doi_set_in_one_place_reaches_every_citation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(citation, "DOI", "10.0000/example.doi")
    monkeypatch.setattr(citation, "REPOSITORY", "https://example.org/moroccous-data")
    assert citation.cite("apa").endswith("https://doi.org/10.0000/example.doi")
    assert "doi = {10.0000/example.doi}" in citation.cite("bibtex")
    assert 'doi: "10.0000/example.doi"' in citation.cite("cff")
    link = citation.report_link("sales", "m142-himars-fms")
    assert link is not None and link.startswith("https://example.org/moroccous-data/issues/new?template=wrong-fact.yml")
    assert "record=m142-himars-fms" in link
    monkeypatch.setattr(citation, "REPOSITORY", "")
    assert citation.report_link("sales", "m142-himars-fms") is None


def test_the_report_form_asks_for_what_its_link_fills() -> None:
    """The link fills the form's fields by id; a renamed field would silently drop the record's id."""
    form = (ROOT / ".github" / "ISSUE_TEMPLATE" / citation.REPORT_TEMPLATE).read_text(encoding="utf-8")
    for field in ("table", "record", "wrong", "source"):
        assert f"    id: {field}\n" in form
