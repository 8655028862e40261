"""Each table's own cross-field rules (beyond those every dated or hedged column implies).

Kept free of pydantic so the validator can load them without the models; the
models apply the same rules through ``Record``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import edtf
from .rules import (
    AnyRule,
    Computed,
    Span,
    empty,
    forbid,
    given,
    implied_rules,
    is_,
    is_not,
    require,
)

Values = Mapping[str, str | None]


def _fiscal_span(row: Values) -> str | None:
    first, last, period = row["fiscal_year_start"], row["fiscal_year_end"], row["date"]
    if first is None or last is None:
        return None
    if int(first) > int(last):
        return f"fiscal_year_start {first} is after fiscal_year_end {last}"
    start, end = edtf.fiscal_year_bounds(int(first), int(last))
    expected = f"{start.isoformat()}/{end.isoformat()}"
    return None if period == expected else f"date must be {expected!r}, the span of FY{first}-FY{last}"


def _edition_status(row: Values) -> str | None:
    if row["kind"] != "series" and row["status"] == "ongoing":
        return "'ongoing' is for a series; an edition or standalone exercise is held, cancelled or announced"
    return None


def _percent_range(row: Values) -> str | None:
    if row["unit"] == "percent" and row["value"] is not None and not 0 <= int(row["value"]) <= 100:
        return f"a percent is between 0 and 100, not {row['value']}"
    return None


def _disagreement_refs(row: Values) -> str | None:
    refs = (row["record_refs"] or "").split("|") if row["record_refs"] else []
    if row["kind"] in ("disagreement", "not_comparable", "corroboration") and len(refs) < 2:
        return f"a {row['kind']} note names every record it sets side by side in record_refs (table:id|table:id)"
    if row["kind"] == "ambiguity" and not refs:
        return "an ambiguity names the records whose reading is in question in record_refs (table:id)"
    return None


def _together(a: str, b: str) -> tuple[AnyRule, AnyRule]:
    message = f"{a} and {b} are given together or not at all"
    return require(b, given(a), message), require(a, given(b), message)


def _money(amount: str, kind: str, scope: str) -> tuple[AnyRule, ...]:
    """A dollar figure says what kind of money it is and what it covers; neither is set without one."""
    return tuple(rule for column in (kind, scope) for rule in (
        require(column, given(amount), f"{column} is required when {amount} is given: say what the money is"),
        forbid(column, empty(amount), f"{column} is set but {amount} is empty")))


RULES: dict[str, tuple[AnyRule, ...]] = {
    "assistance": (
        *_together("fiscal_year_start", "fiscal_year_end"),
        Computed("date", ("fiscal_year_start", "fiscal_year_end", "date"), _fiscal_span),
        require("date", is_("cumulative", "true"), "a cumulative figure needs the period it adds up (date)"),
    ),
    "exercises": (
        forbid("series_id", is_not("kind", "edition"), "only an edition has a series_id"),
        require("series_id", is_("kind", "edition"), "series_id is required for an edition"),
        Computed("status", ("kind", "status"), _edition_status),
        forbid("cancellation_reason", is_not("status", "cancelled"), "cancellation_reason is only for a cancelled exercise"),
    ),
    "claims": (
        *_together("value", "unit"),
        Computed("value", ("unit", "value"), _percent_range),
    ),
    "sale_events": (
        forbid("transmittal", is_not("stage", "notified", "amended"), "only a notification or an amendment has a transmittal"),
        forbid("amends_transmittal", is_not("stage", "amended"), "only an amendment amends a transmittal"),
        *_money("value_usd", "value_kind", "value_scope"),
    ),
    "citations": (
        Span("quote", "quote_start", "quote_end"),
        require("quote", empty("fingerprint"), "a citation has a quote (of a held text) or a fingerprint (of a page not held)"),
        forbid("fingerprint", given("quote"), "a citation has a quote or a fingerprint, not both"),
        *_together("quote", "quote_start"), *_together("quote", "quote_end"), *_together("fingerprint", "locator"),
    ),
    "sources": (
        *_together("sha256", "characters"),
        require("url", empty("sha256"), "a source not held in seeds/sources needs its address (url)"),
        require("accessed", empty("sha256"), "a source not held in seeds/sources needs the day it was read (accessed)"),
    ),
    "source_notes": (
        *_together("record_table", "record_id"),
        Computed("record_refs", ("kind", "record_refs"), _disagreement_refs),
    ),
}


def rules_for(table: str, fields: Sequence[str], hedges: Mapping[str, str]) -> tuple[AnyRule, ...]:
    """Every cross-field rule of ``table``: the implied ones (``hedges``: each qualifier and the number it hedges),
    then the table's own."""
    return (*implied_rules(fields, hedges), *RULES.get(table, ()))
