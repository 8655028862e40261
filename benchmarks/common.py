"""Helpers shared by the benchmark scripts: timed child processes with their peak memory."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


# A child inherits, as its peak memory, the resident size of the process it was forked from (this
# script, after generating a large file, can be bigger than the command it measures). A small launcher
# process therefore starts each command and reports the command's own exit code, time and peak.
_LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
with open(os.devnull, "wb") as null:
    pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, null.fileno(), 1), (os.POSIX_SPAWN_DUP2, null.fileno(), 2)])
_, status, usage = os.wait4(pid, 0)
print(json.dumps([time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024,
                  os.waitstatus_to_exitcode(status)]))
"""


def timed(command: Sequence[str | Path], cwd: Path | None = None) -> tuple[float, float, int, int]:
    """Run a command once: wall seconds, CPU seconds (user and system, all threads and the children it waited
    for), peak resident memory in MiB (its own or a child's, the larger), exit code. CPU time hardly depends on
    what else the machine runs; wall time does."""
    argv = [str(c) for c in command]
    if not os.path.isabs(argv[0]):
        argv[0] = shutil.which(argv[0], path=os.environ.get("PATH")) or argv[0]
    result = subprocess.run([sys.executable, "-c", _LAUNCHER, *argv], cwd=cwd, capture_output=True, text=True, check=True)
    elapsed, cpu, peak, code = json.loads(result.stdout)
    return elapsed, cpu, peak, code


def warm(command: Sequence[str | Path], cwd: Path | None = None) -> None:
    """Run a command once, untimed, letting Python write the bytecode of what it imports: installed packages
    have theirs from ``pip install``, an editable checkout gets it here."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, check=False)


def run(command: Sequence[str | Path], cwd: Path | None = None) -> tuple[float, int, int]:
    """Run a command once: wall seconds, peak resident memory in MiB, exit code."""
    elapsed, _, peak, code = timed(command, cwd)
    return elapsed, peak, code


def median_run(command: Sequence[str | Path], repeat: int = 5, cwd: Path | None = None) -> tuple[float, int, int]:
    """Median wall time and the largest peak memory over ``repeat`` runs (exit code of the last)."""
    results = [run(command, cwd) for _ in range(repeat)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
