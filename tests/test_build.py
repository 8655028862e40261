"""The build: committed data matches the seeds, builds are byte-identical, failures write nothing."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
from pathlib import Path

from click.testing import CliRunner
from conftest import DATA, ROOT, SEEDS, build_here, build_script

from moroccous_data.building.pipeline import derived_files
from moroccous_data.cli import cli
from moroccous_data.models import TABLES
from moroccous_data.validation.problem import Code


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_committed_data_and_schemas_are_what_the_seeds_build_to() -> None:
    result = build_script("--check")
    assert result.returncode == 0, result.stderr


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Two processes, so two string-hash seeds: an order taken from a set or dict would show."""
    for name, build in (("a", build_script), ("b", build_here)):
        result = build("--out", tmp_path / name)
        assert result.returncode == 0, result.stderr
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    text = (tmp_path / "a" / "sales.csv").read_bytes()
    assert b"\r" not in text and not text.startswith(b"\xef\xbb\xbf")


def test_built_rows_are_sorted_by_key(tmp_path: Path) -> None:
    for path in sorted(DATA.glob("*.csv")):
        if path.stem == "timeline":
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        model = TABLES.get(path.stem)
        key = "id" if "id" in rows[0] and (model is None or model.row_order is None) else None
        if key:
            ids = [r[key] for r in rows]
            assert ids == sorted(ids), path.name


def _break(seeds: Path, table: str, column: str, value: str) -> int:
    path = seeds / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    rows[1][index] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return index


