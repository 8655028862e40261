"""The SQLite export in a real Datasette: descriptions, units, foreign-key links, the licence and the view."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.cli import cli

_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 never goes through a proxy


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("sqlite") / "moroccous.db"
    result = CliRunner().invoke(cli, ["export", "--format", "sqlite", "--out", str(target)])
    assert result.exit_code == 0, result.output
    return target


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    with _LOCAL.open(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def datasette(export: Path) -> Iterator[str]:
    port = _free_port()
    exe = Path(sys.executable).with_name("datasette")
    server = subprocess.Popen([exe, "serve", export, "--metadata", export.with_name("moroccous.metadata.json"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _get(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_table_page_shows_descriptions_units_links_and_licence(datasette: str) -> None:
    page = _get(f"{datasette}/moroccous/sales")
    sales = md.datapackage()["resources"][2]
    assert sales["name"] == "sales"
    assert sales["description"].split(".")[0] in page
    quantity = next(f for f in sales["schema"]["fields"] if f["name"] == "notified_quantity")
    assert f'data-column-description="{quantity["description"]} Unit: items."' in page
    assert 'href="/moroccous/entities/m142-himars"' in page  # system_id, a foreign key, links to its entity
    assert 'href="https://creativecommons.org/licenses/by/4.0/">CC-BY-4.0</a>' in page
    front = _get(f"{datasette}/")
    assert md.datapackage()["title"] in front and "CC-BY-4.0" in front


def test_the_row_pages_link_both_ways(datasette: str) -> None:
    sale = _get(f"{datasette}/moroccous/sales/m142-himars-fms")
    assert "m142-himars" in sale and "CC-BY-4.0" in sale
    entity = _get(f"{datasette}/moroccous/entities/m142-himars")
    assert "/moroccous/sales?system_id=m142-himars" in entity  # "links from other tables"


def test_the_json_api_gives_the_timeline_in_date_order_and_the_quotes(datasette: str) -> None:
    timeline = json.loads(_get(f"{datasette}/moroccous/timeline.json?_shape=array&_size=max"))
    assert [r["record_id"] for r in timeline] == md.load_timeline()["record_id"].tolist()
    quotes = json.loads(_get(f"{datasette}/moroccous/record_citations.json?_shape=array"
                             "&record_table=sales&record_id=m142-himars-fms"))
    assert any("HIMARS" in q["quote"] for q in quotes) and all(q["source_title"] for q in quotes)


def test_the_database_refuses_values_outside_a_vocabulary(export: Path) -> None:
    connection = sqlite3.connect(export)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        connection.execute("UPDATE sales SET program = 'loan' WHERE id = 'm142-himars-fms'")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        connection.execute("UPDATE sales SET recipient = 'XXX' WHERE id = 'm142-himars-fms'")
    stored = [r[0] for r in connection.execute("SELECT record_id FROM timeline ORDER BY rowid")]
    assert stored == md.load_timeline()["record_id"].tolist()  # stored in date order
