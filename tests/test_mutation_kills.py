"""Behaviour a mutation tester showed no test would miss: id retirement, schema diffs, validate's JSON.

Each test here kills mutants of ``publishing/release.py``, ``loading/diff.py`` or
``validation/checks.py`` that survived the rest of the suite (``benchmarks/mutation.md``
records which). Each calls the code in its own process, where a mutation tester can see it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from moroccous_data import __version__
from moroccous_data.cli import cli
from moroccous_data.loading.diff import load_package
from moroccous_data.loading.integrity import CONTENT_HASH, content_hash
from conftest import DATA

Rows = list[dict[str, str]]
Fields = list[dict[str, Any]]


def _republish(folder: Path, table: str, rows: Callable[[Rows], Rows] = lambda r: r,
               fields: Callable[[Fields], Fields] = lambda f: f) -> None:
    """Edit one table of a built package in place, recording its new size and sha256 as a build would."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == table)
    resource["schema"]["fields"] = fields(resource["schema"]["fields"])
    path = folder / resource["path"]
    with path.open(encoding="utf-8", newline="") as handle:
        edited = rows(list(csv.DictReader(handle)))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f["name"] for f in resource["schema"]["fields"]], lineterminator="\n")
        writer.writeheader()
        writer.writerows(edited)
    data = path.read_bytes()
    resource.update(bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}")
    package[CONTENT_HASH] = content_hash(package)
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


@pytest.fixture()
def new(tmp_path: Path) -> Path:
    """A writable copy of the shipped data, to diff against the original."""
    target = tmp_path / "new"
    shutil.copytree(DATA, target)
    return target


def _diff(old: Path, new: Path) -> tuple[int, list[str], dict[str, Any]]:
    text = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    as_json = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert text.exit_code == as_json.exit_code, (text.output, as_json.output)
    return text.exit_code, text.output.splitlines(), json.loads(as_json.output)


def test_an_added_column_is_not_breaking(new: Path) -> None:
    _republish(new, "sales", rows=lambda rows: [{**r, "extra": "x" if i == 0 else ""} for i, r in enumerate(rows)],
               fields=lambda fields: [*fields, {"name": "extra", "type": "string"}])
    first = next(iter(load_package(DATA).rows["sales"]))[0]
    code, lines, report = _diff(DATA, new)
    assert code == 1
    assert "schema: no breaking change" in lines
    assert "  schema: column 'extra' added" in lines
    assert report["breaking"] is False and report["identical"] is False
    assert report["tables"]["sales"]["schema"] == [{"change": "column 'extra' added", "breaking": False}]
    assert report["tables"]["sales"]["changed"] == {first: {"extra": ["", "x"]}}, "an empty new cell is no change"
    assert f"  ~ {first}: extra: '' → 'x'" in lines


def test_a_renamed_column_is_removed_and_added(new: Path) -> None:
    """Only records with a value in the column change (program_note is empty in some sales)."""
    old, renamed = "program_note", "programme_note"
    _republish(new, "sales", rows=lambda rows: [{**{k: v for k, v in r.items() if k != old}, renamed: r[old]}
                                                for r in rows],
               fields=lambda fields: [{**f, "name": renamed} if f["name"] == old else f for f in fields])
    values = {key[0]: row[old] for key, row in load_package(DATA).rows["sales"].items()}
    assert "" in values.values()
    code, lines, report = _diff(DATA, new)
    assert code == 1 and report["breaking"] is True
    assert report["tables"]["sales"]["schema"] == [{"change": f"column {old!r} removed", "breaking": True},
                                                   {"change": f"column {renamed!r} added", "breaking": False}]
    assert report["tables"]["sales"]["changed"] == {
        key: {old: [value, ""], renamed: ["", value]} for key, value in values.items() if value}


