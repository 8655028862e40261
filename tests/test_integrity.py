"""Integrity: the descriptor's own hash, the release archive's sha256 in CHANGELOG.md, and ``moroccous-data verify``."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import moroccous_data as md
from conftest import DATA, build_here, run
from moroccous_data.cli import cli
from moroccous_data.loading.integrity import CONTENT_HASH, content_hash, verify
from moroccous_data.publishing.release import archive_name, write_archive

FOLDER = f"moroccous-data-{md.__version__}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release archive of the committed data, as ``--release`` writes it."""
    from conftest import ROOT

    return write_archive(ROOT, DATA, ROOT / "docs" / "data-dictionary.md", tmp_path_factory.mktemp("dist"))


def _rewrite(source: Path, target: Path, change: dict[str, bytes]) -> Path:
    """A copy of the archive with some members' bytes replaced, written the way a careless tool would."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change.get(info.filename, old.read(info)))
    return target


def _verify(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["verify", *map(str, args)])
    return result.exit_code, result.output


def test_the_built_descriptor_carries_its_own_content_hash() -> None:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert package[CONTENT_HASH] == content_hash(package)
    package["resources"][0]["rows"] += 1
    assert content_hash(package) != package[CONTENT_HASH]


def test_verify_a_genuine_archive_and_folder(archive: Path) -> None:
    code, output = _verify(archive)
    assert code == 0 and output == f"ok: {archive}, sha256 {hashlib.sha256(archive.read_bytes()).hexdigest()}\n"
    assert _verify(DATA) == (0, f"ok: {DATA}\n")


@pytest.mark.parametrize("edit", ["rows", "description", "version"])
def test_edited_metadata_is_caught(archive: Path, tmp_path: Path, edit: str) -> None:
    name = f"{FOLDER}/data/datapackage.json"
    package = json.loads(zipfile.ZipFile(archive).read(name))
    if edit == "version":
        package["version"] = "9.9.9"
    else:
        package["resources"][2][edit] = 99999 if edit == "rows" else "Something else entirely."
    edited = _rewrite(archive, tmp_path / "edited.zip", {name: json.dumps(package, indent=2).encode("utf-8")})
    code, output = _verify(edited)
    assert code == 1
    assert "datapackage.json has been edited: its content is sha256:" in output.splitlines()[0]


def test_a_changed_file_is_named_with_what_differs(archive: Path, tmp_path: Path) -> None:
    name = f"{FOLDER}/data/sales.csv"
    original = zipfile.ZipFile(archive).read(name)
    changed = _rewrite(archive, tmp_path / "changed.zip", {
        name: original.replace(b",18,", b",19,", 1),
        f"{FOLDER}/data/claims.parquet": b"",
    })
    with zipfile.ZipFile(changed, "a") as handle:
        handle.writestr(f"{FOLDER}/data/extra.csv", b"a\n")
    code, output = _verify(changed)
    assert code == 1
    lines = output.splitlines()
    assert any(line.startswith(f"{changed}:{FOLDER}/data/sales.csv: changed (sha256 sha256:") for line in lines), output
    assert any(line.startswith(f"{changed}:{FOLDER}/data/claims.parquet: 0 bytes, but datapackage.json says ")
               for line in lines), output
    assert f"{changed}:{FOLDER}/data/extra.csv: not listed in datapackage.json" in lines
    assert lines[-1] == f"3 difference(s) in {changed}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_flipped_byte_in_any_data_file_is_named(archive: Path, tmp_path: Path, data: st.DataObject) -> None:
    with zipfile.ZipFile(archive) as handle:
        members = sorted(n for n in handle.namelist() if n.startswith(f"{FOLDER}/data/") and not n.endswith(".json"))
        name = data.draw(st.sampled_from(members))
        payload = bytearray(handle.read(name))
    offset = data.draw(st.integers(0, len(payload) - 1))
    payload[offset] ^= data.draw(st.integers(1, 255))
    problems, _ = verify(_rewrite(archive, tmp_path / "flipped.zip", {name: bytes(payload)}))
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / 'flipped.zip'}:{name}: changed"), problems


def test_unreadable_input_exits_2(tmp_path: Path, archive: Path) -> None:
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"PK\x03\x04 not really")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    no_descriptor = tmp_path / "empty-folder"
    no_descriptor.mkdir()
    bad_json = _rewrite(archive, tmp_path / "bad-json.zip", {f"{FOLDER}/data/datapackage.json": b"[1, 2"})
    for path in (garbage, truncated, no_descriptor, bad_json, tmp_path / "missing.zip"):
        code, output = _verify(path)
        assert code == 2, (path, output)
        assert output.startswith("Error: ") and len(output.splitlines()) == 1 and "Traceback" not in output


@pytest.mark.slow
def test_release_records_the_archive_sha256_in_the_changelog(clone: Path) -> None:
    changelog = clone / "CHANGELOG.md"
    digests = []
    for build in (lambda: run(sys.executable, clone / "build_data.py", "--release", cwd=clone),
                  lambda: build_here("--release", root=clone)):  # two processes, two string-hash seeds
        result = build()
        assert result.returncode == 0, result.stderr
        built = clone / "dist" / archive_name()
        digests.append(hashlib.sha256(built.read_bytes()).hexdigest())
        assert f"recorded sha256 {digests[-1]} in CHANGELOG.md" in result.stdout
    assert digests[0] == digests[1], "recording the sha256 does not change the next archive"
    text = changelog.read_text(encoding="utf-8")
    record = f"- {md.__version__}: `{archive_name()}`, sha256 `{digests[0]}`"
    assert text.count(record) == 1 and text.count(f"- {md.__version__}: ") == 1
    inside = zipfile.ZipFile(built).read(f"{FOLDER}/CHANGELOG.md").decode("utf-8")
    assert inside == text.replace(record + "\n", ""), "the archive's changelog is the repository's minus its own record"
    assert _verify(built, "--changelog", changelog) == (0, f"ok: {built}, sha256 {digests[0]} (as recorded in the changelog)\n")
    changelog.write_text(text.replace(digests[0], "0" * 64), encoding="utf-8")
    code, output = _verify(built, "--changelog", changelog)
    assert code == 1 and f"but CHANGELOG.md records {'0' * 64} for version {md.__version__}" in output


def test_verify_without_an_argument_checks_the_installed_data() -> None:
    assert _verify() == (0, f"ok: {DATA}\n")


def test_hostile_folders_end_at_once_and_read_nothing_outside(tmp_path: Path) -> None:
    import os
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["path"] = "../../../../etc/passwd"
    package[CONTENT_HASH] = content_hash(package)  # an attacker can rewrite the hash; the path is still refused
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (folder / "claims.csv").unlink()
    os.mkfifo(folder / "claims.csv")
    (folder / "sales.csv").unlink()
    (folder / "sales.csv").symlink_to("/etc/hostname")
    code, output = _verify(folder)
    assert code == 1, output
    assert "resource path '../../../../etc/passwd' is not a file name inside the package" in output
    assert f"{folder / 'claims.csv'}: not a regular file" in output and f"{folder / 'sales.csv'}: not a regular file" in output
    fifo = tmp_path / "fifo.zip"
    os.mkfifo(fifo)
    assert _verify(fifo)[0] == 2 and _verify("/dev/zero")[0] == 2


@pytest.mark.slow
def test_a_release_records_its_commit_and_refuses_uncommitted_changes(clone: Path) -> None:
    """Version, archive sha256 and commit identify a release; a tree that differs from every commit has none."""
    git = ["git", "-C", str(clone), "-c", "user.name=Release test", "-c", "user.email=release@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "the state to release"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    (clone / "seeds" / "sales.csv").write_text((clone / "seeds" / "sales.csv").read_text(encoding="utf-8") + "\n",
                                               encoding="utf-8")
    before = (clone / "CHANGELOG.md").read_bytes()
    refused = build_here("--release", root=clone)
    assert refused.returncode == 2 and "has uncommitted changes (1 file(s), e.g. seeds/sales.csv)" in refused.stderr
    assert not (clone / "dist").exists() and (clone / "CHANGELOG.md").read_bytes() == before
    subprocess.run([*git, "checkout", "--", "seeds/sales.csv"], check=True)
    released = build_here("--release", root=clone)
    assert released.returncode == 0, released.stderr
    digest = hashlib.sha256((clone / "dist" / archive_name()).read_bytes()).hexdigest()
    record = f"- {md.__version__}: `{archive_name()}`, sha256 `{digest}`, commit `{head}`\n"
    assert record in (clone / "CHANGELOG.md").read_text(encoding="utf-8")
    assert _verify(clone / "dist" / archive_name(), "--changelog", clone / "CHANGELOG.md")[0] == 0
