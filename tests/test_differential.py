"""Our validator against the real ``frictionless validate``, on mutations of the real seeds with one defect each.

Every mutation frictionless rejects, ours rejects too, with the case's problem
code; the cases frictionless accepts (``frictionless="accepts"`` in
``mutations.py``) are the gaps this project's validator closes. Every code has a
case. frictionless and ``moroccous-data validate --format json`` each check
every case in one process, the two started at once so they run side by side.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from moroccous_data.validation.problem import Code
from conftest import SEEDS
from mutations import CASES, UNREACHABLE, Case, apply, mutated

pytestmark = pytest.mark.slow

# The baseline package is valid (checked in the same run), so a change to one resource can only change the
# verdict of that resource and of those whose foreign keys look it up: only those are validated, the real
# library's verdict on the package at a third of the cost of validating every resource of every case.
_VERDICTS = """
import json, sys
from frictionless import Package, validate
out = {sys.argv[1]: {"valid": validate(sys.argv[1] + "/datapackage.json").valid, "errors": []}}
for folder, table in zip(sys.argv[2::2], sys.argv[3::2]):
    package = Package(folder + "/datapackage.json")
    names = {r.name for r in package.resources
             if r.name == table or any(fk["reference"]["resource"] == table for fk in r.schema.foreign_keys)}
    reports = [package.get_resource(name).validate() for name in sorted(names)]
    out[folder] = {"valid": all(r.valid for r in reports),
                   "errors": [e.message for r in reports for t in r.tasks for e in t.errors][:3]}
print(json.dumps(out))
"""

class Runs:
    """The case folders, and frictionless's and our CLI's verdicts on all of them, each from one child process
    started at once, so the two run side by side."""

    def __init__(self, root: Path) -> None:
        self.folders = {case.name: apply(case, root / case.name) for case in CASES}
        cases = [str(a) for case in CASES for a in (self.folders[case.name], case.table)]
        options: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True,
                                   "env": {**os.environ, "PYTHONUTF8": "1"}}
        self._frictionless = subprocess.Popen([sys.executable, "-c", _VERDICTS, str(SEEDS), *cases], **options)
        self._cli = subprocess.Popen([Path(sys.executable).with_name("moroccous-data"), "validate", "--format", "json",
                                      str(SEEDS), *self.folders.values()], **options)
        self._verdicts: dict[str, Any] | None = None
        self._report: dict[str, Any] | None = None

    def verdicts(self) -> dict[str, Any]:
        if self._verdicts is None:
            out, err = self._frictionless.communicate()
            assert self._frictionless.returncode == 0, err[-2000:]
            self._verdicts = json.loads(out)
        return self._verdicts

    def report(self) -> dict[str, Any]:
        """``moroccous-data validate --format json`` over the real seeds and every case folder at once."""
        if self._report is None:
            out, err = self._cli.communicate()
            assert self._cli.returncode == 1 and "internal error" not in out + err, err[-2000:]
            self._report = json.loads(out)
        return self._report

    def problems(self, folder: Path) -> list[dict[str, Any]]:
        return [p for p in self.report()["problems"] if Path(p["path"]).parent == folder]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    started = Runs(tmp_path_factory.mktemp("cases"))
    yield started
    started.verdicts(), started.report()


def test_every_code_has_a_case() -> None:
    covered = {case.code for case in CASES}
    assert covered == set(Code) - set(UNREACHABLE), f"codes with no case: {set(Code) - set(UNREACHABLE) - covered}"
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.csv")), ids=lambda p: p.name)
def test_a_case_changes_only_what_it_names(path: Path) -> None:
    """With no change, a mutation gives back the seed byte for byte, so each case is its one defect."""
    assert mutated(Case("none", path.stem, 1, {}, Code.FILE_ERROR, "rejects", "")) == path.read_bytes()


def _with_column(data: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline="")))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows([(["extra"] if i == 0 else [""]) + r for i, r in enumerate(rows)])
    return buffer.getvalue().encode("utf-8", "surrogateescape")


def test_a_new_column_breaks_no_case(tmp_path: Path) -> None:
    """Cases name cells by column, so a column added to every table (first, moving every other) leaves each
    cell change the same change."""
    for path in SEEDS.glob("*.csv"):
        (tmp_path / path.name).write_bytes(_with_column(path.read_bytes()))
    for case in CASES:
        if not any(key.startswith("@") for key in case.change):
            assert mutated(case, tmp_path) == _with_column(mutated(case) or b""), case.name


def test_the_real_seeds_pass_both(runs: Runs) -> None:
    assert runs.verdicts()[str(SEEDS)]["valid"]
    assert runs.problems(SEEDS) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_we_reject_everything_frictionless_rejects_and_more(case: Case, runs: Runs) -> None:
    problems = runs.problems(runs.folders[case.name])
    assert case.code in {p["code"] for p in problems}, (case.defect, problems[:5])
    verdict = runs.verdicts()[str(runs.folders[case.name])]
    assert ("accepts" if verdict["valid"] else "rejects") == case.frictionless, (
        f"{case.name}: frictionless now {'accepts' if verdict['valid'] else 'rejects'} it; update mutations.py "
        f"({verdict['errors']})")


@pytest.mark.parametrize("case", [c for c in CASES if c.code.structural], ids=lambda c: c.name)
def test_a_file_that_cannot_be_read_is_one_problem(case: Case, runs: Runs) -> None:
    """No cascade: the checks that would read the broken file (references into it, its citations) are skipped."""
    problems = runs.problems(runs.folders[case.name])
    assert [p["code"] for p in problems] == [case.code], problems[:5]


def test_the_json_report_is_complete(runs: Runs) -> None:
    """Each problem carries its place, a declared code and a message."""
    report = runs.report()
    assert not report["valid"] and report["summary"].startswith(f"{len(report['problems'])} problem(s)")
    for problem in report["problems"]:
        assert set(problem) == {"path", "row", "column", "code", "message"} and problem["code"] in set(Code), problem
