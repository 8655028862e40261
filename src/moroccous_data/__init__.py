"""moroccous-data: U.S.-Morocco security cooperation as cited, typed tables.

    >>> from moroccous_data import load_sales
    >>> sales = load_sales()            # pandas DataFrame
    >>> load_sales(format="arrow")      # or "polars", "models"

Importing the package costs almost nothing: the loaders, and with them json,
pyarrow, pandas and pydantic, load only when a table is asked for.
"""

from __future__ import annotations

from ._version import __version__
from .errors import DataIntegrityError, MoroccousDataError, UnknownTableError
from .table_loaders import *  # noqa: F403  (generated: one load_<table> per table)
from .table_loaders import __all__ as TABLE_LOADERS

TYPE_CHECKING = False  # typing costs more to import than this whole module
if TYPE_CHECKING:
    import pandas as pd

    from .loading.loaders import TableInfo, datapackage, load, tables  # noqa: F401  (re-exported through __getattr__)
    from .loading.paths import data_dir  # noqa: F401

_LOADERS = frozenset({"TableInfo", "datapackage", "load", "tables"})


def cite(format: str = "apa", source: str | None = None) -> str:
    """How to cite this version of the dataset (``apa``, ``bibtex`` or ``cff``), or with ``source``, one source."""
    from .publishing.citation import cite as _cite

    return _cite(format, source)


def evidence(table: str, record_id: str) -> "pd.DataFrame":
    """The quotes supporting one record, ``states`` first, with each source's title, publisher, date and address."""
    from .loading.provenance import evidence as _evidence

    return _evidence(table, record_id)


def disagreements(include_corroborations: bool = False, kinds: tuple[str, ...] | None = None) -> "pd.DataFrame":
    """One row per pair of records the sources set against each other, with both values, sources and the kind;
    ``kinds=("error", "ambiguity")`` lists where a source is wrong or unclear instead."""
    from .loading.provenance import disagreements as _disagreements

    return _disagreements(include_corroborations, kinds)


def __getattr__(name: str) -> object:
    if name in _LOADERS:
        from .loading import loaders

        return getattr(loaders, name)
    if name == "data_dir":
        from .loading.paths import data_dir

        return data_dir
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LOADERS, "data_dir"})


__all__ = ["__version__", "DataIntegrityError", "MoroccousDataError", "UnknownTableError", "cite", "data_dir",
           "disagreements", "evidence",
           *sorted(_LOADERS), *TABLE_LOADERS]
