"""The explorer in a real headless Chromium, opened from disk: it draws, filters, quotes, and asks the network for nothing.

Needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver),
which the README's test command installs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import moroccous_data as md
from moroccous_data.cli import cli
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCREENSHOT = ROOT / "tests" / "artifacts" / "explorer.png"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[webdriver.Chrome, str]]:
    site = tmp_path_factory.mktemp("explorer") / "site"
    assert CliRunner().invoke(cli, ["site", "--out", str(site)]).exit_code == 0
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,900", f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver, (site / "index.html").as_uri()
    finally:
        driver.quit()


def _open(driver: webdriver.Chrome, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "main h2"))


def test_timeline_draws_one_mark_per_dated_record(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url + "#timeline")
    timeline = md.load_timeline()
    dated = int((timeline.date_start.notna() | timeline.date_end.notna()).sum())
    marks = driver.find_elements(By.CSS_SELECTOR, "svg .mark")
    assert len(marks) == dated > 0
    SCREENSHOT.parent.mkdir(exist_ok=True)
    driver.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_a_mark_opens_its_record_from_the_keyboard(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url + "#timeline")
    mark = driver.find_element(By.CSS_SELECTOR, "svg .mark")
    target = mark.get_attribute("data-record")
    mark.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return location.hash") == f"#{target}")
    assert driver.find_elements(By.CSS_SELECTOR, "blockquote.quote")


def test_filtering_a_table_narrows_its_rows(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url + "#table/sales")
    before = len(driver.find_elements(By.CSS_SELECTOR, "main tbody tr"))
    driver.find_element(By.ID, "filter").send_keys("HIMARS")
    after = driver.find_elements(By.CSS_SELECTOR, "main tbody tr")
    assert before == len(md.load_sales()) and len(after) == 1
    assert "m142-himars-fms" in after[0].text


def test_a_record_shows_its_quotes(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url + "#sales/m142-himars-fms")
    quotes = [q.text for q in driver.find_elements(By.CSS_SELECTOR, "blockquote.quote")]
    assert "18 M142 High Mobility Artillery Rocket System (HIMARS) launchers" in quotes


def test_no_console_error_and_no_network_request(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    for view in ("#timeline", "#tables", "#table/citations", "#entities/mark-esper", "#downloads", "#dictionary"):
        _open(driver, url + view)
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    requested = [json.loads(e["message"])["message"]["params"].get("request", {}).get("url", "")
                 for e in driver.get_log("performance")]
    assert any(u.startswith("file://") and u.endswith("/data.js") for u in requested)
    network = [u for u in requested if u.partition(":")[0] in ("http", "https", "ws", "wss", "ftp")]
    assert network == []
