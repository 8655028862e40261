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
# Invisible characters allowed inside a cell but never at its edge, where they are invisible padding: the
# joiners and fillers, and the variation selectors (VS1-16, the Mongolian ones), which only shape the
# character before them. Listed one by one, as the validator's messages look characters up in it.
INVISIBLE = ("\u034f\u115f\u1160\u200c\u200d\u2800\u3164\uffa0\u180b\u180c\u180d\u180f"
             "\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f")
# The supplementary variation selectors (VS17-256), as a range: invisible padding at an edge too.
INVISIBLE_RANGE = "\U000e0100-\U000e01ef"
# Characters a spreadsheet may run as the start of a formula (= + - @) and every look-alike, by Unicode
# property: each dash (general category Pd), and each symbol or punctuation (category S* or P*) whose
# Unicode name holds MINUS, PLUS, EQUALS, HYPHEN or COMMERCIAL AT (˗ ➖ ➕ ‐ – — ⁃ ﹘ ꞊ ⩵ ± …), as ranges
# of a regular-expression class. Derived, not chosen: tests/test_lookalikes.py derives the class again
# from Python's Unicode database and fails on any difference (then paste the class it prints).
FORMULA = ("+\\-=@\u00b1\u02d6\u02d7\u058a\u05be\u1400\u1806\u2010-\u2015\u2027\u2043\u2052\u207a-\u207c"
           "\u208a-\u208c\u2212-\u2214\u2216\u2238\u2242\u2254\u2255\u225b\u2295\u2296\u229c\u229e\u229f\u22cd"
           "\u2756\u2795\u2796\u27f4\u293c\u293d\u2945\u2946\u2971\u29e3\u29e4\u29fa\u29fb\u2a01\u2a04"
           "\u2a22-\u2a2e\u2a39\u2a3a\u2a41\u2a66\u2a6c\u2a6e\u2a71-\u2a73\u2a75-\u2a77\u2a9f\u2aa0"
           "\u2aae-\u2ab0\u2ab3\u2ab4\u2abf\u2ac0\u2ac5\u2ac6\u2b32\u2b40\u2bf9\u2e17\u2e1a\u2e3a\u2e3b\u2e40"
           "\u2e5d\u301c\u3030\u30a0\ua78a\ufb29\ufe31\ufe32\ufe58\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d"
           "\uff20\U00010ead\U0001d144\U0001f7f0")
EDGE = f"{WHITESPACE}{FORBIDDEN}{INVISIBLE}{INVISIBLE_RANGE}"
# No leading/trailing whitespace or invisible character, no leading formula character, no control or format character.
TEXT_PATTERN = f"^[^{EDGE}{FORMULA}](?:[^{FORBIDDEN}]*[^{EDGE}])?$"
# Each item of a |-list obeys the first-character rule too: whoever splits the list gets cells of their own.
_ITEM = f"[^{EDGE}{FORMULA}|](?:[^{FORBIDDEN}|]*[^{EDGE}|])?"
TEXT_LIST_PATTERN = f"^[^{EDGE}{FORMULA}|](?:[^{FORBIDDEN}|]*[^{EDGE}|])?(?:\\|{_ITEM})*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
EDTF_PATTERN = r"^[0-9X.\[][0-9X./\[\]?~%-]*$"
# An absolute http(s) address with no whitespace, invisible character, quotes or angle brackets.
URL_PATTERN = f"^https?://[^{EDGE}<>\"]+$"  # not \s: RE2 reads it as ASCII whitespace only

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
