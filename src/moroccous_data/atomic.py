"""Writing a file or a folder so that readers see the old one or the complete new one, never a half-written one.

Everything the package writes for users (built data, exports, the archive,
the explorer, generated schemas) goes through here: a sibling temporary
path is filled, then renamed over the target, and removed on any failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_file(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; on success it replaces ``target``, on failure it is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(0o644)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def replace_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with staged_file(target) as temporary:
        temporary.write_bytes(data)


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """An empty temporary folder beside ``target``; on success it takes ``target``'s place in one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield staging
        staging.chmod(0o755)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}-old-{staging.name}")
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
