"""Single-file validation finds repeated keys and rows out of order in flat memory (``KeyIndex``), with the
same verdicts as in memory."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moroccous_data.validation.checks import Checked, KeyIndex, _ascending, check_file, check_keys, check_order
from moroccous_data.models.specs import table_specs
from moroccous_data.validation import checks, tablecheck
from moroccous_data.validation.tablecheck import check_seed_file
from conftest import SEEDS

TABLES = [t for t, s in table_specs().items() if s.fact_key or len(s.primary_key) > 1]


def _in_memory(path: Path, table: str) -> list[str]:
    spec = table_specs()[table]
    checked = Checked(paths={table: str(path)})
    rows, problems = check_seed_file(path, list(spec.columns), spec.rules, keep=spec.key_columns)
    checked.rows[table] = rows
    checked.problems.extend(problems)
    check_keys(checked)
    check_order(checked)
    return sorted(str(p) for p in checked.problems)


def _rows(table: str) -> list[list[str]]:
    with (SEEDS / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("mask", [KeyIndex.HASH_MASK, 63])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_streamed_keys_match_the_in_memory_check(mask: int, data: st.DataObject, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies of random rows, some with a new id or a zero-padded integer; with 6-bit hashes, counted 4 at a
    time and spilled to a file after 8 hashes, keys collide, so the second pass must sort out the real
    repeats from the false alarms."""
    monkeypatch.setattr(KeyIndex, "HASH_MASK", mask)
    if mask != -1:
        monkeypatch.setattr(KeyIndex, "SLICE", 4)
        monkeypatch.setattr(KeyIndex, "SPOOL", 64)
    monkeypatch.setattr(tablecheck, "BLOCK_SIZE", 4096)  # many small groups: repeats across groups, not only within
    monkeypatch.setattr(tablecheck, "CHECK_SIZE", 1)
    table = data.draw(st.sampled_from(TABLES))
    rows = _rows(table)
    header = rows[0]
    integers = [header.index(c.name) for c in table_specs()[table].columns if c.type == "integer"]
    for _ in range(data.draw(st.integers(0, 4))):
        original = data.draw(st.integers(1, len(rows) - 1))
        copy = list(rows[original])
        if "id" in header and data.draw(st.booleans()):
            copy[header.index("id")] += "-copy"
        for i in integers:
            if copy[i] and data.draw(st.booleans()):
                copy[i] = "0" + copy[i]
        # beside its original, a repeated key leaves the file in key order; elsewhere, mostly not
        rows.insert(original + 1 if data.draw(st.booleans()) else data.draw(st.integers(1, len(rows))), copy)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        assert sorted(str(p) for p in check_file(path, table).problems) == _in_memory(path, table)


@settings(max_examples=300, deadline=None)
@given(columns=st.lists(st.sampled_from(["int", "text"]), min_size=1, max_size=3),
       data=st.data())
def test_in_order_is_what_a_stable_sort_leaves_in_place(columns: list[str], data: st.DataObject) -> None:
    """``_ascending`` tests neighbours instead of sorting: it must say 'in order' exactly when a stable sort on
    the same columns, first deciding, leaves every row where it is, and 'strictly' when, besides, no row equals
    the one before. Few distinct values, so ties are common."""
    count = data.draw(st.integers(0, 8))
    values = {"int": st.integers(-2, 2), "text": st.sampled_from(["", "a", "ab", "b", "é"])}
    table = pa.table({f"c{i}": data.draw(st.lists(values[kind], min_size=count, max_size=count))
                      for i, kind in enumerate(columns)})
    order = pc.sort_indices(table, sort_keys=[(name, "ascending") for name in table.column_names])
    in_order = order.to_pylist() == list(range(count))
    rows = table.to_pylist()
    assert _ascending(table) == in_order
    assert _ascending(table, strict=True) == (in_order and all(a != b for a, b in zip(rows, rows[1:])))


def test_a_file_in_key_order_hashes_no_primary_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeds are in key order with no key repeated, so the index proves their primary keys distinct by
    comparing neighbours and writes no primary-key hash; one repeated row beside its original is found all the
    same, by the hashes of a re-read."""
    monkeypatch.setattr(tablecheck, "BLOCK_SIZE", 4096)
    monkeypatch.setattr(tablecheck, "CHECK_SIZE", 1)
    made: list[KeyIndex] = []
    monkeypatch.setattr(checks, "KeyIndex", lambda table: made.append(KeyIndex(table)) or made[-1])
    assert not [p for p in check_file(SEEDS / "sales.csv", "sales").problems if p.code.value == "duplicate-key"]
    assert made[-1].distinct and made[-1].counts[0] == 0 and made[-1].counts[1] > 0
    rows = _rows("sales")
    rows.insert(5, rows[4])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sales.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        problems = check_file(path, "sales").problems
    assert not made[-1].distinct and made[-1].counts[0] == len(rows) - 1  # every record, hashed from the re-read
    assert [(p.row, p.code.value) for p in problems if p.code.value in ("duplicate-key", "sort-order")] == [(6, "duplicate-key")]
