"""Reading a file a user names, refusing without reading what is not a plain file or is too large.

A FIFO blocks a reader until someone writes to it, and ``/dev/zero`` never
ends: a command that reads either hangs or runs out of memory. So the kind
and the size are checked from the file's status before the first byte is
read, the file is opened without waiting for a writer, and its status is
checked again on the open handle (the path could have been swapped between).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import MoroccousDataError

MAX_SOURCE_BYTES = 10 << 20  # a source text; the largest real one is 15 KB, a long report a few hundred KB


class InputRefused(MoroccousDataError):
    """An input that cannot be read as asked: missing, not a regular file, or over its size limit."""


def refuse_irregular(path: Path) -> os.stat_result:
    """``path``'s status, or :class:`InputRefused` if it is not a regular file (links are followed)."""
    try:
        status = path.stat()
    except OSError as exc:
        raise InputRefused(f"{path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(status.st_mode):
        raise InputRefused(f"{path} is not a regular file (a folder, FIFO or device); give a plain file")
    return status


def read_regular(path: Path, limit: int | None = None, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes (``what`` names it in the refusal)."""
    status = refuse_irregular(path)
    if limit is not None and status.st_size > limit:
        raise InputRefused(f"{path} has {status.st_size} bytes; a {what} over {limit} bytes is refused")
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputRefused(f"{path}: {exc.strerror or exc}") from exc
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise InputRefused(f"{path} is not a regular file (a folder, FIFO or device); give a plain file")
        data = file.read() if limit is None else file.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise InputRefused(f"{path} has more than {limit} bytes; a {what} over {limit} bytes is refused")
    return data
