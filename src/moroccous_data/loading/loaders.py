"""Load the shipped tables from the installed package, offline, checked against their hashes.

``datapackage.json`` is checked against its own ``content_hash`` before any
use, and loading a table checks both its Parquet file (which is read) and its
CSV (which users may read directly), so a damaged install is named either way.

Nothing heavy is imported until a table is asked for: pyarrow when a file is
read, pandas only for ``format="pandas"``, pydantic only for ``format="models"``.
Each table is read and verified once per process and cached (as Arrow, and as
pandas once asked for); every call returns a fresh copy of the DataFrame, so a
caller's edits never reach the next call.
"""

from __future__ import annotations

import copy
import hashlib
import json
import pkgutil
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, get_args, overload

from ..errors import DataIntegrityError, UnknownTableError, need

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

Format = Literal["pandas", "arrow", "polars", "models"]
FORMATS: tuple[str, ...] = get_args(Format)
_DATA = "data"
PACKAGE = __name__.partition(".")[0]  # the data folder is the top package's, not this subpackage's


class TableInfo(NamedTuple):
    name: str
    description: str
    rows: int


def data_file(name: str) -> bytes:
    """A shipped data file's bytes, through the package's loader, so it also works from a zip."""
    try:
        data = pkgutil.get_data(PACKAGE, f"{_DATA}/{name}")
    except OSError:
        data = None
    if data is None:
        raise DataIntegrityError(f"moroccous_data/data/{name} is missing from the installed package; reinstall it")
    return data


@cache
def _package() -> dict[str, Any]:
    """The shipped descriptor, after checking it against its own ``content_hash``."""
    from .integrity import descriptor_problem

    try:
        package = json.loads(data_file("datapackage.json"))
    except json.JSONDecodeError as exc:
        raise DataIntegrityError(f"moroccous_data/data/datapackage.json is not valid JSON ({exc}); reinstall the package") from exc
    problem = descriptor_problem(package, "moroccous_data/data/datapackage.json") if isinstance(package, dict) else \
        "moroccous_data/data/datapackage.json is not a data package descriptor"
    if problem is not None:
        raise DataIntegrityError(f"{problem}; reinstall the package")
    return package


def resource(table: str) -> dict[str, Any]:
    for resource in _package()["resources"]:
        if resource["name"] == table:
            return resource
    raise UnknownTableError(table, [r["name"] for r in _package()["resources"]])


def verified_bytes(path: str, expected: str) -> bytes:
    """A shipped file's bytes, after checking them against the ``sha256:`` hash in datapackage.json."""
    data = data_file(path)
    actual = f"sha256:{hashlib.sha256(data).hexdigest()}"
    if actual != expected:
        raise DataIntegrityError(
            f"moroccous_data/data/{path} has been changed or truncated: expected {expected}, got {actual}"
        )
    return data


@cache
def _arrow(table: str) -> "pa.Table":
    import pyarrow as pa
    import pyarrow.parquet as pq

    entry = resource(table)
    verified_bytes(entry["path"], entry["hash"])  # the CSV too: whichever copy a user reads, a damaged one is named
    parquet = entry["parquet"]
    data = verified_bytes(parquet["path"], parquet["hash"])
    # ParquetFile, single-threaded: read_table on an in-memory buffer imports pandas and,
    # with pyarrow 26, can abort the interpreter at exit.
    return pq.ParquetFile(pa.BufferReader(data)).read(use_threads=False)


@cache
def _pandas(name: str) -> "pd.DataFrame":
    """The table as pandas, converted once per process; callers get copies."""
    import pandas as pd
    import pyarrow as pa

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return _arrow(name).to_pandas(types_mapper=mapping.get, date_as_object=False)


def _models(table: str, arrow: "pa.Table") -> list[Any]:
    from .rows import built_model

    model = built_model(table)
    return [model.model_validate({k: v for k, v in row.items() if v is not None}) for row in arrow.to_pylist()]


def _polars(table: str, arrow: "pa.Table") -> Any:
    """The table as polars, each controlled vocabulary a ``pl.Enum`` of its full list of allowed values."""
    need("polars", "polars", f'load("{table}", format="polars")')
    import polars as pl

    enums = {f["name"]: f["constraints"]["enum"] for f in resource(table)["schema"]["fields"]
             if "enum" in f.get("constraints", {})}
    frame = pl.from_arrow(arrow)
    assert isinstance(frame, pl.DataFrame)  # a Table, never a single column, comes back as a DataFrame
    return frame.with_columns(pl.col(name).cast(pl.String).cast(pl.Enum(values)) for name, values in enums.items())


def load(name: str, format: Format = "pandas") -> Any:
    """Load one table by name: a pandas DataFrame by default, or ``arrow``, ``polars`` or ``models``."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    table = _arrow(name)
    if format == "arrow":
        return table
    if format == "polars":
        return _polars(name, table)
    if format == "models":
        return _models(name, table)
    return _pandas(name).copy(deep=True)


@overload
def tables(as_frame: Literal[False] = False) -> list[TableInfo]: ...
@overload
def tables(as_frame: Literal[True]) -> "pd.DataFrame": ...
def tables(as_frame: bool = False) -> "list[TableInfo] | pd.DataFrame":
    """Every table shipped: name, description and row count; a pandas DataFrame with ``as_frame=True``."""
    infos = [TableInfo(r["name"], r["description"], r["rows"]) for r in _package()["resources"]]
    if as_frame:
        import pandas as pd

        return pd.DataFrame(infos, columns=list(TableInfo._fields)).astype({"rows": "Int64"})
    return infos


def datapackage() -> dict[str, Any]:
    """The shipped ``datapackage.json`` (a copy: changing it changes nothing)."""
    return copy.deepcopy(_package())
