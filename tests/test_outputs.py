"""Writers of folders: nothing is deleted that the tool did not write, and a swap is whole, single and survivable.

Every refusal is tried on a scratch folder holding a file that must survive.
Interrupted writes are real SIGKILLs, sent by the writing process itself at
chosen points (while staging, after the journal, between the data folder and
the data dictionary), so each case happens every run; the run after a kill, and
set-up builds, go through build_data.py's ``main`` in this process.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS, build_here, run
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
from moroccous_data.build import pipeline as build  # build first: it keeps its own reference to marker_text
from moroccous_data.build.command import main

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

apply = atomic._apply
if step == "staging":      # every file written, no journal yet
    atomic.marker_text = die
elif step == "journal":    # journal written, nothing moved
    atomic._apply = die
elif step == "between":    # the data folder swapped, the data dictionary not yet
    atomic._apply = lambda moves, staging: (apply(moves[:1], staging), die())
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


NEW_SALE, NEW_EXAMPLE = ",missile,41,", "| `41` |"  # the first sale's quantity is also the dictionary's example


def _break_a_quantity(seeds: Path) -> None:
    path = seeds / "sales.csv"
    text = path.read_text(encoding="utf-8")
    assert ",missile,40," in text
    path.write_text(text.replace(",missile,40,", NEW_SALE, 1), encoding="utf-8")


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
    assert NEW_SALE in (data / "sales.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("step", ["journal", "between"])
def test_a_build_killed_mid_swap_is_completed_by_the_next_run(clone: Path, step: str) -> None:
    data = clone / "src" / "moroccous_data" / "data"
    dictionary = clone / "docs" / "data-dictionary.md"
    _break_a_quantity(clone / "seeds")
    _killed_build(clone, step)
    assert (NEW_SALE in (data / "sales.csv").read_text(encoding="utf-8")) == (step == "between")
    assert NEW_EXAMPLE not in dictionary.read_text(encoding="utf-8")
    (clone / "seeds" / "sales.csv").write_text("not, a valid seed\n", encoding="utf-8")
    result = build_here(root=clone)
    assert result.returncode == 1, "this build itself fails, but first completes the interrupted one"
    assert NEW_SALE in (data / "sales.csv").read_text(encoding="utf-8")
    assert NEW_EXAMPLE in dictionary.read_text(encoding="utf-8")
    assert list((clone / ".build-staging").iterdir()) == []
    shutil.copy(SEEDS / "sales.csv", clone / "seeds" / "sales.csv")
    _break_a_quantity(clone / "seeds")
    assert build_here("--check", root=clone).stdout.strip() == "up to date", "data and dictionary belong together"


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


READER = """
import os, sys, time
folder, stop = sys.argv[1], sys.argv[2]
looks = missing = 0
while not os.path.exists(stop):
    looks += 1
    missing += not os.path.isfile(os.path.join(folder, "datapackage.json"))
print(looks, missing)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the single-call swap is Linux's renameat2 (macOS: renamex_np)")
def test_a_reader_never_finds_the_folder_missing(tmp_path: Path) -> None:
    from moroccous_data.build.pipeline import write_atomically

    out, stop = tmp_path / "work" / "data", tmp_path / "stop"
    files = {"datapackage.json": b"{}\n", **{f"t{i}.csv": b"x\n" * 1000 for i in range(5)}}
    write_atomically(files, out)
    reader = subprocess.Popen([sys.executable, "-c", READER, out, stop], stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            write_atomically(files, out)
    finally:
        stop.touch()
        looks, missing = map(int, reader.communicate(timeout=60)[0].split())
    assert looks > 1000 and missing == 0, (looks, missing)
    assert sorted(p.name for p in out.parent.iterdir()) == ["data"]
