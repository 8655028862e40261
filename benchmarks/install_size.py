"""What ``pip install moroccous-data`` costs, beside ``pip install pandas pyarrow`` alone.

    python benchmarks/install_size.py [--repeat N]

Builds this checkout's wheel, then fills a local wheelhouse once with
``pip download`` (the only step that uses the network, and it is not timed).
Each install then runs in a fresh virtual environment with
``pip install --no-index --find-links <wheelhouse>``, so the figures measure
resolving, unpacking and byte-compiling, not the network. Installs of the
three cases alternate, ``--repeat`` times each (default 3), and the medians are
printed: the core install, the yardstick pair, and the core plus the
``contrib`` extra (what every install pulled before frictionless became an extra).

Packages are counted with ``pip list`` (pip itself excluded); size is every
file under the environment's site-packages, less what the empty environment
already holds there.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

from common import machine

ROOT = Path(__file__).resolve().parents[1]


def _wheel(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, ROOT],
                   check=True, capture_output=True)
    (wheel,) = out.glob("moroccous_data-*.whl")
    return wheel


def _site_packages(home: Path) -> Path:
    (folder,) = home.glob("lib/python*/site-packages")
    return folder


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def install(requirement: list[str], wheelhouse: Path, scratch: Path) -> tuple[float, int, int]:
    """Seconds, packages and bytes of one install into a new environment (creating it is not timed)."""
    home = Path(tempfile.mkdtemp(dir=scratch))
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    empty = _size(_site_packages(home))
    start = time.perf_counter()
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index",
                    "--find-links", wheelhouse, *requirement], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    listed = subprocess.run([python, "-m", "pip", "list", "--format", "json", "--disable-pip-version-check"],
                            check=True, capture_output=True, text=True).stdout
    packages = sum(1 for p in json.loads(listed) if p["name"].lower() not in ("pip", "setuptools"))
    size = _size(_site_packages(home)) - empty
    shutil.rmtree(home)
    return seconds, packages, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        wheel = _wheel(scratch / "dist")
        wheelhouse = scratch / "wheelhouse"
        wheelhouse.mkdir()
        shutil.copy(wheel, wheelhouse / wheel.name)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--dest", wheelhouse, f"{wheel}[contrib]", "pandas", "pyarrow"], check=True, capture_output=True)
        cases = {
            "moroccous-data (core)": ["moroccous-data"],
            "pandas pyarrow (yardstick)": ["pandas", "pyarrow"],
            "moroccous-data[contrib]": ["moroccous-data[contrib]"],
        }
        results: dict[str, list[tuple[float, int, int]]] = {name: [] for name in cases}
        for _ in range(args.repeat):
            for name, requirement in cases.items():
                results[name].append(install(requirement, wheelhouse, scratch))
    print(f"# {machine()}; pip install --no-index from a local wheelhouse into fresh venvs; "
          f"median of {args.repeat} alternating installs")
    print(f"{'install':<28} {'packages':>8} {'size MiB':>9} {'seconds':>8} {'× yardstick time':>17}")
    yardstick = statistics.median(r[0] for r in results["pandas pyarrow (yardstick)"])
    for name, runs in results.items():
        seconds = statistics.median(r[0] for r in runs)
        packages, size = runs[-1][1], runs[-1][2]
        print(f"{name:<28} {packages:>8} {size / 2**20:>9.1f} {seconds:>8.2f} {seconds / yardstick:>16.2f}×")


if __name__ == "__main__":
    main()
