"""EDTF parsing: the bounds and precision every dated record derives from."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import assume, given
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


@pytest.mark.parametrize(
    ("text", "said"),
    [  # one of each form the shipped data uses, and the rest the parser accepts
        ("2020-10-02", "2 October 2020"),
        ("2026-02", "February 2026"),
        ("2007", "2007"),
        ("195X", "in the 1950s"),
        ("19XX", "in the 1900s"),
        ("2008-03-12?", "12 March 2008 (uncertain)"),
        ("2004~", "about 2004"),
        ("2018-04-10/2018-04-12", "from 10 to 12 April 2018"),
        ("2017-10-01/2022-09-30", "from 1 October 2017 to 30 September 2022"),
        ("2020-10-02/2020-10-04?", "from 2 to 4 October 2020 (end uncertain)"),
        ("2021/2025", "from 2021 to 2025"),
        ("2012/..", "since 2012"),
        ("199X/..", "since the 1990s"),
        ("../2030", "until 2030"),
        ("2020/2020", "2020"),
        ("[..2007-08-03]", "on or before 3 August 2007"),
        ("[..1999]", "in or before 1999"),
        ("[2020-10-02..]", "on or after 2 October 2020"),
        ("[2016-11..]", "in or after November 2016"),
        ("[2026-04-14..2026-04-16]", "between 14 and 16 April 2026"),
        ("[2021-03..2021-05]", "between March and May 2021"),
        ("[2010-05..2011-08-04]", "between May 2010 and 4 August 2011"),
        ("[2013..2024-04-08]", "between 2013 and 8 April 2024"),
    ],
)
def test_words(text: str, said: str) -> None:
    assert edtf.words(text) == said


def test_a_running_figure_says_how_far_it_is_known_to_run() -> None:
    assert edtf.words("2012/..", as_of="2024-04-08") == "since 2012, as of 8 April 2024"
    assert edtf.words("2012/..", as_of="2024-04") == "since 2012, as of April 2024"
    assert edtf.words("2021/2025", as_of="2024-04-08") == "from 2021 to 2025"  # a closed period needs no "as of"
    assert edtf.as_of_words("[2026-04-16..]") == "as of a date on or after 16 April 2026"


def test_every_date_in_the_shipped_data_has_words() -> None:
    from moroccous_data.loading import loaders
    from moroccous_data.models.kinds import EXTENSION

    said = {}
    for resource in loaders.datapackage()["resources"]:
        columns = [f["name"] for f in resource["schema"]["fields"] if f[EXTENSION]["kind"] == "edtf"]
        for row in loaders.load(resource["name"], "arrow").select(columns).to_pylist():
            said.update({v: edtf.words(v) for v in row.values() if v})
    assert len(said) > 100
    assert not {v: w for v, w in said.items() if re.search(r"\.\.|[/\[\]X?~%]|\d-\d", w)}


_YEARS = st.integers(1000, 2999)
_SINGLES = st.one_of(
    st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)).map(date.isoformat),
    st.builds(lambda y, m: f"{y}-{m:02d}", _YEARS, st.integers(1, 12)),
    _YEARS.map(str),
    st.integers(100, 299).map(lambda d: f"{d}X"),
    st.integers(10, 29).map(lambda c: f"{c}XX"),
)
_MARKED = st.builds(lambda s, m: s + m, _SINGLES, st.sampled_from(["", "", "?", "~", "%"]))
_FORMS = st.one_of(
    _MARKED,
    st.builds(lambda a, b: f"{a}/{b}", _MARKED, _MARKED),
    _MARKED.map(lambda a: f"{a}/.."),
    _MARKED.map(lambda b: f"../{b}"),
    st.builds(lambda a, b: f"[{a}..{b}]", _SINGLES, _SINGLES),
    _SINGLES.map(lambda a: f"[{a}..]"),
    _SINGLES.map(lambda b: f"[..{b}]"),
)


def _named(single: str) -> list[str]:
    """What words must name of a single date: its year (or decade, century), and its month and day when known."""
    plain = single.rstrip("?~%")
    if plain.endswith("XX"):
        return [f"{plain[:2]}00s"]
    if plain.endswith("X"):
        return [f"{plain[:3]}0s"]
    parts = plain.split("-")
    return [parts[0]] + ([edtf.MONTHS[int(parts[1]) - 1]] if len(parts) > 1 else []) + ([str(int(parts[2]))] if len(parts) > 2 else [])


@given(_FORMS)
def test_words_name_every_known_end_and_no_edtf_syntax(text: str) -> None:
    try:
        bounds = edtf.parse(text)
    except edtf.EdtfError:
        assume(False)
    said = edtf.words(text)
    assert said and not re.search(r"\.\.|[/\[\]X?~%]|\d-\d", said), said
    ends = [e for e in re.split(r"/|\.\.", text.strip("[]")) if e]
    assert all(name in said for end in ends for name in _named(end)), said
    opening = {("bound", True, True): "between ", ("bound", True, False): " or after ", ("bound", False, True): " or before ",
               ("interval", True, True): "from ", ("interval", True, False): "since ", ("interval", False, True): "until "}
    if bounds.kind != "point" and len(set(e.rstrip("?~%") for e in ends)) == len(ends):
        assert opening[bounds.kind, bounds.start is not None, bounds.end is not None] in said, said
    if text.endswith("/.."):
        assert edtf.words(text, as_of="2024-04-08").endswith(", as of 8 April 2024")
