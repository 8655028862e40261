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
