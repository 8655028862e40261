"""The coverage statement says, from the data, what each fact table covers and what the dataset leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.cli import cli
from moroccous_data.loading.scope import GAP_KINDS, read_gaps
from moroccous_data.models.specs import GAPS_FILE, fact_tables
from conftest import ROOT, SEEDS, build_here


def test_info_gives_each_fact_tables_records_and_evidence() -> None:
    result = CliRunner().invoke(cli, ["info"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for table in fact_tables():
        frame = md.load(table)
        quoted, fingerprinted = int((frame.evidence == "quoted").sum()), int((frame.evidence == "fingerprinted").sum())
        assert quoted + fingerprinted == len(frame), table  # every record is stated by one kind or the other
        row = next(line for line in lines if line.startswith(f"| `{table}` |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert (cells[1], cells[4], cells[5]) == (str(len(frame)), str(quoted), str(fingerprinted)), row
    assert md.load_sales().evidence.eq("fingerprinted").any(), "the public record is cited by fingerprint"
    gaps = md.datapackage()["coverage_gaps"]
    assert {g["kind"] for g in gaps} == set(GAP_KINDS) and all(f"- {g['subject']}" in result.output for g in gaps)


def test_the_readme_carries_the_same_statement() -> None:
    from moroccous_data.loading.scope import installed_statement

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert installed_statement() in readme


@pytest.mark.parametrize(("text", "message"), [
    ("kind,subject\nnot_covered,x\n", "the columns must be kind,subject,searched"),
    ("kind,subject,searched\nforgotten,x,\n", ":2: kind is one of not_covered, believed_not_found"),
])
def test_a_malformed_gaps_file_is_refused_by_the_build(text: str, message: str, seeds_copy: Path,
                                                       tmp_path: Path) -> None:
    (seeds_copy / GAPS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        read_gaps(seeds_copy / GAPS_FILE)
    built = build_here("--seeds", seeds_copy, "--out", tmp_path / "out")
    assert built.returncode == 1 and message in built.stderr and "Traceback" not in built.stderr
    assert not (tmp_path / "out").exists(), "nothing written"
    assert read_gaps(SEEDS / GAPS_FILE), "the repository's own file is well formed"
