"""The moroccous-data command: every command answers, errors are one line and a non-zero exit."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import moroccous_data as md
from moroccous_data.cli import cli
from conftest import ROOT, SEEDS, run


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_tables(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["tables"])
    assert result.exit_code == 0
    for info in md.tables():
        assert any(line.split()[:2] == [info.name, str(info.rows)] for line in result.output.splitlines())
    assert "``" in md.tables(as_frame=True).description.str.cat() and "``" not in result.output, "markup shown plain"


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_show(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(cli, ["show", "sales", "--limit", "3", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        rows = json.loads(result.output)
        assert len(rows) == 3 and rows[0]["id"] == md.load_sales()["id"].iloc[0]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert len(rows) == 3 and rows[0].keys() == set(md.load_sales().columns)
    else:
        assert result.output.splitlines()[0].split()[:2] == ["id", "designation"]
        assert len(result.output.splitlines()) == 4


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_export(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(cli, ["export", "sales", "claims", "--format", fmt, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".moroccous-data-output", f"claims.{fmt}", f"sales.{fmt}"]
    expected = md.load_sales(format="arrow")
    if fmt == "parquet":
        assert pq.read_table(tmp_path / "sales.parquet").equals(expected)
    elif fmt == "json":
        assert len(json.loads((tmp_path / "sales.json").read_text(encoding="utf-8"))) == expected.num_rows
    else:
        assert len((tmp_path / "sales.csv").read_text(encoding="utf-8").splitlines()) == expected.num_rows + 1


def test_export_everything(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "--format", "parquet", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert len(list(tmp_path.glob("*.parquet"))) == len(md.tables())


def test_info(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["info"])
    assert result.exit_code == 0
    assert f"moroccous-data {md.__version__}" in result.output
    assert "Morocco: U.S. Security Cooperation With Morocco" in result.output


def test_validate_the_shipped_seeds(runner: CliRunner, sources_dir: Path) -> None:
    result = runner.invoke(cli, ["validate", str(SEEDS), "--sources", str(sources_dir)])
    assert result.exit_code == 0, result.output


def _commands(group: click.Group, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    """Every command of the CLI, groups and their subcommands included, with the words that invoke it."""
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, [*path, name])
        else:
            yield [*path, name], command


@pytest.mark.parametrize(("words", "command"), [pytest.param(w, c, id=" ".join(w) or "moroccous-data")
                                                for w, c in _commands(cli, [])])
def test_help_everywhere(runner: CliRunner, words: list[str], command: click.Command) -> None:
    """Every command, found by walking the CLI, prints its usage and says what it does."""
    result = runner.invoke(cli, [*words, "--help"])
    assert result.exit_code == 0 and result.output.startswith("Usage:"), result.output
    assert command.help and command.help.split("\n")[0].strip()[:40] in " ".join(result.output.split()), words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "sale"], "no table named 'sale'; the tables are: sources"),
        (["show", "sales", "--limit", "-1"], "-1 is not in the range x>=0"),
        (["export", "--format", "xlsx", "--out", "x"], "'xlsx' is not one of"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_clear_line(args: list[str], message: str) -> None:
    result = run(sys.executable, "-m", "moroccous_data", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_console_script_and_module_agree() -> None:
    exe = Path(sys.executable).with_name("moroccous-data")
    assert run(exe, "tables").stdout == run(sys.executable, "-m", "moroccous_data", "tables").stdout != ""


def test_locate_prints_citation_cells(runner: CliRunner, sources_dir: Path) -> None:
    quote = "18 M142 High Mobility Artillery Rocket System (HIMARS) launchers"
    result = runner.invoke(cli, ["locate", "state-dept-security-cooperation-fact-sheet", quote,
                                 "--sources", str(sources_dir), "--seeds", str(SEEDS)])
    assert result.exit_code == 0, result.output
    (row,) = list(csv.reader(io.StringIO(result.output)))
    citations = md.load_citations()
    match = citations[(citations.record_id == "m142-himars-fms") & (citations.quote_start == int(row[2]))]
    assert row[:2] == ["state-dept-security-cooperation-fact-sheet", quote] and len(match) == 1
    missing = runner.invoke(cli, ["locate", "state-dept-security-cooperation-fact-sheet", "19 M142",
                                  "--sources", str(sources_dir), "--seeds", str(SEEDS)])
    assert missing.exit_code == 1 and "does not occur" in missing.output


@pytest.mark.parametrize("fmt", ["apa", "bibtex", "cff"])
def test_cite_names_the_version(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(cli, ["cite", "--format", fmt])
    assert result.exit_code == 0
    assert md.__version__ in result.output and result.output.strip() == md.cite(fmt).strip()
    if fmt == "cff":
        assert result.output == (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_sqlite_export_has_every_table_key_and_comment(runner: CliRunner, tmp_path: Path) -> None:
    import sqlite3

    target = tmp_path / "moroccous.db"
    result = runner.invoke(cli, ["export", "--format", "sqlite", "--out", str(target)])
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(target)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    for info in md.tables():
        count = connection.execute(f'SELECT count(*) FROM "{info.name}"').fetchone()[0]
        assert count == info.rows, info.name
        sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = ?", (info.name,)).fetchone()[0]
        assert "PRIMARY KEY" in sql and "-- " in sql
    sales_keys = connection.execute("PRAGMA foreign_key_list(sales)").fetchall()
    assert ("entities", "system_id", "id") in {(k[2], k[3], k[4]) for k in sales_keys}
    quantity = connection.execute("SELECT notified_quantity FROM sales WHERE id = 'm142-himars-fms'").fetchone()[0]
    assert quantity == 18
    event_keys = connection.execute("PRAGMA foreign_key_list(sale_events)").fetchall()
    assert ("sales", "sale_id", "id") in {(k[2], k[3], k[4]) for k in event_keys}, "each stage is keyed to its deal"
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        connection.execute("UPDATE sale_events SET stage = 'approved' WHERE id = 'm142-himars-fms-notified'")
    refused = runner.invoke(cli, ["export", "sales", "--format", "sqlite", "--out", str(tmp_path / "x.db")])
    assert refused.exit_code == 2 and not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("args", [["tables"], ["info"], ["show", "citations", "--format", "csv"], ["--help"]])
def test_a_reader_that_stops_early_is_not_an_error(args: list[str]) -> None:
    """``| head -1``: the reader closes the pipe after one line; the command exits 0 and says nothing."""
    import subprocess

    exe = Path(sys.executable).with_name("moroccous-data")
    for _ in range(5):  # the failure depended on timing; try it several times
        process = subprocess.Popen([exe, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()
        error = process.stderr.read()
        assert process.wait() == 0 and error == b"", (args, error)


@pytest.mark.slow
def test_progress_only_on_a_terminal_and_never_with_quiet(sources_dir: Path, tmp_path: Path) -> None:
    """A pseudo-terminal gets the progress line; a pipe and ``--quiet`` get none."""
    import os
    import pty
    import subprocess

    exe = Path(sys.executable).with_name("moroccous-data")

    def stderr_on_a_terminal(*args: str | Path) -> bytes:
        leader, follower = pty.openpty()
        command = list(args) if args[0] == sys.executable else [exe, *args]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=follower)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait() == 0
        return b"".join(chunks)

    shown = stderr_on_a_terminal("validate", "seeds")
    assert b"checking seeds/sales.csv" in shown and b"checking every quote" in shown
    assert stderr_on_a_terminal("validate", "seeds", "--quiet") == b""
    assert stderr_on_a_terminal("site", "--out", str(tmp_path / "site")).count("copying".encode()) >= 14
    built = stderr_on_a_terminal(sys.executable, ROOT / "build_data.py", "--check")
    assert b"checking every quote" in built and b"writing timeline" in built
    assert stderr_on_a_terminal(sys.executable, ROOT / "build_data.py", "--check", "--quiet") == b""
    piped = run(exe, "validate", "seeds")
    assert piped.returncode == 0 and piped.stderr == "" and piped.stdout == "valid: seeds\n"
    quiet = run(exe, "validate", "seeds", "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_path_prints_the_installed_files(runner: CliRunner) -> None:
    folder = Path(runner.invoke(cli, ["path"]).output.strip())
    assert folder == md.data_dir() and (folder / "datapackage.json").is_file()
    for fmt in ("parquet", "csv"):
        result = runner.invoke(cli, ["path", "sales", "--format", fmt])
        assert result.exit_code == 0 and Path(result.output.strip()) == folder / f"sales.{fmt}"
    assert runner.invoke(cli, ["path", "no_such_table"]).exit_code == 2
