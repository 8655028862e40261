"""The explorer at scale: disk to a drawn, interactive timeline, and one table filter, in headless Chromium.

    python benchmarks/explorer.py [EVENTS]

Measures the site built from the shipped data, then from synthetic seeds
(``synthetic.py``) copied until the timeline has at least EVENTS events
(default 10,000) drawn on it, and prints both side by side with the targets:
under 1 s from navigation to the painted timeline, under 100 ms for a filter
keystroke on a table of at least 10,000 rows. Medians of 5 page loads.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine
from synthetic import ROOT, _read, generate

sys.path.insert(0, str(ROOT / "src"))

from moroccous_data.publishing.explorer import build_site  # noqa: E402
from moroccous_data.models import TABLES  # noqa: E402

PYTHON = sys.executable
# Time from navigation to the first frame painted after the chart is laid out, then a zoom and its frame.
DRAWN = """
const done = arguments[arguments.length - 1];
const wait = () => document.querySelector('.track .item') ? requestAnimationFrame(() => setTimeout(() => {
  const drawn = performance.now() - performance.getEntriesByType('navigation')[0].startTime;
  const before = document.querySelector('.chart [aria-live]').textContent, t = performance.now();
  [...document.querySelectorAll('.controls button')].find(b => b.textContent.includes('Zoom in')).click();
  requestAnimationFrame(() => setTimeout(() => done([drawn, performance.now() - t,
    window.MOROCCOUS.events.length, before !== document.querySelector('.chart [aria-live]').textContent])));
})) : setTimeout(wait, 5);
wait();
"""
# One keystroke's worth of filtering: the input event, the match, the rows replaced, and the frame painted.
FILTER = """
const done = arguments[arguments.length - 1];
const input = document.getElementById('filter'), t = performance.now();
input.value = arguments[0];
input.dispatchEvent(new Event('input'));
requestAnimationFrame(() => setTimeout(() => done([performance.now() - t, document.querySelector('.filter [aria-live]').textContent])));
"""


def _driver(profile: Path):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1400,1000",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def measure(site: Path, table: str, profile: Path) -> dict[str, float | int | str]:
    """Median figures over 5 loads of the timeline and 5 filters of ``table``."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver = _driver(profile)
    try:
        drawn, zoomed, filters = [], [], []
        for n in range(5):
            driver.get(f"{site.as_uri()}/index.html?{n}#timeline")
            ms, zoom_ms, items, moved = driver.execute_async_script(DRAWN)
            assert moved, "the zoom button did not change the view"
            drawn.append(ms)
            zoomed.append(zoom_ms)
            driver.get(f"{site.as_uri()}/index.html?{n}#table/{table}")
            WebDriverWait(driver, 60).until(lambda d: d.find_elements("id", "filter"))
            ms, count = driver.execute_async_script(FILTER, "african lion")
            filters.append(ms)
        return {"drawn": statistics.median(drawn), "zoom": statistics.median(zoomed), "items": items,
                "filter": statistics.median(filters), "matched": count}
    finally:
        driver.quit()


def main(events: int) -> None:
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        build_site(scratch / "real")
        real = measure(scratch / "real", "timeline", scratch / "profile-real")

        per_copy = sum(len(_read(t)) for t in TABLES if t != "sources")
        real_events = real["items"]
        copies = math.ceil(events / int(real_events))
        start = time.perf_counter()
        generate(scratch / "seeds", copies * per_copy + len(_read("sources")))
        subprocess.run([PYTHON, ROOT / "build_data.py", "--seeds", scratch / "seeds", "--out", scratch / "data"], check=True,
                       stdout=subprocess.DEVNULL, env={**os.environ, "MOROCCOUS_SOURCES": str(ROOT / "seeds" / "sources")})
        build_site(scratch / "synthetic", data_dir=scratch / "data")
        prepared = time.perf_counter() - start
        synthetic = measure(scratch / "synthetic", "timeline", scratch / "profile-synthetic")
        size = sum(p.stat().st_size for p in (scratch / "real").rglob("*") if p.is_file())

    print(f"(synthetic data: {copies} copies of the seeds, built and written as a site in {prepared:.0f} s)")
    print(f"{'':38}{'real data':>16}{'synthetic':>16}   target")
    print(f"{'events drawn on the timeline':38}{real['items']:>16,}{synthetic['items']:>16,}")
    print(f"{'disk to drawn timeline (ms)':38}{real['drawn']:>16.0f}{synthetic['drawn']:>16.0f}   < 1000")
    print(f"{'one zoom, laid out and painted (ms)':38}{real['zoom']:>16.0f}{synthetic['zoom']:>16.0f}")
    print(f"{'filter the timeline table (ms)':38}{real['filter']:>16.1f}{synthetic['filter']:>16.1f}   < 100")
    print(f"  (filter matched {real['matched']} on real data, {synthetic['matched']} on synthetic)")
    print(f"site size, real data: {size / 1e6:.2f} MB (target < 2 MB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
