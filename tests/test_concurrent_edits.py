"""Contributor edits at once, or killed: they queue on the seeds folder's lock, and none is lost or left behind.

Every edit here is a real ``moroccous-data`` process on a copy of the seeds;
the lock is the system's (``flock`` on the seeds folder), so a test can hold
it the same way a running edit does.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run

pytestmark = pytest.mark.slow  # racing processes against the seed lock: the tools' reliability, not the data

ENTITY = ["--set", "kind=person", "--set", "country=MAR"]


def _cli(seeds: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "moroccous_data", *args, "--seeds", str(seeds)]


def _ids(seeds: Path, table: str = "entities") -> dict[str, dict[str, str]]:
    with (seeds / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _start(command: list[str], **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUTF8": "1", **env})


def test_twenty_parallel_add_records_keep_twenty_rows(seeds_copy: Path) -> None:
    edits = [_start(_cli(seeds_copy, "add", "record", "entities", "--set", f"id=zz-par-{n:02}",
                         "--set", f"name=Par {n:02}", *ENTITY), MOROCCOUS_LOCK_WAIT="600")
             for n in range(20)]
    results = [(edit.communicate(timeout=900)[1], edit.returncode) for edit in edits]
    assert [code for _, code in results] == [0] * 20, results
    ids = _ids(seeds_copy)
    assert sorted(i for i in ids if i.startswith("zz-par-")) == [f"zz-par-{n:02}" for n in range(20)]
    assert run(sys.executable, "-m", "moroccous_data", "fmt", "--check", seeds_copy).returncode == 0
    assert not (seeds_copy / ".edit-staging").exists()


def test_an_add_and_a_set_at_once_keep_both(seeds_copy: Path) -> None:
    add = _start(_cli(seeds_copy, "add", "record", "entities", "--set", "id=zz-both", "--set", "name=Both", *ENTITY))
    change = _start(_cli(seeds_copy, "set", "entities", "morocco", "aliases", "Kingdom of Morocco|Maroc"))
    for edit in (add, change):
        _, stderr = edit.communicate(timeout=300)
        assert edit.returncode == 0, stderr
    ids = _ids(seeds_copy)
    assert "zz-both" in ids and ids["morocco"]["aliases"] == "Kingdom of Morocco|Maroc"


@pytest.mark.parametrize("command", [
    ["add", "record", "entities", "--set", "id=zz-wait", "--set", "name=Wait", *ENTITY],
    ["set", "entities", "morocco", "aliases", "Maroc"],
    ["add", "citation", "entities", "morocco", "state-dept-security-cooperation-fact-sheet", "Morocco",
     "--occurrence", "1", "--role", "context"],
    ["add", "source", "SOURCE", "--id", "zz-wait-source", "--kind", "report"],
])
def test_an_edit_that_cannot_get_the_lock_says_so_and_writes_nothing(seeds_copy: Path, tmp_path: Path,
                                                                    command: list[str]) -> None:
    text = tmp_path / "text.txt"
    text.write_text("A new text about Morocco.\n", encoding="utf-8")
    before = _digests(seeds_copy) | {f"sources/{k}": v for k, v in _digests(seeds_copy / "sources").items()}
    handle = os.open(seeds_copy, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as another edit in the middle of its write holds it
        args = [str(text) if a == "SOURCE" else a for a in command]
        result = run(*_cli(seeds_copy, *args), env={"MOROCCOUS_LOCK_WAIT": "0"})
    finally:
        os.close(handle)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: another edit of ") and "nothing was written" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    after = _digests(seeds_copy) | {f"sources/{k}": v for k, v in _digests(seeds_copy / "sources").items()}
    assert after == before


def test_fmt_waits_for_the_lock_too(seeds_copy: Path) -> None:
    handle = os.open(seeds_copy, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = run(sys.executable, "-m", "moroccous_data", "fmt", seeds_copy, env={"MOROCCOUS_LOCK_WAIT": "0"})
    finally:
        os.close(handle)
    assert result.returncode == 1 and "another edit of" in result.stderr, result.stderr


KILLED = """
import os, signal, sys
from moroccous_data.editing import seededit
from moroccous_data.cli import main

def die(*args, **kwargs):  # killed while checking the staged copy: the lock is held, the copy is made
    os.kill(os.getpid(), signal.SIGKILL)

seededit.check_folder = lambda folder, **kw: die() if folder.name == seededit.EDIT_STAGING else check(folder, **kw)
check = __import__("moroccous_data.validation.checks", fromlist=["check_folder"]).check_folder
sys.argv = ["moroccous-data", *sys.argv[1:]]
main()
"""


def test_a_killed_edit_leaves_no_lock_and_no_copy_of_the_seeds(seeds_copy: Path, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    before = _digests(seeds_copy)
    killed = run(sys.executable, "-c", KILLED, "add", "record", "entities", "--set", "id=zz-killed",
                 "--set", "name=Killed", *ENTITY, "--seeds", seeds_copy, env={"TMPDIR": str(temporary)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _digests(seeds_copy) == before, "the seed files are untouched"
    assert list(temporary.iterdir()) == [], "no copy of the seeds in the temporary folder"
    after = run(*_cli(seeds_copy, "add", "record", "entities", "--set", "id=zz-next", "--set", "name=Next", *ENTITY),
                env={"MOROCCOUS_LOCK_WAIT": "0", "TMPDIR": str(temporary)})
    assert after.returncode == 0, after.stderr  # the lock died with the killed process
    assert "zz-next" in _ids(seeds_copy) and "zz-killed" not in _ids(seeds_copy)
    assert not (seeds_copy / ".edit-staging").exists(), "the next edit removed what the killed one left"
