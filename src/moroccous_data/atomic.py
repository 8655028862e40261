"""Writing a file or a folder so that readers see the old one or the complete new one, never a half-written one.

Everything the package writes for users (built data, exports, the archive,
the explorer, generated schemas) goes through here. A file is filled at a
sibling temporary path, then renamed over the target.

A folder is written under four rules, because replacing a folder means
removing what was there:

- **Only our own output is replaced.** The target must be new, empty, or hold
  the marker file (``.moroccous-data-output``) naming the same command. A
  symbolic link, the current folder or one holding it, a folder holding
  ``.git`` and any path the caller protects (the repository, the seeds) are
  refused with :class:`OutputRefused`, before anything is written.
- **Staging happens in a work area** (the target's parent unless the caller
  names one, so nothing is staged inside a Python package), in a folder
  ``.<target>.staging-*`` that also holds the files to replace with it.
- **The swap is one system call where the system has one** (Linux
  ``renameat2(RENAME_EXCHANGE)``, macOS ``renamex_np(RENAME_SWAP)``): a reader
  finds the old folder or the new one at every instant, never none.
  Elsewhere the old folder is moved aside first, and for that moment the
  path is missing. Before swapping, a journal records what goes where (by
  inode), so a writer killed in the middle is completed by the next one:
  the data folder and the files replaced with it change together.
- **One writer at a time per work area**: the work area is locked
  (``flock``); a second writer is refused with a clear message, and the
  writer that holds the lock first removes staging that a killed writer
  left.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import MoroccousDataError

MARKER = ".moroccous-data-output"
_JOURNAL = "journal.json"
_NEW = "new"


class OutputRefused(MoroccousDataError):
    """An output path that is not ours to replace, or that another writer is using."""


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


def marker_text(command: str) -> str:
    """The marker file's text: the command whose output the folder is (first line), and a warning."""
    return f"{command}\nThe next run of this command replaces this whole folder; keep nothing else here.\n"


def _marker_command(folder: Path) -> str | None:
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    with marker.open("rb") as handle:
        return handle.read(200).decode("utf-8", "replace").partition("\n")[0]


def check_target(target: Path, command: str, protected: Iterable[Path] = ()) -> None:
    """Raise :class:`OutputRefused` unless ``target`` is a path ``command`` may replace with a new folder."""
    if target.is_symlink():
        raise OutputRefused(f"{target} is a symbolic link; give the folder it points to, or a new folder")
    where = target.resolve()
    here = Path.cwd().resolve()
    if where == here or where in here.parents:
        raise OutputRefused(f"{target} is the current folder or holds it; give a new folder")
    for path in protected:
        kept = path.resolve()
        if where == kept or where in kept.parents:
            raise OutputRefused(f"{target} is or holds {path}, which is never overwritten; give another folder")
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputRefused(f"{target} is a file, not a folder; give a new folder")
    if (target / ".git").exists():
        raise OutputRefused(f"{target} holds .git; give a new folder")
    if any(target.iterdir()) and _marker_command(target) != command:
        raise OutputRefused(f"{target} is not empty and is not an earlier output of {command} "
                            f"(it has no {MARKER} naming it); give a new or empty folder")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing folders in one system call; False where the system or file system cannot."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if not hasattr(libc, "renameat2"):
            return False
        at_fdcwd, rename_exchange = -100, 2
        result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    elif sys.platform == "darwin":
        libc = ctypes.CDLL(None, use_errno=True)
        if not hasattr(libc, "renamex_np"):
            return False
        rename_swap = 2
        result = libc.renamex_np(os.fsencode(a), os.fsencode(b), rename_swap)
    else:
        return False
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(error, os.strerror(error), str(b))


def _identity(path: Path) -> list[int] | None:
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    return [status.st_dev, status.st_ino]


def _apply(moves: list[dict[str, object]], staging: Path) -> None:
    """Put every staged path in place; a move already done (its target has the staged inode) is skipped."""
    for move in moves:
        staged, target, identity = staging / str(move["staged"]), Path(str(move["target"])), move["identity"]
        if _identity(target) == identity or _identity(staged) != identity:
            continue
        if staged.is_dir() and target.exists():
            if any(target.iterdir()) and _marker_command(target) != _marker_command(staged):
                continue  # no longer the output this swap was to replace: leave it alone
            if not _exchange(staged, target):
                aside = staging / "old"
                if aside.exists():
                    shutil.rmtree(aside)
                target.rename(aside)
                staged.rename(target)
        else:
            os.replace(staged, target)


def _recover(work: Path, name: str) -> None:
    """Finish what a killed writer had journaled, and remove every staging folder it left."""
    for staging in work.iterdir():
        if not staging.name.startswith(f".{name}.staging-") or staging.is_symlink() or not staging.is_dir():
            continue
        journal = staging / _JOURNAL
        if journal.is_file():
            _apply(json.loads(journal.read_text(encoding="utf-8")), staging)
        shutil.rmtree(staging)


@contextmanager
def _locked(work: Path) -> Iterator[None]:
    """Hold the work area's lock (an ``flock`` on the folder itself, so no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # Windows has no flock; one writer at a time is then the user's to ensure
        yield
        return
    handle = os.open(work, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputRefused(f"another process is writing into {work} right now; "
                                "run this again when it has finished") from None
        yield
    finally:
        os.close(handle)


def recover(target: Path, work: Path | None = None) -> None:
    """Complete or remove what a killed writer of ``target`` left in ``work`` (default: ``target``'s parent)."""
    work = work or target.parent
    if work.is_dir():
        with _locked(work):
            _recover(work, target.name)


@contextmanager
def staged_folder(target: Path, command: str, *, work: Path | None = None, protected: Iterable[Path] = (),
                  beside: dict[Path, bytes] | None = None) -> Iterator[Path]:
    """An empty folder to fill; once the block ends it takes ``target``'s place, with ``beside`` written at the same time.

    ``command`` names the writer in the marker file; ``work`` is where the
    staging goes (default: ``target``'s parent); ``protected`` paths are
    never replaced, held or written into. On failure, nothing is replaced.
    """
    check_target(target, command, protected)
    work = work or target.parent
    work.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(work):
        _recover(work, target.name)
        check_target(target, command, protected)  # again, now that no other writer can change it
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=work))
        try:
            new = staging / _NEW
            new.mkdir()
            yield new
            (new / MARKER).write_text(marker_text(command), encoding="utf-8")
            new.chmod(0o755)
            moves: list[dict[str, object]] = [{"staged": _NEW, "target": str(target.absolute()), "identity": _identity(new)}]
            for number, (path, data) in enumerate((beside or {}).items()):
                staged = staging / f"file-{number}"
                staged.write_bytes(data)
                staged.chmod(0o644)
                moves.append({"staged": staged.name, "target": str(path.absolute()), "identity": _identity(staged)})
            journal = staging / f"{_JOURNAL}.part"
            journal.write_text(json.dumps(moves), encoding="utf-8")
            journal.rename(staging / _JOURNAL)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _apply(moves, staging)
        shutil.rmtree(staging)
