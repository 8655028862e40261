"""Writers of folders: nothing is deleted that the tool did not write, and a swap is whole, single and survivable.

Every refusal is tried on a scratch folder holding a file that must survive.
Interrupted writes are real SIGKILLs, sent by the writing process itself at
chosen points (while staging, between its two renames, between the data folder
and the data dictionary), so each case happens every run; the run after a kill, and
set-up builds, go through build_data.py's ``main`` in this process.
"""

from __future__ import annotations

import csv

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, ROOT, build_here, run
from moroccous_data.atomic import MARKER
from moroccous_data.cli import cli

pytestmark = pytest.mark.slow

KEEP = "thesis.txt"

# ``python KILLER ROOT STEP [build args]``: the real build of the scratch repository, SIGKILLed at STEP.
KILLER = """
import os, signal, sys
root, step = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(root, "src"))
sys.argv = ["build_data.py", *sys.argv[3:]]
from moroccous_data import atomic
from moroccous_data.building import pipeline as build  # build first: it keeps its own reference to marker_text
from moroccous_data.building.command import main

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

swap = atomic._swap
if step == "staging":      # every file written, nothing moved yet
    atomic.marker_text = die
elif step == "aside":      # the old data folder moved into the staging folder, the new one not yet in place
    atomic._swap = lambda new, target, aside: (target.rename(aside), die())
elif step == "between":    # the data folder replaced, the data dictionary not yet
    atomic.replace_file = die
sys.exit(main(root=__import__("pathlib").Path(root)))
"""


def _victim(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / KEEP).write_text("three years of work\n", encoding="utf-8")
    return folder


def _survived(folder: Path) -> bool:
    return (folder / KEEP).read_text(encoding="utf-8") == "three years of work\n"


def _refused(output: str, code: int) -> None:
    assert code == 2, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert len(output.strip().splitlines()) == 1 and output.startswith("Error: "), output


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(clone: Path, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, clone / "build_data.py", *args, cwd=cwd or clone)


# --- 1. Nothing is ever deleted that the tool did not write -----------------------------------------

@pytest.mark.parametrize("writer", ["build", "site", "export"])
def test_a_folder_with_someone_elses_file_is_refused(writer: str, tmp_path: Path) -> None:
    victim = _victim(tmp_path / "victim")
    (victim / "sub").mkdir()
    if writer == "build":
        result = run(sys.executable, ROOT / "build_data.py", "--out", victim)
        code, output = result.returncode, result.stderr
    else:
        args = ["site", "--out", str(victim)] if writer == "site" else ["export", "sales", "--out", str(victim)]
        invoked = CliRunner().invoke(cli, args)
        code, output = invoked.exit_code, invoked.output
    _refused(output, code)
    assert "is not empty and is not an earlier output" in output
    assert _survived(victim) and (victim / "sub").is_dir()
    assert sorted(p.name for p in victim.iterdir()) == ["sub", KEEP]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim"], "no staging left beside it"


def test_the_repository_its_seeds_and_any_git_folder_are_refused(clone: Path, tmp_path: Path) -> None:
    _victim(clone)
    before = _digests(clone / "seeds")
    for target in (clone, clone / "seeds", clone.parent):
        result = _build(clone, "--out", target, cwd=ROOT)
        _refused(result.stderr, result.returncode)
        assert "never overwritten" in result.stderr
    assert _digests(clone / "seeds") == before
    assert (clone / ".git" / "HEAD").is_file() and _survived(clone)
    elsewhere = _victim(tmp_path / "other-repository")
    (elsewhere / ".git").mkdir()
    (elsewhere / MARKER).write_text("build_data.py\n", encoding="utf-8")  # even one claiming to be ours
    for args in (["site", "--out", str(elsewhere)], ["export", "--out", str(elsewhere)]):
        invoked = CliRunner().invoke(cli, args)
        _refused(invoked.output, invoked.exit_code)
    result = _build(clone, "--out", elsewhere)
    _refused(result.stderr, result.returncode)
    assert "holds .git" in result.stderr and _survived(elsewhere)