def test_only_additions_and_a_changed_citation_are_listed_by_whole_key(new: Path) -> None:
    """A table that only gained records differs; a citation's key is its four columns joined by '/'."""
    added: dict[str, str] = {}

    def add_claim(rows: Rows) -> Rows:
        added.update({**rows[-1], "id": "zz-a-new-claim"})
        return [*rows, added]

    changed: dict[str, str] = {}
    removed: dict[str, str] = {}

    def edit_citation(rows: Rows) -> Rows:
        changed.update(rows[0])
        removed.update(rows[-1])
        return [{**rows[0], "note": "edited"}, *rows[1:-1], {**rows[0], "record_table": "claims",
                                                              "record_id": "zz-a-new-claim"}]

    _republish(new, "claims", rows=add_claim)
    _republish(new, "citations", rows=edit_citation)
    code, lines, report = _diff(DATA, new)
    assert code == 1
    assert "claims: 1 added, 0 removed, 0 replaced, 0 changed" in lines and "  + zz-a-new-claim" in lines
    def key(row: dict[str, str]) -> str:  # its filled parts: a quote's offset or a fingerprint
        return "/".join(row[c] for c in ("record_table", "record_id", "source_id", "quote_start", "fingerprint") if row[c])

    assert "citations: 1 added, 1 removed, 0 replaced, 1 changed" in lines
    assert f"  + {key({**changed, 'record_table': 'claims', 'record_id': 'zz-a-new-claim'})}" in lines
    assert f"  - {key(removed)}" in lines
    assert f"  ~ {key(changed)}: note: {changed['note']!r} → 'edited'" in lines
    assert report["tables"]["claims"]["added"] == ["zz-a-new-claim"]
    assert list(report["tables"]["citations"]["changed"]) == [key(changed)]


def test_identical_packages_say_so_in_one_line() -> None:
    result = CliRunner().invoke(cli, ["diff", str(DATA), str(DATA)])
    assert (result.exit_code, result.output) == (0, f"moroccous-data {__version__} → {__version__}: identical\n")


def test_a_changed_column_type_is_breaking(new: Path) -> None:
    _republish(new, "assistance", fields=lambda fields: [
        {**f, "type": "number"} if f["name"] == "amount_usd" else f for f in fields])
    code, lines, report = _diff(DATA, new)
    assert code == 1
    assert "schema: BREAKING changes" in lines
    assert "  schema: column 'amount_usd' changed type integer → number (breaking)" in lines
    assert report["breaking"] is True
    assert report["tables"]["assistance"]["schema"] == [
        {"change": "column 'amount_usd' changed type integer → number", "breaking": True}]


