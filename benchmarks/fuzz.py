"""Differential fuzzing of ``moroccous-data validate`` against frictionless, on mutations of the real seeds.

Each case is one of the real seed tables with one hostile mutation (two for
some), generated from ``(seed, case number)`` alone, so any case can be
rebuilt. Every case goes through our validator twice, as the CLI runs it:
folder mode (the table inside a copy of ``seeds/``) and single-file mode.
The harness prints

- crashes: an exception (the CLI's ``internal error``), a problem line not
  shaped ``path:row:column: [code] message``, and, for the sampled subprocess runs of
  the real CLI, a traceback, an abort or an exit code outside 0/1/2;
- contradictions: files frictionless rejects and ours accepts (in single-file
  mode, foreign-key errors aside: that mode skips references by design);
- hostile cells ours accepted, by category, split into those refused by rule
  (there should be none) and those allowed by design (emoji, combining marks,
  padded integers…; see README "What the validator refuses");
- disagreements between the contributor commands and the validator: every
  K-th case also runs ``set`` (or ``add record``) with a hostile value on the
  worker's seeds copy, the way the CLI runs them; an edit the command accepts
  must leave seeds ``validate`` accepts (the new record's missing citation
  aside, which ``add`` reports as still to do), and neither may crash.

Efficiency, for a 2-core machine shared with others: our validator runs
in-process in a few worker processes, each reusing one seeds copy (only the
mutated file is swapped in); frictionless runs through its Python API in the
same worker (its CLI spends about a second importing per file) and only on
files ours accepts in either mode, the only files where a contradiction is
possible; a sample of cases also runs the real CLI as a child process, which
is what catches an abort at interpreter exit.

    python benchmarks/fuzz.py [--cases N] [--seed S] [--jobs J] [--subprocess-every K] [--edit-every K] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT / "src"))

from moroccous_data.errors import MoroccousDataError  # noqa: E402
from moroccous_data.validation.checks import check_file, check_folder  # noqa: E402
from moroccous_data.models.specs import table_specs  # noqa: E402
from moroccous_data.validation.problem import Code  # noqa: E402
from moroccous_data.editing.seededit import EditRefused, add_row, set_cells  # noqa: E402

LINE = re.compile(r"^.+:\d+:(?:-|[A-Za-z_][A-Za-z0-9_]*|column \d+): \[[a-z-]+\] .+$", re.S)
TABLES = list(table_specs())
FRICTIONLESS_SECONDS = 60

# What each hostile character is, and whether a cell holding it is refused (by rule) or allowed (by design).
CHARACTERS: dict[str, tuple[str, bool]] = {
    "\x00": ("NUL", True), "\x01": ("control", True), "\x07": ("control", True), "\x1b": ("control", True),
    "\x7f": ("control", True), "\x85": ("control", True), "\x0b": ("control", True), "\t": ("control", True),
    "\n": ("line break in a cell", True), "\u2028": ("line break in a cell", True),
    "\u202e": ("bidi", True), "\u202d": ("bidi", True), "\u2066": ("bidi", True), "\u200f": ("bidi", True),
    "\u061c": ("bidi", True), "\u200b": ("zero-width", True), "\ufeff": ("zero-width", True),
    "\u2060": ("zero-width", True), "\u00ad": ("zero-width", True), "\U000e0041": ("zero-width", True),
    "\u0301": ("combining mark", False), "\u0489": ("combining mark", False),
    "\U0001f600": ("emoji", False), "\U0001f1f2\U0001f1e6": ("emoji", False), "\u2764\ufe0f": ("emoji", False),
    "\u00a0": ("NBSP", False), "\u3000": ("NBSP", False),
}
EDGE_ONLY = {"\u200d": "zero-width", "\u200c": "zero-width", "\u3164": "zero-width", "\u2800": "zero-width",
             "\ufe00": "variation selector", "\ufe0f": "variation selector", "\U000e0100": "variation selector",
             "\u180b": "variation selector"}
FORMULAS = ["\x00=1+1", "\u200b=1+1", "\u202e=1+1", "\uff1d1+1", "\u22121", "x\n=1+1", "\ufeff=HYPERLINK(\"x\")",
            "\u200d=1+1", "\uff20SUM(A1)", "=1+1", "+1", "-1", "@SUM(A1)"]
# Look-alikes of = + - @ the 0.2.0 trial found accepted (dashes, heavy signs, modifier letters, math symbols).
LOOKALIKES = ["\u02d7", "\u2796", "\u2795", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2043", "\ufe58",
              "\ua78a", "\u2a75", "\u229c", "\u1400", "\u2e40", "\u00b1", "\u207a", "\u208b", "\U0001f7f0"]
LIST_FORMULAS = ['=HYPERLINK("http://evil","x")', "+cmd", "@SUM(1)", "-1", "\u02d7cmd", "\uff1d1", "\u2013x"]
TYPE_VALUES = ["1.5", "1e3", "1,000", "+5", "\u0665", "\uff15", "0x10", "True", "2020-02-30", "NaN", "inf", " 5",
               "5 ", "\u00a05", "1_000", "--1"]
ENUM_VALUES = ["FMS", "fms ", "fms\u200b", "\u200bfms", "x", "TRUE"]


@dataclass
class Case:
    number: int
    table: str
    data: bytes
    ops: list[dict[str, Any]]
    hostile: list[tuple[str, bool]] = field(default_factory=list)  # (category, refused by rule)


def _read(table: str) -> tuple[bytes, list[list[str]]]:
    raw = (SEEDS / f"{table}.csv").read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def _write(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _columns(table: str, kinds: tuple[str, ...] = (), types: tuple[str, ...] = ()) -> list[str]:
    return [c.name for c in table_specs()[table].columns if (not kinds or c.kind in kinds) and (not types or c.type in types)]


class Mutator:
    """The mutations, each drawing from one seeded random generator."""

    def __init__(self, rng: random.Random, table: str) -> None:
        self.rng, self.table = rng, table
        self.raw, self.rows = _read(table)
        self.header = list(self.rows[0])
        self.hostile: list[tuple[str, bool]] = []

    def _row(self) -> int:
        return self.rng.randrange(1, len(self.rows)) if len(self.rows) > 1 else 1

    def _set(self, column: str, value: str, row: int | None = None) -> dict[str, Any]:
        row = self._row() if row is None else row
        if row >= len(self.rows):
            self.rows.append([""] * len(self.header))
        old = self.rows[row][self.header.index(column)]
        self.rows[row][self.header.index(column)] = value
        return {"row": row + 1, "column": column, "value": value[:80], "value_len": len(value), "old": old[:40]}

    def _text_column(self) -> str:
        return self.rng.choice(_columns(self.table, ("text", "text_list")) or self.header)

    def character(self) -> dict[str, Any]:
        table = {**{k: v for k, v in CHARACTERS.items()}, **{k: (v, True) for k, v in EDGE_ONLY.items()}}
        char = self.rng.choice(list(table))
        category, refused = table[char]
        column = self._text_column()
        row = self._row()
        value = self.rows[row][self.header.index(column)] or "text"
        where = self.rng.choice(["start", "middle", "end"])
        if where == "start":
            new = char + value
        elif where == "end":
            new = value + char
        else:
            cut = self.rng.randrange(1, len(value)) if len(value) > 1 else 1
            new = value[:cut] + char + value[cut:]
        if char in EDGE_ONLY:
            refused = where != "middle"
        if category == "NBSP":
            refused = where != "middle"
        kind = next((c.kind for c in table_specs()[self.table].columns if c.name == column), "")
        if kind not in ("text", "text_list"):
            refused = True  # slugs, enums, codes and numbers take no such character anywhere
        self.hostile.append((category, refused))
        return {"op": "character", "char": f"U+{ord(char[0]):04X}", "where": where, **self._set(column, new, row)}

    def lookalike(self) -> dict[str, Any]:
        """A cell starting with a look-alike of a formula character."""
        column = self._text_column()
        row = self._row()
        value = self.rng.choice(LOOKALIKES) + (self.rows[row][self.header.index(column)] or "text")
        self.hostile.append(("formula look-alike", True))
        return {"op": "lookalike", **self._set(column, value, row)}

    def list_item(self) -> dict[str, Any]:
        """A |-list whose later item starts with a formula character (the cell itself starts with a letter)."""
        columns = _columns(self.table, ("text_list",))
        if not columns:
            return self.lookalike()
        column = self.rng.choice(columns)
        row = self._row()
        value = (self.rows[row][self.header.index(column)] or "Text") + "|" + self.rng.choice(LIST_FORMULAS)
        self.hostile.append(("formula as a list item", True))
        return {"op": "list_item", **self._set(column, value, row)}

    def formula(self) -> dict[str, Any]:
        value = self.rng.choice(FORMULAS)
        self.hostile.append(("formula", True))
        return {"op": "formula", **self._set(self._text_column(), value)}

    def long_cell(self) -> dict[str, Any]:
        column = self.rng.choice(self.header)
        length = self.rng.choice([301, 5_000, 70_000, 300_000])
        value = ("x" + "long text " * (length // 10))[:length].rstrip() + "x"
        spec = next(c for c in table_specs()[self.table].columns if c.name == column)
        if spec.kind == "text" and spec.max_length is None and spec.pattern and spec.type == "string":
            self.hostile.append(("long free text", False))
        return {"op": "long_cell", **self._set(column, value)}

    def integer(self) -> dict[str, Any]:
        columns = _columns(self.table, types=("integer",))
        if not columns:
            return self.type_value()
        column = self.rng.choice(columns)
        row = self._row()
        old = self.rows[row][self.header.index(column)] or "7"
        variant = self.rng.choice(["padded", "minus_zero", "plus", "int64_overflow", "digits_25", "digits_400",
                                   "digits_5000", "digits_300000", "zeros_5000"])
        value = {"padded": "00" + old.lstrip("-"), "minus_zero": "-0", "plus": "+" + old.lstrip("-"),
                 "int64_overflow": "9223372036854775808", "digits_25": "9" * 25, "digits_400": "9" * 400,
                 "digits_5000": "9" * 5000, "digits_300000": "9" * 300_000, "zeros_5000": "0" * 5000 + "1"}[variant]
        if variant in ("padded", "minus_zero"):
            self.hostile.append(("padded integer", False))
        elif variant != "plus":
            self.hostile.append(("integer beyond int64", True))
        return {"op": "integer", "variant": variant, **self._set(column, value, row)}

    def duplicate_key(self) -> dict[str, Any]:
        """A copy of a row, its integer key cells written differently (or, with none, unchanged)."""
        spec = table_specs()[self.table]
        row = list(self.rows[self._row()])
        integers = [c for c in spec.primary_key if c in _columns(self.table, types=("integer",))]
        for column in integers:
            index = self.header.index(column)
            row[index] = self.rng.choice(["0", "00", "000"]) + row[index] if row[index] != "0" else "-0"
        self.rows.append(row)
        return {"op": "duplicate_key", "padded": integers}

    def type_value(self) -> dict[str, Any]:
        typed = [c.name for c in table_specs()[self.table].columns if c.kind not in ("text", "text_list")]
        return {"op": "type_value", **self._set(self.rng.choice(typed or self.header), self.rng.choice(TYPE_VALUES))}

    def enum_value(self) -> dict[str, Any]:
        enums = _columns(self.table, ("enum",)) or self.header
        return {"op": "enum_value", **self._set(self.rng.choice(enums), self.rng.choice(ENUM_VALUES))}

    def required_empty(self) -> dict[str, Any]:
        required = [c.name for c in table_specs()[self.table].columns if c.required]
        return {"op": "required_empty", **self._set(self.rng.choice(required), self.rng.choice(["", " ", "\u00a0"]))}

    def header_op(self) -> dict[str, Any]:
        variant = self.rng.choice(["duplicate", "reorder", "extra", "extra_empty", "trailing_comma", "case",
                                   "zero_width", "bom", "missing", "spaces"])
        i, j = self.rng.sample(range(len(self.header)), 2) if len(self.header) > 1 else (0, 0)
        if variant == "duplicate":
            self.rows[0][j] = self.header[i]
        elif variant == "reorder":
            for row in self.rows:
                if len(row) == len(self.header):
                    row[i], row[j] = row[j], row[i]
        elif variant in ("extra", "extra_empty"):
            self.rows[0].append("extra")
            for row in self.rows[1:]:
                row.append("" if variant == "extra_empty" else "x")
        elif variant == "trailing_comma":
            self.rows[0].append("")
        elif variant == "case":
            self.rows[0][i] = self.header[i].upper()
        elif variant == "zero_width":
            self.rows[0][i] = self.header[i] + "\u200b"
        elif variant == "missing":
            for row in self.rows:
                del row[i]
        elif variant == "spaces":
            self.rows[0][i] = " " + self.header[i]
        if variant == "bom":
            return {"op": "header", "variant": variant, "bytes": "bom"}
        return {"op": "header", "variant": variant, "columns": [self.header[i], self.header[j]]}

    def row(self) -> dict[str, Any]:
        variant = self.rng.choice(["duplicate", "blank", "extra_cell", "missing_cell", "delete", "swap",
                                   "header_only", "empty"])
        r = self._row()
        if variant == "duplicate":
            self.rows.insert(r, list(self.rows[r]))
        elif variant == "blank":
            self.rows.insert(r, [])
        elif variant == "extra_cell":
            self.rows[r].append("x")
        elif variant == "missing_cell":
            self.rows[r].pop()
        elif variant == "delete" and len(self.rows) > 2:
            del self.rows[r]
        elif variant == "swap" and len(self.rows) > 2:
            s = self._row()
            self.rows[r], self.rows[s] = self.rows[s], self.rows[r]
        elif variant == "header_only":
            del self.rows[1:]
        elif variant == "empty":
            self.rows = []
        return {"op": "row", "variant": variant, "row": r + 1}

    def many_columns(self) -> dict[str, Any]:
        count = self.rng.choice([100, 5_000, 20_000])
        self.rows[0] += [f"c{k}" for k in range(count)]
        for row in self.rows[1:]:
            row += [""] * count
        return {"op": "many_columns", "count": count}

    # raw-byte mutations: applied to the serialized file
    def raw_op(self, data: bytes) -> tuple[bytes, dict[str, Any]]:
        variant = self.rng.choice(["byteflip", "nul_byte", "crlf", "cr", "mixed_endings", "mb_line", "mb_garbage",
                                   "quote", "quote", "quote", "bom", "invalid_utf8", "lone_surrogate", "truncate"])
        rng = self.rng
        lines = data.split(b"\n")
        if variant == "byteflip":
            buffer = bytearray(data)
            positions = sorted(rng.randrange(len(buffer)) for _ in range(rng.randint(1, 8))) if buffer else []
            for p in positions:
                buffer[p] ^= 1 << rng.randrange(8)
            return bytes(buffer), {"op": "byteflip", "positions": positions}
        if variant == "nul_byte" and data:
            p = rng.randrange(len(data))
            self.hostile.append(("NUL", True))
            return data[:p] + b"\x00" + data[p:], {"op": "nul_byte", "position": p}
        if variant == "crlf":
            return data.replace(b"\n", b"\r\n"), {"op": "line_endings", "style": "crlf"}
        if variant == "cr":
            return data.replace(b"\n", b"\r"), {"op": "line_endings", "style": "cr"}
        if variant == "mixed_endings":
            return b"\n".join(line + (b"\r" if rng.random() < 0.3 else b"") for line in lines), {"op": "line_endings", "style": "mixed"}
        if variant in ("mb_line", "mb_garbage"):
            alphabet = b"abc,;\" \t=|" if variant == "mb_garbage" else b"abcdefgh "
            line = bytes(rng.choice(alphabet) for _ in range(4096)) * 256
            at = rng.randrange(1, len(lines) + 1)
            return b"\n".join(lines[:at] + [line] + lines[at:]), {"op": variant, "line": at + 1}
        if variant == "quote":
            return self._quote(lines)
        if variant == "bom":
            return b"\xef\xbb\xbf" + data, {"op": "bom"}
        if variant == "invalid_utf8" and data:
            p = rng.randrange(len(data))
            return data[:p] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe9"]) + data[p:], {"op": "invalid_utf8", "position": p}
        if variant == "lone_surrogate":
            return data + "x,\ud800\n".encode("utf-8", "surrogatepass"), {"op": "lone_surrogate"}
        cut = rng.randrange(len(data)) if data else 0
        return data[:cut], {"op": "truncate", "at": cut}

    def _quote(self, lines: list[bytes]) -> tuple[bytes, dict[str, Any]]:
        rng = self.rng
        r = rng.randrange(1, max(2, len(lines) - 1)) if len(lines) > 2 else 0
        cells = next(csv.reader([lines[r].decode("utf-8", "replace")])) if lines[r] else [""]
        c = rng.randrange(len(cells))
        word = cells[c] or "x"
        style = rng.choice(["quoted_then_text", "quote_inside_unquoted", "space_before_quote", "stray_in_quoted",
                            "unterminated", "quote_in_header", "doubled_ok", "quoted_ok"])
        value = {
            "quoted_then_text": f'"{word[:3]}"{word[3:] or "b"}',
            "quote_inside_unquoted": f'{word[:2]}"{word[2:] or "b"}',
            "space_before_quote": f' "{word}"',
            "stray_in_quoted": f'"{word[:2]}"{word[2:]}"' if len(word) > 2 else f'"a"b"',
            "unterminated": f'"{word}',
            "quote_in_header": f'{word}"',
            "doubled_ok": '"' + (word[:2] + '""' + word[2:]).replace('"', '""').replace('""""', '""') + '"',
            "quoted_ok": '"' + word.replace('"', '""') + '"',
        }[style]
        if style == "quote_in_header":
            r = 0
            cells = next(csv.reader([lines[0].decode("utf-8", "replace")]))
            c = rng.randrange(len(cells))
            value = cells[c] + '"x'
        raw_cells = ['"' + x.replace('"', '""') + '"' if any(ch in x for ch in ',"\n') else x for x in cells]
        raw_cells[c] = value
        lines[r] = ",".join(raw_cells).encode("utf-8")
        if style not in ("doubled_ok", "quoted_ok"):
            self.hostile.append(("malformed quoting", True))
        return b"\n".join(lines), {"op": "quote", "style": style, "line": r + 1}


