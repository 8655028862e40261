"""The models and the validator agree, both ways, on every cell and every row rule.

The validator judges seed files a column at a time; the build then turns each
valid row into a model instance. A row one accepts and the other refuses is a
bug either way: the build would fail on a file ``validate`` passed, or a user
building models by hand could make a record no seed file could hold. Rows are
real seed rows with one to three cells changed, so every rule sees realistic
neighbours; problems between rows (repeated keys, order) are not the models'
business and are left out of the comparison.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from moroccous_data.validation.checks import check_file
from moroccous_data.models import TABLES
from moroccous_data.validation.problem import Code
from moroccous_data.models.rules import Masks, Rule, When
from moroccous_data.models.specs import table_specs
from conftest import SEEDS

pytestmark = pytest.mark.slow  # the validator's own code, property-tested: not a data contributor's run

BETWEEN_ROWS = {Code.DUPLICATE_KEY, Code.DUPLICATE_FACT, Code.SORT_ORDER}
# Text a spreadsheet or a careless hand puts in a cell, for every kind of column: the four cells the
# review found the models took and the validator refused come first.
HOSTILE = ["yes", "1_000", "167000000.0", " 167000000", "", " ", "=1+1", "\u200b=1", "-5", "+5", "05", "-0", "1.5",
           "9223372036854775807", "9223372036854775808", "1e3", "TRUE", "True", "1", "0", "false", "true", "USA ", "usa",
           "XXX", "USA|USA", "USA|MAR", "2020-02-30", "2020-13", "2020/2021", "2019..", "x|x", "a||b", "a|b", "Sales",
           "sale", "stated", "inferred", "sources:x", "sales:x|sales:x", "a\x00b", "source 002", "-by-004", "ab" * 200]


def _seed(table: str) -> tuple[list[str], list[list[str]]]:
    with (SEEDS / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = csv.reader(handle)
    return header, rows


SEED = {t: _seed(t) for t in TABLES}
CITED = sorted(t for t in TABLES if SEED[t][1])


def _verdicts(table: str, rows: list[list[str]]) -> list[tuple[list[str], bool]]:
    """Each row, and whether the validator refuses it, checked together in one file."""
    header = SEED[table][0]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        problems = check_file(path, table).problems
    refused = {p.row for p in problems if p.code not in BETWEEN_ROWS}
    return [(row, number in refused) for number, row in enumerate(rows, start=2)]


def _model_refuses(table: str, row: list[str]) -> str | None:
    try:
        TABLES[table].model_validate({k: v for k, v in zip(SEED[table][0], row) if v != ""})
    except ValidationError as exc:
        return str(exc)
    return None


def _assert_agree(table: str, rows: list[list[str]]) -> None:
    header = SEED[table][0]
    for row, validator_refuses in _verdicts(table, rows):
        model = _model_refuses(table, row)
        shown = dict(zip(header, row))
        assert validator_refuses == (model is not None), (
            f"{table}: the validator {'refuses' if validator_refuses else 'accepts'} and the model "
            f"{'refuses' if model else 'accepts'} {shown}\n{model or ''}")


def _sweep(table: str) -> Iterator[list[str]]:
    """Every column of a few real rows set to each hostile value; then every column of every row emptied
    and set to values other rows hold there, which is what breaks the rules between a row's cells."""
    header, rows = SEED[table]
    for number, row in enumerate(rows):
        for column in range(len(header)):
            others = sorted({r[column] for r in rows} - {row[column]})[:2 if number >= 3 else 6]
            for value in (*(HOSTILE if number < 3 else ("",)), *others):
                changed = list(row)
                changed[column] = value
                yield changed


@pytest.mark.parametrize("table", CITED)
def test_every_column_of_every_table_gets_one_verdict_from_both(table: str) -> None:
    _assert_agree(table, list(_sweep(table)))


