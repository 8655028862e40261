"""Validation beside frictionless, in one run: the real seeds, a synthetic file, and ten times that file.

Prints, with each target:

- ``moroccous-data validate seeds`` against ``frictionless validate datapackage.json`` on the real
  seeds, what a contributor runs (target: at most 0.5x frictionless's wall time);
- ``validate --table TABLE`` against ``frictionless validate --schema`` on one synthetic file of
  ROWS rows (targets: at most 0.25x the wall time, at most 2x the peak memory); the schema's foreign
  keys are left out for frictionless, as single-file mode leaves out references;
- ours alone on ten times as many rows (target: peak at most 1 GiB; frictionless would take minutes).

Each command runs once untimed first (so both start from compiled bytecode), then the two alternate,
so a change in the machine's load falls on both alike; figures are medians (peaks: the largest).

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

BIN = Path(sys.executable).parent
SEEDS = ROOT / "seeds"


def _paired(ours: list[str | Path], theirs: list[str | Path], cwd: tuple[Path, Path], repeat: int) -> tuple[tuple[float, int], tuple[float, int]]:
    """Median wall seconds and largest peak MiB of each command, run alternately; both must pass."""
    warm(ours, cwd[0])
    warm(theirs, cwd[1])
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(ours, cwd[0]))
        b.append(timed(theirs, cwd[1]))
    assert all(r[3] == 0 for r in a + b), f"a validator refused a valid file: {a} {b}"
    return ((statistics.median(r[0] for r in a), max(r[2] for r in a)),
            (statistics.median(r[0] for r in b), max(r[2] for r in b)))


def _line(what: str, ours: tuple[float, int], theirs: tuple[float, int], target: str) -> str:
    return (f"{what}: ours {ours[0]:6.2f} s, peak {ours[1]:5d} MiB; frictionless {theirs[0]:6.2f} s, peak "
            f"{theirs[1]:5d} MiB; {ours[0] / theirs[0]:.2f}x the time, {ours[1] / theirs[1]:.2f}x the memory ({target})")


def main(rows: int, table: str, repeat: int) -> None:
    print(f"machine: {machine()}")
    seeds = _paired([BIN / "moroccous-data", "validate", "seeds", "-q"],
                    [BIN / "frictionless", "validate", "datapackage.json"], (ROOT, SEEDS), repeat)
    print(_line("real seeds", *seeds, "target <= 0.5x the time"))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        counts = generate(work / "small", rows, only=table)
        schema = json.loads((ROOT / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
        schema.pop("foreignKeys", None)
        (work / "small" / f"{table}.schema.json").write_text(json.dumps(schema), encoding="utf-8")
        one_file = _paired([BIN / "moroccous-data", "validate", f"{table}.csv", "--table", table],
                           [BIN / "frictionless", "validate", "--schema", f"{table}.schema.json", f"{table}.csv"],
                           (work / "small", work / "small"), repeat)
        print(_line(f"{counts[table]:,} synthetic {table} rows", *one_file, "targets <= 0.25x the time, <= 2x the memory"))
        large = generate(work / "large", rows * 10, only=table)
        seconds, _, peak, code = timed([BIN / "moroccous-data", "validate", f"{table}.csv", "--table", table], work / "large")
        assert code == 0, "validate refused the large synthetic file"
        print(f"{large[table]:,} synthetic {table} rows: ours {seconds:6.2f} s, peak {peak} MiB (target <= 1024 MiB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--table", default="sales")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command, alternating")
    arguments = parser.parse_args()
    main(arguments.rows, arguments.table, arguments.repeat)
