"""The checks across tables declare what they read and raise, and the runner holds them to it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from moroccous_data.models.specs import table_specs
from moroccous_data.validation import checks
from moroccous_data.validation.checks import UndeclaredCode, check_folder
from moroccous_data.validation.crosschecks import CrossCheck, Inputs, cross_checks
from moroccous_data.validation.problem import Code, Problem
from conftest import SEEDS


def test_every_check_reads_columns_its_tables_have() -> None:
    specs = table_specs()
    for check in cross_checks():
        assert check.codes, check.name
        for table, columns in check.reads.items():
            assert table in specs, (check.name, table)
            assert set(columns) <= {c.name for c in specs[table].columns}, (check.name, table, columns)


def test_every_table_a_column_points_at_has_a_check() -> None:
    """References are checks made from the specs: each ``ref`` column is read by one that also reads its target."""
    names = {(t, c.name, c.ref) for t, s in table_specs().items() for c in s.columns if c.ref}
    read = {(t, c, target) for t, c, target in names
            for check in cross_checks() if c in check.reads.get(t, ()) and "id" in check.reads.get(target, ())}
    assert read == names


def _seeds(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "seeds", ignore=shutil.ignore_patterns("sources"))
    return tmp_path / "seeds"


def test_a_check_sees_only_the_columns_it_declares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def run(inputs: Inputs):  # type: ignore[no-untyped-def]
        seen.append(inputs.rows["sales"].table.column_names)
        inputs.rows["sales"].column("quantity")
        yield from ()

    narrow = CrossCheck("narrow", {"sales": ("id",)}, frozenset({Code.FOREIGN_KEY}), run)
    monkeypatch.setattr(checks, "cross_checks", lambda: [narrow])
    with pytest.raises(KeyError):
        check_folder(_seeds(tmp_path))
    assert seen == [["id"]]


def test_a_code_a_check_does_not_declare_is_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def run(inputs: Inputs):  # type: ignore[no-untyped-def]
        yield inputs.problem("sales", 2, "id", Code.AS_OF_MISMATCH, "x")

    liar = CrossCheck("liar", {"sales": ("id",)}, frozenset({Code.FOREIGN_KEY}), run)
    monkeypatch.setattr(checks, "cross_checks", lambda: [liar])
    with pytest.raises(UndeclaredCode, match="liar"):
        check_folder(_seeds(tmp_path))


def test_a_check_whose_table_cannot_be_read_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner, not the check, stays away from a table whose file could not be read."""
    ran: list[str] = []

    def run(name: str):  # type: ignore[no-untyped-def]
        def check(inputs: Inputs):  # type: ignore[no-untyped-def]
            ran.append(name)
            yield from ()
        return check

    monkeypatch.setattr(checks, "cross_checks", lambda: [
        CrossCheck("on sales", {"sales": ("id",)}, frozenset({Code.FOREIGN_KEY}), run("on sales")),
        CrossCheck("on entities", {"entities": ("id",), "sales": ("id",)}, frozenset({Code.FOREIGN_KEY}), run("on entities")),
        CrossCheck("on nothing", {}, frozenset({Code.FOREIGN_KEY}), run("on nothing")),
        CrossCheck("on texts", {"sales": ("id",)}, frozenset({Code.FOREIGN_KEY}), run("on texts"), quotes=True)])
    seeds = _seeds(tmp_path)
    (seeds / "entities.csv").write_bytes(b"")
    problems = check_folder(seeds).problems
    assert ran == ["on sales", "on nothing"]
    assert [p.code for p in problems] == [Code.FILE_ERROR]


def test_the_real_checks_run_on_the_real_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check runs on the real seeds (none skipped) and finds nothing."""
    ran: list[str] = []
    real = cross_checks()

    def watched(check: CrossCheck) -> CrossCheck:
        def run(inputs: Inputs):  # type: ignore[no-untyped-def]
            ran.append(check.name)
            problems: list[Problem] = list(check.run(inputs))
            yield from problems
        return CrossCheck(check.name, check.reads, check.codes, run, check.quotes)

    monkeypatch.setattr(checks, "cross_checks", lambda: [watched(c) for c in real])
    assert check_folder(SEEDS, sources=SEEDS / "sources").problems == []
    assert ran == [c.name for c in real]


def test_validating_the_seeds_does_not_import_pandas() -> None:
    """pyarrow imports pandas on its first conversion of a Python value (and for ``group_by``): a fifth of a
    second and 40 MiB of ``validate seeds``, which makes its values from Arrow buffers instead."""
    code = ("import sys; from pathlib import Path; from moroccous_data.validation.checks import check_paths; "
            f"assert not check_paths((Path({str(SEEDS)!r}),), None, None); print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