def test_a_seed_error_is_reported_and_leaves_the_data_untouched(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert build_here("--seeds", seeds_copy, "--out", out).returncode == 0
    before = _digests(out)
    _break(seeds_copy, "sale_events", "quantity", "eighteen")
    _break(seeds_copy, "assistance", "program", "xyz")
    result = build_script("--seeds", seeds_copy, "--out", out)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"{seeds_copy / 'sale_events.csv'}:2:quantity: [type-error] 'eighteen' is not a whole number (no separators, decimals or units)" in lines
    assert any(line.startswith(f"{seeds_copy / 'assistance.csv'}:2:program: [enum-error] 'xyz'") for line in lines)
    assert "Traceback" not in result.stderr
    assert _digests(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "seeds"], "no staging folder left behind"


def _moroccous_build(*args: str | Path) -> tuple[int, str, str]:
    """``moroccous-data build ARGS`` in the repository, as its exit code, standard output and standard error."""
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(cli, ["build", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_build_data_py_and_moroccous_data_build_are_one_command(seeds_copy: Path, tmp_path: Path) -> None:
    script = build_here("--out", tmp_path / "a")
    code, out, err = _moroccous_build("--out", tmp_path / "b")
    assert (script.returncode, code) == (0, 0), script.stderr + err
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert (script.stdout, out) == (f"built {tmp_path / 'a'}\n", f"built {tmp_path / 'b'}\n")
    assert build_here("--check").stdout == _moroccous_build("--check")[1] == "up to date\n"
    _break(seeds_copy, "sale_events", "quantity", "eighteen")
    script = build_here("--seeds", seeds_copy, "--out", tmp_path / "c")
    assert (script.returncode, script.stderr) == _moroccous_build("--seeds", seeds_copy, "--out", tmp_path / "c")[::2]
    assert script.returncode == 1 and "[type-error]" in script.stderr


def _files(*folders: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_a_failed_build_writes_nothing_in_the_repository_or_in_out(clone: Path, tmp_path: Path) -> None:
    """Invalid seeds and a stale schema (which a build that passes rewrites): neither the repository, nor an
    earlier --out, nor a new one is written, so a failed build cannot leave schemas newer than the data."""
    earlier, new = tmp_path / "earlier", tmp_path / "new"
    assert build_here("--out", earlier, root=clone).returncode == 0
    _break(clone / "seeds", "sale_events", "quantity", "eighteen")
    (clone / "schemas" / "sales.json").write_text("{}\n", encoding="utf-8")
    before = _files(clone, earlier)
    for args in ((), ("--out", earlier), ("--out", new)):
        result = build_here(*args, root=clone)
        assert result.returncode == 1 and "[type-error]" in result.stderr, result.stderr
        assert _files(clone, earlier) == before, args
        assert not new.exists() and sorted(os.listdir(tmp_path)) == ["clone", "earlier"], args


def test_a_dangling_reference_is_an_error(seeds_copy: Path, tmp_path: Path) -> None:
    _break(seeds_copy, "citations", "record_id", "no-such-record")
    result = build_here("--seeds", seeds_copy, "--out", tmp_path / "data")
    assert result.returncode == 1
    assert "citations.csv:2:record_id:" in result.stderr
    assert "has no citation" in result.stderr, "the record that lost its only citation is reported too"
    assert not (tmp_path / "data").exists()


def test_check_notices_stale_data(tmp_path: Path) -> None:
    stale = tmp_path / "data"
    assert build_here("--out", stale).returncode == 0
    with (stale / "sales.csv").open("a", encoding="utf-8") as handle:
        handle.write("extra\n")
    result = build_here("--check", "--out", stale)
    assert result.returncode == 1
    assert "sales.csv: differs" in result.stderr


def test_derived_schema_files_match_the_models() -> None:
    derived = derived_files(ROOT)
    assert sorted(p.name for p in (ROOT / "schemas").iterdir()) == sorted(f"{t}.json" for t in TABLES)
    for path, text in derived.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python build_data.py"


def test_released_ids_are_never_reused(seeds_copy: Path) -> None:
    from moroccous_data.validation.checks import check_folder

    (seeds_copy / "released_ids.csv").write_text(
        "table,id,released_in,retired_in,replaced_by\n"
        "sales,m142-himars-fms,0.1.0,,\n"
        "claims,m1a1-abrams-eda,0.1.0,0.2.0,\n"
        "sales,m113a3-apc-eda,0.1.0,0.2.0,\n", encoding="utf-8")
    problems = check_folder(seeds_copy).problems
    assert [(Path(p.path).name, p.column, p.code) for p in problems] == [("sales.csv", "id", Code.RETIRED_ID)], problems
    assert "'m113a3-apc-eda' was released in 0.1.0 and retired in 0.2.0" in problems[0].message


def test_a_replacement_must_exist_and_be_retired(seeds_copy: Path) -> None:
    from moroccous_data.validation.checks import check_folder

    (seeds_copy / "released_ids.csv").write_text(
        "table,id,released_in,retired_in,replaced_by\n"
        "sales,gone-1,0.1.0,0.2.0,no-such-sale\n"
        "sales,gone-2,0.1.0,,m142-himars-fms\n"
        "sales,gone-3,0.1.0,0.2.0,m142-himars-fms\n", encoding="utf-8")
    problems = check_folder(seeds_copy).problems
    assert [(p.path, p.row, p.column, p.code) for p in problems] == [
        (f"{seeds_copy}/released_ids.csv", 2, "replaced_by", Code.FOREIGN_KEY),
        (f"{seeds_copy}/released_ids.csv", 3, "retired_in", Code.RETIRED_ID)], problems


def test_the_shipped_package_resolves_every_replaced_id() -> None:
    import moroccous_data as md

    replaced = md.datapackage()["replaced_ids"]
    assert {"resource": "exercises", "id": "african-lion-edition-reported-by-004",
            "replaced_by": "african-lion-new-edition-reported", "retired_in": "0.2.0"} in replaced
    for entry in replaced:
        assert entry["replaced_by"] in set(md.load(entry["resource"])["id"])


def test_data_dictionary_lists_every_table_and_column() -> None:
    import moroccous_data as md

    text = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert text.startswith(f"# moroccous-data {md.__version__}: data dictionary")
    for info in md.tables():
        section = text.split(f"## `{info.name}`", 1)[1].split("\n## ", 1)[0]
        assert f"{info.rows} rows." in section
        for column in md.load(info.name, format="arrow").column_names:
            assert f"| `{column}` |" in section, (info.name, column)


def test_release_archive_is_reproducible_and_complete(seeds_copy: Path, tmp_path: Path) -> None:
    import zipfile

    import moroccous_data as md

    with (seeds_copy / "released_ids.csv").open(encoding="utf-8") as handle:
        known = {(row["table"], row["id"]) for row in csv.DictReader(handle)}
    unrecorded = sum((t.name, rid) not in known for t in md.tables() if t.name not in ("citations", "timeline")
                     for rid in md.load(t.name)["id"])
    digests = []
    for attempt, build in enumerate((build_script, build_here)):  # two processes, two string-hash seeds
        result = build("--seeds", seeds_copy, "--out", tmp_path / "data", "--release", "--dist", tmp_path / "dist")
        assert result.returncode == 0, result.stderr
        archive = tmp_path / "dist" / f"moroccous-data-{md.__version__}-data.zip"
        digests.append(hashlib.sha256(archive.read_bytes()).hexdigest())
        assert f"; {unrecorded if attempt == 0 else 0} id(s) recorded" in result.stdout, result.stdout
    assert digests[0] == digests[1]
    names = set(zipfile.ZipFile(archive).namelist())
    folder = f"moroccous-data-{md.__version__}"
    for info in md.tables():
        assert {f"{folder}/data/{info.name}.csv", f"{folder}/data/{info.name}.parquet"} <= names
    assert {f"{folder}/data/datapackage.json", f"{folder}/data-dictionary.md", f"{folder}/LICENSE",
            f"{folder}/CITATION.cff", f"{folder}/annotations.jsonld"} <= names
    assert not [n for n in names if n.endswith(".txt")], "the source texts are not redistributed"
    with zipfile.ZipFile(archive) as opened:
        package = json.loads(opened.read(f"{folder}/data/datapackage.json"))
        annotations = json.loads(opened.read(f"{folder}/annotations.jsonld"))
    for source in package["sources"]:
        if "sha256" not in source:  # a page not held: described by its address, cited by fingerprints
            assert source["path"].startswith(("http://", "https://")) and "bytes" not in source
            continue
        text = (SEEDS / "sources" / f"{source['id']}.txt").read_bytes()
        assert (source["sha256"], source["bytes"]) == (hashlib.sha256(text).hexdigest(), len(text))
    assert len(annotations["items"]) == int(md.load_citations().quote.notna().sum())
    with (seeds_copy / "released_ids.csv").open(encoding="utf-8") as handle:
        current = [row for row in csv.DictReader(handle) if not row["retired_in"]]
    assert len(current) == sum(len(md.load(t.name)) for t in md.tables() if t.name not in ("citations", "timeline"))