CELL_OPS: list[tuple[str, int]] = [("character", 24), ("formula", 8), ("lookalike", 4), ("list_item", 4),
                                   ("long_cell", 5), ("integer", 10),
                                   ("duplicate_key", 5), ("type_value", 8), ("enum_value", 4),
                                   ("required_empty", 4), ("header_op", 8), ("row", 8), ("many_columns", 2)]
RAW_SHARE = 0.22


def make_case(seed: int, number: int) -> Case:
    """Case ``number`` of the run seeded ``seed``: the same bytes every time."""
    rng = random.Random(f"{seed}:{number}")
    table = TABLES[number % len(TABLES)]
    mutator = Mutator(rng, table)
    ops: list[dict[str, Any]] = []
    raw_op = rng.random() < RAW_SHARE
    if not raw_op or rng.random() < 0.1:
        names, weights = zip(*CELL_OPS)
        for count in range(1 if rng.random() > 0.08 else 2):
            name = rng.choices(names, weights)[0]
            try:
                ops.append(getattr(mutator, name)())
            except (IndexError, ValueError):  # the first mutation left no row or column for the second
                if not count:
                    raise
                ops.append({"op": name, "skipped": "nothing left to mutate"})
    data = _write(mutator.rows)
    if any(op.get("bytes") == "bom" for op in ops):
        data = b"\xef\xbb\xbf" + data
    if raw_op:
        data, op = mutator.raw_op(data)
        ops.append(op)
    return Case(number, table, data, ops, mutator.hostile)


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout()


