"""Shared fixtures: the repository, the seeds, the built data and the source texts.

The source texts live in ``seeds/sources/`` (``MOROCCOUS_SOURCES`` overrides
the folder). Without them the quote tests fail loudly rather than skip, so a
green run always means every quote was checked.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = ROOT / "src" / "moroccous_data" / "data"
DEFAULT_SOURCES = SEEDS / "sources"
_NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache",
                                     ".build-staging", "node_modules", "artifacts", "*.egg-info", "site", "exports")


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    folder = Path(os.environ.get("MOROCCOUS_SOURCES", DEFAULT_SOURCES))
    if not folder.is_dir():
        pytest.fail(f"source texts not found at {folder}; set MOROCCOUS_SOURCES to their folder")
    return folder


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the real seeds, to break on purpose."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def clone_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository copied once per session (and xdist worker), a git repository of its own, with the built
    data it commits: the template each ``clone`` copies."""
    target = tmp_path_factory.mktemp("template") / "clone"
    shutil.copytree(ROOT, target, symlinks=True, ignore=_NOT_COPIED)
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    return target


@pytest.fixture()
def clone(tmp_path: Path, clone_template: Path) -> Path:
    """A scratch copy of the repository, to build into and break: a plain copy of the template (tests rewrite
    files in place, so hard links would carry one test's breakage into the next)."""
    target = tmp_path / "clone"
    shutil.copytree(clone_template, target, symlinks=True)
    return target


def run(*args: str | Path, cwd: Path = ROOT, check: bool = False,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command with this interpreter's environment (plus ``env``) and capture its text output."""
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=check,
                          env={**os.environ, "PYTHONUTF8": "1", **(env or {})})


def build_script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, ROOT / "build_data.py", *args)


def build_here(*args: str | Path, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``build_data.py ARGS`` in this process: the ``main`` the script calls, its output captured, without a
    new interpreter importing pyarrow again (half a second each). ``build_script`` where the process is tested."""
    from moroccous_data.building.command import main

    argv, out, err = ["build_data.py", *map(str, args)], io.StringIO(), io.StringIO()
    saved, sys.argv = sys.argv, argv
    try:
        with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(root=root)
    finally:
        sys.argv = saved
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def frictionless() -> str:
    exe = Path(sys.executable).with_name("frictionless")
    return str(exe) if exe.exists() else "frictionless"


# xdist (--dist loadfile --no-loadscope-reorder) hands out whole files in this order: the longest go first so both
# workers end together. Without --no-loadscope-reorder xdist re-sorts files by their number of tests instead.
_SLOW_FIRST = ("test_fuzz_sample.py", "test_browser.py", "test_wheel.py", "test_validate_fuzz.py", "test_outputs.py",
               "test_differential.py", "test_models_agree.py", "test_evidence.py", "test_cli.py", "test_new_table.py",
               "test_contributor_workflow.py", "test_build.py", "test_diff_hostile.py", "test_frictionless.py",
               "test_build_refuses.py", "test_integrity.py", "test_catalogue.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(_SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))



@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository, as the working directory, with the environment's source-text override removed."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=_NOT_COPIED)
    monkeypatch.chdir(copy)
    monkeypatch.delenv("MOROCCOUS_SOURCES", raising=False)
    return copy
