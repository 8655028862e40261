"""Validation speed and memory: our validator against frictionless on the same 100,000-row file.

Writes 100,000 synthetic rows of one table (default ``sales``, the widest
fact table), then runs, as fresh processes from the command line and in
turns (so a change in the machine's load falls on both alike),
``frictionless validate --schema`` and ``moroccous-data validate --table`` on
that one file, and prints the median wall and CPU times (user and system, all
threads and child processes), the ratios and each one's peak memory. Our
validator parses in one thread while it checks in another, and scans a large
file's quotes in a child process while it imports, so on a machine whose cores
are busy with other work its wall time gains less than on an idle one; the CPU
ratio shows the work done whatever the load. Both check the file alone: the schema's
foreign keys are left out for frictionless (it cannot resolve them without the
other tables), as our single-file mode leaves out references. Then it checks
ten times as many rows with ours alone and prints how much its peak memory grew
(frictionless would take minutes there). Each command first runs once untimed, with bytecode
writing allowed, so both start from compiled bytecode as after ``pip install`` (an editable checkout
under ``PYTHONDONTWRITEBYTECODE`` would otherwise recompile our modules on every run).

    python benchmarks/validate_speed.py [--rows ROWS] [--table TABLE] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from common import machine, timed, warm
from synthetic import ROOT, generate


def _median(runs: list[tuple[float, float, int, int]]) -> tuple[float, float, int]:
    """Median wall and CPU seconds, and the largest peak memory, of runs that all succeeded."""
    assert all(r[3] == 0 for r in runs), f"a validator refused a synthetic file: {runs}"
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), max(r[2] for r in runs)


def main(rows: int, table: str, repeat: int) -> None:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        counts = generate(work / "small", rows, only=table)
        schema = json.loads((ROOT / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
        schema.pop("foreignKeys", None)
        (work / "small" / f"{table}.schema.json").write_text(json.dumps(schema), encoding="utf-8")
        frictionless = [bin_dir / "frictionless", "validate", "--schema", f"{table}.schema.json", f"{table}.csv"]
        moroccous = [bin_dir / "moroccous-data", "validate", f"{table}.csv", "--table", table]
        warm(frictionless, work / "small")
        warm(moroccous, work / "small")
        theirs_runs, ours_runs = [], []
        for _ in range(repeat):
            theirs_runs.append(timed(frictionless, work / "small"))
            ours_runs.append(timed(moroccous, work / "small"))
            ours_runs.append(timed(moroccous, work / "small"))
        theirs, ours = _median(theirs_runs), _median(ours_runs)
        large = generate(work / "large", rows * 10, only=table)
        ours_large = _median([timed(moroccous, work / "large") for _ in range(3)])
    print(f"machine: {machine()}")
    print(f"rows: {counts[table]:,} ({table}.csv); medians of {repeat} runs of frictionless and {2 * repeat} of ours, in turns")
    print(f"frictionless validate:  {theirs[0]:6.2f} s wall  {theirs[1]:6.2f} s CPU  peak {theirs[2]:4d} MiB")
    print(f"moroccous-data validate:{ours[0]:6.2f} s wall  {ours[1]:6.2f} s CPU  peak {ours[2]:4d} MiB")
    print(f"ratio: ours takes {ours[0] / theirs[0]:.3f} of frictionless's wall time ({theirs[0] / ours[0]:.1f}x faster), "
          f"{ours[1] / theirs[1]:.3f} of its CPU time, and {ours[2] / theirs[2]:.2f} of its peak memory")
    print(f"moroccous-data validate, {large[table]:,} rows: {ours_large[0]:6.2f} s wall  peak {ours_large[2]:4d} MiB "
          f"({ours_large[2] / ours[2]:.2f}x the peak at {counts[table]:,} rows)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--table", default="sales")
    parser.add_argument("--repeat", type=int, default=5, help="runs of frictionless (ours runs twice as often)")
    arguments = parser.parse_args()
    main(arguments.rows, arguments.table, arguments.repeat)
