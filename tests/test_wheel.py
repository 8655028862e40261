"""The wheel, installed into a fresh virtual environment, loads every table from outside the source tree."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import moroccous_data as md
from conftest import DATA, ROOT, SEEDS, run

pytestmark = pytest.mark.slow

CHECK = """
import json, sys, moroccous_data as md
assert not md.__file__.startswith(sys.argv[1]), md.__file__
print(json.dumps({t.name: len(md.load(t.name)) for t in md.tables()}))
"""


def _distribution(kind: str, pattern: str, folder: Path) -> Path:
    result = run(sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", folder, ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = folder.glob(pattern)
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _distribution("wheel", "moroccous_data-*.whl", tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _distribution("sdist", "moroccous_data-*.tar.gz", tmp_path_factory.mktemp("sdist"))


def test_twine_accepts_both_distributions(wheel: Path, sdist: Path) -> None:
    result = run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_sdist_builds_the_same_data(sdist: Path, tmp_path: Path) -> None:
    import hashlib
    import tarfile

    with tarfile.open(sdist) as archive:
        assert not [n for n in archive.getnames() if "/seeds/sources/" in n], "the sdist must not carry the source texts"
        archive.extractall(tmp_path, filter="data")
    (source,) = tmp_path.glob("moroccous_data-*")
    out = tmp_path / "rebuilt"
    result = run(sys.executable, source / "build_data.py", "--out", out, cwd=source,
                 env={"MOROCCOUS_SOURCES": str(SEEDS / "sources")})
    assert result.returncode == 0, result.stderr

    def digests(folder: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}

    assert digests(out) == digests(DATA)


@pytest.fixture(scope="module")
def fresh_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=False)  # this interpreter's pip installs into it: no pip of its own to set up first
    python = home / "bin" / "python"
    # --no-compile: byte-compiling pandas and pyarrow doubled the install's time and is not what is tested.
    result = run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile", wheel, cwd=home)
    assert result.returncode == 0, result.stderr[-2000:]
    return python


def test_wheel_ships_the_data_and_types(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert not [n for n in names if n.startswith("moroccous_data/") and n.endswith(".txt")], "no source text in the wheel"
    for table in md.tables():
        assert f"moroccous_data/data/{table.name}.parquet" in names
        assert f"moroccous_data/data/{table.name}.csv" in names
    assert "moroccous_data/data/datapackage.json" in names
    assert "moroccous_data/py.typed" in names


def test_installed_wheel_loads_every_table(fresh_env: Path, tmp_path: Path) -> None:
    result = subprocess.run([fresh_env, "-c", CHECK, str(ROOT)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {t.name: t.rows for t in md.tables()}


def test_installed_wheel_refuses_a_tampered_file(fresh_env: Path, tmp_path: Path) -> None:
    target = _installed(fresh_env, "sales.parquet")
    target.write_bytes(target.read_bytes()[:-100])
    result = subprocess.run([fresh_env.with_name("moroccous-data"), "show", "sales"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/sales.parquet has been changed or truncated: expected sha256:" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_core_install_is_only_what_loading_needs(fresh_env: Path, wheel: Path) -> None:
    """frictionless and the other contributor tools stay out of ``pip install moroccous-data``."""
    import zipfile
    from email.parser import Parser

    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    core = sorted(r.split(">")[0].split("<")[0].strip() for r in metadata.get_all("Requires-Dist") if "extra ==" not in r)
    assert core == ["click", "pandas", "pyarrow", "pydantic"]
    assert "contrib" in metadata.get_all("Provides-Extra")
    assert metadata["License-Expression"] == "MIT AND CC-BY-4.0"
    assert not [c for c in metadata.get_all("Classifier") if c.startswith("License ::")]
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", fresh_env, "list", "--format", "json"],
                               capture_output=True, text=True, check=True).stdout
    names = {p["name"].lower() for p in json.loads(installed)}
    assert "moroccous-data" in names and not names & {"frictionless", "typer", "rich", "jinja2", "petl", "requests"}


def _installed(fresh_env: Path, name: str) -> Path:
    locate = f"import moroccous_data, pathlib; print(pathlib.Path(moroccous_data.__file__).parent / 'data' / {name!r})"
    # run from the root folder, so that a relative PYTHONPATH (src, as a worktree is tested) cannot find the clone's own
    return Path(subprocess.run([fresh_env, "-c", locate], cwd="/", capture_output=True, text=True,
                               check=True).stdout.strip())


def test_installed_wheel_refuses_a_tampered_csv(fresh_env: Path, tmp_path: Path) -> None:
    target = _installed(fresh_env, "claims.csv")
    target.write_bytes(target.read_bytes()[:100])
    load = "import moroccous_data as md; md.load_claims()"
    result = subprocess.run([fresh_env, "-c", load], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "DataIntegrityError: moroccous_data/data/claims.csv has been changed or truncated" in result.stderr
    verify = subprocess.run([fresh_env.with_name("moroccous-data"), "verify"], cwd=tmp_path, capture_output=True, text=True)
    assert verify.returncode == 1 and "claims.csv: 100 bytes, but datapackage.json says" in verify.stdout


def test_installed_wheel_refuses_edited_metadata(fresh_env: Path, tmp_path: Path) -> None:
    """Runs last in this module: after it, the installed package refuses every table."""
    target = _installed(fresh_env, "datapackage.json")
    package = json.loads(target.read_text(encoding="utf-8"))
    package["resources"][0]["rows"] = 99999
    target.write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    result = subprocess.run([fresh_env.with_name("moroccous-data"), "tables"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "moroccous_data/data/datapackage.json has been edited: its content is sha256:" in result.stderr