def test_a_table_added_is_not_breaking_and_a_table_removed_is(new: Path) -> None:
    package = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] != "claims"]
    package[CONTENT_HASH] = content_hash(package)
    (new / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    claims = len(load_package(DATA).rows["claims"])

    code, lines, report = _diff(DATA, new)
    assert code == 1 and "schema: BREAKING changes" in lines
    assert f"claims: 0 added, {claims} removed, 0 replaced, 0 changed" in lines
    assert "  schema: table removed (breaking)" in lines
    assert report["tables"]["claims"]["schema"] == [{"change": "table removed", "breaking": True}]
    assert list(report["tables"]) == ["claims"], "no other table differs"

    code, lines, report = _diff(new, DATA)
    assert code == 1 and "schema: no breaking change" in lines
    assert f"claims: {claims} added, 0 removed, 0 replaced, 0 changed" in lines
    assert "  schema: table added" in lines and report["breaking"] is False


def test_a_changed_claim_is_listed_cell_by_cell(new: Path) -> None:
    """Changed records are found in every table, not only the two the other diff tests edit."""
    first: dict[str, str] = {}

    def edit(rows: Rows) -> Rows:
        first.update(rows[0])
        rows[0] = {**rows[0], "statement": "Edited.", "scope": "edited scope"}
        return rows

    _republish(new, "claims", rows=edit)
    code, lines, report = _diff(DATA, new)
    assert code == 1
    assert "claims: 0 added, 0 removed, 0 replaced, 1 changed" in lines
    assert f"  ~ {first['id']}: scope: {first['scope']!r} → 'edited scope'" in lines
    assert f"  ~ {first['id']}: statement: {first['statement']!r} → 'Edited.'" in lines
    assert report["tables"]["claims"]["changed"] == {
        first["id"]: {"scope": [first["scope"], "edited scope"], "statement": [first["statement"], "Edited."]}}


def _released(seeds: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (seeds / "released_ids.csv").open(encoding="utf-8", newline="") as handle:
        return {(row["table"], row["id"]): row for row in csv.DictReader(handle)}


def test_a_release_retires_the_ids_it_no_longer_holds(seeds_copy: Path) -> None:
    """Releasing without a record retires its id; the validator then refuses that id if it comes back."""
    from moroccous_data.publishing.release import record_released_ids

    built = load_package(DATA)
    ids = {t: {key[0] for key in rows} for t, rows in built.rows.items() if built.schemas[t][0][0] == "id"}
    record_released_ids(seeds_copy, ids)  # bring the copy up to this release
    before = _released(seeds_copy)
    gone = sorted(ids["sales"])[0]
    ids["sales"] = ids["sales"] - {gone} | {"a-sale-new-in-this-release"}

    assert record_released_ids(seeds_copy, ids) == 2
    after = _released(seeds_copy)
    assert after[("sales", gone)] == {**before[("sales", gone)], "retired_in": __version__}
    assert after[("sales", "a-sale-new-in-this-release")] == {
        "table": "sales", "id": "a-sale-new-in-this-release", "released_in": __version__, "retired_in": "", "replaced_by": ""}
    untouched = set(before) - {("sales", gone)}
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    assert len(after) == len(before) + 1
    assert list(after) == sorted(after), "rows stay sorted by table and id"

    text = (seeds_copy / "released_ids.csv").read_text(encoding="utf-8")
    assert record_released_ids(seeds_copy, ids) == 0, "releasing again changes nothing"
    assert (seeds_copy / "released_ids.csv").read_text(encoding="utf-8") == text

    ((path, row, column, message),) = _problems(seeds_copy)
    assert (path, row, column) == (str(seeds_copy / "sales.csv"), 2, "id"), "the first sale, by id, was retired"
    assert message.startswith(f"{gone!r} was released in {before[('sales', gone)]['released_in']} and retired in "
                              f"{__version__}; a retired id is never reused")


def test_the_first_release_writes_the_released_ids_file(tmp_path: Path) -> None:
    from moroccous_data.publishing.release import record_released_ids

    assert record_released_ids(tmp_path, {"sales": {"b", "a"}, "claims": {"c"}}) == 3
    assert (tmp_path / "released_ids.csv").read_bytes() == (
        "table,id,released_in,retired_in,replaced_by\n"
        f"claims,c,{__version__},,\n"
        f"sales,a,{__version__},,\n"
        f"sales,b,{__version__},,\n").encode("utf-8")
    assert record_released_ids(tmp_path, {"sales": {"b", "a"}}) == 1, "a table dropped whole retires its ids"
    assert b"\nclaims,c," + __version__.encode() + b"," + __version__.encode() + b",\n" in (
        tmp_path / "released_ids.csv").read_bytes()


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _validate_json(seeds: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["validate", str(seeds), "--sources", str(seeds / "sources"), "--format", "json"])
    return result.exit_code, json.loads(result.output)


def test_validate_json_reports_each_problem_and_the_verdict(seeds_copy: Path) -> None:
    code, report = _validate_json(seeds_copy)
    assert (code, report["valid"], report["problems"]) == (0, True, [])
    assert report["summary"] == f"valid: {seeds_copy}"

    sales = seeds_copy / "sale_events.csv"
    lines = sales.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[1]]))
    row[header.index("quantity")] = "many"
    sales.write_text(lines[0] + _csv_line(row) + "".join(lines[2:]), encoding="utf-8")

    code, report = _validate_json(seeds_copy)
    assert code == 1 and report["valid"] is False
    assert report["summary"] == f"1 problem(s) in {seeds_copy}"
    (problem,) = report["problems"]
    assert {k: problem[k] for k in ("path", "row", "column")} == {"path": str(sales), "row": 2, "column": "quantity"}
    assert "'many'" in problem["message"]



def _member_missing(tmp: Path) -> Path:
    from test_diff_hostile import _zip

    return _zip(tmp, skip="sales.csv")


def _member_resized(tmp: Path) -> Path:
    from test_diff_hostile import _zip

    return _zip(tmp, lambda archive: archive.writestr("moroccous-data-x/data/sales.csv", "id\n"), skip="sales.csv")


