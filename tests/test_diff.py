"""moroccous-data diff on real before/after packages: records added, removed, changed; schema changes."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.cli import cli
from moroccous_data.loading.integrity import CONTENT_HASH, content_hash
from conftest import DATA, build_script


def _edit(path: Path, change: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f for f in fields if f in rows[0]], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def after(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new release built from edited seeds: one quantity corrected, one sale (and its citations) removed."""
    work = tmp_path_factory.mktemp("after")
    seeds = work / "seeds"
    shutil.copytree(DATA.parents[2] / "seeds", seeds)

    def correct(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in rows:
            if row["id"] == "mids-jtrs-fms-notified":
                row["quantity"] = "7"
        return [r for r in rows if r["id"] != "c-130h-eda-delivered"]

    _edit(seeds / "sale_events.csv", correct)
    _edit(seeds / "sales.csv", lambda rows: [r for r in rows if r["id"] != "c-130h-eda"])
    _edit(seeds / "citations.csv",
          lambda rows: [r for r in rows if r["record_id"] not in ("c-130h-eda", "c-130h-eda-delivered")])
    result = build_script("--seeds", seeds, "--out", work / "data")
    assert result.returncode == 0, result.stderr
    return work / "data"


def test_identical_packages(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", str(DATA), str(DATA)])
    assert result.exit_code == 0 and "identical" in result.output


def test_corrections_and_removals_are_listed(after: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", str(DATA), str(after)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "schema: no breaking change" in lines
    assert "sales: 0 added, 1 removed, 0 replaced, 1 changed" in lines
    assert "sale_events: 0 added, 1 removed, 0 replaced, 1 changed" in lines
    assert "  - c-130h-eda" in lines
    assert "  ~ mids-jtrs-fms-notified: quantity: '6' → '7'" in lines
    assert "  ~ mids-jtrs-fms: notified_quantity: '6' → '7'" in lines, "the deal's derived figure follows its event"
    citations = md.load_citations()
    removed = int(citations.record_id.isin(["c-130h-eda", "c-130h-eda-delivered"]).sum())
    assert f"citations: 0 added, {removed} removed, 0 replaced, 0 changed" in lines


def test_release_archive_against_folder_and_json(after: Path, tmp_path: Path) -> None:
    from moroccous_data.publishing.release import write_archive

    root = DATA.parents[2]
    archive = write_archive(root, DATA, root / "docs" / "data-dictionary.md", tmp_path)
    same = CliRunner().invoke(cli, ["diff", str(archive), str(DATA)])
    assert same.exit_code == 0, same.output
    result = CliRunner().invoke(cli, ["diff", str(archive), str(after), "--format", "json"])
    report = json.loads(result.output)
    assert result.exit_code == 1 and not report["identical"] and not report["breaking"]
    assert report["tables"]["sale_events"]["changed"]["mids-jtrs-fms-notified"]["quantity"] == ["6", "7"]
    assert report["tables"]["sales"]["changed"]["mids-jtrs-fms"]["notified_quantity"] == ["6", "7"]


def test_a_removed_column_is_breaking(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(DATA, new)
    package = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    sales = next(r for r in package["resources"] if r["name"] == "sales")
    sales["schema"]["fields"] = [f for f in sales["schema"]["fields"] if f["name"] != "note"]
    _edit(new / "sales.csv", lambda rows: [{k: v for k, v in r.items() if k != "note"} for r in rows])
    data = (new / "sales.csv").read_bytes()
    sales.update(bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}")
    package[CONTENT_HASH] = content_hash(package)
    (new / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(DATA), str(new)])
    assert result.exit_code == 1
    assert "schema: BREAKING changes" in result.output and "  schema: column 'note' removed (breaking)" in result.output


def test_bad_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    for bad in (tmp_path / "empty", tmp_path / "junk.zip"):
        result = CliRunner().invoke(cli, ["diff", str(bad), str(DATA)])
        assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_replaced_id_is_reported_as_replaced(tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(DATA, old)
    package = json.loads((old / "datapackage.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in package["replaced_ids"] if e["resource"] == "exercises"]
    exercises = old / "exercises.csv"
    exercises.write_text(exercises.read_text(encoding="utf-8").replace(entry["replaced_by"], entry["id"]), encoding="utf-8")
    data = exercises.read_bytes()  # record the edit's size and hash, as a build would: diff refuses a stale hash
    resource = next(r for r in package["resources"] if r["name"] == "exercises")
    resource.update(bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}")
    package[CONTENT_HASH] = content_hash(package)
    (old / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(old), str(DATA), "--format", "json"])
    assert result.exit_code == 1, result.output
    table = json.loads(result.output)["tables"]["exercises"]
    assert table["replaced"] == [{"id": entry["id"], "replaced_by": entry["replaced_by"]}]
    assert table["added"] == table["removed"] == []
    text = CliRunner().invoke(cli, ["diff", str(old), str(DATA)]).output
    assert f"  > {entry['id']} replaced by {entry['replaced_by']}" in text


def test_a_value_no_longer_allowed_is_breaking_and_one_added_is_not(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(DATA, new)
    package = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    sales = next(r for r in package["resources"] if r["name"] == "sales")
    program = next(f for f in sales["schema"]["fields"] if f["name"] == "program")
    allowed = program["constraints"]["enum"]
    unused = next(v for v in allowed if v not in set(md.load_sales().program.astype(str)))
    program["constraints"]["enum"] = [v for v in allowed if v != unused] + ["lend_lease"]
    package[CONTENT_HASH] = content_hash(package)
    (new / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(DATA), str(new)])
    assert result.exit_code == 1 and "schema: BREAKING changes" in result.output
    assert f"  schema: column 'program' no longer allows {unused!r} (breaking)" in result.output
    assert "  schema: column 'program' now allows 'lend_lease'\n" in result.output
