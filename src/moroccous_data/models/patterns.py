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
# No leading/trailing whitespace, and no leading = + - @ (spreadsheet formulas).
TEXT_PATTERN = f"^[^{WHITESPACE}=+\\-@](?:[\\s\\S]*[^{WHITESPACE}])?$"
_ITEM = f"[^{WHITESPACE}|](?:[^|]*[^{WHITESPACE}|])?"
TEXT_LIST_PATTERN = f"^[^{WHITESPACE}=+\\-@|](?:[^|]*[^{WHITESPACE}|])?(?:\\|{_ITEM})*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
EDTF_PATTERN = r"^[0-9X.\[][0-9X./\[\]?~%-]*$"
# An absolute http(s) address with no whitespace, quotes or angle brackets.
URL_PATTERN = r"^https?://[^\s<>\"]+$"

# A source named by a file number ("source 002", "sources 001 and 003", "...-by-004"): numbers of a
# folder no reader has. RE2 has no look-around, so this is checked per value, not in a column pattern.
_SOURCE_NUMBER = re.compile(r"\bsources?\s+0\d\d\b|-by-0\d\d\b", re.IGNORECASE)


def source_number_message(value: str) -> str | None:
    """Why ``value`` may not stand, if it refers to a source by number instead of by id."""
    found = _SOURCE_NUMBER.search(value)
    if found is None:
        return None
    return f"{found.group(0).strip('-')!r} names a source by a file number; refer to it by its id (sources.id) or title"
