"""R and Stata: the shipped ``read_moroccous.R`` read by real R with readr, and the ``.dta`` export read back by
pandas' Stata reader, each checked against the table schemas (the models' vocabularies, types and descriptions)
and against the CSV files, cell by cell."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from pandas.io.stata import StataReader

import moroccous_data as md
from conftest import DATA, ROOT, SEEDS
from moroccous_data.cli import cli
from moroccous_data.models.kinds import EXTENSION
from moroccous_data.publishing import r_script, stata

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = PACKAGE["resources"]
STRL = "Q"  # how pandas' reader names a strL variable's type
INSTALL = "install r-base-core and r-cran-readr (apt-get install r-base-core r-cran-readr), as the README's test command does"
# Reads every table with the shipped script, then writes what R holds: each table's row count and each column's
# class and levels (types.tsv), and each table's values as text (numbers in full, logicals as true/false, NA as "").
R_PROBE = r"""
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
out <- args[2]
source(file.path(folder, "read_moroccous.R"))
tables <- read_moroccous(folder)
lines <- character()
as_text <- function(x) {
    text <- if (is.double(x) && !inherits(x, "Date")) formatC(x, format = "f", digits = 0) else if (is.logical(x)) tolower(as.character(x))
            else as.character(x)
    text[is.na(x)] <- ""
    text
}
for (name in names(tables)) {
    data <- tables[[name]]
    lines <- c(lines, paste("rows", name, nrow(data), sep = "\t"))
    for (column in names(data)) {
        values <- data[[column]]
        lines <- c(lines, paste(c("column", name, column, paste(class(values), collapse = ","), levels(values)),
                                collapse = "\t"))
    }
    readr::write_csv(tibble::as_tibble(lapply(data, as_text)), file.path(out, paste0(name, ".csv")), na = "")
}
writeLines(lines, file.path(out, "types.tsv"), useBytes = TRUE)
"""


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _fields(resource: dict[str, Any]) -> list[dict[str, Any]]:
    return resource["schema"]["fields"]


def _enum(field: dict[str, Any]) -> list[str] | None:
    return field.get("constraints", {}).get("enum")


def _dollars(field: dict[str, Any]) -> bool:
    """A count of dollars, or a claim's figure that may be one: beyond 32-bit integers in R and Stata."""
    return field[EXTENSION].get("unit") in ("U.S. dollars (nominal, whole)", "as given in unit")


def _rscript() -> str:
    found = shutil.which("Rscript")
    if found is None:
        pytest.fail(f"Rscript is not on the path: {INSTALL}")
    check = subprocess.run([found, "-e", "library(readr)"], capture_output=True, text=True)
    if check.returncode != 0:
        pytest.fail(f"R cannot load readr ({(check.stderr.strip().splitlines() or ['no message'])[0]}): {INSTALL}")
    return found


def test_the_shipped_r_script_is_the_one_the_schemas_generate() -> None:
    assert (DATA / r_script.FILE).read_text(encoding="utf-8") == r_script.r_script(PACKAGE["version"], RESOURCES), \
        "run python build_data.py"
    listed = {c["path"] for c in PACKAGE["companions"]}
    assert r_script.FILE in listed, "datapackage.json hashes the script, so verify and the archive cover it"


def _expected_r_class(field: dict[str, Any]) -> str:
    if _enum(field):
        return "ordered,factor" if field.get("categoriesOrdered") else "factor"
    if field["type"] == "integer":
        return "numeric" if _dollars(field) else "integer"
    return {"date": "Date", "boolean": "logical", "string": "character"}[field["type"]]