def frictionless_errors(folder: Path, table: str) -> list[str] | None:
    """frictionless's error types for ``table`` inside the package at ``folder``; None if it gave no verdict."""
    import frictionless

    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(FRICTIONLESS_SECONDS)
    try:
        package = frictionless.Package(str(folder / "datapackage.json"))
        report = package.get_resource(table).validate()
        return [e.type for task in report.tasks for e in task.errors] + [e.type for e in report.errors]
    except (Timeout, MemoryError, RecursionError):
        return None
    except Exception as exc:  # frictionless itself failed on the file: no verdict
        return [f"frictionless-exception:{type(exc).__name__}"]
    finally:
        signal.alarm(0)


@dataclass
class Outcome:
    number: int
    table: str
    ops: list[dict[str, Any]]
    hostile: list[tuple[str, bool]]
    ours_folder: bool | None = None  # True valid, False invalid, None crashed
    ours_file: bool | None = None
    crashes: list[str] = field(default_factory=list)
    frictionless: list[str] | None = None
    frictionless_ran: bool = False
    contradictions: list[str] = field(default_factory=list)
    edit: dict[str, Any] | None = None  # the contributor command run on this case, if any
    edit_accepted: bool | None = None
    disagreements: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _ours(run: Callable[[], Any], where: str, outcome: Outcome) -> bool | None:
    try:
        checked = run()
    except Exception as exc:
        outcome.crashes.append(f"{where}: exception {type(exc).__name__}: {str(exc)[:200]}")
        return None
    bad = [str(p) for p in checked.problems if not LINE.match(str(p))]
    if bad:
        outcome.crashes.append(f"{where}: problem line not path:row:column: [code] message: {bad[0][:200]!r}")
    return not checked.problems


