"""moroccous-data: U.S.-Morocco security cooperation as cited, typed tables.

    >>> from moroccous_data import load_sales
    >>> sales = load_sales()            # pandas DataFrame
    >>> load_sales(format="arrow")      # or "polars", "models"

Importing the package is cheap: pandas, pyarrow and pydantic load only when
a table is read.
"""

from ._version import __version__
from .errors import DataIntegrityError, MoroccousDataError, UnknownTableError
from .loaders import (
    TableInfo,
    datapackage,
    load,
    load_sources,
    load_entities,
    load_sales,
    load_assistance,
    load_agreements,
    load_memberships,
    load_exercises,
    load_engagements,
    load_deployments,
    load_political_acts,
    load_claims,
    load_source_notes,
    load_citations,
    load_timeline,
    tables,
)

__all__ = [
    "__version__",
    "DataIntegrityError",
    "MoroccousDataError",
    "TableInfo",
    "UnknownTableError",
    "datapackage",
    "load",
    "load_sources",
    "load_entities",
    "load_sales",
    "load_assistance",
    "load_agreements",
    "load_memberships",
    "load_exercises",
    "load_engagements",
    "load_deployments",
    "load_political_acts",
    "load_claims",
    "load_source_notes",
    "load_citations",
    "load_timeline",
    "tables",
]
