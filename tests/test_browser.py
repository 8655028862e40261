"""The explorer in a real headless Chromium, opened from disk, used as a reader would at 1400 px and at 390 px.

Needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver),
which the README's test command installs, and npm for axe-core: ``tests/axe/package.json``
pins it and the first run installs it there with ``npm ci``. Screenshots of every view at
both sizes land in ``tests/artifacts/``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import moroccous_data as md
from moroccous_data import edtf
from moroccous_data.cli import cli
from moroccous_data.publishing import citation
from moroccous_data.publishing.explorer import site_data
from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE_DIR = ROOT / "tests" / "axe"
SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}
TABLE_VIEWS = [f"#table/{t.name}" for t in md.tables()]
VIEWS = ["#timeline", "#list", "#tables", *TABLE_VIEWS, "#sales/m142-himars-fms", "#entities/mark-esper",
         "#downloads", "#dictionary"]


@pytest.fixture(scope="module")
def axe_script() -> str:
    """axe-core as pinned in tests/axe/package-lock.json, installed there by npm on first use."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install axe-core for the accessibility test (apt-get install npm)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)], check=True, capture_output=True)
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[webdriver.Chrome, str]]:
    site = tmp_path_factory.mktemp("explorer") / "site"
    assert CliRunner().invoke(cli, ["site", "--out", str(site)]).exit_code == 0
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver, (site / "index.html").as_uri()
    finally:
        driver.quit()


_LOADS: list[str] = []


def _wait(driver: webdriver.Chrome, seconds: float = 5) -> WebDriverWait[webdriver.Chrome]:
    """Selenium polls every half second by default; a view is usually ready within a few milliseconds."""
    return WebDriverWait(driver, seconds, poll_frequency=0.02)


def _open(driver: webdriver.Chrome, url: str, view: str, size: str = "desktop", fresh: bool = True) -> None:
    """Load ``view`` at ``size``: a fresh page load (a new query string forces one), or a hash change within the page."""
    width, height = SIZES[size]
    if driver.get_window_size() != {"width": width, "height": height}:
        driver.set_window_size(width, height)
    if fresh:
        _LOADS.append(view)
        driver.get(f"{url}?{size}-{len(_LOADS)}{view}")
    else:
        driver.execute_script("location.hash = arguments[0]", view)
    _wait(driver, 10).until(
        lambda d: d.execute_script("return document.getElementById('main').dataset.shown") == view)


def _events() -> list[tuple[str, str, str]]:
    timeline = md.load_timeline()
    return list(zip(timeline.record_table, timeline.record_id, timeline.label))


def _chart() -> dict[str, tuple[str, str]]:
    """What the chart draws, by record: its label and the day it starts at. A deal's steps are drawn on the deal's
    track, which starts at its first step (a step known only to lie on or before a day sits at that day)."""
    timeline = md.load_timeline()
    starts = timeline.date_start.fillna(timeline.date_end).astype(str)
    deal_of = md.load_sale_events().set_index("id").sale_id
    labels = {e["id"]: e["label"] for e in site_data()[0]["deals"]}
    drawn: dict[str, tuple[str, str]] = {}
    for table, record, label, start in zip(timeline.record_table.astype(str), timeline.record_id, timeline.label, starts):
        if table == "sale_events":
            deal = deal_of[record]
            drawn[f"sales/{deal}"] = (labels[deal], min(start, drawn.get(f"sales/{deal}", ("", start))[1]))
        else:
            drawn[f"{table}/{record}"] = (label, start)
    return drawn


def _labels_inside(driver: webdriver.Chrome) -> None:
    """Every label the chart shows lies whole inside the chart's box, left to right: none is cut at an edge."""
    view = _box(driver, ".viewport")[0]
    shown = driver.execute_script("return [...document.querySelectorAll('.track .item .label')].filter(l =>"
                                  " getComputedStyle(l).visibility !== 'hidden').map(l => [l.textContent, l.getBoundingClientRect().toJSON()])")
    assert shown
    cut = [text for text, box in shown if box["left"] < view["left"] - 0.5 or box["right"] > view["right"] + 0.5]
    assert cut == []


def _dated_only_by_their_source() -> set[str]:
    from moroccous_data.models.specs import fact_tables

    found = set()
    for table in fact_tables():
        rows = md.load(table)
        if "as_of" in rows:
            undated = rows.date.isna() if "date" in rows else True
            found |= {f"{table}/{i}" for i in rows[undated & rows.as_of.notna()].id}
    return found


