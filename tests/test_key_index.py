"""Single-file validation finds repeated keys and rows out of order in flat memory (``KeyIndex``), with the
same verdicts as in memory."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moroccous_data.validation.checks import Checked, KeyIndex, check_file, check_keys, check_order
from moroccous_data.models.specs import table_specs
from moroccous_data.validation import tablecheck
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


@pytest.mark.parametrize("bits", [KeyIndex.BITS, 64])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_streamed_keys_match_the_in_memory_check(bits: int, data: st.DataObject, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies of random rows, some with a new id or a zero-padded integer; with 64 bits every key collides,
    so the second pass must sort out the real repeats from the false alarms."""
    monkeypatch.setattr(KeyIndex, "BITS", bits)
    monkeypatch.setattr(tablecheck, "BLOCK_SIZE", 4096)  # many small groups: repeats across groups, not only within
    monkeypatch.setattr(tablecheck, "CHECK_SIZE", 1)
    table = data.draw(st.sampled_from(TABLES))
    rows = _rows(table)
    header = rows[0]
    integers = [header.index(c.name) for c in table_specs()[table].columns if c.type == "integer"]
    for _ in range(data.draw(st.integers(0, 4))):
        copy = list(rows[data.draw(st.integers(1, len(rows) - 1))])
        if "id" in header and data.draw(st.booleans()):
            copy[header.index("id")] += "-copy"
        for i in integers:
            if copy[i] and data.draw(st.booleans()):
                copy[i] = "0" + copy[i]
        rows.insert(data.draw(st.integers(1, len(rows))), copy)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        assert sorted(str(p) for p in check_file(path, table).problems) == _in_memory(path, table)
