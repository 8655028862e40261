"""The invalid cases: each a one-line mutation of the real seeds, with the problem code it must raise.

A case names a seed file, a row (a record's ``id``, or a row number with the
header as row 1) and what to change there: cells by column name, so adding a
column to a table breaks no case. A change whose name starts with ``@`` acts
on the file instead of a cell (see ``FILE_EDITS``). ``frictionless`` is what
``frictionless validate`` says of the mutated package: the cases it accepts are
the gaps this project's validator closes.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from moroccous_data.validation.problem import Code

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

Row = dict[str, str]
Value = str | Callable[[Row], str]


@dataclass(frozen=True)
class Case:
    name: str
    table: str  # the seed file's stem: a table, or released_ids
    row: str | int
    change: dict[str, Value] = field(hash=False)
    code: Code
    frictionless: Literal["accepts", "rejects"]
    defect: str


def _sentence_after(row: Row) -> str:
    """The quote of ``row`` run on through the end of the sentence after it, as the source writes it."""
    text = (SEEDS / "sources" / f"{row['source_id']}.txt").read_text(encoding="utf-8")
    start, end = int(row["quote_start"]), int(row["quote_end"])
    stop = text.index(".", text.index(".", end - 1) + 1) + 1
    return text[start:stop]


def _one_char_off(value: str) -> str:
    return ("O" if value[0] != "O" else "I") + value[1:]


A, R = "accepts", "rejects"
CASES = [
    Case("entities-empty-name", "entities", "abdellatif-hammouchi", {"name": ""}, Code.MISSING_VALUE, R, "a required cell is empty"),
    Case("entities-bad-kind", "entities", "abdellatif-hammouchi", {"kind": "people"}, Code.ENUM_ERROR, R, "a value outside its enum"),
    Case("entities-uppercase-id", "entities", "abdellatif-hammouchi", {"id": "Abdellatif-Hammouchi"}, Code.PATTERN_ERROR, R, "an id that is not a slug"),
    Case("entities-duplicate-id", "entities", "abdellatif-hammouchi", {"@insert": "{line}"}, Code.DUPLICATE_KEY, R, "two rows with the same primary key"),
    Case("entities-bad-country", "entities", "abdellatif-hammouchi", {"country": "XYZ"}, Code.ENUM_ERROR, R, "a country code that does not exist"),
    Case("entities-formula", "entities", "abdellatif-hammouchi", {"title": "=1+1"}, Code.FORMULA, R, "a cell a spreadsheet would run as a formula"),
    Case("entities-trailing-space", "entities", "abdellatif-hammouchi", {"name": "Abdellatif Hammouchi "}, Code.CHARACTER_ERROR, R, "a value with a trailing space"),
    Case("entities-zero-width-space", "entities", "abdellatif-hammouchi", {"title": "Director\u200bGeneral"}, Code.CHARACTER_ERROR, R, "a zero-width space inside a cell"),
    Case("entities-duplicate-alias", "entities", "abdellatif-hammouchi", {"aliases": "Hammouchi|Hammouchi"}, Code.CONSTRAINT_ERROR, A, "the same alias twice in a list"),
    Case("entities-source-number", "entities", "abdellatif-hammouchi", {"note": "Named in source 002."}, Code.SOURCE_NUMBER, A, "a source named by a file number"),
    Case("entities-uncited", "entities", "abdellatif-hammouchi", {"@copy": "abdellatif-hammouchi-2"}, Code.MISSING_CITATION, A, "a record with no citation"),
    Case("entities-out-of-order", "entities", "abdelfattah-louarak", {"@move": "abdellatif-hammouchi"}, Code.SORT_ORDER, A, "rows not in key order"),
    Case("entities-extra-column", "entities", 1, {"@add": "colour"}, Code.HEADER_ERROR, R, "a column the schema does not have"),
    Case("entities-missing-column", "entities", 1, {"@drop": "title"}, Code.HEADER_ERROR, R, "a column left out"),
    Case("entities-columns-swapped", "entities", 1, {"@swap": "name|kind"}, Code.HEADER_ERROR, R, "two columns swapped"),
    Case("entities-label-space", "entities", 1, {"@rename": "name| name"}, Code.HEADER_ERROR, A, "a column label with a stray space"),
    Case("sales-missing-column", "sales", 1, {"@drop": "category"}, Code.HEADER_ERROR, R, "a column left out of a table many citations name"),
    Case("citations-misspelt-label", "citations", 1, {"@rename": "quote|qoute"}, Code.HEADER_ERROR, R, "a misspelt label in the table every record needs"),
    Case("entities-semicolons", "entities", 1, {"@bytes": "semicolons"}, Code.HEADER_ERROR, R, "semicolons as the delimiter"),
    Case("entities-latin1", "entities", "abdellatif-hammouchi", {"name": "Abdellatif Hammouchi\udce9"}, Code.ENCODING_ERROR, R, "a byte that is not UTF-8 (Latin-1 é)"),
    Case("entities-bom", "entities", 1, {"@bytes": "bom"}, Code.BYTE_ORDER_MARK, A, "a UTF-8 byte-order mark"),
    Case("entities-crlf", "entities", 1, {"@bytes": "crlf"}, Code.LINE_ENDING, A, "Windows line endings"),
    Case("deployments-header-only", "deployments", 1, {"@bytes": "header-only"}, Code.FILE_ERROR, A, "a header and no records"),
    Case("entities-empty-file", "entities", 1, {"@bytes": "empty"}, Code.FILE_ERROR, R, "an empty file"),
    Case("entities-missing-file", "entities", 1, {"@bytes": "missing"}, Code.FILE_ERROR, R, "the file is not there"),
    Case("entities-blank-row", "entities", "abdellatif-hammouchi", {"@insert": ""}, Code.BLANK_ROW, R, "a blank row between records"),
    Case("entities-unbalanced-quote", "entities", "abdellatif-hammouchi", {"@raw": "name|\"Abdellatif Hammouchi"}, Code.CSV_ERROR, R, "an opening quote with no closing quote"),
    Case("entities-stray-quote", "entities", "abdellatif-hammouchi", {"@raw": "name|Abdellatif \"Hammouchi\""}, Code.STRAY_QUOTE, A, "a quote inside an unquoted field"),
    Case("entities-ragged-row", "entities", "abdellatif-hammouchi", {"@line": "abdellatif-hammouchi,Abdellatif Hammouchi"}, Code.RAGGED_ROW, R, "a row with too few cells"),
    Case("sources-characters-words", "sources", "esper-loudyi-military-cooperation-article", {"characters": "many"}, Code.TYPE_ERROR, R, "text in an integer column"),
    Case("sources-characters-negative", "sources", "esper-loudyi-military-cooperation-article", {"characters": "-5"}, Code.CONSTRAINT_ERROR, R, "an integer below its minimum"),
    Case("sources-characters-wrong", "sources", "esper-loudyi-military-cooperation-article", {"characters": lambda r: str(int(r["characters"]) + 1)}, Code.SOURCE_TEXT, A, "a text length that is not the text's"),
    Case("sources-bad-sha", "sources", "esper-loudyi-military-cooperation-article", {"sha256": "abc"}, Code.PATTERN_ERROR, R, "a malformed sha256"),
    Case("sources-bad-edtf", "sources", "esper-loudyi-military-cooperation-article", {"date": "2020-02-30"}, Code.DATE_ERROR, A, "an impossible date that matches the EDTF pattern"),
    Case("sources-edtf-words", "sources", "esper-loudyi-military-cooperation-article", {"date": "October 2020"}, Code.DATE_ERROR, R, "a date in words"),
    Case("sources-no-reasoning", "sources", "esper-loudyi-military-cooperation-article", {"date_note": ""}, Code.RULE_ERROR, A, "a date from general knowledge without its reasoning"),
    Case("sales-bad-category", "sales", "agm-154c-jsow-fms", {"category": "tanks"}, Code.ENUM_ERROR, R, "a category outside its enum"),
    Case("sales-dangling-system", "sales", "agm-154c-jsow-fms", {"system_id": "no-such-system"}, Code.FOREIGN_KEY, R, "a foreign key to a missing entity"),
    Case("sales-same-fact-twice", "sales", "agm-154c-jsow-fms", {"@copy": "agm-154c-jsow-fms-2"}, Code.DUPLICATE_FACT, A, "the same deal under two ids"),
    Case("sale-events-quantity-separator", "sale_events", "agm-154c-jsow-fms-notified", {"quantity": "1,718"}, Code.TYPE_ERROR, R, "a thousands separator in a count"),
    Case("sale-events-qualifier-without-quantity", "sale_events", "agm-154c-jsow-fms-notified", {"quantity": ""}, Code.RULE_ERROR, A, "a hedge without the number it hedges"),
    Case("sale-events-bad-stage", "sale_events", "agm-154c-jsow-fms-notified", {"stage": "approved"}, Code.ENUM_ERROR, R, "a stage outside its vocabulary"),
    Case("sale-events-dangling-deal", "sale_events", "agm-154c-jsow-fms-notified", {"sale_id": "no-such-deal"}, Code.FOREIGN_KEY, R, "a step of a deal that does not exist"),
    Case("sale-events-money-without-kind", "sale_events", "agm-154c-jsow-fms-notified", {"value_usd": "62000000", "value_qualifier": "exact"}, Code.RULE_ERROR, A, "dollars that do not say what kind of money they are"),
    Case("sale-events-transmittal-on-delivery", "sale_events", "c-130h-eda-delivered", {"transmittal": "19-16"}, Code.RULE_ERROR, A, "a transmittal number on a step that is not a notification"),
    Case("citations-fingerprint-of-held-text", "citations", 2, {"quote": "", "quote_start": "", "quote_end": "", "locator": "paragraph 1, sentence 1", "fingerprint": "sha256:" + "0" * 64}, Code.EVIDENCE_KIND, A, "a held text cited by fingerprint instead of its exact words"),
    Case("sales-deal-without-steps", "sale_events", "c-130h-eda-delivered", {"sale_id": "m1a1-abrams-eda"}, Code.MISSING_STEP, A, "a deal left with no stage event"),
    Case("sale-events-same-step-twice", "sale_events", "agm-154c-jsow-fms-notified", {"@copy": "agm-154c-jsow-fms-notified-2"}, Code.DUPLICATE_FACT, A, "the same step of a deal under two ids"),
    Case("assistance-as-of-not-source-date", "assistance", "cwd-fy2022", {"as_of": "2020"}, Code.AS_OF_MISMATCH, A, "an as_of that is not its source's date"),
    Case("assistance-boolean-yes", "assistance", "cwd-fy2022", {"cumulative": "yes"}, Code.TYPE_ERROR, R, "yes instead of true"),
    Case("assistance-fiscal-span", "assistance", "cwd-fy2022", {"fiscal_year_start": "2017"}, Code.RULE_ERROR, A, "fiscal years that do not match the period"),
    Case("assistance-decimal-dollars", "assistance", "cwd-fy2022", {"amount_usd": "1.154e6"}, Code.TYPE_ERROR, R, "a dollar amount in scientific notation"),
    Case("citations-dangling-source", "citations", 2, {"source_id": "no-such-source"}, Code.FOREIGN_KEY, R, "a citation of a missing source"),
    Case("citations-dangling-record", "citations", 2, {"record_id": "no-such-record"}, Code.FOREIGN_KEY, A, "a citation of a missing record"),
    Case("citations-offsets-length", "citations", 2, {"quote_end": lambda r: str(int(r["quote_end"]) + 1)}, Code.RULE_ERROR, A, "offsets that do not span the quote"),
    Case("citations-long-quote", "citations", 2, {"quote": "a" * 301}, Code.CONSTRAINT_ERROR, R, "a quote longer than 300 characters"),
    Case("citations-retyped-quote", "citations", 2, {"quote": lambda r: _one_char_off(r["quote"])}, Code.QUOTE_MISMATCH, A, "a quote that is not the source's text"),
    Case("citations-two-sentences", "citations", 21, {"quote": _sentence_after, "quote_end": lambda r: str(int(r["quote_start"]) + len(_sentence_after(r)))}, Code.QUOTE_SENTENCES, A, "a quote that runs into the next sentence"),
    Case("trainings-unknown-table", "trainings", 1, {"@create": "id,name\nimet-course,IMET course\n"}, Code.UNKNOWN_FILE, A, "a seed file no table describes"),
    Case("released-id-reused", "released_ids", 2, {"retired_in": "0.2.0"}, Code.RETIRED_ID, A, "a retired id still in use"),
]

# Codes no mutation of valid seeds can raise: each is a bug report, not a contributor's fault.
UNREACHABLE = {Code.MODEL_MISMATCH: "the models refusing a row the validator accepted (issue 11 makes them agree)"}

FILE_EDITS = {
    "@insert": "a raw line after the row ({line} is the row's own line)",
    "@line": "the row's line replaced by raw text",
    "@raw": "'column|text': the cell written as raw text, unquoted",
    "@copy": "a copy of the row after it, with this id",
    "@move": "the row moved to after the row with this id",
    "@add": "a column with this label added at the end, empty in every row",
    "@drop": "the column with this label removed",
    "@swap": "'a|b': two columns swapped, labels and cells",
    "@rename": "'old|new': a label renamed",
    "@bytes": "bom, crlf, semicolons, header-only, empty, missing: the whole file",
    "@create": "a file that is not among the seeds, with this text",
}

_RAW = "\x00raw\x00"


def _render(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogateescape")


def _index(rows: list[list[str]], row: str | int) -> int:
    if isinstance(row, int):
        return row - 1
    return next(i for i, r in enumerate(rows) if i and r[rows[0].index("id")] == row)


def mutated(case: Case, seeds: Path = SEEDS) -> bytes | None:
    """The bytes of ``case.table``'s file after the case's change (None: the file is deleted)."""
    if "@create" in case.change:
        return str(case.change["@create"]).encode("utf-8")
    text = (seeds / f"{case.table}.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, at = rows[0], _index(rows, case.row)
    raw: tuple[int, str] | None = None
    line: str | None = None
    inserted: str | None = None
    for key, value in case.change.items():
        record = dict(zip(header, rows[at]))
        value = value(record) if callable(value) else value
        if not key.startswith("@"):
            rows[at][header.index(key)] = value
        elif key == "@raw":
            column, raw_text = value.split("|", 1)
            rows[at][header.index(column)] = _RAW
            raw = (at, raw_text)
        elif key == "@line":
            line = value
        elif key == "@insert":
            inserted = value
        elif key == "@copy":
            rows.insert(at + 1, [value if name == "id" else cell for name, cell in zip(header, rows[at])])
        elif key == "@move":
            moved = rows.pop(at)
            rows.insert(_index(rows, value) + 1, moved)
        elif key == "@add":
            rows = [r + ([value] if i == 0 else [""]) for i, r in enumerate(rows)]
        elif key == "@drop":
            column = header.index(value)
            rows = [r[:column] + r[column + 1:] for r in rows]
        elif key == "@swap":
            a, b = (header.index(name) for name in value.split("|"))
            for r in rows:
                r[a], r[b] = r[b], r[a]
        elif key == "@rename":
            old, new = value.split("|")
            header[header.index(old)] = new
        elif key == "@bytes":
            return _whole_file(value, _render(rows))
        else:
            raise ValueError(f"{case.name}: unknown change {key!r}; see FILE_EDITS")
    lines = _render(rows).split(b"\n")
    own = lines[at]
    if raw is not None:
        lines[at] = own.replace(_RAW.encode(), raw[1].encode("utf-8"))
    if line is not None:
        lines[at] = line.encode("utf-8")
    if inserted is not None:
        lines.insert(at + 1, inserted.replace("{line}", own.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape"))
    return b"\n".join(lines)


def _whole_file(how: str, data: bytes) -> bytes | None:
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    if how == "semicolons":
        return data.replace(b",", b";")
    if how == "header-only":
        return data.split(b"\n")[0] + b"\n"
    if how == "empty":
        return b""
    if how == "missing":
        return None
    raise ValueError(f"unknown whole-file change {how!r}")


def apply(case: Case, target: Path) -> Path:
    """A copy of the real seeds at ``target`` with the case's change made; the source texts are linked, not copied."""
    shutil.copytree(SEEDS, target, ignore=shutil.ignore_patterns("sources"))
    os.symlink(SEEDS / "sources", target / "sources")
    data = mutated(case)
    path = target / f"{case.table}.csv"
    if data is None:
        path.unlink()
    else:
        path.write_bytes(data)
    return target
