"""The subset of EDTF (Library of Congress) the dataset uses, turned into ISO bounds.

Supported: ``2020``, ``2020-10``, ``2020-10-02``, ``199X`` (decade), ``19XX``
(century), each a *point* known to that precision; intervals ``A/B`` of those,
where either end may be ``..`` (open: still running, or "since"), each a
*period*; and ``[A..B]``, ``[A..]`` or ``[..B]``, one moment known only by its
*bounds* (a one-day meeting known only to fall within a visit; a document
written on or after a date), which is not a duration. A date may end in ``?``
(uncertain), ``~`` (approximate) or ``%`` (both); the mark is kept in the text
and does not move the bounds. Anything else is rejected rather than guessed
at, so a contributor learns at once that a form is not understood.
:func:`words` says any of them as a reader would ("on or after 2 October 2020").

Pure standard library: the loaders import it without pandas or pydantic.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year", "decade", "century")
# point: one moment, to the precision given; interval: a period (A/B, "since" A/..); bound: one moment
# known only to lie within [A..B], on or after [A..], or on or before [..B].
KINDS = ("point", "interval", "bound")

_SINGLE = re.compile(
    r"^(?:(?P<century>\d{2})XX|(?P<decade>\d{3})X|(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?)$"
)
OPEN = ".."


class EdtfError(ValueError):
    """An EDTF string outside the supported subset, or an impossible date."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The earliest and latest day an EDTF value allows (``None`` for an open end)."""

    start: date | None
    end: date | None
    precision: str
    kind: str = "point"


def _single(text: str) -> Bounds:
    text = text.removesuffix("?").removesuffix("~").removesuffix("%") if text[-1:] in "?~%" else text
    m = _SINGLE.match(text)
    if not m:
        raise EdtfError(
            f"{text!r} is not a supported EDTF date (use YYYY, YYYY-MM, YYYY-MM-DD, YYYX, YYXX, A/B or [A..B])"
        )
    if m["century"]:
        c = int(m["century"]) * 100
        return Bounds(date(max(c, 1), 1, 1), date(c + 99, 12, 31), "century")
    if m["decade"]:
        d = int(m["decade"]) * 10
        return Bounds(date(max(d, 1), 1, 1), date(d + 9, 12, 31), "decade")
    year = int(m["year"])
    if year < 1:
        raise EdtfError(f"{text!r}: year 0000 is not supported")
    if m["month"] is None:
        return Bounds(date(year, 1, 1), date(year, 12, 31), "year")
    month = int(m["month"])
    if not 1 <= month <= 12:
        raise EdtfError(f"{text!r}: month {month:02d} does not exist")
    last = calendar.monthrange(year, month)[1]
    if m["day"] is None:
        return Bounds(date(year, month, 1), date(year, month, last), "month")
    day = int(m["day"])
    if not 1 <= day <= last:
        raise EdtfError(f"{text!r}: day {day:02d} does not exist in {year}-{month:02d}")
    return Bounds(date(year, month, day), date(year, month, day), "day")


def _one_of(text: str) -> Bounds:
    first, sep, last = text[1:-1].partition("..")
    if not sep or (not first and not last) or ".." in last:
        raise EdtfError(f"{text!r}: write one moment within bounds as [A..B], [A..] or [..B]")
    lo = _single(first) if first else None
    hi = _single(last) if last else None
    if lo and hi and lo.start > hi.end:  # type: ignore[operator]
        raise EdtfError(f"{text!r}: the range starts after it ends")
    precision = max((b.precision for b in (lo, hi) if b), key=PRECISIONS.index)
    return Bounds(lo.start if lo else None, hi.end if hi else None, precision, "bound")


def parse(text: str) -> Bounds:
    """Return the bounds and precision of an EDTF value; raise :class:`EdtfError` if unsupported."""
    if text != text.strip() or not text:
        raise EdtfError(f"{text!r} is not a supported EDTF date (empty or padded with spaces)")
    if text.startswith("[") and text.endswith("]"):
        return _one_of(text)
    if "/" not in text:
        return _single(text)
    left, sep, right = text.partition("/")
    if "/" in right:
        raise EdtfError(f"{text!r}: an interval has exactly one '/'")
    if left == OPEN and right == OPEN:
        raise EdtfError(f"{text!r}: an interval needs at least one known end")
    lo = None if left == OPEN else _single(left)
    hi = None if right == OPEN else _single(right)
    if lo and hi and lo.start > hi.end:  # type: ignore[operator]
        raise EdtfError(f"{text!r}: the interval starts after it ends")
    known = [b.precision for b in (lo, hi) if b]
    precision = max(known, key=PRECISIONS.index)
    return Bounds(lo.start if lo else None, hi.end if hi else None, precision, "interval")


