"""Imported from a zip, the package still hands out a real data folder holding every file README names, checked.

The package is zipped as a zipapp or an embedding would ship it, and imported
from the zip in a child process whose cache is a scratch folder.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import DATA, ROOT, run

PROGRAM = """
import json, sys
import moroccous_data as md
folder = md.data_dir()
print(json.dumps({"folder": str(folder), "files": sorted(p.name for p in folder.iterdir())}))
"""


@pytest.fixture(scope="module")
def zipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("zip") / "package.zip"
    package = ROOT / "src" / "moroccous_data"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                handle.write(path, path.relative_to(package.parent))
    return archive


def _data_dir(zipped: Path, cache: Path) -> tuple[Path, list[str]]:
    result = run(sys.executable, "-c", PROGRAM, env={"PYTHONPATH": str(zipped), "XDG_CACHE_HOME": str(cache)},
                 cwd=cache)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert not answer["folder"].startswith(str(ROOT)), "imported from the zip, not the checkout"
    return Path(answer["folder"]), answer["files"]


def test_the_cache_holds_every_shipped_file(zipped: Path, tmp_path: Path) -> None:
    folder, files = _data_dir(zipped, tmp_path)
    shipped = sorted(p.name for p in DATA.iterdir())
    assert files == shipped, set(files) ^ set(shipped)
    for name in ("moroccous.duckdb.sql", "croissant.json", "datapackage.json"):
        assert (folder / name).read_bytes() == (DATA / name).read_bytes()


def test_an_edited_cached_descriptor_is_replaced_by_the_checked_one(zipped: Path, tmp_path: Path) -> None:
    folder, _ = _data_dir(zipped, tmp_path)
    descriptor = folder / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package["resources"][0]["description"] = "TAMPERED"
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    (folder / "croissant.json").write_text("{}", encoding="utf-8")
    again, _ = _data_dir(zipped, tmp_path)
    assert again == folder
    assert descriptor.read_bytes() == (DATA / "datapackage.json").read_bytes()
    assert (folder / "croissant.json").read_bytes() == (DATA / "croissant.json").read_bytes()
