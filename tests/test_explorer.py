"""The static explorer: complete, offline, and consistent with the shipped data.

Checked here without a browser; tests/test_browser.py uses it in headless Chromium.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.cli import cli
from conftest import DATA


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explorer") / "site"
    result = CliRunner().invoke(cli, ["site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _script(path: Path, variable: str) -> Any:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"{variable} = ") and text.endswith(";\n"), path
    return json.loads(text.removeprefix(f"{variable} = ").removesuffix(";\n"))


def _data(site: Path) -> dict[str, Any]:
    return _script(site / "data.js", "window.MOROCCOUS")  # type: ignore[no-any-return]


def test_the_page_needs_no_network(site: Path) -> None:
    for asset in ("index.html", "app.js", "style.css"):
        text = (site / asset).read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), asset
        assert "fetch(" not in text and "XMLHttpRequest" not in text, asset


def test_every_table_row_is_in_the_page(site: Path) -> None:
    data = _data(site)
    assert data["version"] == md.__version__
    assert {name: t["rows"] for name, t in data["tables"].items()} == {t.name: t.rows for t in md.tables()}
    for table in md.tables():
        rows = _script(site / "rows" / f"{table.name}.js", f'window.MOROCCOUS.rows["{table.name}"]')
        assert len(rows) == table.rows


def test_events_are_the_records_with_a_date_of_their_own(site: Path) -> None:
    data = _data(site)
    timeline = md.load_timeline()
    assert [(e["t"], e["id"], e["date"]) for e in data["events"]] == list(zip(timeline.record_table, timeline.record_id, timeline.date))
    claims = md.load_claims()
    undated = claims[claims.date.isna() & claims.as_of.notna()]
    assert {e["id"] for e in data["as_of"] if e["t"] == "claims"} == set(undated.id) and len(undated) > 0
    shapes = {e["id"]: (e["shape"], e["uncertain"], e["basis"]) for e in data["events"]}
    assert shapes["esper-morocco-visit-2020"] == ("span", True, "inferred")
    assert shapes["cwd-since-1993"] == ("since", False, "stated")
    assert {s for s, _, _ in shapes.values()} >= {"point", "span", "since", "within"}


def test_columns_have_reader_labels() -> None:
    from moroccous_data.publishing.explorer import column_label

    assert column_label("as_of_precision") == "As of precision"
    assert column_label("system_id", "entities") == "System"
    assert column_label("participant_ids", "entities") == "Participants"
    assert column_label("amount_usd") == "Amount USD"


def test_the_site_is_small_beside_the_data_it_shows(site: Path) -> None:
    """The explorer is the shipped files, the rows as scripts and a few assets: under twice the data and 400 KB."""
    shipped = sum(p.stat().st_size for p in DATA.iterdir() if p.is_file())
    assert sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) < 2 * shipped + 400_000


def test_downloads_are_the_shipped_files(site: Path) -> None:
    for entry in _data(site)["downloads"]:
        payload = (site / entry["path"]).read_bytes()
        assert len(payload) == entry["bytes"] and hashlib.sha256(payload).hexdigest() == entry["sha256"]


def test_the_release_archive_is_offered_for_download(tmp_path: Path) -> None:
    from moroccous_data.publishing.explorer import build_site
    from moroccous_data.publishing.release import write_archive
    from conftest import DATA, ROOT

    archive = write_archive(ROOT, DATA, ROOT / "docs" / "data-dictionary.md", tmp_path / "dist")
    build_site(tmp_path / "site", archive)
    entry = next(d for d in _data(tmp_path / "site")["downloads"] if d["path"].endswith("-data.zip"))
    assert hashlib.sha256((tmp_path / "site" / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]


def test_every_date_a_reader_sees_is_in_words(site: Path) -> None:
    from moroccous_data import edtf

    data = _data(site)
    for name, table in data["tables"].items():
        rows = _script(site / "rows" / f"{name}.js", f'window.MOROCCOUS.rows["{name}"]')
        for column in (c["name"] for c in table["columns"] if c["kind"] in ("edtf", "date")):
            assert all(data["dates"][r[column]] == edtf.words(r[column]) for r in rows if r[column]), (name, column)
    running = {e["id"]: e["when"] for e in data["events"] if e["shape"] == "since"}
    assert running["fmf-since-2012"] == "since 2012, as of 8 April 2024" and running["african-lion"] == "since the 1990s"
    assert {e["when"] for e in data["as_of"]} >= {"as of 8 April 2024", "as of a date on or after 16 April 2026"}


def test_deals_carry_their_dated_steps_in_order(site: Path) -> None:
    data = _data(site)
    steps = md.load_sale_events().set_index("id")
    dated = [e for e in data["events"] if e["t"] == "sale_events"]
    deals = {d["id"]: d for d in data["deals"]}
    events = [dict(data["events"][s["event"]], stage=s["stage"]) for d in deals.values() for s in d["steps"]]
    assert sorted(e["id"] for e in events) == sorted(e["id"] for e in dated)
    for deal in deals.values():
        mine = [dict(data["events"][s["event"]], stage=s["stage"]) for s in deal["steps"]]
        assert all(steps.loc[e["id"], "sale_id"] == deal["id"] and steps.loc[e["id"], "stage"] == e["stage"] for e in mine)
        at = [e["s"] or e["e"] for e in mine]
        assert at == sorted(at), deal["id"]


def test_descriptions_are_split_from_their_markup() -> None:
    from moroccous_data.publishing.explorer import plain_text

    assert plain_text("in ``sale_events``; see `moroccous-data recheck`.") == ["in ", "sale_events", "; see ", "moroccous-data recheck", "."]
    assert plain_text("no markup") == ["no markup"]


def test_a_wrong_fact_is_reported_by_link_only_once_there_is_a_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    from moroccous_data.publishing import citation
    from moroccous_data.publishing.explorer import site_data

    report = site_data()[0]["report"]
    assert report == {"form": ".github/ISSUE_TEMPLATE/wrong-fact.yml", "links": {}}
    monkeypatch.setattr(citation, "REPOSITORY", "https://example.org/moroccous-data")
    links = site_data()[0]["report"]["links"]
    assert links["sales"]["m142-himars-fms"] == citation.report_link("sales", "m142-himars-fms")
    assert links["sales"]["m142-himars-fms"].startswith("https://example.org/moroccous-data/issues/new?template=wrong-fact.yml")
