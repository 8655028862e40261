"""Inputs that are not plain files, or too large, are refused without reading: nothing hangs, nothing fills memory.

Each case is a real ``moroccous-data`` process; the timeout only stops a hang
(a FIFO with no writer blocks a reader for ever), it is not what is tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, run
from moroccous_data.inputs import MAX_SOURCE_BYTES

SOURCE = "esper-loudyi-military-cooperation-article"


def _cli(*args: str | Path) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "moroccous_data", *map(str, args)], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONUTF8": "1"})  # a hang fails, not blocks
    return result.returncode, result.stdout, result.stderr


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    return lines[0]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        path.rmdir()
    else:
        path.unlink()


def _special(kind: str, path: Path) -> Path:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_add_source_refuses_what_is_not_a_plain_file(seeds_copy: Path, tmp_path: Path, kind: str) -> None:
    text = _special(kind, tmp_path / "text.txt")
    code, _, stderr = _cli("add", "source", text, "--id", "zz-new", "--kind", "report", "--seeds", seeds_copy)
    assert code == 2 and "is not a regular file" in _one_line(stderr)
    assert not (seeds_copy / "sources" / "zz-new.txt").exists()


def test_add_source_refuses_a_text_over_the_limit_with_its_size(seeds_copy: Path, tmp_path: Path) -> None:
    text = tmp_path / "big.txt"
    with text.open("wb") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)  # sparse: the size is what is refused, nothing is read
    code, _, stderr = _cli("add", "source", text, "--id", "zz-big", "--kind", "report", "--seeds", seeds_copy)
    assert code == 2 and f"has {MAX_SOURCE_BYTES + 1} bytes" in _one_line(stderr)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_edits_and_fmt_refuse_a_seed_that_is_not_a_plain_file(seeds_copy: Path, kind: str) -> None:
    (seeds_copy / "entities.csv").unlink()
    _special(kind, seeds_copy / "entities.csv")
    for args in (["add", "record", "entities", "--set", "id=zz-x", "--set", "name=X", "--set", "kind=person"],
                 ["set", "entities", "morocco", "note", "x"]):
        code, _, stderr = _cli(*args, "--seeds", seeds_copy)
        assert code == 2 and "entities.csv is not a regular file" in _one_line(stderr)
    code, _, stderr = _cli("fmt", seeds_copy)
    assert code == 1 and "entities.csv: not changed: is not a regular file" in stderr, stderr


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_validate_coverage_and_the_build_refuse_special_support_files(seeds_copy: Path, tmp_path: Path,
                                                                      kind: str) -> None:
    (seeds_copy / "released_ids.csv").unlink()
    _special(kind, seeds_copy / "released_ids.csv")
    code, stdout, _ = _cli("validate", seeds_copy)
    assert code == 1 and "released_ids.csv is not a regular file" in stdout, stdout
    build = run(sys.executable, ROOT / "build_data.py", "--seeds", seeds_copy, "--out", tmp_path / "out")
    assert build.returncode == 1 and "released_ids.csv is not a regular file" in build.stderr, build.stderr
    _remove(seeds_copy / "released_ids.csv")
    shutil.copy(SEEDS / "released_ids.csv", seeds_copy / "released_ids.csv")
    (seeds_copy / "reviewed_sentences.csv").unlink()
    _special(kind, seeds_copy / "reviewed_sentences.csv")
    code, _, stderr = _cli("coverage", "--seeds", seeds_copy)
    assert code == 2 and "reviewed_sentences.csv is not a regular file" in _one_line(stderr)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_locate_and_validate_refuse_a_source_text_that_is_not_a_plain_file(seeds_copy: Path, kind: str) -> None:
    (seeds_copy / "sources" / f"{SOURCE}.txt").unlink()
    _special(kind, seeds_copy / "sources" / f"{SOURCE}.txt")
    code, _, stderr = _cli("locate", SOURCE, "Morocco", "--seeds", seeds_copy)
    assert code == 1 and "no source text" in _one_line(stderr)
    code, stdout, _ = _cli("validate", seeds_copy)
    assert code == 1 and "no source text" in stdout


def test_a_source_text_over_the_limit_is_refused_before_reading(seeds_copy: Path) -> None:
    text = seeds_copy / "sources" / f"{SOURCE}.txt"
    with text.open("ab") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)
    code, _, stderr = _cli("locate", SOURCE, "Morocco", "--seeds", seeds_copy)
    assert code == 1 and f"has {MAX_SOURCE_BYTES + 1} bytes; a source text over" in _one_line(stderr)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_validate_refuses_a_named_path_that_is_not_a_file_or_folder_as_a_usage_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "sales.csv"
    _special(kind, path)
    code, stdout, stderr = _cli("validate", path, "--table", "sales")
    assert code == 2 and "is not a regular file or a folder" in _one_line(stderr) and stdout == ""
