"""The contributor's tools on the real seeds and texts: near misses, fmt, row order, one-sentence quotes, add source."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moroccous_data.validation.checks import check_folder
from moroccous_data.cli import cli
from moroccous_data.sentences import sentences
from moroccous_data.validation.nearmiss import fuzzy, variants
from conftest import DEFAULT_SOURCES, SEEDS

FACT_SHEET = "state-dept-security-cooperation-fact-sheet"
TEXT = (DEFAULT_SOURCES / f"{FACT_SHEET}.txt").read_text(encoding="utf-8")
ESPER = "esper-loudyi-military-cooperation-article"


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]], *, bom: bool = False, newline: str = "\n") -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


# ---------------------------------------------------------------- near misses

_TYPED = {"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"'}


@settings(max_examples=60, deadline=None)
@given(start=st.integers(0, len(TEXT) - 40), length=st.integers(12, 120),
       case=st.sampled_from(["upper", "lower", "same"]), spaces=st.sampled_from([" ", "  ", "\n"]))
def test_a_retyped_quote_is_found_at_the_offsets_of_the_source(start: int, length: int, case: str, spaces: str) -> None:
    span = TEXT[start:start + length].strip()
    start = TEXT.index(span, start)
    typed = "".join(_TYPED.get(c, c) for c in span).replace(" ", spaces)
    typed = typed.upper() if case == "upper" else typed.lower() if case == "lower" else typed
    found = [(m.start, m.end) for m in variants(TEXT, typed)]
    if typed == span:
        assert (start, start + len(span)) not in found  # an exact quote is no near miss
    else:
        assert (start, start + len(span)) in found, (span, typed)


def test_variants_name_how_the_span_differs() -> None:
    (miss,) = variants("He said “yes” – twice.", 'he said "yes" - twice.')
    assert (miss.start, miss.end, miss.text) == (0, 22, "He said “yes” – twice.")
    assert miss.differences == ("dashes", "quotes", "case") and 0 < miss.similarity < 1


def test_fuzzy_finds_a_mistyped_quote_and_never_an_unrelated_span() -> None:
    quote = "18 M142 High Mobility Artillery Rocket System (HIMARS) launchers"
    real = TEXT.index(quote)
    best = fuzzy(TEXT, quote.replace("Artillery", "Artilery").replace("18", "19"))[0]
    assert (best.start, best.end) == (real, real + len(quote)) and best.similarity > 0.9
    assert fuzzy(TEXT, "zzqx wvvk jjjq pfff") == []


def test_validate_shows_the_closest_span_and_changes_nothing(seeds_copy: Path) -> None:
    path = seeds_copy / "citations.csv"
    rows = _rows(path)
    quote = rows[0].index("quote")
    number, row = next((n, r) for n, r in enumerate(rows) if n and "’" in r[quote])
    row[quote] = row[quote].replace("’", "'")
    _write(path, rows)
    before = path.read_bytes()
    code, out = invoke("validate", seeds_copy)
    assert code == 1
    line = next(x for x in out.splitlines() if f"citations.csv:{number + 1}:quote: [quote-mismatch] " in x)
    start, end = rows[number][rows[0].index("quote_start")], rows[number][rows[0].index("quote_end")]
    assert f"closest: [{start}:{end}]" in line and "differs in quotes" in line and "never changed for you" in line
    assert path.read_bytes() == before


def test_locate_lists_the_close_spans_with_offsets() -> None:
    code, out = invoke("locate", ESPER, "Morocco's Minister Delegate", "--seeds", SEEDS)
    text = (DEFAULT_SOURCES / f"{ESPER}.txt").read_text(encoding="utf-8")
    at = text.index("Morocco’s Minister Delegate")
    assert code == 1 and "does not occur" in out and f"[{at}:{at + 27}] 'Morocco’s Minister Delegate'" in out


# ---------------------------------------------------------------- sentences


def test_abbreviations_titles_and_initials_do_not_end_sentences() -> None:
    text = ("Lt. Col. Jane Doe met Gen. Smith and Dr. Roe in Washington, D.C. on Monday. John F. Kennedy "
            "spoke. The U.S. Navy sailed. It ended.")
    assert [s.text for s in sentences(text)] == [
        "Lt. Col. Jane Doe met Gen. Smith and Dr. Roe in Washington, D.C. on Monday.",
        "John F. Kennedy spoke.", "The U.S. Navy sailed.", "It ended."]


def test_a_quote_across_two_sentences_is_refused(seeds_copy: Path) -> None:
    path = seeds_copy / "citations.csv"
    rows = _rows(path)
    c = {name: i for i, name in enumerate(rows[0])}
    spans = [(s.start, s.end) for s in sentences(TEXT)]
    def into_next(start: int) -> int:
        return next(a for a, _ in spans if a > start) + 4  # into the next sentence

    # two sentences of one paragraph: a line break in a cell is refused on its own (no control characters)
    number, row = next((n, r) for n, r in enumerate(rows) if n and r[c["source_id"]] == FACT_SHEET
                       and r[c["record_table"]] != "entities"
                       and (int(r[c["quote_start"]]), int(r[c["quote_end"]])) in spans
                       and "\n" not in TEXT[int(r[c["quote_start"]]):into_next(int(r[c["quote_start"]]))])
    start = int(row[c["quote_start"]])
    following = into_next(start)
    row[c["quote_end"]] = str(following)
    row[c["quote"]] = TEXT[start:following]
    _write(path, rows)
    problems = [str(p) for p in check_folder(seeds_copy, sources=DEFAULT_SOURCES).problems]
    assert any(f"citations.csv:{number + 1}:quote: [quote-sentences] the quote spans 2 sentences" in p for p in problems), problems


def test_the_coverage_template_gives_the_rows_to_review(seeds_copy: Path) -> None:
    path = seeds_copy / "reviewed_sentences.csv"
    rows = _rows(path)
    removed = next(r for r in rows[1:] if r[0] == ESPER)
    _write(path, [r for r in rows if r is not removed])
    code, out = invoke("coverage", "--seeds", seeds_copy, "--source", ESPER, "--template")
    assert code == 0 and f"{ESPER},{removed[1]},{removed[2]},," in out
    assert invoke("coverage", "--seeds", seeds_copy, "--source", FACT_SHEET, "--template")[1].startswith("0 row(s)")


# ---------------------------------------------------------------- fmt and row order


SALES = _rows(SEEDS / "sales.csv")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(SALES) - 1)), columns=st.permutations(range(len(SALES[0]))),
       bom=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]), pad=st.booleans())
def test_fmt_undoes_what_a_spreadsheet_does(tmp_path: Path, order: list[int], columns: list[int], bom: bool,
                                            newline: str, pad: bool) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "sales.csv"
    shutil.copyfile(SEEDS / "sales.csv", path)
    original = path.read_bytes()
    header = [(" " + c if pad and i == 0 else c) for i, c in enumerate(SALES[0])]
    body = [SALES[1:][i] for i in order]
    _write(path, [[r[i] for i in columns] for r in [header, *body]] + [[""] * len(header)], bom=bom, newline=newline)
    damaged = path.read_bytes() != original
    code, out = invoke("validate", path, "--table", "sales")
    assert (code == 1 and "fmt seeds" in out) or not damaged
    code, out = invoke("fmt", folder)
    assert code == 0 and path.read_bytes() == original
    assert ("sorted the rows" in out) == (order != sorted(order))
    assert ("changed CR/CRLF" in out) == (newline == "\r\n") and ("byte-order mark" in out) == bom
    assert invoke("fmt", folder, "--check")[1].startswith("0 file(s)")


def test_rows_out_of_order_are_refused_and_fmt_names_what_it_cannot_fix(seeds_copy: Path) -> None:
    path = seeds_copy / "entities.csv"
    rows = _rows(path)
    rows[1], rows[2] = rows[2], rows[1]
    _write(path, rows)
    code, out = invoke("validate", seeds_copy, "--sources", DEFAULT_SOURCES)
    assert code == 1 and f"entities.csv:3:id: [sort-order] row is out of order: {rows[2][0]} sorts before {rows[1][0]}" in out
    assert "moroccous-data fmt seeds" in out
    assert invoke("add", "record", "entities", "--seeds", seeds_copy, "--set", "id=zz")[1].count("fmt seeds") == 1
    rows[0][0] = "identifier"
    _write(path, rows)
    code, out = invoke("fmt", seeds_copy)
    assert code == 1 and "entities.csv: not changed: the columns are not the model's; unknown: identifier" in out


# ---------------------------------------------------------------- add source


def test_add_source_refuses_a_known_text_or_id_and_unusable_bytes(seeds_copy: Path, tmp_path: Path) -> None:
    known = DEFAULT_SOURCES / f"{FACT_SHEET}.txt"
    code, out = invoke("add", "source", known, "--id", "copy", "--kind", "fact_sheet", "--seeds", seeds_copy)
    assert code == 1 and f"is already source '{FACT_SHEET}'" in out
    fresh = tmp_path / "new.txt"
    fresh.write_text("A new text.\n", encoding="utf-8")
    code, out = invoke("add", "source", fresh, "--id", FACT_SHEET, "--kind", "fact_sheet", "--seeds", seeds_copy)
    assert code == 1 and f"already has a source with id '{FACT_SHEET}'" in out
    code, out = invoke("add", "source", fresh, "--id", "new-text", "--kind", "blog", "--seeds", seeds_copy)
    assert code == 1 and "sources.csv:" in out and ":kind: [enum-error] 'blog'" in out
    fresh.write_bytes(b"A new text.\r\n")
    code, out = invoke("add", "source", fresh, "--id", "new-text", "--kind", "press_release", "--seeds", seeds_copy)
    assert code == 1 and "CR line ends" in out
    assert not (seeds_copy / "sources" / "new-text.txt").exists()
    assert (seeds_copy / "sources.csv").read_bytes() == (SEEDS / "sources.csv").read_bytes()


@given(st.lists(st.integers(0, 60), min_size=0, max_size=20, unique=True), st.integers(0, 70), st.integers(1, 20))
def test_the_sentences_a_quote_overlaps_are_found_by_bisection(cuts: list[int], start: int, length: int) -> None:
    from moroccous_data.validation.crosschecks import _overlapping

    points = sorted(cuts)
    spans = [(a, b) for a, b in zip(points, points[1:]) if b - a > 1]
    spans = [(a, b - 1) for a, b in spans]  # disjoint, with gaps like the spaces between sentences
    end = start + length
    assert _overlapping(spans, start, end) == [(a, b) for a, b in spans if a < end and b > start]


def test_only_the_first_quotes_are_searched_for_near_misses(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import moroccous_data.validation.crosschecks as crosschecks

    monkeypatch.setattr(crosschecks, "NEAR_MISS_SEARCHES", 1)
    path = seeds_copy / "citations.csv"
    rows = _rows(path)
    quote = rows[0].index("quote")
    for row in rows[1:3]:
        row[quote] = row[quote].upper()
    _write(path, rows)
    problems = [str(p) for p in check_folder(seeds_copy, sources=DEFAULT_SOURCES).problems]
    assert "differs in case" in problems[0] and "locate shows the closest spans" in problems[1], problems
