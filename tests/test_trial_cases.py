"""The 0.2.0 reliability trial's cases: each one line on stderr, the documented exit code, never an internal error.

Exit codes: 2 for an input that cannot be read (a damaged, encrypted or
unsupported zip member, two members of one name, an edited descriptor for
``diff``), 1 for a failed write or bad data. The hostile archives are made
here from a fresh release archive, as the trial's ``mk.py`` made them from
the real one; every command is a real process.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import moroccous_data as md
from conftest import DATA, ROOT, run
from moroccous_data.loading.integrity import CONTENT_HASH, content_hash
from moroccous_data.publishing.release import write_archive

FOLDER = f"moroccous-data-{md.__version__}/data/"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_archive(ROOT, DATA, ROOT / "docs" / "data-dictionary.md", tmp_path_factory.mktemp("dist"))


def _cli(*args: str | Path) -> tuple[int, str]:
    result = run(sys.executable, "-m", "moroccous_data", *args)
    return result.returncode, result.stderr + result.stdout


def _one_line_error(output: str) -> str:
    assert "Traceback" not in output and "internal error" not in output, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    return lines[0]


def _patched(good: Path, target: Path, member: str, *, flag: int = 0, method: int | None = None,
             corrupt: bool = False) -> Path:
    """A copy of ``good`` with one member's header flag or method changed, or its compressed bytes garbled."""
    data = bytearray(good.read_bytes())
    info = zipfile.ZipFile(good).getinfo(member)
    local = info.header_offset
    central = data.find(b"PK\x01\x02")
    while struct.unpack("<H", data[central + 28:central + 30])[0] != len(member) or \
            data[central + 46:central + 46 + len(member)].decode() != member:
        central = data.find(b"PK\x01\x02", central + 4)
    for where in (central + 8, local + 6):  # the general-purpose flags, in both headers
        data[where:where + 2] = struct.pack("<H", struct.unpack("<H", data[where:where + 2])[0] | flag)
    if method is not None:
        data[central + 10:central + 12] = data[local + 8:local + 10] = struct.pack("<H", method)
    if corrupt:
        name_length, extra_length = struct.unpack("<HH", data[local + 26:local + 30])
        start = local + 30 + name_length + extra_length
        for k in range(start + 5, start + 40):
            data[k] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


CASES = {
    "sales.csv deflate stream corrupted": dict(member="sales.csv", corrupt=True),
    "datapackage.json deflate stream corrupted": dict(member="datapackage.json", corrupt=True),
    "sales.csv flagged encrypted": dict(member="sales.csv", flag=1),
    "datapackage.json flagged encrypted": dict(member="datapackage.json", flag=1),
    "sales.csv compression method 99": dict(member="sales.csv", method=99),
    "sales.csv compression method 1": dict(member="sales.csv", method=1),
}


@pytest.mark.parametrize("case", CASES)
def test_verify_and_diff_refuse_a_damaged_member_with_exit_2(good: Path, tmp_path: Path, case: str) -> None:
    spec = dict(CASES[case])
    archive = _patched(good, tmp_path / "case.zip", FOLDER + str(spec.pop("member")), **spec)  # type: ignore[arg-type]
    code, output = _cli("verify", archive)
    assert code == 2, output
    assert "cannot be read" in _one_line_error(output)
    code, output = _cli("diff", good, archive)
    assert code == 2 and "cannot compare" in _one_line_error(output)


def _duplicated(good: Path, target: Path, tampered_first: bool) -> Path:
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == FOLDER + "sales.csv":
                tampered = data.replace(b",40,", b",4000,", 1)
                assert tampered != data
                for copy in ((tampered, data) if tampered_first else (data, tampered)):
                    out.writestr(info.filename, copy)
            else:
                out.writestr(info, data)
    return target


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("tampered_first", [True, False])
def test_two_members_of_one_name_are_refused(good: Path, tmp_path: Path, tampered_first: bool) -> None:
    archive = _duplicated(good, tmp_path / "dup.zip", tampered_first)
    code, output = _cli("verify", archive)
    assert code == 2 and f"holds two members named {FOLDER}sales.csv" in _one_line_error(output)
    code, output = _cli("diff", good, archive)
    assert code == 2 and "holds two members named" in _one_line_error(output)


