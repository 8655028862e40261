"""The spans of a source closest to a quote that is not in it, so a contributor sees what was meant.

A quote copied from a web page often differs from the source text only in how
it was typed: a hyphen for an en dash, straight for curly quotes, a capital
letter, a line break for a space. Those variants are found exactly, each with
its offsets and the kinds of difference; failing that, the closest fuzzy
spans are found with rapidfuzz (the ``contrib`` extra). Nothing here picks a
span for the contributor: every candidate is shown, none is written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4`"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASH: dict[str, str | int | None] = {c: "-" for c in DASHES}
_QUOTE: dict[str, str | int | None] = {**{c: "'" for c in SINGLE_QUOTES}, **{c: '"' for c in DOUBLE_QUOTES}}
_FOLD = str.maketrans({**_DASH, **_QUOTE})
MIN_SIMILARITY = 0.75  # below this a fuzzy span is too unlike the quote to be worth showing


@dataclass(frozen=True)
class NearMiss:
    """A span of the source that may be the quote meant: its offsets, text, similarity and how it differs."""

    start: int
    end: int
    text: str
    similarity: float
    differences: tuple[str, ...]  # dashes, quotes, case, whitespace; or ("fuzzy",)

    def describe(self) -> str:
        how = "a fuzzy match" if self.differences == ("fuzzy",) else f"differs in {', '.join(self.differences)}"
        return f"[{self.start}:{self.end}] {self.text!r} (similarity {self.similarity:.2f}; {how})"


def _dashes(text: str) -> str:
    return text.translate(str.maketrans(_DASH))


def _quotes(text: str) -> str:
    return text.translate(str.maketrans(_QUOTE))


def _case(text: str) -> str:
    return text.lower()


def _whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text)


KINDS: dict[str, Callable[[str], str]] = {"dashes": _dashes, "quotes": _quotes, "case": _case,
                                          "whitespace": _whitespace}


@lru_cache(maxsize=8)
def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` with every kind of variant folded, and the offset in ``text`` of each folded character."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for i, char in enumerate(text):
        if char.isspace():
            if not in_space:
                out.append(" ")
                where.append(i)
            in_space = True
            continue
        in_space = False
        for folded in char.translate(_FOLD).lower():
            out.append(folded)
            where.append(i)
    return "".join(out), where


def quote_offsets(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, overlapping occurrences included."""
    starts = []
    at = text.find(quote) if quote else -1
    while at >= 0:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


def similarity(a: str, b: str) -> float:
    """How alike two strings are, from 0 to 1 (difflib's ratio, without its heuristic that ignores common characters)."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _differences(span: str, quote: str) -> tuple[str, ...]:
    """The kinds of variant that separate ``span`` from ``quote``: those that must be folded for them to match."""
    kinds = []
    for kind in KINDS:
        others = [f for k, f in KINDS.items() if k != kind]
        a, b = span, quote
        for fold in others:
            a, b = fold(a), fold(b)
        if a != b:
            kinds.append(kind)
    return tuple(kinds)


def variants(text: str, quote: str) -> list[NearMiss]:
    """Every span of ``text`` equal to ``quote`` once dashes, quote marks, case and whitespace are folded."""
    folded_text, where = _folded(text)
    stripped = quote.strip()
    folded_quote = _folded(stripped)[0]
    if not folded_quote:
        return []
    padded = ("whitespace",) if stripped != quote else ()
    out = []
    for match in re.finditer(re.escape(folded_quote), folded_text):
        start, end = where[match.start()], where[match.end() - 1] + 1
        span = text[start:end]
        if span != quote:
            kinds = tuple(dict.fromkeys(_differences(span, stripped) + padded))
            out.append(NearMiss(start, end, span, round(similarity(span, quote), 3), kinds))
    return out


def fuzzy(text: str, quote: str, limit: int = 3) -> list[NearMiss]:
    """The ``limit`` spans of ``text`` most like ``quote`` (at least MIN_SIMILARITY alike), best first.

    Empty when rapidfuzz is not installed: the exact variants still work without it.
    """
    try:
        from rapidfuzz import fuzz
    except ImportError:
        return []
    out: list[NearMiss] = []
    masked = text
    for _ in range(limit):
        found = fuzz.partial_ratio_alignment(quote, masked)
        if found is None or found.score < 100 * MIN_SIMILARITY or found.dest_end <= found.dest_start:
            break
        start, end = _refined(text, quote, found.dest_start, found.dest_end)
        span = text[start:end]
        score = round(similarity(span, quote), 3)
        if score >= MIN_SIMILARITY:
            out.append(NearMiss(start, end, span, score, ("fuzzy",)))
        masked = masked[:start] + "\0" * (end - start) + masked[end:]  # keep offsets, hide the span found
    return sorted(out, key=lambda m: (-m.similarity, m.start))


def _refined(text: str, quote: str, start: int, end: int, reach: int = 4) -> tuple[int, int]:
    """The span near ``[start:end]`` most like the quote: the aligned window has the quote's length, which is off
    by the characters a typo added or dropped."""
    candidates = [(a, b) for a in range(max(0, start - reach), start + reach + 1)
                  for b in range(max(a + 1, end - reach), min(len(text), end + reach) + 1)]
    return max(candidates, key=lambda span: (similarity(text[span[0]:span[1]], quote), -abs(span[0] - start)))


def near_misses(text: str, quote: str, limit: int = 3) -> list[NearMiss]:
    """The closest spans to a quote that does not occur in ``text``: exact variants if any, else fuzzy matches."""
    return variants(text, quote)[:limit] or fuzzy(text, quote, limit)
