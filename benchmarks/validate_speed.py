"""Validation speed: our validator against frictionless on the same 100,000-row file.

Writes 100,000 synthetic ``entities`` rows (a table with no foreign keys, so
frictionless can check the file alone with its schema), then times, as fresh
processes, ``frictionless validate --schema`` and ``moroccous-data validate
--table``, and prints the medians, the ratio and each one's peak memory.

    python benchmarks/validate_speed.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import machine, median_run
from synthetic import ROOT, generate


def main(rows: int) -> None:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        counts = generate(work, rows, only="entities")
        (work / "entities.json").write_bytes((ROOT / "schemas" / "entities.json").read_bytes())
        theirs = median_run([bin_dir / "frictionless", "validate", "--schema", "entities.json", "entities.csv"], 3, work)
        ours = median_run([bin_dir / "moroccous-data", "validate", "entities.csv", "--table", "entities"], 5, work)
    assert theirs[2] == 0 and ours[2] == 0, f"a validator refused the synthetic file: {theirs}, {ours}"
    print(f"machine: {machine()}")
    print(f"rows: {counts['entities']:,} (entities.csv)")
    print(f"frictionless validate:  {theirs[0]:6.2f} s  peak {theirs[1]:4d} MiB")
    print(f"moroccous-data validate:{ours[0]:6.2f} s  peak {ours[1]:4d} MiB")
    print(f"ratio: ours takes {ours[0] / theirs[0]:.3f} of frictionless's time ({theirs[0] / ours[0]:.1f}x faster)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