@pytest.mark.parametrize("edit", ["version", "no resources"])
def test_diff_checks_the_descriptors_content_hash(good: Path, tmp_path: Path, edit: str) -> None:
    name = FOLDER + "datapackage.json"
    package = json.loads(zipfile.ZipFile(good).read(name))
    if edit == "version":
        package["version"] = "9.9.9"
    else:
        package["resources"], package["companions"] = [], []
    edited = tmp_path / "edited.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, json.dumps(package).encode() if info.filename == name else source.read(info))
    code, output = _cli("diff", good, edited)
    assert code == 2 and "datapackage.json has been edited" in _one_line_error(output)
    folder = tmp_path / "folder"
    shutil.copytree(DATA, folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = "TAMPERED"
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    code, output = _cli("diff", DATA, folder)
    assert code == 2 and "has been edited" in _one_line_error(output)
    descriptor[CONTENT_HASH] = content_hash(descriptor)  # a consistent edit is compared, as a difference
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert _cli("diff", DATA, folder)[0] == 0


def _small_disk() -> None:
    """In the child: a file size limit, so the disk is 'full' after 64 KiB whoever runs the test (no mount)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_export_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("moroccous.db" if fmt == "sqlite" else "export")
    result = subprocess.run([sys.executable, "-m", "moroccous_data", "export", "--format", fmt, "--out", str(out)],
                            capture_output=True, text=True, preexec_fn=_small_disk,
                            env={**os.environ, "PYTHONUTF8": "1"})
    assert result.returncode == 1, result.stderr
    _one_line_error(result.stderr)
    assert list(tmp_path.iterdir()) == [], "nothing is left behind"


NON_UTF8 = [
    ["add", "record", "entities", "--set", "id=zz-test-person", "--set", b"name=Bad \xff byte", "--set", "kind=person",
     "--set", "country=MAR"],
    ["set", "entities", "morocco", "note", b"bad \xff"],
]


@pytest.mark.parametrize("args", NON_UTF8)
def test_a_non_utf8_byte_in_a_value_is_a_usage_error(seeds_copy: Path, args: list[str | bytes]) -> None:
    before = (seeds_copy / "entities.csv").read_bytes()
    result = subprocess.run([os.fsencode(sys.executable), b"-m", b"moroccous_data",
                             *(a if isinstance(a, bytes) else a.encode() for a in args), b"--seeds",
                             os.fsencode(seeds_copy)], capture_output=True, env={**os.environ, "PYTHONUTF8": "1"})
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert "holds a byte that is not UTF-8" in stderr and "Traceback" not in stderr and "internal error" not in stderr
    assert (seeds_copy / "entities.csv").read_bytes() == before


LONG_QUOTE = "The United States and Morocco " * 3333  # 99,990 characters: the trial's locate ran past 60 s


def test_locate_and_add_citation_refuse_a_quote_over_the_maximum_before_searching(seeds_copy: Path) -> None:
    source = "state-dept-security-cooperation-fact-sheet"
    before = (seeds_copy / "citations.csv").read_bytes()
    for args in (["locate", source, LONG_QUOTE], ["add", "citation", "entities", "morocco", source, LONG_QUOTE]):
        result = subprocess.run([sys.executable, "-m", "moroccous_data", *args, "--seeds", str(seeds_copy)],
                                capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONUTF8": "1"})
        assert result.returncode == 2, result.stderr
        assert f"the quote has {len(LONG_QUOTE)} characters; a quote is at most 300" in result.stderr
    assert (seeds_copy / "citations.csv").read_bytes() == before


def test_validate_caps_problem_lines_per_file_and_json_stays_valid(tmp_path: Path) -> None:
    header, *body = (ROOT / "seeds" / "citations.csv").read_text(encoding="utf-8").splitlines()
    big = tmp_path / "citations.csv"
    big.write_text("\n".join([header, *body * 20]) + "\n", encoding="utf-8")
    every = run(sys.executable, "-m", "moroccous_data", "validate", big, "--table", "citations", "--max-problems", "0")
    total = int(every.stdout.splitlines()[-1].split()[0])
    assert every.returncode == 1 and total > 100 and len(every.stdout.splitlines()) == total + 1
    capped = run(sys.executable, "-m", "moroccous_data", "validate", big, "--table", "citations", "--max-problems", "100")
    lines = capped.stdout.splitlines()
    assert capped.returncode == 1 and len(lines) == 102, lines[-3:]
    assert lines[-2] == f"{big}: {total - 100} more problem(s) not shown (--max-problems 0 shows all)"
    assert lines[-1] == f"{total} problem(s) in {big}"
    document = run(sys.executable, "-m", "moroccous_data", "validate", big, "--table", "citations",
                   "--max-problems", "100", "--format", "json")
    answer = json.loads(document.stdout)
    assert len(answer["problems"]) == 100 and answer["omitted"] == {str(big): total - 100} and not answer["valid"]