@pytest.mark.slow  # needs R, as the browser tests need Chromium
def test_r_reads_every_table_with_its_types_and_every_value(tmp_path: Path) -> None:
    probe = tmp_path / "probe.R"
    probe.write_text(R_PROBE, encoding="utf-8")
    result = subprocess.run([_rscript(), str(probe), str(DATA), str(tmp_path)], capture_output=True, text=True,
                            env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "readr reads with the stated types, so it reports no guess and no problem"
    lines = [line.split("\t") for line in (tmp_path / "types.tsv").read_text(encoding="utf-8").splitlines()]
    rows = {name: int(count) for kind, name, count in (x for x in lines if x[0] == "rows")}
    read = {(x[1], x[2]): (x[3], x[4:]) for x in lines if x[0] == "column"}
    assert rows == {r["name"]: r["rows"] for r in RESOURCES}
    for resource in RESOURCES:
        name = resource["name"]
        assert rows[name] == pq.read_metadata(DATA / f"{name}.parquet").num_rows == len(_csv(DATA / f"{name}.csv"))
        for field in _fields(resource):
            r_class, levels = read[(name, field["name"])]
            assert r_class == _expected_r_class(field), (name, field["name"])
            assert levels == (_enum(field) or []), (name, field["name"])
        pd.testing.assert_frame_equal(_csv(tmp_path / f"{name}.csv"), _csv(DATA / f"{name}.csv"), obj=name)


def test_r_reads_dollars_as_double_because_they_pass_32_bit_integers() -> None:
    """The reason for ``double``: were the dollar columns R integers, these values would not parse."""
    largest = max(int(v) for r in RESOURCES for f in _fields(r) if f["type"] == "integer" and _dollars(f)
                  for v in _csv(DATA / f"{r['name']}.csv")[f["name"]] if v)
    assert largest > 2**31 - 1
    script = (DATA / r_script.FILE).read_text(encoding="utf-8")
    assert "amount_usd = readr::col_double()" in script and "quantity = readr::col_integer()" in script


@pytest.fixture(scope="module")
def dta_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stata") / "dta"
    result = CliRunner().invoke(cli, ["export", "--format", "stata", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'|.-]+", text.replace("\u2026", ""))


def _cut_from(label: str, description: str) -> bool:
    """``label`` is ``description``, or fits in 80 characters and keeps its words in their order (asides dropped)."""
    if len(description) <= stata.LABEL_LIMIT:
        return label == description
    words, remaining = [w.strip(".") for w in _words(label)], iter(w.strip(".") for w in _words(description))
    return 20 <= len(label) <= stata.LABEL_LIMIT and all(any(w == d for d in remaining) for w in words)


def _stata_type(field: dict[str, Any], typ: Any, fmt: str) -> bool:
    if _enum(field) or field["type"] == "boolean":
        return typ in ("b", "h", "l")
    if field["type"] == "integer":
        return typ == ("d" if _dollars(field) else "l")
    if field["type"] == "date":
        return fmt == "%td"
    return isinstance(typ, int) and typ <= stata.STR_LIMIT or typ == STRL


def _as_csv_text(field: dict[str, Any], values: pd.Series) -> list[str]:
    """The values read back from Stata as the CSV writes them."""
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(value)
        elif pd.isna(value):
            out.append("")
        elif field["type"] == "date":
            out.append(value.date().isoformat())
        elif field["type"] == "boolean":
            out.append({0: "false", 1: "true"}[int(value)])
        else:
            out.append(str(int(value)))
    return out


def test_stata_files_keep_labels_types_and_every_value(dta_folder: Path) -> None:
    assert sorted(p.name for p in dta_folder.glob("*.dta")) == sorted(f"{r['name']}.dta" for r in RESOURCES)
    for resource in RESOURCES:
        name, fields = resource["name"], _fields(resource)
        with StataReader(dta_folder / f"{name}.dta") as reader:
            coded = reader.read(convert_categoricals=False)
            labels, value_labels = reader.variable_labels(), reader.value_labels()
            types = dict(zip(coded.columns, reader._typlist))
            formats = dict(zip(coded.columns, reader._fmtlist))
            assert _cut_from(reader.data_label, resource["description"]), name
        with StataReader(dta_folder / f"{name}.dta") as reader:
            data = reader.read(convert_categoricals=True)
        csv = _csv(DATA / f"{name}.csv")
        assert list(coded.columns) == [f["name"] for f in fields], "valid Stata names: none renamed"
        assert len(coded) == len(csv) == resource["rows"] == pq.read_metadata(DATA / f"{name}.parquet").num_rows
        for field in fields:
            column = field["name"]
            assert _cut_from(labels[column], field["description"]), (name, column, labels[column])
            assert _stata_type(field, types[column], formats[column]), (name, column, types[column])
            if _enum(field):
                assert value_labels[column] == dict(enumerate(_enum(field), start=1)), (name, column)
            elif field["type"] == "boolean":
                assert value_labels[column] == {0: "false", 1: "true"}
            else:
                assert column not in value_labels
            assert _as_csv_text(field, data[column]) == list(csv[column]), (name, column)


def test_a_text_longer_than_a_stata_str_is_written_whole_as_strl(tmp_path: Path) -> None:
    """No note in the data is that long yet; a source's real text in one note shows the strL path keeps it whole."""
    resource = next(r for r in RESOURCES if r["name"] == "sources")
    table = md.load_sources()
    text = max((p.read_text(encoding="utf-8") for p in (SEEDS / "sources").glob("*.txt")), key=len)
    assert len(text.encode("utf-8")) > stata.STR_LIMIT
    table.loc[0, "note"] = text
    (tmp_path / "sources.dta").write_bytes(stata.dta_bytes(resource, table, PACKAGE["created"]))
    with StataReader(tmp_path / "sources.dta") as reader:
        back = reader.read(convert_categoricals=False)
        types = dict(zip(back.columns, reader._typlist))
    assert types["note"] == STRL and back.loc[0, "note"] == text
    assert isinstance(types["title"], int) and types["title"] <= stata.STR_LIMIT


def test_a_stata_label_shows_a_descriptions_code_as_plain_text(tmp_path: Path) -> None:
    """Descriptions mark code as ``x`` for schema readers; Stata shows labels as they are, so the marks go."""
    resource = json.loads(json.dumps(next(r for r in RESOURCES if r["name"] == "sales")))
    resource["description"] = "Deal lines; their steps are in ``sale_events``."
    resource["schema"]["fields"][0]["description"] = "The deal's id, as `sale_events.sale_id` names it."
    (tmp_path / "sales.dta").write_bytes(stata.dta_bytes(resource, md.load_sales(), PACKAGE["created"]))
    with StataReader(tmp_path / "sales.dta") as reader:
        assert reader.data_label == "Deal lines; their steps are in sale_events."
        assert reader.variable_labels()["id"] == "The deal's id, as sale_events.sale_id names it."


def test_the_stata_export_is_the_same_bytes_each_time(dta_folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "sales", "--format", "stata", "--out", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again" / "sales.dta").read_bytes() == (dta_folder / "sales.dta").read_bytes()


def test_a_bad_stata_request_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "nosuchtable", "--format", "stata", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "no table named 'nosuchtable'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x").exists()


DOCS = ("README.md", "docs/r-and-stata.md")  # README's short form and the page with the detail: both must run


def _block(language: str, doc: str) -> str:
    return (ROOT / doc).read_text(encoding="utf-8").split(f"```{language}\n")[1].split("```")[0]


def _env() -> dict[str, str]:
    """This interpreter's ``moroccous-data`` first on the path, reading this checkout's package."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(ROOT / "src"), "LC_ALL": "C.UTF-8"}


@pytest.mark.slow  # needs R
@pytest.mark.parametrize("doc", DOCS)
def test_the_r_example_in_the_docs_runs(tmp_path: Path, doc: str) -> None:
    (tmp_path / "example.R").write_text(_block("r", doc), encoding="utf-8")
    result = subprocess.run([_rscript(), str(tmp_path / "example.R")], capture_output=True, text=True, env=_env(),
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    stages = next(f for f in _fields(next(r for r in RESOURCES if r["name"] == "sales")) if f["name"] == "stage")
    assert all(level in result.stdout for level in _enum(stages)), "table() lists every stage, even unused ones"
    assert re.search(r"notified_quantity *: int", result.stdout) and re.search(r"notified_value_usd *: num",
                                                                               result.stdout)
    assert re.search(r"stage_date_end *: Date", result.stdout)


@pytest.mark.parametrize("doc", DOCS)
def test_the_stata_example_in_the_docs_names_what_the_export_writes(tmp_path: Path, doc: str) -> None:
    blocks = [b.split("```")[0].strip() for b in (ROOT / doc).read_text(encoding="utf-8").split("```sh\n")[1:]]
    shell = next(b for b in blocks if b.startswith("moroccous-data export --format stata"))
    result = subprocess.run(shell.split(), capture_output=True, text=True, env=_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = _block("stata", doc).splitlines()
    used = tmp_path / lines[0].removeprefix("use ").removesuffix(", clear")
    with StataReader(used) as reader:
        variables, value_labels = list(reader.read().columns), reader.value_labels()
    for line in lines[1:]:
        command, *names = line.split()
        if command == "label":
            assert names[0] == "list" and all(n in value_labels for n in names[1:]), line
        else:
            assert command in ("describe", "tabulate") and all(n in variables for n in names), line
