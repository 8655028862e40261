"""EDTF parsing: the bounds and precision every dated record derives from."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moroccous_data import edtf


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "kind"),
    [
        ("2020-10-02", date(2020, 10, 2), date(2020, 10, 2), "day", "point"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month", "point"),
        ("2004", date(2004, 1, 1), date(2004, 12, 31), "year", "point"),
        ("199X", date(1990, 1, 1), date(1999, 12, 31), "decade", "point"),
        ("19XX", date(1900, 1, 1), date(1999, 12, 31), "century", "point"),
        ("2026-04-14/2026-04-16", date(2026, 4, 14), date(2026, 4, 16), "day", "interval"),
        ("2012/..", date(2012, 1, 1), None, "year", "interval"),
        ("../2030", None, date(2030, 12, 31), "year", "interval"),
        ("2020-10/2030", date(2020, 10, 1), date(2030, 12, 31), "year", "interval"),
        ("[2020-10-02..2020-10-04]", date(2020, 10, 2), date(2020, 10, 4), "day", "bound"),
        ("[2022-10-01..]", date(2022, 10, 1), None, "day", "bound"),
        ("[..2020-11-04]", None, date(2020, 11, 4), "day", "bound"),
        ("[2020..2021-06]", date(2020, 1, 1), date(2021, 6, 30), "year", "bound"),
        ("2020-10-02/2020-10-04?", date(2020, 10, 2), date(2020, 10, 4), "day", "interval"),
        ("2004~", date(2004, 1, 1), date(2004, 12, 31), "year", "point"),
    ],
)
def test_bounds(text: str, start: date | None, end: date | None, precision: str, kind: str) -> None:
    assert edtf.parse(text) == edtf.Bounds(start, end, precision, kind)


def test_a_bound_is_not_a_period() -> None:
    assert edtf.parse("[2022-10-01..]").kind == "bound" and edtf.parse("2022-10-01/..").kind == "interval"


@pytest.mark.parametrize(
    "text",
    ["", " 2020", "2020-13", "2021-02-29", "2020/2019", "../..", "2020/2021/2022", "20", "2020-1-1", "late 1990s", "2020~~", "?", "[..]", "[2020...]", "[2021..2020]", "[2020/2021]", "[2020..2021..2022]"],
)
def test_rejects_what_it_does_not_understand(text: str) -> None:
    with pytest.raises(edtf.EdtfError):
        edtf.parse(text)


def test_fiscal_years_run_october_to_september() -> None:
    assert edtf.fiscal_year_bounds(2018, 2022) == (date(2017, 10, 1), date(2022, 9, 30))
    assert edtf.fiscal_year_bounds(2022, 2022) == (date(2021, 10, 1), date(2022, 9, 30))


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_any_day_is_its_own_bounds(day: date) -> None:
    assert edtf.parse(day.isoformat()) == edtf.Bounds(day, day, "day")


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 31)), st.integers(0, 4000))
def test_intervals_contain_their_ends(first: date, span: int) -> None:
    last = date.fromordinal(min(first.toordinal() + span, date(9999, 12, 31).toordinal()))
    bounds = edtf.parse(f"{first.isoformat()}/{last.isoformat()}")
    assert bounds.start == first and bounds.end == last and bounds.precision == "day"


@given(st.text(max_size=25))
def test_never_fails_except_with_edtf_error(text: str) -> None:
    try:
        bounds = edtf.parse(text)
    except edtf.EdtfError:
        return
    assert bounds.precision in edtf.PRECISIONS
    if bounds.start and bounds.end:
        assert bounds.start <= bounds.end
