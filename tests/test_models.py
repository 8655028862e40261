"""The models' own rules: what a single row must satisfy, whoever wrote it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from moroccous_data.models import TABLES, Assistance, Citation, Claim, Exercise, Sale, SaleEvent
from moroccous_data.models.vocab import Basis


SALE: dict[str, Any] = {
    "id": "m142-himars-fms",
    "name": "M142 High Mobility Artillery Rocket System (HIMARS) launchers",
    "designation": "M142",
    "category": "rocket_launcher",
    "program": "fms",
    "program_basis": "inferred",
    "program_note": "Read from the heading of the list the item is in.",
    "supplier": "USA",
    "recipient": "MAR",
}

EVENT: dict[str, Any] = {
    "id": "m142-himars-fms-notified",
    "sale_id": "m142-himars-fms",
    "stage": "notified",
    "stage_basis": "stated",
    "date": "2019-03-25",
    "date_basis": "stated",
    "quantity": "18",
    "quantity_qualifier": "up_to",
    "value_usd": "62000000",
    "value_qualifier": "exact",
    "value_kind": "notified_estimate",
    "value_scope": "whole_package",
    "transmittal": "19-16",
}

ASSISTANCE: dict[str, Any] = {
    "id": "dcs-fy2018-2022",
    "program": "dcs",
    "measure": "exports_authorized",
    "amount_usd": "167000000",
    "amount_qualifier": "over",
    "currency": "USD",
    "recipient": "MAR",
    "cumulative": "true",
    "date": "2017-10-01/2022-09-30",
    "date_basis": "stated",
    "fiscal_year_start": "2018",
    "fiscal_year_end": "2022",
    "as_of": "[2022-10-01..]",
    "as_of_basis": "inferred",
    "as_of_note": "The fact sheet reports FY2022 figures as past.",
}


def test_valid_rows_pass() -> None:
    assert Sale.model_validate(SALE).category == "rocket_launcher"
    assert SaleEvent.model_validate(EVENT).quantity == 18
    assert Assistance.model_validate(ASSISTANCE).amount_usd == 167_000_000


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"colour": "red"}, "Extra inputs are not permitted"),
        ({"supplier": "US"}, "not an ISO 3166-1 alpha-3"),
        ({"program_note": None}, "program_note must give the reasoning"),
        ({"program_basis": None}, "program_basis\n  Field required"),
        ({"id": "M142 HIMARS"}, "String should match pattern"),
        ({"name": "=HYPERLINK(1)"}, "String should match pattern"),
        ({"name": " padded"}, "String should match pattern"),
        ({"category": "tanks"}, "Input should be"),
        ({"quantity": "18"}, "Extra inputs are not permitted"),
    ],
)
def test_sale_rules(change: dict[str, Any], expected: str) -> None:
    row = {k: v for k, v in {**SALE, **change}.items() if v is not None}
    with pytest.raises(ValidationError, match=expected):
        Sale.model_validate(row)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"quantity": "-1"}, "greater than or equal to 0"),
        ({"quantity_qualifier": None}, "quantity_qualifier is required"),
        ({"date": "late 2019"}, "String should match pattern"),
        ({"date": "2019-02-30"}, "does not exist"),
        ({"date": None}, "date\n  Field required"),
        ({"date_basis": "inferred"}, "date_note must give the reasoning"),
        ({"stage": "approved"}, "Input should be"),
        ({"value_kind": None}, "value_kind is required when value_usd is given"),
        ({"value_scope": None}, "value_scope is required when value_usd is given"),
        ({"value_usd": None, "value_qualifier": None}, "value_kind is set but value_usd is empty"),
        ({"stage": "delivered"}, "only a notification or an amendment has a transmittal"),
        ({"amends_transmittal": "18-01"}, "only an amendment amends a transmittal"),
        ({"transmittal": "19/16"}, "String should match pattern"),
    ],
)
def test_sale_event_rules(change: dict[str, Any], expected: str) -> None:
    row = {k: v for k, v in {**EVENT, **change}.items() if v is not None}
    with pytest.raises(ValidationError, match=expected):
        SaleEvent.model_validate(row)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"date": "2018-01-01/2022-12-31"}, "span of FY2018-FY2022"),
        ({"fiscal_year_end": None}, "given together"),
        ({"fiscal_year_start": "2023"}, "after fiscal_year_end"),
        ({"amount_usd": "167.5"}, "not a whole number"),
        ({"currency": "EUR"}, "String should match pattern"),
        ({"date": None, "date_basis": None, "fiscal_year_start": None, "fiscal_year_end": None}, "needs the period"),
    ],
)
def test_assistance_rules(change: dict[str, Any], expected: str) -> None:
    row = {k: v for k, v in {**ASSISTANCE, **change}.items() if v is not None}
    with pytest.raises(ValidationError, match=expected):
        Assistance.model_validate(row)


def test_citation_offsets_must_span_the_quote() -> None:
    good = {"record_table": "sales", "record_id": "x", "source_id": "s", "role": "states", "quote": "18 M142", "quote_start": 5, "quote_end": 12}
    Citation.model_validate(good)
    with pytest.raises(ValidationError, match="quote is 7 characters long"):
        Citation.model_validate({**good, "quote_end": 13})
    with pytest.raises(ValidationError, match="at most 300"):
        Citation.model_validate({**good, "quote": "x" * 301, "quote_end": 306})


def test_claim_and_exercise_rules() -> None:
    claim = {"id": "c", "kind": "arms_supply_share", "subject_id": "morocco", "statement": "Share.",
             "attributed_to_id": "cip", "value": "91", "unit": "percent", "value_qualifier": "exact"}
    Claim.model_validate(claim)
    with pytest.raises(ValidationError, match="between 0 and 100"):
        Claim.model_validate({**claim, "value": "191"})
    with pytest.raises(ValidationError, match="given together"):
        Claim.model_validate({k: v for k, v in claim.items() if k != "unit"})
    with pytest.raises(ValidationError, match="only an edition has a series_id"):
        Exercise.model_validate({"id": "a", "name": "A", "kind": "series", "series_id": "b", "status": "ongoing"})


def test_every_field_is_described() -> None:
    for table, model in TABLES.items():
        assert model.__doc__, table
        for name, field in model.model_fields.items():
            assert field.description and len(field.description) > 10, f"{table}.{name} has no description"


def test_each_basis_says_whether_a_value_known_so_needs_its_reasoning() -> None:
    """``Basis.needs_note`` decides the note rule: a new basis must state it (its ``__new__`` asks for it), and
    every value that needs a note is refused without one."""
    assert all(isinstance(basis.needs_note, bool) for basis in Basis)
    for basis in Basis:
        changed = {**SALE, "program_basis": basis.value, "program_note": None}
        if basis.needs_note:
            with pytest.raises(ValidationError, match="program_note must give the reasoning"):
                Sale(**changed)
        else:
            Sale(**changed)
