"""``diff`` on the hostile inputs of the reliability trial: each ends within 5 s and 256 MiB with one line and exit 2.

Every case runs the real command in a child process, timed and with its peak
memory read from the kernel, against the shipped data package.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA
from moroccous_data.loading.integrity import CONTENT_HASH, content_hash

Make = Callable[[Path], Path]


def _copy(tmp: Path) -> Path:
    folder = tmp / "pkg"
    shutil.copytree(DATA, folder)
    return folder


def _descriptor(folder: Path, change: Callable[[dict], object]) -> Path:
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(package)
    package[CONTENT_HASH] = content_hash(package)  # a hostile publisher keeps the descriptor self-consistent
    path.write_text(json.dumps(package), encoding="utf-8")
    return folder


def _sales(package: dict) -> dict:
    return next(r for r in package["resources"] if r["name"] == "sales")


def _rehash(folder: Path, name: str) -> None:
    """Record a changed file's true size and hash, as a careless or hostile publisher would."""
    data = (folder / f"{name}.csv").read_bytes()

    def change(package: dict) -> None:
        resource = next(r for r in package["resources"] if r["name"] == name)
        resource.update(bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}")
    _descriptor(folder, change)


def path_to(target: str) -> Make:
    """A resource pointing at ``target``, its schema forged from the target's first line (as in the trial)."""
    def make(tmp: Path) -> Path:
        label = Path("/etc/passwd").read_text(encoding="utf-8").split("\n")[0]
        schema = {"fields": [{"name": label, "type": "string"}], "primaryKey": [label]}
        return _descriptor(_copy(tmp), lambda p: _sales(p).update(path=target, schema=schema))
    return make


def symlinked(target: str) -> Make:
    def make(tmp: Path) -> Path:
        folder = _copy(tmp)
        (folder / "sales.csv").unlink()
        (folder / "sales.csv").symlink_to(target)
        return folder
    return make


def fifo(tmp: Path) -> Path:
    folder = _copy(tmp)
    (folder / "sales.csv").unlink()
    os.mkfifo(folder / "sales.csv")
    return folder


def garbage_parquet(tmp: Path) -> Path:
    folder = _copy(tmp)
    (folder / "sales.parquet").write_bytes(b"garbage\n")
    return folder


def duplicate_key(stale_hash: bool) -> Make:
    def make(tmp: Path) -> Path:
        folder = _copy(tmp)
        lines = (folder / "sales.csv").read_text(encoding="utf-8").split("\n")
        lines.insert(2, lines[1].replace(",40,", ",999,", 1))
        (folder / "sales.csv").write_text("\n".join(lines), encoding="utf-8")
        if not stale_hash:
            _rehash(folder, "sales")
        return folder
    return make


def huge_csv(declared: bool) -> Make:
    """120 MiB of short lines under sales.csv, its true size recorded or not."""
    def make(tmp: Path) -> Path:
        folder = _copy(tmp)
        header = (folder / "sales.csv").read_bytes().split(b"\n")[0] + b"\n"
        with (folder / "sales.csv").open("wb") as handle:
            handle.write(header)
            line = b"a" * 15 + b"\n"
            for _ in range(120):
                handle.write(line * (1 << 16))
        if declared:
            _rehash(folder, "sales")
        return folder
    return make


def descriptor_text(text: str) -> Make:
    def make(tmp: Path) -> Path:
        folder = _copy(tmp)
        (folder / "datapackage.json").write_text(text, encoding="utf-8")
        return folder
    return make


def json_bomb(tmp: Path) -> Path:
    folder = _copy(tmp)
    with (folder / "datapackage.json").open("w", encoding="utf-8") as handle:
        handle.write('{"resources": [], "pad": "')
        handle.write("x" * (9 << 20))
        handle.write('"}')
    return folder


def _zip(tmp: Path, edit: Callable[[zipfile.ZipFile], None] | None = None, *,
         skip: str = "", compression: int = zipfile.ZIP_DEFLATED) -> Path:
    target = tmp / "pkg.zip"
    with zipfile.ZipFile(target, "w", compression) as archive:
        for path in sorted(DATA.iterdir()):
            if path.name != skip:
                archive.write(path, f"moroccous-data-x/data/{path.name}")
        if edit:
            edit(archive)
    return target


def zip_bomb(tmp: Path) -> Path:
    size = (DATA / "sales.csv").stat().st_size

    def edit(archive: zipfile.ZipFile) -> None:
        with archive.open("moroccous-data-x/data/sales.csv", "w", force_zip64=True) as handle:
            block = b"a" * (1 << 20)
            for _ in range(100):
                handle.write(block)
    assert size < 100 << 20
    return _zip(tmp, edit, skip="sales.csv")


