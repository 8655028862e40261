"""Cells as CONTRIBUTING says: no formula look-alike first, in a cell or a list item; no variation selector as padding.

The look-alike class is a Unicode property, not a choice: it is derived here
again from Python's Unicode database and must equal ``patterns.FORMULA``.
Hypothesis then draws characters from the categories the rule reads (dashes,
symbols, punctuation) and holds the three engines that check a cell (Python
``re`` for Frictionless-style checks, pyarrow's RE2 in the validator,
pydantic's Rust regex in the models) to the rule, both ways. The trial's
cases run through the real command.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from conftest import SEEDS, run
from moroccous_data.models.patterns import EDGE, FORMULA, TEXT_LIST_PATTERN, TEXT_PATTERN
from moroccous_data.models.types import Text, TextList

WORDS = ("MINUS", "PLUS", "EQUALS", "HYPHEN", "COMMERCIAL AT")


def lookalike(character: str) -> bool:
    """The rule CONTRIBUTING states: a dash, or a symbol or punctuation named for minus, plus, equals, hyphen or at."""
    category = unicodedata.category(character)
    return category == "Pd" or (category[0] in "PS" and any(w in unicodedata.name(character, "") for w in WORDS))


def _class(code_points: list[int]) -> str:
    """Code points as a regular-expression class body, runs of three or more as ranges."""
    def one(point: int) -> str:
        return f"\\{chr(point)}" if chr(point) in "\\]^-[" else chr(point)

    runs: list[list[int]] = []
    for point in code_points:
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return "".join(f"{one(a)}-{one(b)}" if b - a >= 2 else "".join(one(p) for p in range(a, b + 1)) for a, b in runs)


def test_the_lookalike_class_is_the_unicode_property() -> None:
    derived = _class([p for p in range(sys.maxunicode + 1) if lookalike(chr(p))])
    assert FORMULA == derived, f"regenerate patterns.FORMULA as {derived.encode('unicode_escape').decode()!r}"


TEXT, TEXT_LIST = TypeAdapter(Text), TypeAdapter(TextList)


def _verdicts(value: str, pattern: str, adapter: TypeAdapter) -> tuple[bool, bool, bool]:
    try:
        adapter.validate_python(value)
        model = True
    except ValidationError:
        model = False
    arrow = pc.match_substring_regex(pa.array([value]), pattern)[0].as_py()
    return re.match(pattern, value) is not None, arrow, model


@settings(max_examples=400, deadline=None)
@example(first="\u2800", rest="x")  # found by this test: an invisible filler, refused at an edge anyway
@given(first=st.characters(categories=("Pd", "Sm", "So", "Sk", "Sc", "Po", "Ps", "Pe", "Pc")), rest=st.sampled_from(["x", "1 000", "Rabat"]))
def test_a_first_character_is_refused_exactly_when_it_looks_like_a_formula(first: str, rest: str) -> None:
    expected = not lookalike(first) and re.match(f"[{EDGE}]", first) is None  # an edge filler (braille blank) too
    assert _verdicts(first + rest, TEXT_PATTERN, TEXT) == (expected,) * 3, (first, unicodedata.name(first, "?"))
    listed = expected and first != "|"  # '|' there would end the item, leaving an empty one
    assert _verdicts(f"Rabat|{first}{rest}", TEXT_LIST_PATTERN, TEXT_LIST) == (listed,) * 3
    assert _verdicts(f"{rest}{first}x", TEXT_PATTERN, TEXT) == (True,) * 3, "only the first character counts"


def test_every_symbol_and_punctuation_first_gets_the_rules_verdict_in_the_validators_engine() -> None:
    """Every character the rule reads, at once, through pyarrow (the validator's engine): no sample left out."""
    firsts = [chr(p) for p in range(sys.maxunicode + 1) if unicodedata.category(chr(p))[0] in "PS"]
    verdicts = pc.match_substring_regex(pa.array([f + "x" for f in firsts]), TEXT_PATTERN).to_pylist()
    wrong = [f"U+{ord(f):04X}" for f, ok in zip(firsts, verdicts)
             if ok != (not lookalike(f) and re.match(f"[{EDGE}]", f) is None)]
    assert len(firsts) > 8000 and wrong == []


SELECTORS = [chr(c) for c in (*range(0xFE00, 0xFE10), 0x180B, 0x180C, 0x180D, 0x180F, *range(0xE0100, 0xE01F0))]


@settings(max_examples=100, deadline=None)
@given(selector=st.sampled_from(SELECTORS), at_start=st.booleans())
def test_a_variation_selector_is_refused_at_an_edge_and_kept_inside(selector: str, at_start: bool) -> None:
    padded = selector + "Rabat" if at_start else "Rabat" + selector
    assert _verdicts(padded, TEXT_PATTERN, TEXT) == (False,) * 3
    assert _verdicts(f"x|{padded}", TEXT_LIST_PATTERN, TEXT_LIST) == (False,) * 3
    assert _verdicts(f"\u845b{selector}x", TEXT_PATTERN, TEXT) == (True,) * 3, "a selector shaping a character"


def _case(tmp_path: Path, table: str, record: str, column: str, value: str) -> Path:
    with (SEEDS / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    next(r for r in rows if r["id"] == record)[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / f"{table}.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


TRIAL_CASES = [  # the kept cases of the trial (reliability-cases-0.2.0), and the list items it reported
    ("entities", "morocco", "name", "\u02d7cmd|calc", "[formula]"),
    ("agreements", "critical-minerals-mou-2026", "aliases", "\ufe00Minerals MOU", "[character-error]"),
    ("engagements", "defense-consultative-committee-14-2026", "name", "\ufe0fFourteenth meeting", "[character-error]"),
    ("entities", "morocco", "aliases", 'Kingdom of Morocco|=HYPERLINK("http://evil","x")', "[pattern-error]"),
    ("entities", "morocco", "aliases", "Kingdom of Morocco|+cmd|@SUM(1)", "[pattern-error]"),
]


@pytest.mark.parametrize(("table", "record", "column", "value", "code"), TRIAL_CASES)
def test_the_trials_cells_are_refused_by_validate_and_set(seeds_copy: Path, tmp_path: Path, table: str, record: str,
                                                          column: str, value: str, code: str) -> None:
    path = _case(tmp_path, table, record, column, value)
    result = run(sys.executable, "-m", "moroccous_data", "validate", path, "--table", table)
    assert result.returncode == 1 and code in result.stdout, result.stdout
    assert len([line for line in result.stdout.splitlines() if f":{column}: " in line]) == 1, result.stdout
    before = (seeds_copy / f"{table}.csv").read_bytes()
    edit = run(sys.executable, "-m", "moroccous_data", "set", table, record, column, value, "--seeds", seeds_copy)
    assert edit.returncode == 1 and "nothing was written" in edit.stderr, edit.stderr
    assert (seeds_copy / f"{table}.csv").read_bytes() == before
