"""Our validator against the real ``frictionless validate``, on a corpus of files with one defect each.

Every file frictionless rejects, ours rejects too; the files frictionless accepts
are listed in ``invalid/cases.json`` with ``"frictionless": "accepts"``: the
gaps this project's validator closes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from moroccous_data.validation.checks import check_folder
from conftest import SEEDS, run

CORPUS = Path(__file__).parent / "invalid"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))


def test_the_corpus_is_large_and_each_file_is_listed() -> None:
    assert len(CASES) >= 30
    assert sorted(c["file"] for c in CASES) == sorted(p.name for p in CORPUS.glob("*.csv"))


# frictionless's own validate(), run once in a child process over every case's package: the verdicts of the
# real library without paying its CLI's start-up once per case (test_frictionless runs the CLI itself).
_VERDICTS = """
import json, sys
from frictionless import validate
out = {}
for folder, table in zip(sys.argv[1::2], sys.argv[2::2]):
    report = validate(folder + "/datapackage.json")
    (task,) = [t for t in report.tasks if t.name == table]
    out[folder] = {"valid": task.valid, "errors": [e.message for e in task.errors][:3]}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Each case's file in a copy of the real seeds, with frictionless's verdict on that table."""
    import sys

    folders = {}
    for case in CASES:
        package = tmp_path_factory.mktemp("case") / "seeds"
        shutil.copytree(SEEDS, package)
        shutil.copy(CORPUS / case["file"], package / f"{case['table']}.csv")
        folders[case["file"]] = (package, case["table"])
    args = [str(a) for package, table in folders.values() for a in (package, table)]
    result = run(sys.executable, "-c", _VERDICTS, *args)
    assert result.returncode == 0, result.stderr[-2000:]
    verdicts = json.loads(result.stdout)
    return {name: (package, verdicts[str(package)]) for name, (package, _) in folders.items()}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_we_reject_everything_frictionless_rejects_and_more(
        case: dict[str, Any], packages: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    package, task = packages[case["file"]]
    target = package / f"{case['table']}.csv"
    verdict = "accepts" if task["valid"] else "rejects"

    ours = [str(p) for p in check_folder(package).problems if p.path == str(target)]
    assert ours, f"{case['file']} ({case['defect']}): our validator accepts it"
    assert any(case["expect"] in line for line in ours), ours
    assert verdict == case["frictionless"], (
        f"{case['file']}: frictionless now {verdict} it; update cases.json "
        f"({task['errors']})")


def test_the_cli_reports_every_case_in_one_process(tmp_path: Path) -> None:
    """The command runs without pandas and NumPy: every corpus case, checked by the real CLI, still gets its message."""
    import sys

    folders = []
    for number, case in enumerate(CASES):
        package = tmp_path / f"case{number}"
        shutil.copytree(SEEDS, package)
        shutil.copy(CORPUS / case["file"], package / f"{case['table']}.csv")
        folders.append(package)
    exe = Path(sys.executable).with_name("moroccous-data")
    result = run(exe, "validate", *folders)
    assert result.returncode == 1 and "internal error" not in result.stderr + result.stdout
    for case, package in zip(CASES, folders):
        mine = [line for line in result.stdout.splitlines() if line.startswith(f"{package}/{case['table']}.csv:")]
        assert any(case["expect"] in line for line in mine), (case["file"], mine[:3])
