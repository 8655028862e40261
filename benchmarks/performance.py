"""Every performance figure the README reports, each beside its yardstick.

    python benchmarks/performance.py [--quick]

Import time, cold and warm loads, CLI latency, build scaling and validation
scaling. Timings of whole processes are medians of paired, alternating runs
so that machine noise hits both sides alike. ``--quick`` skips the 100k-row
builds.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import machine, median_run, run
from synthetic import ROOT, generate

PYTHON = sys.executable
BIN = Path(PYTHON).parent
SALES = ROOT / "src" / "moroccous_data" / "data" / "sales.parquet"


def paired(ours: list[str], theirs: list[str], repeat: int = 11) -> tuple[float, float]:
    """Median seconds of two commands run alternately ``repeat`` times each."""
    a, b = [], []
    for _ in range(repeat):
        a.append(run(ours)[0])
        b.append(run(theirs)[0])
    return statistics.median(a), statistics.median(b)


def import_cost() -> float:
    """Milliseconds ``import moroccous_data`` adds, as Python's own -X importtime reports (median of 15)."""
    costs = []
    for _ in range(15):
        err = subprocess.run([PYTHON, "-X", "importtime", "-c", "import moroccous_data"],
                             capture_output=True, text=True, check=True).stderr
        line = next(x for x in err.splitlines() if x.rstrip().endswith("| moroccous_data"))
        costs.append(int(re.split(r"\s*\|\s*", line)[1]) / 1000)
    return statistics.median(costs)


def warm_load_ms(format: str) -> float:
    code = (f"import time, moroccous_data as m; m.load_sales(format={format!r}); t = time.perf_counter()\n"
            f"for _ in range(1000): m.load_sales(format={format!r})\nprint((time.perf_counter() - t))")
    return float(subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True).stdout)


def scaling(sizes: list[int], command: Callable[[Path, Path], list[str | Path]]) -> list[tuple[int, float, int]]:
    """Records, median seconds and peak MiB of ``command(seeds, scratch)`` on synthetic seeds of each size."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            seeds = Path(folder) / f"seeds-{size}"
            counts = generate(seeds, size)
            seconds, peak, code = median_run(command(seeds, Path(folder) / f"out-{size}"), repeat=1 if size > 20_000 else 3)
            assert code == 0, f"{command(seeds, Path(folder))[1]} failed on {size} synthetic records"
            results.append((sum(counts.values()), seconds, peak))
    return results


def main(quick: bool) -> None:
    print(f"machine: {machine()}")
    # pq.read_table imports pandas; the bare Arrow read that does not is ParquetFile(...).read().
    to_pandas = f"import pyarrow.parquet as pq; pq.read_table({str(SALES)!r}).to_pandas()"
    arrow_only = f"import pyarrow.parquet as pq; pq.ParquetFile({str(SALES)!r}).read()"
    ours_pandas, theirs_pandas = paired([PYTHON, "-c", "from moroccous_data import load_sales; load_sales()"],
                                        [PYTHON, "-c", to_pandas])
    ours_arrow, theirs_arrow = paired([PYTHON, "-c", "from moroccous_data import load_sales; load_sales(format='arrow')"],
                                      [PYTHON, "-c", arrow_only])
    print(f"import moroccous_data:           {import_cost():6.1f} ms (-X importtime; target <= 5 ms)")
    print(f"cold load_sales() pandas:        {ours_pandas:6.3f} s vs pyarrow read + to_pandas {theirs_pandas:6.3f} s "
          f"= {ours_pandas / theirs_pandas:.2f}x (target <= 1.1x)")
    print(f"cold load_sales(format='arrow'): {ours_arrow:6.3f} s vs bare pyarrow ParquetFile read {theirs_arrow:6.3f} s "
          f"= {ours_arrow / theirs_arrow:.2f}x (target <= 1.15x)")
    print(f"warm load_sales() pandas:        {warm_load_ms('pandas'):6.3f} ms per call (target <= 1 ms)")
    print(f"warm load_sales() arrow:         {warm_load_ms('arrow'):6.3f} ms per call")
    yardstick = [PYTHON, "-c", "import pyarrow.parquet"]
    for command in (["tables"], ["show", "sales"]):
        ours, theirs = paired([str(BIN / "moroccous-data"), *command], yardstick)
        print(f"moroccous-data {' '.join(command):12}     {ours:6.3f} s vs python -c 'import pyarrow.parquet' "
              f"{theirs:6.3f} s = {ours / theirs:.2f}x (target <= 1.3x)")
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    builds = scaling(sizes, lambda seeds, out: [PYTHON, ROOT / "build_data.py", "--seeds", seeds, "--out", out])
    for records, seconds, peak in builds:
        print(f"build {records:>7,} records:          {seconds:6.2f} s, peak {peak} MiB")
    if len(builds) == 3:
        print(f"build scaling 100k / 10k:        {builds[2][1] / builds[1][1]:.1f}x (target <= 12x; 100k <= 30 s)")
    for records, seconds, peak in scaling(sizes, lambda seeds, out: [BIN / "moroccous-data", "validate", seeds]):
        print(f"validate {records:>7,} records:       {seconds:6.2f} s, peak {peak} MiB")


if __name__ == "__main__":
    start = time.perf_counter()
    main("--quick" in sys.argv)
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