def _box(driver: webdriver.Chrome, selector: str) -> list[dict[str, float]]:
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(n => n.getBoundingClientRect().toJSON())", selector)


def _range(driver: webdriver.Chrome) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".chart [aria-live]").text


def _drawn(driver: webdriver.Chrome) -> list[list[str]]:
    """Every mark drawn: its record, its label as text, its font size, and its box."""
    return driver.execute_script("return [...document.querySelectorAll('.track .item')].map(a => [a.dataset.record,"
                                 " a.querySelector('.label').textContent, getComputedStyle(a).fontSize, a.getBoundingClientRect().toJSON()])")


def _no_overlap(drawn: list[list]) -> None:  # type: ignore[type-arg]
    boxes = [d[3] for d in drawn]
    overlaps = [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1:]
                if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1]
    assert overlaps == []


@pytest.mark.parametrize("size", SIZES)
def test_the_timeline_labels_every_event_without_overlap_and_opens_where_most_are(page: tuple[webdriver.Chrome, str], size: str) -> None:
    driver, url = page
    _open(driver, url, "#timeline", size)
    chart = _chart()
    labels = {record: label for record, (label, _) in chart.items()}
    # It opens where most events start: they are in view, the 1950s are not.
    drawn = _drawn(driver)
    view = _box(driver, ".viewport")[0]
    where = {d[0]: driver.execute_script(
        "return document.querySelector(`.track .item[data-record='${arguments[0]}'] .mark`).getBoundingClientRect().toJSON()", d[0])
        for d in drawn}
    starts = sorted((pd.Timestamp(start), record) for record, (_, start) in chart.items())
    years = max(2, 8 * driver.execute_script("return document.querySelector('.viewport').clientWidth") / 1400)
    length, best, first = pd.Timedelta(days=365.25 * years), 0, None
    for i, (start, record) in enumerate(starts):  # the window of that length where most events start
        count = sum(1 for s, _ in starts[i:] if s - start <= length)
        if count > best:
            best, first = count, record
    assert first in where and view["left"] <= where[first]["left"] < view["right"], first
    first = where.get("memberships/us-security-cooperation-since-1950s")
    assert first is None or first["right"] < view["left"]
    _no_overlap(drawn)
    _labels_inside(driver)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"timeline-{size}.png"))
    driver.find_element(By.XPATH, '//button[contains(., "Everything")]').click()
    seen = {}
    viewport = driver.find_element(By.CSS_SELECTOR, ".viewport")
    for _ in range(20):  # scroll the chart down a screen at a time: every event shows up, labelled, none overlapping
        drawn = _drawn(driver)
        _no_overlap(drawn)
        _labels_inside(driver)
        seen.update({d[0]: d for d in drawn})
        if not driver.execute_async_script(
                "const [v, done] = arguments; const before = v.scrollTop; v.scrollTop += v.clientHeight - 40;"
                "requestAnimationFrame(() => setTimeout(() => done(v.scrollTop !== before)))", viewport):
            break
    assert sorted(seen) == sorted(labels)
    assert all(text.removesuffix(" ?") == labels[record] and float(font[:-2]) >= 14 for record, text, font, _ in seen.values())
    driver.execute_script("arguments[0].scrollTop = 0", viewport)
    driver.save_screenshot(str(ARTIFACTS / f"timeline-everything-{size}.png"))


@pytest.mark.parametrize("size", SIZES)
def test_no_label_is_cut_at_the_charts_edge_wherever_the_view_goes(page: tuple[webdriver.Chrome, str], size: str) -> None:
    """A label near the right edge moves left of its mark (or is not shown while its mark is out of view)."""
    driver, url = page
    _open(driver, url, "#timeline", size)
    viewport = driver.find_element(By.CSS_SELECTOR, ".viewport")
    moved = 0
    for key in ("+", "+", Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_LEFT, "-", Keys.ARROW_LEFT, Keys.ARROW_LEFT, "+",
                Keys.ARROW_RIGHT, Keys.HOME, Keys.END):
        viewport.send_keys(key)
        _labels_inside(driver)
        moved += driver.execute_script("return [...document.querySelectorAll('.track .item')].filter(a => {"
                                       " const l = a.querySelector('.label'), m = a.querySelector('.mark');"
                                       " return getComputedStyle(l).visibility !== 'hidden'"
                                       " && l.getBoundingClientRect().left < m.getBoundingClientRect().left - 1}).length")
    assert moved > 0  # some label did move to the free side of its mark