def fiscal_year_bounds(first: int, last: int) -> tuple[date, date]:
    """U.S. federal fiscal year N runs from 1 October of N-1 to 30 September of N."""
    return date(first - 1, 10, 1), date(last, 9, 30)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # English names whatever the machine's locale
_QUALIFIERS = {"?": "uncertain", "~": "approximate", "%": "approximate and uncertain"}


def _split(text: str) -> tuple[str, str]:
    """A single date and its qualifier mark ("" when none)."""
    return (text[:-1], text[-1]) if text[-1:] in _QUALIFIERS else (text, "")


def _pieces(text: str) -> tuple[str, ...]:
    """A single date as words from the largest unit down: ("the 1990s",), ("2020",), ("October", "2020"), ("2", "October", "2020")."""
    m = _SINGLE.match(text)
    if m is None:
        raise EdtfError(f"{text!r} is not a supported EDTF date")
    if m["century"]:
        return (f"the {m['century']}00s",)
    if m["decade"]:
        return (f"the {m['decade']}0s",)
    if m["month"] is None:
        return (m["year"],)
    month = MONTHS[int(m["month"]) - 1]
    return (month, m["year"]) if m["day"] is None else (str(int(m["day"])), month, m["year"])


def _pair(first: str, last: str, joiner: str) -> str:
    """Two dates joined ("2 and 4 October 2020", "May 2010 to 4 August 2011"), the shared month and year said once."""
    a, b = _pieces(first), _pieces(last)
    shared = 0
    if len(a) == len(b) and len(a) > 1:
        while shared < len(a) - 1 and a[len(a) - 1 - shared:] == b[len(b) - 1 - shared:]:
            shared += 1
    head = " ".join(a[: len(a) - shared])
    return f"{head} {joiner} {' '.join(b)}"


def _single_words(text: str) -> str:
    plain, mark = _split(text)
    said = " ".join(_pieces(plain))
    if mark == "~":
        return f"about {said}"
    return f"{said} ({_QUALIFIERS[mark]})" if mark else said


def _marks(first: str, last: str) -> str:
    """The qualifiers of a pair's ends, as a parenthesis ("" when neither end has one)."""
    said = [f"{end} {_QUALIFIERS[_split(text)[1]]}" for end, text in (("start", first), ("end", last))
            if text and _split(text)[1]]
    return f" ({'; '.join(said)})" if said else ""


def words(text: str, as_of: str | None = None) -> str:
    """An EDTF value as a reader says it: "2 October 2020", "on or after 2 October 2020", "in the 1990s",
    "between March and May 2021", "from 2 to 4 October 2020", "since 2012, as of 8 April 2024".

    ``as_of`` (the date a source gave a still-running figure) is added to an open period only, where
    it says how far the period is known to run. Raises :class:`EdtfError` for what :func:`parse` rejects.
    """
    bounds = parse(text)
    if bounds.kind != "point":
        first, _, last = text[1:-1].partition("..") if bounds.kind == "bound" else text.partition("/")
        if _split(first)[0] == _split(last)[0]:  # "2020/2020": the one date
            return f"{' '.join(_pieces(_split(first)[0]))}{_marks(first, last)}"
    if bounds.kind == "bound":
        if first and last:
            return f"between {_pair(_split(first)[0], _split(last)[0], 'and')}{_marks(first, last)}"
        one = first or last
        plain = _split(one)[0]
        prefix = ("on" if _single(plain).precision == "day" else "in") + (" or after " if first else " or before ")
        return f"{prefix}{' '.join(_pieces(plain))}{_marks(first, last)}"
    if bounds.kind == "interval":
        if last == OPEN:
            known = f"since {' '.join(_pieces(_split(first)[0]))}{_marks(first, '')}"
            return f"{known}, {as_of_words(as_of)}" if as_of else known
        if first == OPEN:
            return f"until {' '.join(_pieces(_split(last)[0]))}{_marks('', last)}"
        return f"from {_pair(_split(first)[0], _split(last)[0], 'to')}{_marks(first, last)}"
    said = _single_words(text)
    return f"in {said}" if bounds.precision in ("decade", "century") else said


def as_of_words(text: str) -> str:
    """ "as of 8 April 2024"; a date known only by bounds keeps them ("as of a date on or after 16 April 2026")."""
    said = words(text)
    return f"as of {said}" if parse(text).kind == "point" else f"as of a date {said}"
