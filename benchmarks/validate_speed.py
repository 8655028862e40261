"""Validation speed and memory: our validator against frictionless on the same 100,000-row file.

Writes 100,000 synthetic rows of one table (default ``sales``, the widest
fact table), then times, as fresh processes, ``frictionless validate --schema``
and ``moroccous-data validate --table`` on that one file, and prints the
medians, the ratio and each one's peak memory. Both check the file alone: the
schema's foreign keys are left out for frictionless (it cannot resolve them
without the other tables), as our single-file mode leaves out references.
Then it checks ten times as many rows with ours alone and prints how much its
peak memory grew (frictionless would take minutes there).

    python benchmarks/validate_speed.py [ROWS] [TABLE]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from common import machine, median_run
from synthetic import ROOT, generate


def main(rows: int, table: str) -> None:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        counts = generate(work / "small", rows, only=table)
        schema = json.loads((ROOT / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
        schema.pop("foreignKeys", None)
        (work / "small" / f"{table}.schema.json").write_text(json.dumps(schema), encoding="utf-8")
        theirs = median_run([bin_dir / "frictionless", "validate", "--schema", f"{table}.schema.json", f"{table}.csv"],
                            3, work / "small")
        ours = median_run([bin_dir / "moroccous-data", "validate", f"{table}.csv", "--table", table], 5, work / "small")
        large = generate(work / "large", rows * 10, only=table)
        ours_large = median_run([bin_dir / "moroccous-data", "validate", f"{table}.csv", "--table", table], 3,
                                work / "large")
    assert theirs[2] == 0 and ours[2] == 0 and ours_large[2] == 0, f"a validator refused a synthetic file: {theirs}, {ours}"
    print(f"machine: {machine()}")
    print(f"rows: {counts[table]:,} ({table}.csv)")
    print(f"frictionless validate:  {theirs[0]:6.2f} s  peak {theirs[1]:4d} MiB")
    print(f"moroccous-data validate:{ours[0]:6.2f} s  peak {ours[1]:4d} MiB")
    print(f"ratio: ours takes {ours[0] / theirs[0]:.3f} of frictionless's time ({theirs[0] / ours[0]:.1f}x faster) "
          f"and {ours[1] / theirs[1]:.2f} of its peak memory")
    print(f"moroccous-data validate, {large[table]:,} rows: {ours_large[0]:6.2f} s  peak {ours_large[1]:4d} MiB "
          f"({ours_large[1] / ours[1]:.2f}x the peak at {counts[table]:,} rows)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, sys.argv[2] if len(sys.argv) > 2 else "sales")
