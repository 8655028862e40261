"""One problem found in a contribution, its stable code, and how it prints.

The codes are declared once, here, each with what it means and how to fix it:
tests match codes rather than wording, CONTRIBUTING's fix table is written from
this list, and ``--format json`` carries them for tools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_COLUMN = re.compile(r"^(?:-|[A-Za-z_][A-Za-z0-9_]*|column [0-9]+)$")


class Code(StrEnum):
    """What kind of fault a problem is; the value is what prints, and never changes once released."""

    meaning: str
    fix: str
    structural: bool

    def __new__(cls, value: str, meaning: str, fix: str, structural: bool = False) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning, member.fix, member.structural = meaning, fix, structural
        return member

    FILE_ERROR = ("file-error", "the file is missing, unreadable, not a regular file, empty, or holds no records",
                  "restore the file as a plain CSV with its header and at least one record", True)
    ENCODING_ERROR = ("encoding-error", "the file is not UTF-8", "save the file as UTF-8", True)
    HEADER_ERROR = ("header-error", "the header is not the table's columns in order (missing, unknown, repeated, "
                    "padded or out-of-order labels, or another delimiter)",
                    "restore the header the message lists; `moroccous-data fmt seeds` fixes order and padding", True)
    CSV_ERROR = ("csv-error", "the CSV cannot be parsed past a point (a double quote opens a field and never closes)",
                 "close the quote, or write a quote inside a quoted field twice (\"\")", True)
    BYTE_ORDER_MARK = ("byte-order-mark", "the file starts with a UTF-8 byte-order mark", "run `moroccous-data fmt seeds`")
    LINE_ENDING = ("line-ending", "a line ends with CR (Windows or old Mac line endings)", "run `moroccous-data fmt seeds`")
    STRAY_QUOTE = ("stray-quote", "a double quote inside an unquoted field, or a lone one inside a quoted field",
                   "quote the whole field and write each quote inside it twice (\"\")")
    BLANK_ROW = ("blank-row", "a row with every cell empty", "delete it, or run `moroccous-data fmt seeds`")
    RAGGED_ROW = ("ragged-row", "a row with more or fewer cells than the header", "give the row one cell per column")
    MISSING_VALUE = ("missing-value", "a required cell is empty", "fill it in; a value the sources do not state "
                     "belongs in a record only if the column is optional")
    TYPE_ERROR = ("type-error", "not a whole number (or too large for 64 bits), or not a boolean",
                  "write digits only (`1718`, not `1,718` or `1.7e3`; hedges go in the `_qualifier` column), "
                  "or `true`/`false`")
    DATE_ERROR = ("date-error", "not a supported EDTF date, or a date that does not exist",
                  "use `2020`, `2020-10`, `2020-10-02`, `199X`, `2012/..`, `2020-10-02/2020-10-04` or "
                  "`[2020-10-02..2020-10-04]`, optionally ending in `?`")
    PATTERN_ERROR = ("pattern-error", "the value does not have its column's form (a slug, a sha256, an address…)",
                     "write it in the form the message names (ids are lower-case words joined by hyphens)")
    ENUM_ERROR = ("enum-error", "a value outside its column's vocabulary, or an unknown ISO 3166-1 alpha-3 code",
                  "use one of the listed values (the column's `enum` in `schemas/<table>.json`)")
    CONSTRAINT_ERROR = ("constraint-error", "a number outside its bounds, a text over its length, or a list item twice",
                        "keep within the bounds the message gives; list each item once")
    CHARACTER_ERROR = ("character-error", "whitespace or invisible padding at an end, or a control or invisible "
                       "formatting character anywhere", "delete the character the message names")
    FORMULA = ("formula", "a text cell starts with `=`, `+`, `-`, `@` or a look-alike, which spreadsheets run",
               "rephrase so the cell does not begin with that character")
    SOURCE_NUMBER = ("source-number", "a source named by a file number (\"source 002\"), which no reader can follow",
                     "refer to the source by its id (`sources.id`) or title")
    RULE_ERROR = ("rule-error", "the row breaks a rule between its cells (a hedge without its number, an inferred "
                  "value without its reasoning, offsets that do not span the quote…)",
                  "make the cells agree as the message says; a `_note` gives the reasoning for an inferred value")
    DUPLICATE_KEY = ("duplicate-key", "two rows with the same primary key", "give each row its own id")
    DUPLICATE_FACT = ("duplicate-fact", "the same fact under two ids",
                      "merge the rows, or make the difference explicit")
    SORT_ORDER = ("sort-order", "rows are not in primary-key order", "run `moroccous-data fmt seeds`")
    FOREIGN_KEY = ("foreign-key", "a reference to a record that does not exist",
                   "fix the id, or add the record it names")
    MISSING_CITATION = ("missing-citation", "a record with no citation, or only context citations",
                        "add a `citations.csv` row whose quote states its values (role `states`); "
                        "`moroccous-data locate` gives the offsets")
    MISSING_STEP = ("missing-step", "a record with none of the rows that are its steps (a deal with no stage event)",
                    "add its first step, e.g. the deal's notification: `moroccous-data add record sale_events …`")
    EVIDENCE_KIND = ("evidence-kind", "a quote of a source the repository does not hold, or a fingerprint of one it "
                     "holds", "quote a held text exactly; cite a page not held by `--sentence-file` (locator and "
                     "fingerprint)")
    AS_OF_MISMATCH = ("as-of-mismatch", "a record's `as_of` is not the date of any source citing it",
                      "use the citing source's date")
    RETIRED_ID = ("retired-id", "a retired id used again, or `released_ids.csv` contradicting itself",
                  "choose a new id; a retired id is never reused")
    QUOTE_MISMATCH = ("quote-mismatch", "the source text at the offsets is not the quote",
                      "use the position the message shows, or copy the source's exact characters "
                      "(`moroccous-data locate`); offsets are never changed for you")
    QUOTE_SENTENCES = ("quote-sentences", "a quote spans more than one sentence",
                       "cite each sentence in its own citation")
    SOURCE_TEXT = ("source-text", "a source text is missing, not UTF-8, or not the one whose sha256 or length is "
                   "recorded", "restore the text under `seeds/sources/<id>.txt`, or record its sha256 and length")
    UNKNOWN_FILE = ("unknown-file", "a CSV in the seeds folder that no table describes, which the build would leave out",
                    "write its model and list it (CONTRIBUTING, 'Add a table'), or move the file")
    MODEL_MISMATCH = ("model-mismatch", "the models refused a row the validator accepted: a bug in this package",
                      "please report it, with the row")


@dataclass(frozen=True, order=True)
class Problem:
    """One fault, printed as ``path:row:column: [code] message`` (rows as in the file, header = row 1)."""

    path: str
    row: int
    column: str
    code: Code
    message: str

    def __post_init__(self) -> None:
        if not _COLUMN.match(self.column):
            object.__setattr__(self, "column", "-")

    def __str__(self) -> str:
        return f"{self.path}:{self.row}:{self.column}: [{self.code}] {self.message}"

    def as_json(self) -> dict[str, str | int]:
        return {"path": self.path, "row": self.row, "column": self.column, "code": str(self.code),
                "message": self.message}


def fix_table() -> str:
    """The README's table of codes, in declaration order, one row each: what it means and the fix."""
    lines = ["| code | what it means | fix |", "|---|---|---|"]
    lines += [f"| `{code}` | {code.meaning} | {code.fix} |" for code in Code]
    return "\n".join(lines) + "\n"
