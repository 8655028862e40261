"""The release archive: every built file plus the documents a citer needs, byte-reproducible.

Entries are sorted, stamped with a fixed time and fixed permissions, and
compressed with the same settings, so building the same data twice gives
the same sha256. Releasing also records every released id, so none is
ever reused for another record, and the archive's sha256 in CHANGELOG.md.
An archive cannot hold its own hash, so the CHANGELOG.md inside it is the
repository's without the line recording this version's archive: releasing
twice gives the same archive and the same line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__
from ..atomic import replace_file
from ..progress import Progress, silent
from ..seedfiles import RELEASED_COLUMNS, RELEASED_IDS, read_released, sources_folder

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
DOCUMENTS = ("LICENSE", "LICENSE-DATA", "CITATION.cff", "README.md", "CHANGELOG.md")
CHANGELOG = "CHANGELOG.md"
ARCHIVES_HEADING = "## Release archives"
ARCHIVES_INTRO = ("The sha256 of each release's data archive and the commit it was built from, recorded by `python build_data.py --release`. "
                  "Check a download with `moroccous-data verify ARCHIVE --changelog CHANGELOG.md`.")


def archive_name(version: str = __version__) -> str:
    return f"moroccous-data-{version}-data.zip"


def write_archive(root: Path, data: Path, dictionary: Path, out: Path, extra: dict[str, bytes] | None = None) -> Path:
    """Zip ``data``'s files, the data dictionary, the documents and ``extra`` (name → bytes) into ``out``."""
    folder = f"moroccous-data-{__version__}"
    entries = {f"{folder}/data/{p.name}": p.read_bytes() for p in sorted(data.iterdir())
               if p.is_file() and not p.name.startswith(".")}
    entries[f"{folder}/data-dictionary.md"] = dictionary.read_bytes()
    entries.update({f"{folder}/{name}": (root / name).read_bytes() for name in DOCUMENTS})
    changelog = (root / CHANGELOG).read_text(encoding="utf-8")
    entries[f"{folder}/{CHANGELOG}"] = _without_record(changelog, __version__).encode("utf-8")
    entries.update({f"{folder}/{name}": data for name, data in (extra or {}).items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, entries[name], compresslevel=9)
    target = out / archive_name()
    replace_file(target, buffer.getvalue())
    return target


def _record_line(version: str) -> str:
    return rf"^- {re.escape(version)}: `[^`]+`, sha256 `[0-9a-f]{{64}}`(?:, commit `[0-9a-f]{{40}}`)?\n"


def source_commit(root: Path) -> str | None:
    """The commit a release of ``root`` is built from: what identifies it besides its version and sha256.

    None outside a git work tree with a commit (an unpacked sdist); a tree with uncommitted or untracked files
    is refused, since no commit would hold the files the archive was built from.
    """
    import subprocess

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)

    try:
        inside = git("rev-parse", "--show-toplevel")
    except FileNotFoundError:
        return None
    head = git("rev-parse", "--verify", "--quiet", "HEAD").stdout.strip()
    if inside.returncode != 0 or Path(inside.stdout.strip()).resolve() != root.resolve() or not head:
        return None
    dirty = git("status", "--porcelain").stdout
    if dirty:
        from ..errors import MoroccousDataError

        raise MoroccousDataError(f"{root} has uncommitted changes ({len(dirty.splitlines())} file(s), e.g. "
                                 f"{dirty.splitlines()[0][3:]}); commit them first, so the release records the "
                                 "commit its archive is built from")
    return head


def _without_record(changelog: str, version: str) -> str:
    return re.sub(_record_line(version), "", changelog, flags=re.MULTILINE)


def record_archive(changelog: Path, archive: Path, version: str = __version__, commit: str | None = None) -> str:
    """Record ``archive``'s sha256 (and the commit it was built from) for ``version`` in ``changelog``, replacing an
    earlier record; return the sha256."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    line = f"- {version}: `{archive.name}`, sha256 `{digest}`" + (f", commit `{commit}`" if commit else "") + "\n"
    lines = _without_record(changelog.read_text(encoding="utf-8"), version).splitlines(keepends=True)
    if f"{ARCHIVES_HEADING}\n" not in lines:
        lines += ["\n", f"{ARCHIVES_HEADING}\n", "\n", f"{ARCHIVES_INTRO}\n", "\n"]
    at = lines.index(f"{ARCHIVES_HEADING}\n") + 1
    while at < len(lines) and not lines[at].startswith(("- ", "#")):
        at += 1  # past the section's introduction: the newest record comes first
    lines.insert(at, line if at == len(lines) or lines[at].startswith("- ") else line + "\n")
    replace_file(changelog, "".join(lines).encode("utf-8"))
    return digest


def record_released_ids(seeds: Path, ids: dict[str, set[str]]) -> int:
    """Add this release's new ids to ``released_ids.csv`` and retire those gone; return how many rows changed."""
    path = seeds / RELEASED_IDS
    rows = {(r["table"], r["id"]): r for r in read_released(path)}
    changed = 0
    for table, table_ids in ids.items():
        for record_id in table_ids:
            if (table, record_id) not in rows:
                rows[(table, record_id)] = {"table": table, "id": record_id, "released_in": __version__,
                                            "retired_in": "", "replaced_by": ""}
                changed += 1
    for (table, record_id), row in rows.items():
        if not row["retired_in"] and record_id not in ids.get(table, set()):
            row["retired_in"] = __version__
            changed += 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=RELEASED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[key] for key in sorted(rows))
    return changed


@dataclass(frozen=True)
class Released:
    """What a release wrote: the archive, how many released ids changed, and for the package's own data the
    sha256 recorded in the changelog and the explorer site beside the archive."""

    archive: Path
    changed: int
    digest: str | None = None
    site: Path | None = None


def release(root: Path, data: Path, seeds: Path, dictionary: Path, dist: Path, *, own: bool,
            commit: str | None = None, progress: Progress = silent) -> Released:
    """Release a data folder just built from ``seeds``: record its ids, write the archive with the annotations.

    ``own`` (the package's own data, not an ``--out`` build) also records the archive's sha256 in the
    changelog, with the ``commit`` it was built from, and writes the explorer beside the archive. The source texts are read before anything is
    written, so a missing text leaves the released ids as they were.
    """
    from ..loading.diff import load_package
    from .annotations import FILE_NAME, annotation_page, dumps, read_texts

    built = load_package(data)  # the ids just built and validated, read back rather than checked again
    citations, sources = built.rows["citations"].values(), built.rows["sources"].values()
    texts = read_texts(sources_folder(seeds), sources)
    ids = {t: {key[0] for key in rows} for t, rows in built.rows.items()
           if [name for name, _ in built.schemas[t]][0] == "id"}
    progress(f"recording the released ids in {seeds / RELEASED_IDS}")
    changed = record_released_ids(seeds, ids)
    progress("writing the annotations and the release archive")
    page = annotation_page(citations, sources, texts, built.version)
    archive = write_archive(root, data, dictionary, dist, {FILE_NAME: dumps(page)})
    if not own:
        return Released(archive, changed)
    digest = record_archive(root / CHANGELOG, archive, commit=commit)
    from .explorer import build_site

    site = archive.with_name(archive.name.removesuffix("-data.zip") + "-site")
    build_site(site, archive, progress)
    return Released(archive, changed, digest, site)