def _cli(args: list[str], cwd: Path) -> str | None:
    """Run the real CLI; a description of the crash, or None when it ended cleanly."""
    exe = Path(sys.executable).with_name("moroccous-data")
    try:
        result = subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return f"{' '.join(args)}: timeout"
    err = result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8", "replace")
    if result.returncode not in (0, 1, 2):
        return f"{' '.join(args)}: exit {result.returncode} {err.strip()[-200:]!r}"
    if "Traceback" in err or "internal error" in err or "internal error" in out:
        return f"{' '.join(args)}: {err.strip()[-300:]!r}"
    return None


EDIT_COLUMNS_SKIPPED = ("id",)  # renaming a record is its own matter (refused while cited)


def edit_value(rng: random.Random) -> str:
    """A hostile value as a contributor could type it (no lone surrogates: the CLI refuses those as usage errors)."""
    pool = rng.choice(["character", "formula", "lookalike", "list", "type", "enum", "long", "plain"])
    if pool == "character":
        char = rng.choice([*CHARACTERS, *EDGE_ONLY])
        return rng.choice([char + "Text", "Te" + char + "xt", "Text" + char])
    if pool == "formula":
        return rng.choice(FORMULAS)
    if pool == "lookalike":
        return rng.choice(LOOKALIKES) + "Text"
    if pool == "list":
        return "Text|" + rng.choice(LIST_FORMULAS + ["Other", "Text", "", " x"])
    if pool == "type":
        return rng.choice(TYPE_VALUES)
    if pool == "enum":
        return rng.choice(ENUM_VALUES)
    if pool == "long":
        return "x" * rng.choice([300, 301, 5_000])
    return rng.choice(["Rabat", "2020", "MAR", "USA|MAR", "2020-10-02", "12", "true", "Kingdom of Morocco|Maroc"])


