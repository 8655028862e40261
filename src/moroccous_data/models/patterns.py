"""The regular expressions of the column types, in the subset Python re, RE2 and Rust regex all read alike."""

import re

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_PATTERN = rf"^{SLUG}$"
SLUG_LIST_PATTERN = rf"^{SLUG}(?:\|{SLUG})*$"
RECORD_REF = rf"[a-z_]+:{SLUG}"
RECORD_REFS_PATTERN = rf"^{RECORD_REF}(?:\|{RECORD_REF})*$"
ISO3_LIST_PATTERN = r"^[A-Z]{3}(?:\|[A-Z]{3})*$"
# Whitespace as literal characters: the union of Python's str.isspace and Unicode
# White_Space, because Python re, RE2 (pyarrow) and Rust (pydantic) disagree on \s.
WHITESPACE = "\t-\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Characters no text cell may hold anywhere: C0 and C1 controls (NUL, tab, line breaks, ESC…), DEL,
# the Unicode line and paragraph separators, and the format characters (Unicode category Cf: zero-width
# space, bidi overrides, byte-order mark, soft hyphen, tags…). They hide padding, reorder what a reader
# sees, or smuggle a formula past the leading-character rule (NUL or a zero-width space before '=', or
# 'x' LF '=1+1'). The zero-width (non-)joiners are excluded: they are spelling in Persian, Indic scripts
# and emoji.
CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b\u200e-\u200f\u202a-\u202e"
          "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
          "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
FORBIDDEN = CONTROL + FORMAT
# Invisible characters allowed inside a cell but never at its edge, where they are invisible padding.
INVISIBLE = "\u034f\u115f\u1160\u200c\u200d\u2800\u3164\uffa0"
# Characters a spreadsheet may run as the start of a formula, with their fullwidth and small look-alikes.
FORMULA = "=+\\-@\u2212\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20"
EDGE = f"{WHITESPACE}{FORBIDDEN}{INVISIBLE}"
# No leading/trailing whitespace or invisible character, no leading formula character, no control or format character.
TEXT_PATTERN = f"^[^{EDGE}{FORMULA}](?:[^{FORBIDDEN}]*[^{EDGE}])?$"
_ITEM = f"[^{EDGE}|](?:[^{FORBIDDEN}|]*[^{EDGE}|])?"
TEXT_LIST_PATTERN = f"^[^{EDGE}{FORMULA}|](?:[^{FORBIDDEN}|]*[^{EDGE}|])?(?:\\|{_ITEM})*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
EDTF_PATTERN = r"^[0-9X.\[][0-9X./\[\]?~%-]*$"
# An absolute http(s) address with no whitespace, quotes or angle brackets.
URL_PATTERN = f"^https?://[^{WHITESPACE}{FORBIDDEN}<>\"]+$"  # not \s: RE2 reads it as ASCII whitespace only

# A source named by a file number ("source 002", "sources 001 and 003", "...-by-004"): numbers of a
# folder no reader has. RE2 has no look-around, so this is checked per value, not in a column pattern.
_SOURCE_NUMBER = re.compile(r"\bsources?\s+0\d\d\b|-by-0\d\d\b", re.IGNORECASE)


def source_number_message(value: str) -> str | None:
    """Why ``value`` may not stand, if it refers to a source by number instead of by id."""
    found = _SOURCE_NUMBER.search(value)
    if found is None:
        return None
    return f"{found.group(0).strip('-')!r} names a source by a file number; refer to it by its id (sources.id) or title"


INTEGER_PATTERN = r"^-?[0-9]+$"  # a whole number as written in a seed: no sign '+', separators, decimals or padding
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
BOOLEANS = ("true", "false")


def integer_message(value: str) -> str | None:
    """Why a cell cannot be a whole number of the built data (a 64-bit integer), if it cannot."""
    if not re.match(INTEGER_PATTERN, value):
        return f"{value[:40]!r} is not a whole number (no separators, decimals or units)"
    shown = value if len(value) <= 24 else f"{value[:20]}… ({len(value)} characters)"
    if len(value.lstrip("-")) > 19:
        return f"{shown} has more than 19 digits; a whole number here is a 64-bit integer"
    if not INT64_MIN <= int(value) <= INT64_MAX:
        return f"{shown} does not fit in a 64-bit integer ({INT64_MIN} to {INT64_MAX})"
    return None
