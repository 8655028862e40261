"""``export --format stata``: each table as a Stata ``.dta`` file (format 118, Stata 14 and later, UTF-8).

Stata has no text categories and no dates inside CSV files, so a CSV loses in
Stata what the loaders keep in Python. The files keep it, following the shipped
table schemas (``field_types``, the same forms as the R script). Each
vocabulary is coded 1, 2, … in the vocabulary's order, with a value label
(named after the column) holding its values. True and false are 1 and 0,
labelled ``true`` and ``false``. Plain ISO dates are Stata dates (``%td``).
Whole numbers are ``long``, or ``double`` where they can pass 2,147,483,647
(dollars). Text is ``str#``, or ``strL`` where a value is longer than a str#
can hold, so nothing is cut. Each variable is labelled with its description,
and each file with its table's, cut to Stata's 80 characters (the full text
is in ``datapackage.json`` and the data dictionary). An empty cell is
missing: ``.`` for numbers and dates, ``""`` for text.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Literal

from ..formats import without_markup
from .field_types import form, vocabulary

if TYPE_CHECKING:
    import pandas as pd

VERSION: Literal[118] = 118
LABEL_LIMIT = 80  # characters in a variable or dataset label
STR_LIMIT = 2045  # bytes a str# variable holds; a longer text needs strL
BOOLEAN_LABELS: dict[float, str] = {0: "false", 1: "true"}
_ELLIPSIS = "\u2026"


def _boundaries(text: str) -> list[int]:
    """Where a clause or sentence of ``text`` ends, outside brackets: before "; ", ": ", and ". " + capital."""
    ends, depth = [], 0
    for i, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if depth == 0 and (text.startswith(("; ", ": "), i) or re.match(r"\. [A-Z]", text[i:i + 3])):
            ends.append(i)
    return ends


def _without_brackets(text: str) -> str:
    """``text`` without its bracketed asides, the first thing a short label can spare."""
    return re.sub(r" ?\([^()]*\)", "", text)


def label(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` within ``limit`` characters: whole; else without its bracketed asides; else its longest run of whole
    clauses that fits (if that keeps at least half); else cut at a word, with an ellipsis."""
    for candidate in (text, _without_brackets(text)):
        if len(candidate) <= limit:
            return candidate
    fitting = [end for end in _boundaries(text) if limit // 2 <= end <= limit]
    if fitting:
        return text[:fitting[-1]]
    return _without_brackets(text)[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:(") + _ELLIPSIS


def frame(resource: dict[str, Any], table: pd.DataFrame) -> tuple[pd.DataFrame, dict[Hashable, dict[float, str]]]:
    """``table`` (as the pandas loader gives it) with Stata's types, and the value labels of its coded columns."""
    import pandas as pd

    columns: dict[str, Any] = {}
    value_labels: dict[Hashable, dict[float, str]] = {}
    for field in resource["schema"]["fields"]:
        name, shape, values = field["name"], form(field), table[field["name"]]
        if shape == "factor":
            levels = vocabulary(field) or []
            codes = {value: code for code, value in enumerate(levels, start=1)}
            columns[name] = pd.array([None if pd.isna(v) else codes[v] for v in values], dtype="Int32")
            value_labels[name] = {code: value for value, code in codes.items()}
        elif shape == "logical":
            columns[name] = values.astype("Int8")
            value_labels[name] = BOOLEAN_LABELS
        elif shape == "integer":
            columns[name] = values.astype("Int32")
        elif shape == "double":
            columns[name] = values.astype("float64")
        elif shape == "date":
            columns[name] = values
        else:
            columns[name] = values.astype(object).where(values.notna(), "")
    return pd.DataFrame(columns), value_labels


def dta_bytes(resource: dict[str, Any], table: pd.DataFrame, created: str) -> bytes:
    """The ``.dta`` file of one table; ``created`` (the data package's, ISO 8601) is its time stamp, so the same
    data always gives the same bytes."""
    data, value_labels = frame(resource, table)
    fields = resource["schema"]["fields"]
    long_text = [f["name"] for f in fields if form(f) == "character"
                 and max((len(v.encode("utf-8")) for v in data[f["name"]]), default=0) > STR_LIMIT]
    buffer = io.BytesIO()
    data.to_stata(buffer, version=VERSION, write_index=False, value_labels=value_labels or None,
                  convert_dates={f["name"]: "td" for f in fields if form(f) == "date"},
                  variable_labels={f["name"]: label(without_markup(f["description"])) for f in fields},
                  data_label=label(without_markup(resource["description"])), convert_strl=long_text,
                  time_stamp=datetime.fromisoformat(created.replace("Z", "+00:00")).replace(tzinfo=None))
    return buffer.getvalue()