def test_the_legend_is_on_the_first_screen_beside_or_above_the_chart(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#timeline")
    legend, chart = _box(driver, ".key")[0], _box(driver, ".viewport")[0]
    assert driver.find_element(By.CSS_SELECTOR, ".key .legend").is_displayed()
    assert legend["top"] < 1000 and legend["bottom"] <= chart["top"] + 1 and legend["bottom"] < 1000


def test_on_a_phone_the_chart_fills_the_width_and_starts_on_the_first_screen(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#timeline", "phone")
    chart = _box(driver, ".viewport")[0]
    width, height = driver.execute_script("return [document.documentElement.clientWidth, window.innerHeight]")
    assert chart["left"] <= 0.5 and chart["right"] >= width - 0.5
    assert chart["top"] < height - 200, "less than 200 px of the chart on the first screen"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width


def test_deals_are_drawn_as_their_stages(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#timeline")
    driver.find_element(By.XPATH, '//button[contains(., "Everything")]').click()
    steps = md.load_sale_events()
    dated = set(md.load_timeline().query("record_table == 'sale_events'").record_id)
    drawn: dict[str, list[str]] = dict(_drawn_anywhere(  # type: ignore[arg-type]
        driver, "return [...document.querySelectorAll(arguments[0])].map(a => [a.dataset.record,"
                                 " [...a.querySelectorAll('.mark.deal .step')].map(s => s.className.match(/stage-(\\w+)/)[1])])",
                                 ".track .item"))
    for deal, rows in steps[steps.id.isin(dated)].groupby("sale_id", observed=True):
        assert sorted(drawn[f"sales/{deal}"]) == sorted(rows.stage.astype(str)), deal
    assert not any(record.startswith("sale_events/") for record in drawn)
    named = driver.execute_script("return [...document.querySelectorAll('.key li[data-stage]')].map(l => [l.dataset.stage, l.textContent])")
    assert {stage for stage, _ in named} == set(steps[steps.id.isin(dated)].stage.astype(str))
    assert all(text == stage.replace("_", " ") for stage, text in named)
    apache = driver.find_element(By.CSS_SELECTOR, '.track .item[data-record="sales/ah-64e-apache-fms"] .sr').get_attribute("textContent") or ""
    assert "notified 19 November 2019" in apache and "delivering 5 March 2025" in apache


def test_records_dated_only_by_their_source_are_listed_apart_not_drawn(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#timeline")
    as_of = _dated_only_by_their_source()
    assert as_of and not as_of & {f"{t}/{i}" for t, i, _ in _events()}
    driver.find_element(By.XPATH, '//button[contains(., "Everything")]').click()
    assert not as_of & {d[0] for d in _drawn(driver)}
    _wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "section[aria-labelledby=asof-heading] ul"))
    apart = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=asof-heading]")
    hrefs = {a.get_attribute("href").partition("#/")[2] for a in apart.find_elements(By.TAG_NAME, "a")}
    assert hrefs == as_of


def test_zoom_and_pan_by_buttons_keyboard_wheel_and_pinch(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#timeline")
    seen = [_range(driver)]

    def changed() -> None:
        assert _range(driver) != seen[-1]
        seen.append(_range(driver))

    for name in ("Zoom in", "Zoom out", "Earlier", "Later", "Everything"):
        driver.find_element(By.XPATH, f'//button[contains(., "{name}")]').click()
        changed()
    viewport = driver.find_element(By.CSS_SELECTOR, ".viewport")
    for key in ("+", Keys.ARROW_LEFT, "-", Keys.END):
        viewport.send_keys(key)
        changed()
    ActionChains(driver).scroll_from_origin(ScrollOrigin.from_element(viewport), 0, -300).perform()  # a real wheel event
    changed()
    driver.execute_script("""
        const v = arguments[0], r = v.getBoundingClientRect(), y = r.top + 80;
        const at = (id, x, type) => v.dispatchEvent(new PointerEvent(type, {pointerId: id, clientX: r.left + x, clientY: y,
                                                                            pointerType: 'touch', bubbles: true}));
        at(1, 150, 'pointerdown'); at(2, 200, 'pointerdown');
        at(1, 60, 'pointermove'); at(2, 290, 'pointermove');
        at(1, 60, 'pointerup'); at(2, 290, 'pointerup');""", viewport)
    changed()


def test_the_keyboard_alone_reaches_every_event_and_brings_it_into_view(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#timeline", "phone")
    viewport = driver.find_element(By.CSS_SELECTOR, ".viewport")
    viewport.send_keys(Keys.HOME)  # everything: the first event is the first mark
    viewport.send_keys(Keys.TAB)
    reached = []
    view = _box(driver, ".viewport")[0]
    for _ in range(len(_chart())):
        focused = driver.switch_to.active_element
        record = focused.get_attribute("data-record")
        reached.append(record or driver.execute_script("return document.activeElement.outerHTML.slice(0, 120)"))
        mark = focused.find_element(By.CSS_SELECTOR, ".mark").rect
        assert mark["x"] + mark["width"] > view["left"] and mark["x"] < view["right"], record
        ActionChains(driver).send_keys(Keys.TAB).perform()
    assert sorted(reached) == sorted(_chart()), reached
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "blockquote.quote"))


def test_the_list_gives_every_event_by_year_with_its_date_in_words_and_as_written(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#list")
    section = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=list-heading]")
    years = [h.text for h in section.find_elements(By.TAG_NAME, "h4")]
    assert years == sorted(years) and "2020" in years and "1950s" in years
    assistance = md.load_assistance().set_index("id")
    for row in md.load_timeline().itertuples():
        item = section.find_element(By.CSS_SELECTOR, f'a[href$="#/{row.record_table}/{row.record_id}"]').find_element(By.XPATH, "..")
        as_of = assistance.as_of.get(row.record_id) if row.record_table == "assistance" else None
        assert row.label in item.text and f"· {edtf.words(row.date, as_of)} ·" in item.text and f"EDTF {row.date}" in item.text
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "since 2012, as of 8 April 2024" in text and "still running" not in text
    for heading in driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=asof-heading] h4"):
        assert heading.text.startswith("As of ") and not re.search(r"\d-\d|\.\.", heading.text), heading.text