def test_the_cells_the_review_found_are_refused_by_both() -> None:
    header, rows = SEED["assistance"]
    for column, value in [("cumulative", "yes"), ("amount_usd", "1_000"), ("amount_usd", "167000000.0"),
                          ("amount_usd", " 167000000")]:
        changed = list(rows[0])
        changed[header.index(column)] = value
        [(_, validator_refuses)] = _verdicts("assistance", [changed])
        assert validator_refuses and _model_refuses("assistance", changed), (column, value)


def _example(table: str, column: str) -> str:
    """A valid cell for a column no real row fills yet (a stage's money before any source gives one)."""
    spec = next(c for c in table_specs()[table].columns if c.name == column)
    return spec.enum[0] if spec.enum else "1" if spec.type == "integer" else "given"


def _breaking(table: str, rule: Rule) -> Iterator[list[str]]:
    """Real rows changed in the two cells a rule reads, so that its condition holds and its column is wrong."""
    header, rows = SEED[table]
    when, column = header.index(rule.when.column), header.index(rule.column)
    for row in rows:
        if rule.when.values is not None:
            conditions = sorted(rule.when.values) if not rule.when.negate else sorted({r[when] for r in rows} - rule.when.values)
        else:
            conditions = [""] if rule.when.negate else (sorted({r[when] for r in rows} - {""})[:1]
                                                        or [_example(table, rule.when.column)])
        wrong = [""] if rule.require else (sorted({r[column] for r in rows} - {""})[:1] or ["reasoning given here"])
        for condition in conditions:
            for value in wrong:
                changed = list(row)
                changed[when], changed[column] = condition, value
                yield changed


@pytest.mark.parametrize("table", CITED)
def test_every_rule_broken_on_purpose_is_refused_by_both(table: str) -> None:
    """Each rule's condition made true and its column made wrong, on every row: both refuse, whether for the rule
    or (where a column the rule reads is itself required) for the cell."""
    rules = [r for r in table_specs()[table].rules if isinstance(r, Rule)]
    for rule in rules:
        rows = list(_breaking(table, rule))
        assert rows, f"{table}: no row can break {rule.message!r}"
        verdicts = _verdicts(table, rows)
        assert all(refused for _, refused in verdicts), (table, rule.message)
        _assert_agree(table, rows)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CITED), st.data())
def test_rows_with_several_changed_cells_get_one_verdict_from_both(table: str, data: st.DataObject) -> None:
    header, rows = SEED[table]
    row = list(data.draw(st.sampled_from(rows)))
    for _ in range(data.draw(st.integers(1, 3))):
        column = data.draw(st.integers(0, len(header) - 1))
        row[column] = data.draw(st.one_of(st.sampled_from(HOSTILE), st.sampled_from([r[column] for r in rows]),
                                          st.text(max_size=12)))
    _assert_agree(table, [row])


@settings(max_examples=300, deadline=None)
@given(column=st.lists(st.sampled_from(["", "a", "b", "c"]), min_size=1, max_size=8), data=st.data(),
       values=st.one_of(st.none(), st.frozensets(st.sampled_from(["a", "b", "c"]), min_size=1)),
       negate=st.booleans(), require=st.booleans())
def test_a_rule_of_every_shape_masks_the_rows_it_refuses_one_by_one(column: list[str], data: st.DataObject,
                                                                    values: frozenset[str] | None, negate: bool,
                                                                    require: bool) -> None:
    """Any condition (given, one of some values, either negated) with the column required or forbidden: the
    validator's mask over a table and the models' verdict row by row agree, including the shapes no table
    declares today."""
    other = data.draw(st.lists(st.sampled_from(["", "x"]), min_size=len(column), max_size=len(column)))
    rule = Rule("target", When("condition", values, negate), require, "broken")
    table = pa.table({"condition": pa.array(column, pa.string()), "target": pa.array(other, pa.string())})
    mask = rule.mask(Masks(table)).to_pylist()
    assert mask == [rule.row({"condition": c or None, "target": t or None}) is not None for c, t in zip(column, other)]
