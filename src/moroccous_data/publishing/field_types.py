"""What each column of the built data becomes in R and in Stata, decided once for both from its Table Schema field.

The fields are those ``datapackage.json`` ships, written from the models by the
build, so the R script and the Stata export follow the models without a second
list of types. The forms:

- ``factor``: a controlled vocabulary (``constraints.enum``), its values in the
  vocabulary's order; ordered where the field says so (date precisions).
- ``date``: a plain ISO date (Table Schema ``date``). EDTF columns are strings.
- ``integer``: a whole number that stays within 32-bit integers, R's and
  Stata's widest integer type.
- ``double``: a whole number that can pass 2,147,483,647, such as dollars.
  Which columns these are follows from their unit, not from the data. A sum of
  R integers that overflows gives NA, and a column's type should not change
  when a larger figure is added.
- ``logical``: true or false.
- ``character``: everything else (ids, EDTF dates, ``|``-separated lists, text).
"""

from __future__ import annotations

from typing import Any, Literal

from ..models.claims import AS_GIVEN
from ..models.kinds import EXTENSION, KINDS
from ..models.types import Money

Form = Literal["factor", "date", "integer", "double", "logical", "character"]
# Units whose figures can pass 2**31 - 1: whole U.S. dollars, and a claim's value "as given in unit" (which may be
# dollars). tests/test_r_stata.py fails if a column read as 32-bit holds a larger number.
WIDE_UNITS = frozenset({Money().unit, AS_GIVEN})


def vocabulary(field: dict[str, Any]) -> list[str] | None:
    """The field's controlled vocabulary in its declared order, or None."""
    values = field.get("constraints", {}).get("enum")
    return list(values) if values else None


def ordered(field: dict[str, Any]) -> bool:
    return bool(field.get("categoriesOrdered"))


def form(field: dict[str, Any]) -> Form:
    """The one form ``field`` takes in R and in Stata."""
    if vocabulary(field) is not None:
        return "factor"
    extension = field[EXTENSION]
    base: Form = KINDS[extension["kind"]].statistical  # type: ignore[assignment]
    return "double" if base == "integer" and extension.get("unit") in WIDE_UNITS else base
