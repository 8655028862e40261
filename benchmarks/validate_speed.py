"""Validation speed: our validator against frictionless on the same 100,000-row file.

Writes 100,000 synthetic rows of one table (default ``sales``, the widest
fact table), then times, as fresh processes, ``frictionless validate --schema``
and ``moroccous-data validate --table`` on that one file, and prints the
medians, the ratio and each one's peak memory. Both check the file alone: the
schema's foreign keys are left out for frictionless (it cannot resolve them
without the other tables), as our single-file mode leaves out references.

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
        counts = generate(work, rows, only=table)
        schema = json.loads((ROOT / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
        schema.pop("foreignKeys", None)
        (work / f"{table}.schema.json").write_text(json.dumps(schema), encoding="utf-8")
        theirs = median_run([bin_dir / "frictionless", "validate", "--schema", f"{table}.schema.json", f"{table}.csv"], 3, work)
        ours = median_run([bin_dir / "moroccous-data", "validate", f"{table}.csv", "--table", table], 5, work)
    assert theirs[2] == 0 and ours[2] == 0, f"a validator refused the synthetic file: {theirs}, {ours}"
    print(f"machine: {machine()}")
    print(f"rows: {counts[table]:,} ({table}.csv)")
    print(f"frictionless validate:  {theirs[0]:6.2f} s  peak {theirs[1]:4d} MiB")
    print(f"moroccous-data validate:{ours[0]:6.2f} s  peak {ours[1]:4d} MiB")
    print(f"ratio: ours takes {ours[0] / theirs[0]:.3f} of frictionless's time ({theirs[0] / ours[0]:.1f}x faster)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, sys.argv[2] if len(sys.argv) > 2 else "sales")
