"""Loading the shipped tables: every table, every format, declared dtypes, clear errors."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import polars as pl
from pydantic import BaseModel
from enum import Enum
import pyarrow as pa
import pytest

import moroccous_data as md
from moroccous_data.loading import loaders
from moroccous_data.models.columns import built_columns
from moroccous_data.models import TABLES

ALL = [t.name for t in md.tables()]


def test_tables_lists_every_table_with_counts() -> None:
    infos = md.tables()
    assert [i.name for i in infos] == [*TABLES, "timeline"]
    for info in infos:
        assert info.rows == len(md.load(info.name)) > 0
        assert info.description


@pytest.mark.parametrize("name", ALL)
def test_every_table_in_every_format(name: str) -> None:
    frame = md.load(name)
    arrow = md.load(name, format="arrow")
    polars = md.load(name, format="polars")
    assert isinstance(frame, pd.DataFrame) and isinstance(arrow, pa.Table) and isinstance(polars, pl.DataFrame)
    assert len(frame) == arrow.num_rows == polars.height
    assert list(frame.columns) == arrow.column_names == polars.columns
    models = md.load(name, format="models")
    assert len(models) == arrow.num_rows and all(isinstance(m, TABLES.get(name, BaseModel)) for m in models)
    assert set(type(models[0]).model_fields) == set(arrow.column_names)  # the derived columns too
    as_rows = [{k: (v.value if isinstance(v, Enum) else v) for k, v in m.model_dump().items()} for m in models]
    assert as_rows == arrow.to_pylist()
    assert getattr(md, f"load_{name}")(format="arrow").equals(arrow)


@pytest.mark.parametrize("name", ALL)
def test_polars_controlled_vocabularies_are_enums(name: str) -> None:
    frame = md.load(name, format="polars")
    for field in md.datapackage()["resources"][ALL.index(name)]["schema"]["fields"]:
        dtype = frame.schema[field["name"]]
        if "enum" in field.get("constraints", {}):
            assert dtype == pl.Enum(field["constraints"]["enum"]), field["name"]
        else:
            assert not isinstance(dtype, pl.Enum), field["name"]


def test_precisions_are_ordered_from_finest_to_coarsest() -> None:
    timeline, sales = md.load_timeline(), md.load_sales()
    for column in (timeline["date_precision"], sales["stage_date_precision"]):
        assert column.cat.ordered and list(column.cat.categories) == ["day", "month", "year", "decade", "century"]
    assert not sales["program"].cat.ordered
    coarse = timeline[timeline["date_precision"] > "year"]
    assert len(coarse) and set(coarse["date_precision"]) <= {"decade", "century"}


def test_tables_as_a_frame() -> None:
    frame = md.tables(as_frame=True)
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["name", "description", "rows"]
    assert frame.to_dict("records") == [info._asdict() for info in md.tables()]


@pytest.mark.parametrize("name", list(TABLES))
def test_pandas_dtypes_are_the_declared_ones(name: str) -> None:
    frame = md.load(name)
    for spec in built_columns(name):
        dtype = frame[spec.name].dtype
        if spec.type == "integer":
            assert dtype == pd.Int64Dtype(), (spec.name, dtype)
        elif spec.type == "boolean":
            assert dtype == pd.BooleanDtype(), (spec.name, dtype)
        elif spec.type == "date":
            assert pd.api.types.is_datetime64_dtype(dtype), (spec.name, dtype)
        elif spec.kind == "enum":
            assert isinstance(dtype, pd.CategoricalDtype), (spec.name, dtype)
            assert list(dtype.categories) == list(spec.enum or ()), spec.name
        elif spec.kind == "iso3":
            assert isinstance(dtype, pd.CategoricalDtype), (spec.name, dtype)
        else:
            assert pd.api.types.is_string_dtype(dtype), (spec.name, dtype)


def test_counts_are_integers_not_floats() -> None:
    sales = md.load_sales()
    himars = sales.loc[sales["designation"] == "M142", "notified_quantity"]
    assert himars.tolist() == [18] and himars.dtype == pd.Int64Dtype()


def test_each_call_returns_a_fresh_frame() -> None:
    first = md.load_sales()
    first.loc[:, "notified_quantity"] = 0
    del first["name"]
    second = md.load_sales()
    assert "name" in second.columns and second["notified_quantity"].max() > 0


def test_unknown_table_names_the_valid_ones() -> None:
    with pytest.raises(md.UnknownTableError, match="no table named 'sale'; the tables are: sources, entities, sales"):
        md.load("sale")
    with pytest.raises(ValueError, match="unknown format 'excel'"):
        md.load("sales", format="excel")  # type: ignore[arg-type]


def test_changed_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    original = loaders.data_file
    monkeypatch.setattr(loaders, "data_file", lambda name: original(name)[:-10] if name.endswith(".parquet") else original(name))
    loaders._arrow.cache_clear()
    loaders._pandas.cache_clear()
    try:
        with pytest.raises(md.DataIntegrityError, match=r"data/claims.parquet has been changed or truncated: expected sha256:[0-9a-f]{64}, got sha256:"):
            md.load_claims()
    finally:
        loaders._arrow.cache_clear()
        loaders._pandas.cache_clear()


def test_datapackage_is_a_copy() -> None:
    package = md.datapackage()
    package["resources"].clear()
    assert md.datapackage()["resources"]
    assert md.datapackage()["version"] == md.__version__


def test_import_is_light() -> None:
    code = "import sys, moroccous_data; print(sorted(m for m in ('pandas','pyarrow','pydantic','frictionless','click','numpy','typing') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_arrow_path_does_not_import_pandas() -> None:
    code = "import sys, moroccous_data as m; m.load_sales(format='arrow'); print('pandas' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_every_loader_is_exported_lazily() -> None:
    public = {n for n in dir(loaders) if n.startswith("load") or n in ("TableInfo", "datapackage", "tables")}
    assert set(md._LOADERS) == public - {"loaders"}


def test_every_shipped_table_has_its_generated_loader_and_no_other() -> None:
    assert {f"load_{t.name}" for t in md.tables()} == set(md.TABLE_LOADERS)
    assert set(md.TABLE_LOADERS) <= set(md.__all__)


@pytest.mark.parametrize("name", ALL)
def test_parquet_files_carry_version_and_schema_hash(name: str) -> None:
    from moroccous_data.building.arrow_schema import schema_hash

    metadata = md.load(name, format="arrow").schema.metadata
    assert metadata[b"moroccous_data.version"].decode() == md.__version__
    assert metadata[b"moroccous_data.table"].decode() == name
    assert metadata[b"moroccous_data.schema_sha256"].decode() == schema_hash(md.load(name, format="arrow").schema)
