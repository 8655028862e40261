"""The columns the cross-table checks read are the ones ``validate`` keeps.

``validate`` keeps only ``TableSpec.key_columns`` of each table once its cells
are checked, so memory follows the keys, not the text. A cross-table check that
reads (or looks for) any other column would crash on a large contribution, or
silently skip what the build checks. Here every check runs on the real seeds
with each table's kept columns watched, and each name a check asks for must be
one ``key_columns`` keeps.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from moroccous_data.models.specs import table_specs
from moroccous_data.validation import checks
from conftest import SEEDS


class _Names(list):  # type: ignore[type-arg]
    def __init__(self, names: list[str], asked: set[str]) -> None:
        super().__init__(names)
        self.asked = asked

    def __contains__(self, name: object) -> bool:
        self.asked.add(str(name))
        return super().__contains__(name)


class _Watched:
    """A table that records which columns are asked for, by ``column(name)`` or ``name in column_names``."""

    def __init__(self, table: Any, asked: set[str]) -> None:
        self._table, self._asked = table, asked

    def column(self, name: str) -> Any:
        self._asked.add(name)
        return self._table.column(name)

    @property
    def column_names(self) -> list[str]:
        return _Names(self._table.column_names, self._asked)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)


def test_every_column_a_cross_table_check_asks_for_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: dict[str, set[str]] = defaultdict(set)
    real = checks.check_seed_file

    def watched(path: Any, *args: Any, **kwargs: Any) -> Any:
        rows, problems = real(path, *args, **kwargs)
        rows.table = _Watched(rows.table, asked[path.stem])
        return rows, problems

    monkeypatch.setattr(checks, "check_seed_file", watched)
    result = checks.check_folder(SEEDS, sources=SEEDS / "sources", full=True)
    assert not result.problems, result.problems[:3]
    dropped = {table: {c.name for c in spec.columns} - set(spec.key_columns) for table, spec in table_specs().items()}
    missing = {table: sorted(names & dropped[table]) for table, names in asked.items() if names & dropped[table]}
    assert sum(map(len, asked.values())) > 20, "the watch saw the checks ask for columns"
    assert not missing, f"cross-table checks ask for columns validate drops; add them to _CROSS_TABLE in " \
                        f"models/specs.py: {missing}"
