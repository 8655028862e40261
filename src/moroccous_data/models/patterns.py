"""The regular expressions of the column types, in the subset Python re, RE2 and Rust regex all read alike."""

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_PATTERN = rf"^{SLUG}$"
SLUG_LIST_PATTERN = rf"^{SLUG}(?:\|{SLUG})*$"
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
