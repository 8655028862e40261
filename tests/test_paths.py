"""``data_dir()`` gives a real folder of the shipped files, also when the package is imported from a zip."""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import moroccous_data as md
from conftest import DATA, ROOT, run

PACKAGE = ROOT / "src" / "moroccous_data"
SHOW = """
import json, moroccous_data as md
print(json.dumps({"module": md.__file__, "dir": str(md.data_dir()), "sales": str(md.load_sales()["id"].iloc[0])}))
"""


def test_an_ordinary_install_points_at_the_package_folder() -> None:
    assert md.data_dir() == DATA
    assert sorted(p.name for p in md.data_dir().iterdir() if not p.name.startswith("_")) == sorted(
        p.name for p in DATA.iterdir() if not p.name.startswith("_"))


def _zipped(tmp_path: Path) -> Path:
    archive = tmp_path / "moroccous.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in PACKAGE.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                out.write(path, path.relative_to(PACKAGE.parent).as_posix())
    return archive


def test_a_zipped_package_extracts_its_files_once_and_checks_them(tmp_path: Path) -> None:
    archive, cache = _zipped(tmp_path), tmp_path / "cache"
    env = {"PYTHONPATH": str(archive), "XDG_CACHE_HOME": str(cache)}
    result = run(sys.executable, "-c", SHOW, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["module"].startswith(str(archive))
    folder = Path(shown["dir"])
    assert folder.is_relative_to(cache / "moroccous-data")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for entry in (resource, resource["parquet"]):
            assert f"sha256:{hashlib.sha256((folder / entry['path']).read_bytes()).hexdigest()}" == entry["hash"]
    # A damaged copy is noticed and replaced, never handed out.
    (folder / "sales.csv").write_text("damaged", encoding="utf-8")
    again = run(sys.executable, "-c", SHOW, cwd=tmp_path, env=env)
    assert json.loads(again.stdout)["dir"] == str(folder)
    assert (folder / "sales.csv").read_bytes() == (DATA / "sales.csv").read_bytes()