def _drawn_anywhere(driver: webdriver.Chrome, script: str, selector: str) -> list[dict[str, str]]:
    """``script``'s answer for ``selector`` over the whole chart: only the rows in view are in the page, and the
    open-ended bars lie below the events, so the chart is scrolled a screen at a time."""
    found: list[dict[str, str]] = []
    viewport = driver.find_element(By.CSS_SELECTOR, ".viewport")
    driver.execute_script("arguments[0].scrollTop = 0", viewport)
    for _ in range(30):
        found += driver.execute_script(script, selector)
        if not driver.execute_async_script(
                "const [v, done] = arguments; const before = v.scrollTop; v.scrollTop += v.clientHeight - 40;"
                "requestAnimationFrame(() => setTimeout(() => done(v.scrollTop !== before)))", viewport):
            break
    driver.execute_script("arguments[0].scrollTop = 0", viewport)
    return found


def test_shapes_are_drawn_as_the_legend_shows_them(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#timeline")
    style = ("return [...document.querySelectorAll(arguments[0])].map(n => {const s = getComputedStyle(n);"
             " return {border: s.borderTopStyle, fill: s.backgroundImage.split('(')[0]}})")
    plain = driver.execute_script(style, ".legend .mark.span:not(.inferred):not(.uncertain)")[0]
    for marks, feature, value in ((".within:not(.uncertain)", "border", "dashed"), (".since:not(.inferred)", "fill", "linear-gradient"),
                                  (".inferred", "fill", "repeating-linear-gradient"), (".uncertain", "border", "dotted")):
        legend = driver.execute_script(style, f".legend .mark{marks}")
        drawn = _drawn_anywhere(driver, style, f".track .mark{marks}")
        assert legend and drawn and plain[feature] != value, marks
        assert {m[feature] for m in legend + drawn} == {value}, marks
    driver.find_element(By.XPATH, '//button[contains(., "Everything")]').click()
    flags = dict(_drawn_anywhere(driver, "return [...document.querySelectorAll(arguments[0])].map(a => [a.dataset.record,"
                                 " a.textContent])", ".track .item"))
    assert "inferred" in flags["agreements/defense-cooperation-roadmap-2026-2036"]  # a day within a range, reasoned
    assert "uncertain" in flags["engagements/esper-morocco-visit-2020"] and "inferred" not in flags["engagements/defense-consultative-committee-14-2026"]


def test_a_record_answers_says_who_first_with_labels_and_links_both_ways(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#sales/m142-himars-fms")
    sections = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "main h3")]
    steps = md.load_sale_events().query("sale_id == 'm142-himars-fms'")
    assert sections[0].startswith("Says who?") and sections[1] == f"Stages ({len(steps)})" and sections[2] == "Details"
    assert "M142" in (summary := driver.find_element(By.CSS_SELECTOR, ".summary").text)
    deal = md.load_sales().set_index("id").loc["m142-himars-fms"]
    assert f"{deal.stage} {edtf.words(deal.stage_date)}" in summary and f"notified quantity: {deal.notified_quantity}" in summary
    stages = driver.find_elements(By.CSS_SELECTOR, "ol.stages li.stage")  # a deal's steps, with figures and evidence
    assert [s.find_element(By.TAG_NAME, "h4").text.split(" — ")[0] for s in stages] == list(steps.stage.astype(str))
    sheet = next(s for s in stages if s.find_element(By.TAG_NAME, "h4").text == "notified — on or before 8 April 2024")
    assert "quantity: 18" in sheet.find_element(By.CSS_SELECTOR, "p.meta").text
    assert "18 M142 High Mobility Artillery Rocket System (HIMARS) launchers" in sheet.find_element(By.TAG_NAME, "blockquote").text
    paged = driver.find_elements(By.CSS_SELECTOR, "ol.stages figure.fingerprint")  # a page not held: no quote, a locator
    assert paged and all("Fingerprint sha256:" in f.text and "archived copy" in f.text for f in paged)
    quotes = [q.text for q in driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=says-who] blockquote.quote")]
    assert "18 M142 High Mobility Artillery Rocket System (HIMARS) launchers" in quotes
    citations = md.load_citations()
    mine = citations[(citations.record_table == "sales") & (citations.record_id == "m142-himars-fms")]
    if "role" in mine:
        assert quotes[: (mine.role == "states").sum()] == list(mine[mine.role == "states"].quote)
    sources = md.load_sources().set_index("id")
    captions = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "figcaption")]
    for source_id, caption in zip(mine.source_id, captions):
        assert sources.loc[source_id, "title"] in caption
    if "url" in sources:
        links = {a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "figcaption a")}
        assert {u for u in sources.loc[list(mine.source_id), "url"].dropna()} <= links
    labels = [dt.text for dt in driver.find_elements(By.CSS_SELECTOR, "dl.record dt")]
    assert "Notified quantity qualifier" in labels and not any("_" in label for label in labels)
    assistance = md.load_assistance().set_index("id").loc["dcs-fy2018-2022"]
    assert assistance.amount_qualifier == "over"
    _open(driver, url, "#assistance/dcs-fy2018-2022", fresh=False)  # a hedged figure keeps its hedge
    assert f"over ${assistance.amount_usd:,}" in driver.find_element(By.CSS_SELECTOR, ".summary").text
    _open(driver, url, "#sales/m142-himars-fms", fresh=False)
    report = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=report]")  # no public repository yet: say where
    assert citation.report_link("sales", "m142-himars-fms") is None and not report.find_elements(By.TAG_NAME, "a")
    assert all(words in report.text for words in ("“Wrong fact” form", f".github/ISSUE_TEMPLATE/{citation.REPORT_TEMPLATE}",
                                                     "table sales", "record id m142-himars-fms"))
    assert (ROOT / ".github" / "ISSUE_TEMPLATE" / citation.REPORT_TEMPLATE).read_text(encoding="utf-8").startswith("name: Wrong fact\n")
    driver.find_element(By.LINK_TEXT, "M142 HIMARS").click()  # to the weapon system, and back
    _wait(driver).until(lambda d: d.execute_script("return location.hash") == "#/entities/m142-himars")
    _wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, 'main a[href$="#/sales/m142-himars-fms"]'))


