"""What catalogues read: the data package's dataset metadata and the Croissant descriptor, loaded by mlcroissant."""

from __future__ import annotations

import csv
import re
import shutil
import tomllib
from pathlib import Path

import pytest

import moroccous_data as md
from moroccous_data.publishing import catalogue
from conftest import DATA, ROOT

PACKAGE = md.datapackage()
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_data_package_describes_the_dataset() -> None:
    assert PACKAGE["description"] == PROJECT["description"]
    assert PACKAGE["keywords"] == PROJECT["keywords"]
    assert [c["title"] for c in PACKAGE["contributors"]] == [a["name"] for a in PROJECT["authors"]]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", PACKAGE["created"])
    assert ("homepage" in PACKAGE) == ("urls" in PROJECT)
    for source in PACKAGE["sources"]:
        assert source["title"] and source["path"].startswith(("https://", "http://")) and None not in source.values()


def test_created_is_the_release_date_once_the_changelog_has_one(tmp_path: Path) -> None:
    sources = md.load_sources(format="models")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    if not re.search(rf"^#+ +{re.escape(md.__version__)} +\(\d{{4}}-", changelog, re.M):
        # Unreleased: the newest publication date of any source, never the clock.
        newest = max((s.date_end or s.date_start) for s in sources if s.date_start)
        assert catalogue.created(tmp_path, sources) == f"{newest.isoformat()}T00:00:00Z"
    (tmp_path / "CHANGELOG.md").write_text(f"# Changelog\n\n### {md.__version__} (2031-02-03)\n", encoding="utf-8")
    assert catalogue.created(tmp_path, sources) == "2031-02-03T00:00:00Z"


@pytest.mark.slow
def test_mlcroissant_loads_every_table(tmp_path: Path) -> None:
    """The descriptor and the CSVs alone, copied away from the package, are enough for mlcroissant."""
    import mlcroissant as mlc
    for path in DATA.iterdir():
        if path.suffix in (".csv", ".json"):
            shutil.copy(path, tmp_path)
    dataset = mlc.Dataset(jsonld=str(tmp_path / "croissant.json"))
    assert not dataset.metadata.ctx.issues.errors and not dataset.metadata.ctx.issues.warnings
    # A Dataset yields each record set once, and a record set joined to one already read fails, so each table
    # is read from a Dataset of its own.
    loaded_tables = {info.name: list(mlc.Dataset(jsonld=str(tmp_path / "croissant.json")).records(record_set=info.name))
                     for info in md.tables()}
    assert {name: len(records) for name, records in loaded_tables.items()} == {t.name: t.rows for t in md.tables()}
    with (DATA / "sales.csv").open(encoding="utf-8", newline="") as handle:
        quantities = {row["id"]: int(row["notified_quantity"]) for row in csv.DictReader(handle) if row["notified_quantity"]}
    loaded = {r["sales/id"].decode(): r["sales/notified_quantity"] for r in loaded_tables["sales"]}
    assert {k: int(v) for k, v in loaded.items() if k in quantities} == quantities
    assert loaded["m142-himars-fms"] == 18


def test_croissant_fields_match_the_data_package() -> None:
    import json

    document = json.loads((DATA / "croissant.json").read_text(encoding="utf-8"))
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert document["version"] == md.__version__ and document["license"] == PACKAGE["licenses"][0]["path"]
    files = {f["@id"]: f for f in document["distribution"]}
    for resource, record_set in zip(PACKAGE["resources"], document["recordSet"], strict=True):
        assert files[resource["path"]]["sha256"] == resource["hash"].removeprefix("sha256:")
        assert [f["name"] for f in record_set["field"]] == [f["name"] for f in resource["schema"]["fields"]]
