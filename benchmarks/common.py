"""Helpers shared by the benchmark scripts: timed child processes with their peak memory."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


def run(command: Sequence[str | Path], cwd: Path | None = None) -> tuple[float, int, int]:
    """Run a command once: wall seconds, peak resident memory in MiB, exit code."""
    start = time.perf_counter()
    process = subprocess.Popen([str(c) for c in command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def median_run(command: Sequence[str | Path], repeat: int = 5, cwd: Path | None = None) -> tuple[float, int, int]:
    """Median wall time and the largest peak memory over ``repeat`` runs (exit code of the last)."""
    results = [run(command, cwd) for _ in range(repeat)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