def _patch(archive_path: Path, member: str, change: Callable[[bytearray, int], None]) -> Path:
    """Flip bytes of one member in place (its compressed data starts after the local header)."""
    with zipfile.ZipFile(archive_path) as archive:
        info = archive.getinfo(member)
    data = bytearray(archive_path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    change(data, start)
    archive_path.write_bytes(bytes(data))
    return archive_path


def bad_crc(tmp: Path) -> Path:
    archive = _zip(tmp, compression=zipfile.ZIP_STORED)

    def flip(data: bytearray, start: int) -> None:
        data[start + 100] ^= 0xFF
    return _patch(archive, "moroccous-data-x/data/sales.parquet", flip)


def corrupt_deflate(tmp: Path) -> Path:
    archive = _zip(tmp)

    def flip(data: bytearray, start: int) -> None:
        for i in range(8):
            data[start + i] ^= 0xA5
    return _patch(archive, "moroccous-data-x/data/sales.csv", flip)


def header_flags(flag: int, method: int | None = None) -> Make:
    """Set a general-purpose flag (1 = encrypted) or a compression method in sales.csv's headers."""
    def make(tmp: Path) -> Path:
        archive = _zip(tmp)
        data = bytearray(archive.read_bytes())
        with zipfile.ZipFile(archive) as z:
            info = z.getinfo("moroccous-data-x/data/sales.csv")
        local = info.header_offset
        central = data.find(b"PK\x01\x02" + data[local + 4:local + 6])
        name = info.filename.encode()
        while data[central + 46:central + 46 + len(name)] != name:
            central = data.find(b"PK\x01\x02", central + 4)
        data[local + 6] |= flag
        data[central + 8] |= flag
        if method is not None:
            data[local + 8:local + 10] = method.to_bytes(2, "little")
            data[central + 10:central + 12] = method.to_bytes(2, "little")
        archive.write_bytes(bytes(data))
        return archive
    return make


def two_descriptors(tmp: Path) -> Path:
    return _zip(tmp, lambda z: z.write(DATA / "datapackage.json", "other/data/datapackage.json"))


def symlink_member(tmp: Path) -> Path:
    def edit(archive: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo("moroccous-data-x/data/sales.csv")
        info.external_attr = (0o120777 << 16)
        info.create_system = 3
        archive.writestr(info, "/etc/passwd")
    return _zip(tmp, edit, skip="sales.csv")


CASES: dict[str, Make] = {
    "absolute path": path_to("/etc/passwd"),
    "../ path": path_to("../../../../../../etc/passwd"),
    "path list (multipart)": lambda tmp: _descriptor(_copy(tmp), lambda p: _sales(p).update(path=["a.csv", "b.csv"])),
    "symlink out of the folder": symlinked("/etc/hostname"),
    "symlink to /dev/zero": symlinked("/dev/zero"),
    "FIFO": fifo,
    "garbage Parquet": garbage_parquet,
    "duplicate key, hash updated": duplicate_key(stale_hash=False),
    "duplicate key, hash stale": duplicate_key(stale_hash=True),
    "120 MiB of short lines, size recorded": huge_csv(declared=True),
    "120 MiB of short lines, size not recorded": huge_csv(declared=False),
    "descriptor []": descriptor_text("[]"),
    "resources null": descriptor_text('{"resources": null}'),
    "fields a string": lambda tmp: _descriptor(_copy(tmp), lambda p: _sales(p)["schema"].update(fields="id")),
    "200,000-deep JSON": descriptor_text("[" * 200_000 + "]" * 200_000),
    "9 MiB descriptor": json_bomb,
    "zip member bomb": zip_bomb,
    "bad CRC member": bad_crc,
    "corrupt deflate": corrupt_deflate,
    "encrypted flag": header_flags(0x1),
    "unsupported compression": header_flags(0, method=99),
    "two descriptors in one zip": two_descriptors,
    "symlink member": symlink_member,
    "not a zip": lambda tmp: (tmp / "x.zip", (tmp / "x.zip").write_bytes(b"not a zip"))[0],
}


# Runs one command and reports its exit code, seconds and peak memory. A child inherits, as its peak,
# the memory of the process it was forked from, so a small launcher starts it, not this test process.
LAUNCHER = """
import json, os, signal, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.alarm(30)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump([os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss // 1024], out)
"""


def _diff(old: Path, new: Path) -> tuple[int, str, float, int]:
    """Exit code, output, seconds and peak MiB of one real ``moroccous-data diff`` (killed after 30 s)."""
    exe = Path(sys.executable).with_name("moroccous-data")
    with tempfile.TemporaryDirectory() as folder:
        figures = Path(folder) / "figures.json"
        result = subprocess.run([sys.executable, "-c", LAUNCHER, str(figures), str(exe), "diff", str(old), str(new)],
                                capture_output=True, timeout=60)
        code, seconds, peak = json.loads(figures.read_text(encoding="utf-8"))
    output = (result.stdout + result.stderr).decode("utf-8", "replace")
    return code, output, seconds, peak


@pytest.mark.parametrize("case", CASES)
def test_hostile_input_is_refused_quickly_in_one_line(case: str, tmp_path: Path) -> None:
    hostile = CASES[case](tmp_path)
    code, output, seconds, peak = _diff(DATA, hostile)
    lines = output.strip().splitlines()
    assert code == 2, (code, output[-2000:])
    assert len(lines) == 1 and lines[0].startswith("Error") and "internal error" not in output, output[-2000:]
    assert "root:" not in output and "nologin" not in output
    assert seconds < 5, seconds
    assert peak < 256, peak


def test_exit_codes_identical_different(tmp_path: Path) -> None:
    same = _diff(DATA, DATA)
    changed = _copy(tmp_path)
    lines = (changed / "sale_events.csv").read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("agm-154c-jsow-fms-notified,"))
    lines[row] = lines[row].replace(",40,exact,", ",41,exact,", 1)
    (changed / "sale_events.csv").write_text("\n".join(lines), encoding="utf-8")
    _rehash(changed, "sale_events")
    different = _diff(DATA, changed)
    assert same[0] == 0 and "identical" in same[1]
    assert different[0] == 1 and "quantity: '40' → '41'" in different[1], different[1]
