"""The quick test of a CSV file's bytes before pyarrow parses it: no byte-order mark, no CR, no stray quote.

It is Python holding its interpreter's lock for the whole file (about 0.75 ms a
MB), so for a large file ``validate`` runs it in a child process, started before
this process imports pyarrow: the scan then takes another core while the
imports take this one, and is done when the checks need its verdict. Beside
the checks, in a thread, it made them wait for the lock longer than it takes.
The module uses the standard library alone, so the child starts with
``python -I -S`` and imports nothing else (``start`` and ``result``).

    python -I -S quotescan.py FILE   # prints clear, carriage (a byte-order mark or CR) or unsure

The verdict is read from the child's output, not its exit status, which a
parent that ignores SIGCHLD never learns (Python then reports 0).
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

BLOCK_SIZE = 128 << 10  # bytes read at a time, so memory stays flat
CHILD_BYTES = 8 << 20  # the smallest file worth a child process (a child costs about 15 ms of another core)
CLEAR, CARRIAGE, UNSURE = "clear", "carriage", "unsure"  # no fault; a byte-order mark or CR; ask quote_fault
_BOUNDARY_BYTES = frozenset(b",\n\r")


def quotes_are_plain(blocks: Iterable[bytes]) -> bool:
    """True only where ``seedfile.quote_fault`` finds no stray quote and no field is left open, tested at the
    speed of ``bytes.split``: every quote flips in or out of a field, so the text between two quotes lies
    outside a field exactly when an even number of quotes precede it, and such a piece must begin and end at
    a boundary (a doubled quote leaves an empty piece). False means: ask ``quote_fault``."""
    quotes = 0  # quotes seen so far
    first = last = -1  # the first and last byte of the text since the latest quote (-1: none yet)
    for block in blocks:
        parts = block.split(b'"')
        head = parts[0]
        if head:
            first, last = head[0] if first < 0 else first, head[-1]
        if len(parts) == 1:
            continue
        if not quotes % 2 and last >= 0 and (last not in _BOUNDARY_BYTES or (quotes and first not in _BOUNDARY_BYTES)):
            return False
        outside = list(filter(None, parts[1 + (quotes + 1) % 2:-1:2]))  # the whole pieces, out of a field
        if outside and not (all(map(_BOUNDARY_BYTES.__contains__, map(itemgetter(0), outside)))
                            and all(map(_BOUNDARY_BYTES.__contains__, map(itemgetter(-1), outside)))):
            return False
        quotes += len(parts) - 1
        tail = parts[-1]
        first, last = (tail[0], tail[-1]) if tail else (-1, -1)
    return not quotes % 2 and (not quotes or first < 0 or first in _BOUNDARY_BYTES)


def blocks(handle: Any) -> Iterator[bytes]:
    while block := handle.read(BLOCK_SIZE):
        yield block


def scan(path: str | Path) -> str:
    """``CLEAR``, ``CARRIAGE`` (the file starts with a byte-order mark or holds a CR: not for pyarrow), or
    ``UNSURE`` (the quick test cannot clear its quotes)."""
    seen = {"carriage": False}

    def watched(handle: Any) -> Iterator[bytes]:
        for number, block in enumerate(blocks(handle)):
            if (number == 0 and block.startswith(b"\xef\xbb\xbf")) or b"\r" in block:
                seen["carriage"] = True
                return
            yield block

    with open(path, "rb") as handle:
        plain = quotes_are_plain(watched(handle))
    return CARRIAGE if seen["carriage"] else CLEAR if plain else UNSURE


_children: dict[str, tuple[tuple[int, ...], Any]] = {}


def _identity(status: os.stat_result) -> tuple[int, ...]:
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def start(path: Path) -> None:
    """Begin ``scan`` of a large regular file in a child process, for ``result`` to collect; nothing for a small
    file, while another child is running (two would share the one spare core), or where no child can be
    started (the caller then scans in-process, as for any file)."""
    import stat

    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size < CHILD_BYTES or not sys.executable \
                or not os.path.isfile(__file__) or _children:
            return
        import subprocess

        child = subprocess.Popen([sys.executable, "-I", "-S", __file__, str(path)], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return
    _children[os.path.abspath(path)] = (_identity(status), child)


def result(path: Path) -> str | None:
    """The verdict of the child ``start`` began on this very file (same inode, size and modification time),
    or None: no child, it failed, or the file changed since."""
    started = _children.pop(os.path.abspath(path), None)
    if started is None:
        return None
    import subprocess

    identity, child = started
    try:
        said = child.communicate(timeout=120)[0].decode("ascii", "replace").strip()
        return said if said in (CLEAR, CARRIAGE, UNSURE) and _identity(path.stat()) == identity else None
    except (OSError, subprocess.SubprocessError):  # the child's verdict saves time; without it, scan in-process
        return None
    finally:  # also when interrupted: no child outlives the wait
        if child.poll() is None:
            child.kill()
            child.wait()


def _reap() -> None:
    """Children whose verdict nobody asked for (the command stopped first) are not left running."""
    for _, child in _children.values():
        child.kill()
        child.wait()
    _children.clear()


atexit.register(_reap)

if __name__ == "__main__":
    print(scan(sys.argv[1]))