def make_edit(seed: int, number: int, rows: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """Case ``number``'s contributor command: ``set`` a cell of a record, or ``add record`` an entity."""
    rng = random.Random(f"{seed}:{number}:edit")
    if rng.random() < 0.3:
        spec = table_specs()["entities"]
        column = rng.choice([c.name for c in spec.columns if c.name not in EDIT_COLUMNS_SKIPPED])
        values = {"id": f"zz-fuzz-{number}", "name": "Fuzz Person", "kind": "person", "country": "MAR",
                  column: edit_value(rng)}
        return {"command": "add record", "table": "entities", "values": values}
    table = rng.choice([t for t, spec in table_specs().items() if spec.primary_key == ("id",) and rows[t]])
    column = rng.choice([c.name for c in table_specs()[table].columns if c.name not in EDIT_COLUMNS_SKIPPED])
    return {"command": "set", "table": table, "id": rng.choice(rows[table])["id"], "column": column,
            "value": edit_value(rng)}


class Worker:
    """One process's scratch space: a seeds copy whose mutated table is swapped in and restored per case."""

    def __init__(self, root: Path) -> None:
        self.scratch = Path(tempfile.mkdtemp(prefix="worker-", dir=root))
        self.seeds = self.scratch / "seeds"
        shutil.copytree(SEEDS, self.seeds)
        (self.scratch / "single").mkdir()
        self.rows = {t: list(csv.DictReader(io.StringIO((SEEDS / f"{t}.csv").read_text(encoding="utf-8"), newline="")))
                     for t in TABLES}

    def edit(self, seed: int, outcome: Outcome) -> None:
        """Run the case's contributor command on the seeds copy; if it is accepted, the validator must accept."""
        edit = outcome.edit = make_edit(seed, outcome.number, self.rows)
        table, sources = edit["table"], self.seeds / "sources"
        target = self.seeds / f"{table}.csv"
        try:
            if edit["command"] == "set":
                change = set_cells(self.seeds, table, edit["id"], {edit["column"]: edit["value"]}, sources=sources)
                record = edit["id"]
            else:
                change = add_row(self.seeds, table, edit["values"], sources=sources)
                record = edit["values"]["id"]
            change.write()
            outcome.edit_accepted = True
            left = [p for p in check_folder(self.seeds, sources=sources).problems
                    if not (p.code is Code.MISSING_CITATION and f"record {record!r} " in p.message)]
            outcome.disagreements += [f"{edit['command']} accepted, validate refuses: {p}" for p in left[:3]]
        except (EditRefused, MoroccousDataError):
            outcome.edit_accepted = False
        except Exception as exc:
            outcome.crashes.append(f"{edit['command']}: exception {type(exc).__name__}: {str(exc)[:200]}")
        finally:
            shutil.copy(SEEDS / f"{table}.csv", target)

    def run(self, seed: int, number: int, subprocess_every: int, with_frictionless: bool, edit_every: int = 0) -> Outcome:
        case = make_case(seed, number)
        outcome = Outcome(number, case.table, case.ops, case.hostile)
        started = time.perf_counter()
        target = self.seeds / f"{case.table}.csv"
        single = self.scratch / "single" / f"{case.table}.csv"
        target.write_bytes(case.data)
        single.write_bytes(case.data)
        try:
            sources = self.seeds / "sources"
            outcome.ours_folder = _ours(lambda: check_folder(self.seeds, sources=sources), "folder", outcome)
            outcome.ours_file = _ours(lambda: check_file(single, case.table), "single", outcome)
            if subprocess_every and number % subprocess_every == 0:
                for args, cwd in ((["validate", "seeds"], self.scratch),
                                  (["validate", str(single), "--table", case.table], self.scratch)):
                    crash = _cli(args, cwd)
                    if crash:
                        outcome.crashes.append(f"cli: {crash}")
            if with_frictionless and (outcome.ours_folder or outcome.ours_file):
                outcome.frictionless_ran = True
                errors = frictionless_errors(self.seeds, case.table)
                outcome.frictionless = errors
                if errors:
                    if outcome.ours_folder:
                        outcome.contradictions.append(f"folder mode valid; frictionless: {sorted(set(errors))}")
                    not_reference = [e for e in errors if e != "foreign-key"]
                    if outcome.ours_file and not_reference:
                        outcome.contradictions.append(f"single-file mode valid; frictionless: {sorted(set(not_reference))}")
        finally:
            shutil.copy(SEEDS / f"{case.table}.csv", target)
            single.unlink()
        if edit_every and number % edit_every == 0:
            self.edit(seed, outcome)
        outcome.seconds = time.perf_counter() - started
        return outcome


_WORKER: Worker | None = None


def _work(job: tuple[Path, int, list[int], int, bool, int]) -> list[Outcome]:
    global _WORKER
    root, seed, numbers, every, with_frictionless, edit_every = job
    if _WORKER is None or _WORKER.scratch.parent != root:
        _WORKER = Worker(root)
    return [_WORKER.run(seed, n, every, with_frictionless, edit_every) for n in numbers]


def run_cases(seed: int, count: int, jobs: int = 1, subprocess_every: int = 0,
              with_frictionless: bool = True, batch: int = 25, edit_every: int = 0) -> Iterator[Outcome]:
    """Every case's outcome, in any order; ``jobs`` worker processes (1: in this process)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as root:  # every worker's scratch, removed at the end
        chunks = [(Path(root), seed, list(range(start, min(start + batch, count))), subprocess_every, with_frictionless,
                   edit_every) for start in range(0, count, batch)]
        if jobs == 1:
            for chunk in chunks:
                yield from _work(chunk)
            return
        with Pool(jobs) as pool:
            for outcomes in pool.imap_unordered(_work, chunks):
                yield from outcomes


def summarize(outcomes: list[Outcome]) -> dict[str, Any]:
    accepted_hostile: Counter[str] = Counter()
    allowed: Counter[str] = Counter()
    for o in outcomes:
        for category, refused in o.hostile:
            if o.ours_folder and refused:
                accepted_hostile[category] += 1
            elif o.ours_folder:
                allowed[category] += 1
    return {
        "cases": len(outcomes),
        "tables": dict(Counter(o.table for o in outcomes)),
        "operations": dict(Counter(op["op"] for o in outcomes for op in o.ops)),
        "ours_valid_folder": sum(1 for o in outcomes if o.ours_folder),
        "ours_valid_single": sum(1 for o in outcomes if o.ours_file),
        "frictionless_runs": sum(1 for o in outcomes if o.frictionless_ran),
        "frictionless_no_verdict": sum(1 for o in outcomes if o.frictionless_ran and o.frictionless is None),
        "crashes": [(o.table, o.number, c) for o in outcomes for c in o.crashes],
        "contradictions": [(o.table, o.number, c, o.ops) for o in outcomes for c in o.contradictions],
        "edits": sum(1 for o in outcomes if o.edit is not None),
        "edits_accepted": sum(1 for o in outcomes if o.edit_accepted),
        "disagreements": [(o.number, d, o.edit) for o in outcomes for d in o.disagreements],
        "accepted_hostile_refused_by_rule": dict(accepted_hostile),
        "accepted_allowed_by_design": dict(allowed),
        "slowest_case_seconds": round(max((o.seconds for o in outcomes), default=0), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--subprocess-every", type=int, default=25, help="run the real CLI on every K-th case (0: never)")
    parser.add_argument("--edit-every", type=int, default=10,
                        help="also run set / add record with a hostile value on every K-th case (0: never)")
    parser.add_argument("--out", type=Path, default=None, help="write the failing cases and the summary here")
    args = parser.parse_args()
    started = time.perf_counter()
    outcomes = []
    for outcome in run_cases(args.seed, args.cases, args.jobs, args.subprocess_every, edit_every=args.edit_every):
        outcomes.append(outcome)
        if len(outcomes) % 500 == 0:
            print(f"{len(outcomes)} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    summary = summarize(outcomes)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    summary["seed"] = args.seed
    summary["subprocess_runs"] = 2 * len([o for o in outcomes if args.subprocess_every and o.number % args.subprocess_every == 0])
    print(json.dumps({k: v for k, v in summary.items() if k not in ("crashes", "contradictions", "disagreements")},
                     indent=1))
    for table, number, crash in summary["crashes"]:
        print(f"CRASH {table} case {number}: {crash}")
    for table, number, what, ops in summary["contradictions"]:
        print(f"CONTRADICTION {table} case {number}: {what} after {json.dumps(ops)[:300]}")
    for number, what, edit in summary["disagreements"]:
        print(f"DISAGREEMENT case {number}: {what} after {json.dumps(edit, ensure_ascii=False)[:300]}")
    print(f"{len(outcomes)} fuzzed files, {len(summary['crashes'])} crashes, {len(summary['contradictions'])} "
          f"contradictions, {summary['edits']} edits ({summary['edits_accepted']} accepted), "
          f"{len(summary['disagreements'])} disagreements between the edit commands and validate")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "summary.json").write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
        for table, number, *_ in summary["crashes"] + summary["contradictions"]:
            (args.out / f"{table}-{number:05d}.csv").write_bytes(make_case(args.seed, number).data)
    if summary["crashes"] or summary["contradictions"] or summary["disagreements"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