def test_a_record_links_to_its_prefilled_report_once_the_project_has_a_repository(
        page: tuple[webdriver.Chrome, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    driver, _ = page
    monkeypatch.setattr(citation, "REPOSITORY", "https://example.org/moroccous-data")  # a reserved example address
    site = tmp_path / "site"
    assert CliRunner().invoke(cli, ["site", "--out", str(site)]).exit_code == 0
    _open(driver, (site / "index.html").as_uri(), "#sales/m142-himars-fms")
    link = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=report] a")
    assert link.get_dom_attribute("href") == citation.report_link("sales", "m142-himars-fms")
    assert link.text == "Report a wrong fact about this record"


def test_descriptions_are_text_not_markup(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    for view in ("#tables", "#table/sales", "#table/citations", "#dictionary", "#sales/m142-himars-fms"):
        _open(driver, url, view)
        text = driver.find_element(By.TAG_NAME, "main").text
        assert "`" not in text and not re.search(r":\w+:|\*\*|\.\. \w+::", text), view
    _open(driver, url, "#tables")
    assert "sale_events" in [c.text for c in driver.find_elements(By.CSS_SELECTOR, "main li code")]


def test_tables_fit_filter_and_keep_their_header_in_view(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#table/sales", "phone")
    headers = driver.find_elements(By.CSS_SELECTOR, "main thead th")
    assert 3 <= len(headers) <= 8 < len(md.load_sales().columns)
    assert {"ID", "Designation", "Stage", "Stage date"} <= {h.text for h in headers}  # the key columns, no sideways scrolling
    assert driver.execute_script("const b = document.querySelector('.table-scroll'); return b.scrollWidth <= b.clientWidth")
    heights = [r["height"] for r in _box(driver, "main tbody tr")]
    assert max(heights) < 120, "a row is taller than a few lines"
    driver.find_element(By.CSS_SELECTOR, "details summary").click()
    driver.find_element(By.CSS_SELECTOR, 'label[for="col-note"]').click()
    assert len(driver.find_elements(By.CSS_SELECTOR, "main thead th")) == len(headers) + 1
    driver.execute_script("document.querySelector('.table-scroll').scrollTop = 400")
    box, head = _box(driver, ".table-scroll")[0], _box(driver, "main thead th")[0]
    assert abs(head["top"] - box["top"]) <= 2
    driver.find_element(By.ID, "quoted-only").click()  # keep what CI checks offline: the quoted records
    quoted = int((md.load_sales().evidence == "quoted").sum())
    assert driver.find_element(By.CSS_SELECTOR, ".filter [aria-live]").text.startswith(f"{quoted} of ")
    driver.find_element(By.ID, "quoted-only").click()
    driver.find_element(By.ID, "filter").send_keys("HIMARS")
    rows = driver.find_elements(By.CSS_SELECTOR, "main tbody tr")
    assert len(rows) == 1 and "m142-himars-fms" in rows[0].text


def test_citations_are_grouped_under_their_record(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    _open(driver, url, "#table/citations")
    driver.find_element(By.CSS_SELECTOR, "button.more").click()
    groups = driver.execute_script("return [...document.querySelectorAll('tr.group a')].map(a => a.hash)")
    citations = md.load_citations()
    expected = {f"#/{t}/{i}" for t, i in zip(citations.record_table, citations.record_id)}
    assert len(groups) == len(set(groups)) == len(expected) and set(groups) == expected


@pytest.mark.parametrize("size", SIZES)
def test_every_view_passes_axe_and_is_photographed(page: tuple[webdriver.Chrome, str], axe_script: str, size: str) -> None:
    driver, url = page
    found = {}
    for n, view in enumerate(VIEWS):
        _open(driver, url, view, size, fresh=n == 0)
        driver.save_screenshot(str(ARTIFACTS / f"{view.strip('#').replace('/', '-')}-{size}.png"))
        if not driver.execute_script("return !!window.axe"):
            driver.execute_script(axe_script)
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations'], preload: false}).then(r => done(r.violations.map("
            "v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)])), e => done(String(e)))")
        if result:
            found[view] = result
    assert found == {}, json.dumps(found, indent=1)


def test_no_console_error_and_no_network_request(page: tuple[webdriver.Chrome, str]) -> None:
    driver, url = page
    driver.get_log("performance")
    for view in ("#timeline", "#tables", "#table/citations", "#entities/mark-esper", "#downloads", "#dictionary"):
        _open(driver, url, view)
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    requested = [json.loads(e["message"])["message"]["params"].get("request", {}).get("url", "")
                 for e in driver.get_log("performance")]
    assert any(u.startswith("file://") and u.endswith("/data.js") for u in requested)
    assert any(u.startswith("file://") and u.endswith("/rows/citations.js") for u in requested)
    network = [u for u in requested if u.partition(":")[0] in ("http", "https", "ws", "wss", "ftp")]
    assert network == []