def _first_sale() -> str:
    with (DATA / "sales.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.DictReader(handle))["id"]


# Each hostile input of test_diff_hostile.py (there run as a child process, so only its exit code and line count
# are seen) and what the one line must say: which file or member, and why. The two 100+ MiB cases are left there.
REASONS = {
    "absolute path": "resource path '/etc/passwd' points outside the package",
    "../ path": "resource path '../../../../../../etc/passwd' points outside the package",
    "path list (multipart)": "resource path ['a.csv', 'b.csv'] is not a relative file path",
    "symlink out of the folder": "sales.csv leads outside",
    "symlink to /dev/zero": "sales.csv leads outside",
    "FIFO": "sales.csv is not a regular file",
    "garbage Parquet": "sales.parquet has 8 bytes, not the",
    "duplicate key, hash updated": f"sales.csv:3: key {_first_sale()} appears twice",
    "duplicate key, hash stale": "sales.csv has",
    "descriptor []": "datapackage.json is not a data package descriptor",
    "resources null": "datapackage.json is not a data package descriptor",
    "fields a string": "sales: schema.fields is not a list of named fields",
    "200,000-deep JSON": "datapackage.json is nested too deeply",
    "9 MiB descriptor": "datapackage.json has 9437212 bytes",
    "bad CRC member": "not a readable data package (BadZipFile",
    "corrupt deflate": "not a readable data package",
    "encrypted flag": "member moroccous-data-x/data/sales.csv is encrypted",
    "unsupported compression": "not a readable data package (NotImplementedError",
    "two descriptors in one zip": "holds 2 datapackage.json files",
    "symlink member": "member moroccous-data-x/data/sales.csv is not a regular file",
    "not a zip": "is neither a data package folder nor a release archive",
    "member missing": "has no member moroccous-data-x/data/sales.csv",
    "member resized": "member moroccous-data-x/data/sales.csv has 3 bytes, not the",
}


@pytest.mark.parametrize("case", REASONS)
def test_a_package_that_cannot_be_compared_says_which_file_and_why(case: str, tmp_path: Path) -> None:
    from test_diff_hostile import CASES

    from moroccous_data.loading.diff import PackageError

    hostile = {**CASES, "member missing": _member_missing, "member resized": _member_resized}[case](tmp_path)
    with pytest.raises(PackageError) as refused:
        load_package(hostile)
    message = str(refused.value)
    assert message.startswith(str(hostile)) and "\n" not in message, message
    assert REASONS[case] in message, message


def test_every_archive_member_is_stamped_alike(tmp_path: Path) -> None:
    """Fixed time, Unix mode 0644 and deflate level 9 on every member: what makes two releases byte-identical."""
    import zipfile
    import zlib

    from conftest import ROOT
    from moroccous_data.publishing.release import write_archive

    dictionary = ROOT / "docs" / "data-dictionary.md"
    first = write_archive(ROOT, DATA, dictionary, tmp_path / "a")
    assert first.read_bytes() == write_archive(ROOT, DATA, dictionary, tmp_path / "b").read_bytes()
    folder = f"moroccous-data-{__version__}"
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names)
        assert {f"{folder}/data/datapackage.json", f"{folder}/data-dictionary.md", f"{folder}/CHANGELOG.md",
                f"{folder}/LICENSE", f"{folder}/LICENSE-DATA", f"{folder}/CITATION.cff", f"{folder}/README.md"} <= set(names)
        assert {n.removeprefix(f"{folder}/data/") for n in names if n.startswith(f"{folder}/data/")} == {
            p.name for p in DATA.iterdir() if p.is_file() and not p.name.startswith(".")}
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
            assert (info.create_system, info.external_attr >> 16) == (3, 0o644), info.filename
            assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
            level9 = zlib.compressobj(9, zlib.DEFLATED, -15)
            assert info.compress_size == len(level9.compress(archive.read(info)) + level9.flush()), info.filename


