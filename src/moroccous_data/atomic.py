"""Writing a file or a folder so that readers see the old one or the complete new one, never a half-written one.

Everything the package writes for users (built data, exports, the archive,
the explorer, generated schemas, the seed files) goes through here. A file is
filled at a sibling temporary path, then renamed over the target.

A folder is written under three rules, because replacing a folder means
removing what was there:

- **Only our own output is replaced.** The target must be new, empty, or hold
  the marker file (``.moroccous-data-output``) naming the same command. A
  symbolic link, the current folder or one holding it, a folder holding
  ``.git`` and any path the caller protects (the repository, the seeds) are
  refused with :class:`OutputRefused`, before anything is written.
- **Staging happens beside the target** (in a work area the caller may name,
  so nothing is staged inside a Python package), in the one folder
  ``.<target>.staging`` whose name is computed from the target. The old
  output is renamed into it, the new one renamed into place, and the staging
  folder removed. A writer killed midway leaves that folder; the next writer
  removes it (never following a link) before staging again. Nothing else is
  ever read back from it, so nothing planted there can direct a write.
- **One writer at a time per work area**: the work area is locked (``flock``
  on the folder itself, so no lock file is left behind); a second writer is
  refused with a clear message.

Seed files are edited by read, check, write: :func:`seeds_locked` holds a
lock on the seeds folder for the whole of it, so concurrent edits queue
instead of overwriting one another.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import MoroccousDataError

MARKER = ".moroccous-data-output"
LOCK_WAIT_ENV = "MOROCCOUS_LOCK_WAIT"
LOCK_WAIT = 120.0  # seconds an edit waits for the seeds folder: twenty queued edits of the real seeds fit in it


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


def staging_path(target: Path, work: Path | None = None) -> Path:
    """The one staging folder of ``target``: computed from its name, never found by listing the work area."""
    return (work or target.parent) / f".{target.name}.staging"


def remove_stale(staging: Path) -> None:
    """Remove what a killed writer left at ``staging``: a link or file is unlinked, a folder of ours removed."""
    try:
        status = staging.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(status.st_mode):
        staging.unlink()
    elif hasattr(os, "getuid") and status.st_uid != os.getuid():
        raise OutputRefused(f"{staging} belongs to another user; remove it or write elsewhere")
    else:
        shutil.rmtree(staging)  # never follows a link inside it


@contextmanager
def _locked(folder: Path, wait: float = 0.0, busy: str = "") -> Iterator[None]:
    """Hold an ``flock`` on ``folder`` itself, waiting up to ``wait`` seconds; the system drops it if we are killed."""
    try:
        import fcntl
    except ImportError:  # Windows has no flock; one writer at a time is then the user's to ensure
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputRefused(busy or f"another process is writing into {folder} right now; "
                                        "run this again when it has finished") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)


def lock_wait() -> float:
    """How long an edit waits for the seeds folder: ``MOROCCOUS_LOCK_WAIT`` seconds if set, else :data:`LOCK_WAIT`."""
    value = os.environ.get(LOCK_WAIT_ENV, "")
    try:
        return max(0.0, float(value)) if value else LOCK_WAIT
    except ValueError:
        raise MoroccousDataError(f"{LOCK_WAIT_ENV}={value!r} is not a number of seconds") from None


@contextmanager
def seeds_locked(seeds: Path) -> Iterator[None]:
    """Hold the seeds folder for one edit's read, check and write, so that concurrent edits queue."""
    wait = lock_wait()
    with _locked(seeds, wait, f"another edit of {seeds} has held it for {wait:g} s; nothing was written. "
                              f"Run this again when it has finished (or set {LOCK_WAIT_ENV} to wait longer)"):
        yield


def recover(target: Path, work: Path | None = None) -> None:
    """Remove the staging folder a killed writer of ``target`` left in ``work`` (default: ``target``'s parent)."""
    work = work or target.parent
    if work.is_dir():
        with _locked(work):
            remove_stale(staging_path(target, work))


@contextmanager
def staged_folder(target: Path, command: str, *, work: Path | None = None, protected: Iterable[Path] = (),
                  beside: dict[Path, bytes] | None = None) -> Iterator[Path]:
    """An empty folder to fill; once the block ends it takes ``target``'s place, then ``beside`` is written.

    ``command`` names the writer in the marker file; ``work`` is where the
    staging goes (default: ``target``'s parent, on the same file system);
    ``protected`` paths are never replaced, held or written into. On failure,
    nothing is replaced.
    """
    check_target(target, command, protected)
    work = work or target.parent
    work.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(work):
        staging = staging_path(target, work)
        remove_stale(staging)
        check_target(target, command, protected)  # again, now that no other writer can change it
        staging.mkdir(mode=0o700)  # fails if someone made it since: then it is not ours
        try:
            new = staging / "new"
            new.mkdir()
            yield new
            (new / MARKER).write_text(marker_text(command), encoding="utf-8")
            new.chmod(0o755)
            _swap(new, target, staging / "old")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        for path, data in (beside or {}).items():
            replace_file(path, data)


def _swap(new: Path, target: Path, aside: Path) -> None:
    """Move ``target`` aside and ``new`` into its place; if the second rename fails, put the old one back."""
    if not target.exists():
        new.rename(target)
        return
    target.rename(aside)
    try:
        new.rename(target)
    except BaseException:
        aside.rename(target)
        raise
