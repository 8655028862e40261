"""The real ``frictionless validate`` CLI accepts what we ship: the seeds package and the built one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, SEEDS, frictionless, run


@pytest.mark.parametrize("package", [SEEDS / "datapackage.json", DATA / "datapackage.json"], ids=["seeds", "built"])
def test_frictionless_validate_passes(package: Path) -> None:
    result = run(frictionless(), "validate", "--json", package.name, cwd=package.parent)
    report = json.loads(result.stdout)
    errors = [e["message"] for task in report["tasks"] for e in task["errors"]]
    assert result.returncode == 0 and report["valid"], errors[:10]
    assert {task["name"] for task in report["tasks"]} >= {"sales", "citations", "sources"}


def test_frictionless_rejects_a_reordered_seed(seeds_copy: Path) -> None:
    """fieldsMatch is honoured: a column moved in the CSV is caught by label, not read by position."""
    path = seeds_copy / "sales.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split(",", 2) for line in lines[:1]]
    header = rows[0]
    path.write_text(",".join([header[1], header[0], header[2]]) + "\n" + "\n".join(lines[1:]) + "\n", encoding="utf-8")
    result = run(frictionless(), "validate", "--json", "datapackage.json", cwd=seeds_copy)
    report = json.loads(result.stdout)
    assert result.returncode != 0
    assert "incorrect-label" in {e["type"] for task in report["tasks"] for e in task["errors"]}


def test_frictionless_follows_a_v2_self_reference(seeds_copy: Path) -> None:
    """A reference to the table itself names no resource (Data Package v2), and frictionless still checks it."""
    package = json.loads((seeds_copy / "datapackage.json").read_text(encoding="utf-8"))
    assistance = next(r for r in package["resources"] if r["name"] == "assistance")
    (key,) = [k for k in assistance["schema"]["foreignKeys"] if k["fields"] == ["part_of"]]
    assert key["reference"] == {"fields": ["id"]}
    path = seeds_copy / "assistance.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",cwd-since-1993,,", ",no-such-record,,", 1),
                    encoding="utf-8")
    result = run(frictionless(), "validate", "--json", "datapackage.json", cwd=seeds_copy)
    report = json.loads(result.stdout)
    assert result.returncode != 0
    assert "foreign-key" in {e["type"] for task in report["tasks"] for e in task["errors"]}
