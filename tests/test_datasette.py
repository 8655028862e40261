"""The SQLite export in a real Datasette: descriptions, units, foreign-key links, the licence, the view, the
search box and the way from a record's row page to its quotes."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.cli import cli
from moroccous_data.models.specs import cited_tables
from moroccous_data.publishing.sqlite_export import QUERY, fts_table, quotes_table, searched_columns

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


def _words(text: str) -> set[str]:
    """The words SQLite's default FTS5 tokenizer (unicode61) makes of ``text``: letters and digits, case and
    diacritics dropped."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return set(re.findall(r"[^\W_]+", plain))


def _resource(table: str) -> dict[str, object]:
    return next(r for r in md.datapackage()["resources"] if r["name"] == table)


@pytest.mark.parametrize("table", ["sales", "citations", "sources"])
def test_the_search_box_finds_the_rows_holding_a_word(datasette: str, table: str) -> None:
    """A word from the shipped data: the commonest one of six letters or more that not every row holds."""
    columns = searched_columns(_resource(table))
    rows = md.load(table, format="arrow").to_pylist()
    words = [_words(" ".join(str(r[c]) for c in columns if r[c] is not None)) for r in rows]
    counts: dict[str, int] = {}
    for held in words:
        for word in held:
            counts[word] = counts.get(word, 0) + 1
    word = min((w for w, n in counts.items() if len(w) >= 6 and not w.isdigit() and 1 < n < len(rows) / 2),
               key=lambda w: (-counts[w], w))
    expected = sorted(json.dumps(r, sort_keys=True, default=str) for r, held in zip(rows, words) if word in held)
    found = json.loads(_get(f"{datasette}/moroccous/{table}.json?_shape=array&_size=max&"
                            + urllib.parse.urlencode({"_search": word})))
    assert sorted(json.dumps({c: r[c] for c in rows[0]}, sort_keys=True, default=str)
                  for r in _booleans(found, table)) == expected, word
    page = _get(f"{datasette}/moroccous/{table}?" + urllib.parse.urlencode({"_search": word}))
    assert f'name="_search" value="{word}"' in page  # the search box, with the word in it


def _booleans(rows: list[dict[str, object]], table: str) -> list[dict[str, object]]:
    """Datasette's rows with SQLite's 0/1 read back as the booleans the loaders give."""
    flags = [f["name"] for f in _resource(table)["schema"]["fields"] if f["type"] == "boolean"]  # type: ignore[index]
    return [{k: bool(v) if k in flags and v is not None else v for k, v in r.items()} for r in rows]


def test_the_full_text_index_holds_every_row_of_its_table(export: Path) -> None:
    """Every citation is in ``citations_fts`` (a fingerprinted one by its locator), and FTS5's own check finds each
    index equal to its table."""
    connection = sqlite3.connect(export)
    for resource in md.datapackage()["resources"]:
        if not searched_columns(resource):
            continue
        index = fts_table(resource["name"])
        indexed = connection.execute(f'SELECT count(*) FROM "{index}_docsize"').fetchone()[0]
        assert indexed == connection.execute(f'SELECT count(*) FROM "{resource["name"]}"').fetchone()[0], index
        connection.execute(f"INSERT INTO \"{index}\" (\"{index}\") VALUES ('integrity-check')")
    assert {"quote", "locator"} <= set(searched_columns(_resource("citations")))
    assert connection.execute("SELECT count(*) FROM citations_fts_docsize").fetchone()[0] == \
        next(t.rows for t in md.tables() if t.name == "citations")


def _evidence(table: str, record_id: str) -> list[dict[str, object]]:
    frame = md.evidence(table, record_id).rename(columns={"record_table": "cited_table", "record_id": "cited_id"})
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{str(k): v for k, v in r.items()} for r in rows]


def _most_quoted(table: str) -> str:
    """The record of ``table`` with the most quotes, so a deal's stages are in it."""
    ids = md.load(table, format="arrow").column("id").to_pylist()
    return max(ids, key=lambda i: (len(md.evidence(table, i)), i))


@pytest.mark.parametrize("table", sorted(cited_tables()))
def test_a_row_page_links_to_the_records_quotes(datasette: str, table: str) -> None:
    record = _most_quoted(table)
    page = _get(f"{datasette}/moroccous/{table}/{urllib.parse.quote(record)}")
    expected = _evidence(table, record)
    link = f"/moroccous/{quotes_table(table)}?record_id={record}"
    assert re.search(rf'<a href="{re.escape(link)}">\s*{len(expected)} rows?</a>\s*from record_id', page), page[-3000:]
    path, _, query = link.partition("?")
    followed = json.loads(_get(f"{datasette}{path}.json?{query}&_shape=array&_size=max"))
    assert [{k: v for k, v in r.items() if k not in ("rowid", "record_id")} for r in followed] == expected
    asked = json.loads(_get(f"{datasette}/moroccous/{QUERY}.json?_shape=array&"
                            + urllib.parse.urlencode({"table": table, "record_id": record})))
    assert asked == expected