def test_recording_an_archive_keeps_one_line_per_version_newest_first(tmp_path: Path) -> None:
    import hashlib

    from moroccous_data.publishing.release import ARCHIVES_INTRO, record_archive

    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 9.1.0\n\n- something\n", encoding="utf-8")
    old, new = tmp_path / "old.zip", tmp_path / "new.zip"
    old.write_bytes(b"old archive")
    new.write_bytes(b"new archive")
    digest = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (old, new)}

    assert record_archive(changelog, old, "9.0.0") == digest[old]
    head = f"# Changelog\n\n## 9.1.0\n\n- something\n\n## Release archives\n\n{ARCHIVES_INTRO}\n\n"
    assert changelog.read_text(encoding="utf-8") == head + f"- 9.0.0: `old.zip`, sha256 `{digest[old]}`\n"

    assert record_archive(changelog, new, "9.1.0") == digest[new]
    assert changelog.read_text(encoding="utf-8") == head + (
        f"- 9.1.0: `new.zip`, sha256 `{digest[new]}`\n- 9.0.0: `old.zip`, sha256 `{digest[old]}`\n")

    old.write_bytes(b"old archive, rebuilt")
    rebuilt = hashlib.sha256(old.read_bytes()).hexdigest()
    assert record_archive(changelog, old, "9.0.0") == rebuilt
    assert changelog.read_text(encoding="utf-8") == head + (
        f"- 9.0.0: `old.zip`, sha256 `{rebuilt}`\n- 9.1.0: `new.zip`, sha256 `{digest[new]}`\n")


def test_a_record_goes_before_a_heading_that_follows_an_empty_archives_section(tmp_path: Path) -> None:
    from moroccous_data.publishing.release import ARCHIVES_HEADING, ARCHIVES_INTRO, record_archive

    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(f"{ARCHIVES_HEADING}\n\n{ARCHIVES_INTRO}\n\n## Later\n", encoding="utf-8")
    archive = tmp_path / "a.zip"
    archive.write_bytes(b"a")
    digest = record_archive(changelog, archive, "1.0.0")
    assert changelog.read_text(encoding="utf-8") == (
        f"{ARCHIVES_HEADING}\n\n{ARCHIVES_INTRO}\n\n- 1.0.0: `a.zip`, sha256 `{digest}`\n\n## Later\n")

    changelog.write_text(f"{ARCHIVES_HEADING}\n- 0.9.0: `old.zip`, sha256 `{'0' * 64}`\n", encoding="utf-8")
    record_archive(changelog, archive, "1.0.0")
    assert changelog.read_text(encoding="utf-8").splitlines()[1:] == [
        f"- 1.0.0: `a.zip`, sha256 `{digest}`", f"- 0.9.0: `old.zip`, sha256 `{'0' * 64}`"], "newest first, intro or not"


def test_the_archive_holds_the_changelog_without_its_own_record(tmp_path: Path) -> None:
    import zipfile

    from conftest import ROOT
    from moroccous_data.publishing.release import record_archive, write_archive

    root = tmp_path / "root"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", ".venv", "src", "tests", "seeds", "__pycache__"))
    changelog, dictionary = root / "CHANGELOG.md", ROOT / "docs" / "data-dictionary.md"
    (tmp_path / "stale.zip").write_bytes(b"an earlier build")
    record_archive(changelog, tmp_path / "stale.zip")
    archive = write_archive(root, DATA, dictionary, tmp_path / "dist")
    digest = record_archive(changelog, archive)
    recorded = changelog.read_text(encoding="utf-8").splitlines()
    assert f"- {__version__}: `{archive.name}`, sha256 `{digest}`" in recorded
    again = write_archive(root, DATA, dictionary, tmp_path / "again")
    assert hashlib.sha256(again.read_bytes()).hexdigest() == digest, "recording its hash does not change the archive"
    with zipfile.ZipFile(again) as opened:
        inside = opened.read(f"moroccous-data-{__version__}/CHANGELOG.md").decode("utf-8").splitlines()
    assert inside == [line for line in recorded if not line.startswith(f"- {__version__}: `")]