def test_a_symbolic_link_and_the_current_folder_get_one_line(clone: Path, tmp_path: Path) -> None:
    real = _victim(tmp_path / "real")
    (real / MARKER).write_text("build_data.py\n", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    result = _build(clone, "--out", link)
    _refused(result.stderr, result.returncode)
    assert "symbolic link" in result.stderr and link.is_symlink() and _survived(real)
    here = _victim(tmp_path / "here")
    (here / MARKER).write_text("build_data.py\n", encoding="utf-8")
    for target in (".", str(here)):
        result = _build(clone, "--out", target, cwd=here)
        _refused(result.stderr, result.returncode)
        assert "current folder" in result.stderr and _survived(here)
    site = run(sys.executable, "-m", "moroccous_data", "site", "--out", ".", cwd=here)
    _refused(site.stderr, site.returncode)
    assert _survived(here)


def test_an_earlier_output_is_replaced_whole_and_an_empty_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert build_here("--out", out).returncode == 0
    first = _digests(out)
    (out / "stale.csv").write_text("left by hand\n", encoding="utf-8")
    assert run(sys.executable, ROOT / "build_data.py", "--out", out).returncode == 0
    assert _digests(out) == first, "the earlier output was replaced as a whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
    runner = CliRunner()
    assert runner.invoke(cli, ["export", "sales", "--out", str(tmp_path / "x")]).exit_code == 0
    assert runner.invoke(cli, ["export", "claims", "--out", str(tmp_path / "x")]).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == [MARKER, "claims.csv"]
    refused = runner.invoke(cli, ["site", "--out", str(tmp_path / "x")])
    _refused(refused.output, refused.exit_code)  # an export is not a site
    assert "not an earlier output of moroccous-data site" in refused.output


def test_sqlite_export_replaces_only_an_earlier_export(tmp_path: Path) -> None:
    runner = CliRunner()
    database = tmp_path / "moroccous.db"
    assert runner.invoke(cli, ["export", "--format", "sqlite", "--out", str(database)]).exit_code == 0
    assert runner.invoke(cli, ["export", "--format", "sqlite", "--out", str(database)]).exit_code == 0
    victim = _victim(tmp_path / "victim") / KEEP
    notes = _victim(tmp_path / "notes") / "thesis.metadata.json"
    notes.write_text((notes.parent / KEEP).read_text(encoding="utf-8"), encoding="utf-8")
    for target in (victim, tmp_path / "victim", notes.with_name("thesis.db")):
        refused = runner.invoke(cli, ["export", "--format", "sqlite", "--out", str(target)])
        _refused(refused.output, refused.exit_code)
    assert _survived(tmp_path / "victim") and notes.read_text(encoding="utf-8") == "three years of work\n"
    assert not notes.with_name("thesis.db").exists()


# --- 5. Staging and readers ------------------------------------------------------------------------

def _killed_build(clone: Path, step: str, *args: str) -> None:
    result = run(sys.executable, "-c", KILLER, clone, step, *args, cwd=clone)
    assert result.returncode == -signal.SIGKILL, result.stderr


def _first_step_with_a_quantity() -> tuple[str, int]:
    """The built table's first step that gives a quantity: its quantity is the data dictionary's example."""
    with (DATA / "sale_events.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["quantity"])
    return row["id"], int(row["quantity"])


FIRST_STEP, FIRST_QUANTITY = _first_step_with_a_quantity()
NEW_SALE, NEW_EXAMPLE = f",{FIRST_QUANTITY + 1},", f"| `{FIRST_QUANTITY + 1}` |"


def _break_a_quantity(seeds: Path) -> None:
    path = seeds / "sale_events.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith(f"{FIRST_STEP},"))
    assert f",{FIRST_QUANTITY}," in lines[row]
    lines[row] = lines[row].replace(f",{FIRST_QUANTITY},", NEW_SALE, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_build_killed_while_staging_leaves_nothing_in_the_package_or_the_wheel(clone: Path, tmp_path: Path) -> None:
    data = clone / "src" / "moroccous_data" / "data"
    before = _digests(data)
    _break_a_quantity(clone / "seeds")
    _killed_build(clone, "staging")
    assert _digests(data) == before, "the data is untouched"
    assert [p.name for p in (clone / ".build-staging").iterdir()], "the kill left staging (outside the package)"
    package = clone / "src" / "moroccous_data"
    assert not [p for p in package.rglob(".*") if p.name != MARKER]
    result = run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp_path / "dist", clone)
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if "staging" in n or "/.data" in n], names
    assert build_here(root=clone).returncode == 0, "the default build works"
    assert list((clone / ".build-staging").iterdir()) == [], "the next run removed it"
    assert NEW_SALE in (data / "sale_events.csv").read_text(encoding="utf-8")


def test_a_build_killed_between_its_renames_is_replaced_by_the_next_run(clone: Path) -> None:
    data = clone / "src" / "moroccous_data" / "data"
    _break_a_quantity(clone / "seeds")
    _killed_build(clone, "aside")
    assert not data.exists(), "for that instant the data folder is missing"
    assert build_here(root=clone).returncode == 0
    assert NEW_SALE in (data / "sale_events.csv").read_text(encoding="utf-8")
    assert list((clone / ".build-staging").iterdir()) == [], "the old output left in staging was removed"


def test_a_build_killed_between_data_and_dictionary_is_caught_by_check(clone: Path) -> None:
    data = clone / "src" / "moroccous_data" / "data"
    dictionary = clone / "docs" / "data-dictionary.md"
    _break_a_quantity(clone / "seeds")
    _killed_build(clone, "between")
    assert NEW_SALE in (data / "sale_events.csv").read_text(encoding="utf-8")
    assert NEW_EXAMPLE not in dictionary.read_text(encoding="utf-8")
    check = build_here("--check", root=clone)
    assert check.returncode == 1 and "data-dictionary.md: differs" in check.stderr, check.stderr
    assert build_here(root=clone).returncode == 0
    assert NEW_EXAMPLE in dictionary.read_text(encoding="utf-8")
    assert build_here("--check", root=clone).stdout.strip() == "up to date", "data and dictionary belong together"
    assert list((clone / ".build-staging").iterdir()) == []


def test_a_second_writer_is_refused_clearly(tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert build_here("--out", out).returncode == 0
    before = _digests(out)
    handle = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as a writer in the middle of its swap holds it
        result = run(sys.executable, ROOT / "build_data.py", "--out", out)
    finally:
        os.close(handle)
    _refused(result.stderr, result.returncode)
    assert "another process is writing into" in result.stderr
    assert _digests(out) == before


def test_concurrent_builds_both_succeed_or_one_refuses(tmp_path: Path) -> None:
    out = tmp_path / "data"
    builds = [subprocess.Popen([sys.executable, ROOT / "build_data.py", "--out", out], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for build in builds:
        _, stderr = build.communicate(timeout=300)
        assert build.returncode == 0 or (build.returncode == 2 and "another process is writing" in stderr), stderr
    assert any(build.returncode == 0 for build in builds)
    assert build_here("--check", "--out", out).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


# --- Nothing planted beside an output directs a write ------------------------------------------------

def _plant(area: Path, name: str) -> dict[str, str]:
    """Beside ``area/name``: a victim file and folder, an old-style staging journal naming them, and our staging
    name as a link to the victim folder; returns the digests of everything but our staging name."""
    victim = _victim(area / "victimdir")
    (victim / ".git").mkdir()
    (victim / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    (area / "victim.txt").write_text("precious\n", encoding="utf-8")
    evil = area / f".{name}.staging-evil"
    (evil / "new").mkdir(parents=True)
    (evil / "file-0").write_text("PWNED\n", encoding="utf-8")
    moves = [{"staged": staged, "target": str(target), "identity": [(evil / staged).lstat().st_dev,
                                                                      (evil / staged).lstat().st_ino]}
             for staged, target in (("new", victim), ("file-0", area / "victim.txt"))]
    (evil / "journal.json").write_text(json.dumps(moves), encoding="utf-8")  # what 0.2.0 replayed
    (area / f".{name}.staging").symlink_to(victim, target_is_directory=True)
    return _digests(area)


def _plant_folder(area: Path, name: str) -> None:
    """Our staging name as a real folder holding links to the victims and a journal naming them."""
    staging = area / f".{name}.staging"
    staging.mkdir()
    (staging / "new").symlink_to(area / "victimdir", target_is_directory=True)
    (staging / "old").symlink_to(area / "victimdir", target_is_directory=True)
    (staging / "file-0").symlink_to(area / "victim.txt")
    (staging / "journal.json").write_text(f'[{{"staged": "new", "target": "{area / "victimdir"}"}}]', encoding="utf-8")


@pytest.mark.parametrize("writer", ["export", "site", "build"])
def test_planted_staging_journals_and_links_change_nothing_but_the_target(writer: str, tmp_path: Path) -> None:
    area = tmp_path / "area"
    out = area / "out"
    before = _plant(area, "out")
    for plant in (lambda: None, lambda: _plant_folder(area, "out")):
        plant()
        if writer == "build":
            result = run(sys.executable, ROOT / "build_data.py", "--out", out)
        else:
            args = ["site", "--out", out] if writer == "site" else ["export", "sales", "--out", out]
            result = run(sys.executable, "-m", "moroccous_data", *args, "--quiet")
        assert result.returncode == 0, result.stderr
        assert (out / MARKER).is_file()
        after = _digests(area)
        assert {k: v for k, v in after.items() if not k.startswith("out/")} == before, "only the target changed"
        assert not (area / ".out.staging").exists() and not (area / ".out.staging").is_symlink()
