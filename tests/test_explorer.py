"""The static explorer: complete, offline, and consistent with the shipped data.

Checked here without a browser; a headless-browser test belongs with the
rest of issue 7 (see the closing notes).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.cli import cli


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explorer") / "site"
    result = CliRunner().invoke(cli, ["site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _data(site: Path) -> dict:  # type: ignore[type-arg]
    text = (site / "data.js").read_text(encoding="utf-8")
    assert text.startswith("window.MOROCCOUS = ") and text.endswith(";\n")
    return json.loads(text.removeprefix("window.MOROCCOUS = ").removesuffix(";\n"))


def test_the_page_needs_no_network(site: Path) -> None:
    for asset in ("index.html", "app.js", "style.css"):
        text = (site / asset).read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), asset
        assert "fetch(" not in text and "XMLHttpRequest" not in text, asset


def test_every_table_row_and_dated_record_is_in_the_page(site: Path) -> None:
    data = _data(site)
    assert data["version"] == md.__version__
    assert {name: len(t["rows"]) for name, t in data["tables"].items()} == {t.name: t.rows for t in md.tables()}
    assert len(data["timeline"]) == len(md.load_timeline())
    cited = md.load_citations()
    assert sum(len(v) for v in data["citations"].values()) == len(cited)


def test_downloads_are_the_shipped_files(site: Path) -> None:
    for entry in _data(site)["downloads"]:
        payload = (site / entry["path"]).read_bytes()
        assert len(payload) == entry["bytes"] and hashlib.sha256(payload).hexdigest() == entry["sha256"]


def test_the_release_archive_is_offered_for_download(tmp_path: Path) -> None:
    from moroccous_data.explorer import build_site
    from moroccous_data.release import write_archive
    from conftest import DATA, ROOT

    archive = write_archive(ROOT, DATA, ROOT / "docs" / "data-dictionary.md", tmp_path / "dist")
    build_site(tmp_path / "site", archive)
    entry = next(d for d in _data(tmp_path / "site")["downloads"] if d["path"].endswith("-data.zip"))
    assert hashlib.sha256((tmp_path / "site" / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