def _set_cell(seeds: Path, table: str, row: int, changes: dict[str, str]) -> None:
    """Change cells of one data row (row 2 is the first after the header) of a seed CSV."""
    path = seeds / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for column, value in changes.items():
        rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _problems(seeds: Path, sources: Path | None = None) -> list[tuple[str, int, str, str]]:
    from moroccous_data.validation.checks import check_folder

    return [(p.path, p.row, p.column, p.message) for p in check_folder(seeds, sources=sources).problems]


def test_each_dangling_item_of_a_record_reference_list_is_named(seeds_copy: Path) -> None:
    _set_cell(seeds_copy, "source_notes", 2, {
        "record_refs": "agreements:defense-cooperation-roadmap-2020-2030|engagements:no-such-visit"})
    assert _problems(seeds_copy) == [(str(seeds_copy / "source_notes.csv"), 2, "record_refs",
                                      "'engagements:no-such-visit': engagements has no record with id 'no-such-visit'")]


def test_a_source_text_is_found_by_its_hash_under_any_name(seeds_copy: Path, sources_dir: Path) -> None:
    sources = seeds_copy / "sources"
    with (seeds_copy / "sources.csv").open(encoding="utf-8", newline="") as handle:
        number, first = next((n, r["id"]) for n, r in enumerate(csv.DictReader(handle), start=2) if r["sha256"])
    (sources / f"{first}.txt").rename(sources / "renamed.txt")
    assert _problems(seeds_copy, sources) == []
    (sources / "renamed.txt").unlink()
    ((path, row, column, message),) = _problems(seeds_copy, sources)
    assert (path, row, column) == (str(seeds_copy / "sources.csv"), number, "sha256")
    assert message == f"no source text: put it at {sources / f'{first}.txt'} (any file in {sources} with this sha256 also serves)"


def test_a_quote_across_sentences_names_each_sentence(seeds_copy: Path, sources_dir: Path) -> None:
    """A citation made to span its sentence and the next two (on one line, within the 300-character cap)."""
    from moroccous_data.sentences import sentences

    with (seeds_copy / "citations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def three_on_a_line(row: dict[str, str]) -> tuple[str, list[tuple[int, int]]] | None:
        text = (sources_dir / f"{row['source_id']}.txt").read_text(encoding="utf-8")
        spans = [(s.start, s.end) for s in sentences(text)]
        at = next(i for i, (a, b) in enumerate(spans) if a <= int(row["quote_start"]) < b)
        crossed = spans[at:at + 3]
        quote = text[crossed[0][0]:crossed[-1][1]] if len(crossed) == 3 else "\n"
        return (text, crossed) if "\n" not in quote and len(quote) <= 300 else None

    number, (text, crossed) = next((n, found) for n, row in enumerate(rows, start=2)
                                   if row["record_table"] != "entities" and (found := three_on_a_line(row)))
    start, end = crossed[0][0], crossed[-1][1]
    _set_cell(seeds_copy, "citations", number, {"quote": text[start:end], "quote_start": str(start), "quote_end": str(end)})
    problems = [p for p in _problems(seeds_copy, seeds_copy / "sources") if p[2] == "quote"]
    listed = ", ".join(f"[{a}:{b}]" for a, b in crossed)
    assert problems == [(str(seeds_copy / "citations.csv"), number, "quote",
                         f"the quote spans 3 sentences ({listed}); a quote is at most one sentence: cite each sentence "
                         "in its own citation (if a break falls after an abbreviation, add it to ABBREVIATIONS in "
                         "sentences.py)")]


def _cell(seeds: Path, table: str, row: int, column: str) -> str:
    with (seeds / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))[row - 2][column]


# One edit per cross-table check, all made to one copy of the real seeds (each in its own table or column, so
# they do not mask each other), and the problem each must raise: (file, row, column) exactly, and the start of the
# message (a regular expression). Problems an edit causes downstream (a citation left dangling) are not asserted.
EDITS = {
    "dangling reference": (lambda s: _set_cell(s, "sales", 2, {"system_id": "no-such-entity"}),
                           "sales.csv", 2, "system_id", r"entities has no record with id 'no-such-entity'$"),
    "dangling list item": (lambda s: _set_cell(s, "exercises", 2, {
                               "participant_ids": _cell(s, "exercises", 2, "participant_ids") + "|no-such-entity"}),
                           "exercises.csv", 2, "participant_ids", r"entities has no record with id 'no-such-entity'$"),
    "dangling record pair": (lambda s: _set_cell(s, "source_notes", 2, {"record_id": "no-such-record"}),
                             "source_notes.csv", 2, "record_id", r"agreements has no record with id 'no-such-record'$"),
    "uncited record": (lambda s: _set_cell(s, "claims", 2, {"id": "a-claim-no-source-cites"}),
                       "claims.csv", 2, "id", r"record 'a-claim-no-source-cites' has no citation in citations\.csv$"),
    "context citations only": (lambda s: _set_cell(s, "citations", 2, {"role": "context"}),
                               "agreements.csv", 2, "id", r"record 'critical-minerals-mou-2026' has only context citations; "),
    "as_of no citing source has": (lambda s: _set_cell(s, "memberships", 2, {"as_of": "1999-01-01"}),
                                   "memberships.csv", 2, "as_of",
                                   r"'1999-01-01' is not the date of any source citing this record \([a-z0-9-]+: \d{4}-\d\d-\d\d(, [a-z0-9-]+: \d{4}-\d\d-\d\d)*\)$"),
    "duplicate key": (lambda s: _set_cell(s, "exercises", 3, {"id": _cell(s, "exercises", 2, "id")}),
                      "exercises.csv", 3, "id", r"duplicate key [^ ]+ \(first used on row 2\)"),
    "row out of order": (lambda s: _set_cell(s, "engagements", 2, {"id": "zzz-sorts-last"}),
                         "engagements.csv", 3, "id", "row is out of order: "),
    "unknown file": (lambda s: (s / "extra.csv").write_text("id\n", encoding="utf-8"),
                     "extra.csv", 0, "-", r"no table of this name: "),
}


def test_each_cross_table_check_names_the_row(seeds_copy: Path) -> None:
    for edit, *_ in EDITS.values():
        edit(seeds_copy)
    problems = _problems(seeds_copy)
    missing = [case for case, (_, name, row, column, message) in EDITS.items()
               if not any((path, number, col) == (str(seeds_copy / name), row, column) and re.match(message, text)
                          for path, number, col, text in problems)]
    assert missing == [], problems


def test_missing_tables_leave_the_others_checked(seeds_copy: Path) -> None:
    """sources (the dates), entities (a reference target) and sales (the first cited table) missing."""
    header = (seeds_copy / "sales.csv").read_text(encoding="utf-8").splitlines()[0]
    for table in ("sales", "sources", "entities"):
        (seeds_copy / f"{table}.csv").unlink()
    _set_cell(seeds_copy, "claims", 2, {"id": "a-claim-no-source-cites"})
    problems = _problems(seeds_copy)
    assert (str(seeds_copy / "sales.csv"), 0, "-", f"file is missing; create it with its header line: {header}") in problems
    assert {(str(seeds_copy / f"{t}.csv"), 0) for t in ("sources", "entities")} <= {p[:2] for p in problems}
    assert (str(seeds_copy / "claims.csv"), 2, "id", "record 'a-claim-no-source-cites' has no citation in citations.csv") \
        in problems


def test_a_released_ids_file_with_other_columns_is_one_problem(seeds_copy: Path) -> None:
    (seeds_copy / "released_ids.csv").write_text("table,id\nsales,x\n", encoding="utf-8")
    assert _problems(seeds_copy) == [(str(seeds_copy / "released_ids.csv"), 1, "-",
                                      "the columns must be table,id,released_in,retired_in,replaced_by")]


def test_the_source_texts_folder_is_the_environment_s_else_beside_the_seeds(monkeypatch: pytest.MonkeyPatch,
                                                                           tmp_path: Path) -> None:
    from moroccous_data.seedfiles import sources_folder

    monkeypatch.delenv("MOROCCOUS_SOURCES", raising=False)
    assert sources_folder(tmp_path / "seeds") == tmp_path / "seeds" / "sources"
    monkeypatch.setenv("MOROCCOUS_SOURCES", str(tmp_path / "texts"))
    assert sources_folder(tmp_path / "seeds") == tmp_path / "texts"
