"""The ``moroccous-data`` command: look at, export and check the dataset from a shell.

Reading commands use pyarrow only (no pandas), so they answer quickly. Every
error is one line on stderr and a non-zero exit: 1 for a failed check or bad
data, 2 for a usage error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from . import loaders
from ._version import __version__
from .errors import MoroccousDataError
from .formats import csv_cell, json_default

TEXT_WIDTH = 40


def _table_names() -> list[str]:
    return [t.name for t in loaders.tables()]


def _rows(table: str, limit: int | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    arrow = loaders.load(table, format="arrow")
    if limit is not None:
        arrow = arrow.slice(0, limit)
    return arrow.column_names, arrow.to_pylist()


def _text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    def cell(value: Any) -> str:
        text = "" if value is None else str(value).replace("\n", " ")
        return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"

    cells = [[cell(r[c]) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(row[c]) for c in columns] for row in rows)
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Group(click.Group):
    """Turns the package's own errors into one line and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MoroccousDataError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from exc


def _check_table(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    names = _table_names()
    for name in value if isinstance(value, tuple) else (value,):
        if name not in names:
            raise click.BadParameter(f"no table named {name!r}; the tables are: {', '.join(names)}", ctx, param)
    return value


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="moroccous-data")
def cli() -> None:
    """U.S.-Morocco security cooperation as cited, typed tables."""


@cli.command()
def tables() -> None:
    """List the tables with their row counts and descriptions."""
    infos = loaders.tables()
    width = max(len(t.name) for t in infos)
    for info in infos:
        click.echo(f"{info.name.ljust(width)}  {info.rows:>6}  {info.description}")


@cli.command()
@click.argument("table", callback=_check_table)
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Show at most N rows.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
def show(table: str, limit: int | None, fmt: str) -> None:
    """Print a table's rows."""
    columns, rows = _rows(table, limit)
    if fmt == "json":
        click.echo(json.dumps(rows, default=json_default, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(_csv(columns, rows), nl=False)
    else:
        click.echo(_text(columns, rows))


@cli.command()
@click.argument("names", nargs=-1, callback=_check_table)
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "json"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
def export(names: tuple[str, ...], fmt: str, out: Path) -> None:
    """Write tables (default: all) to a folder as CSV, Parquet or JSON."""
    out.mkdir(parents=True, exist_ok=True)
    package = loaders.datapackage()
    resources = {r["name"]: r for r in package["resources"]}
    for name in names or tuple(resources):
        resource = resources[name]
        if fmt == "csv":
            data = loaders.verified_bytes(resource["path"], resource["hash"])
        elif fmt == "parquet":
            data = loaders.verified_bytes(resource["parquet"]["path"], resource["parquet"]["hash"])
        else:
            _, rows = _rows(name)
            data = (json.dumps(rows, default=json_default, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        path = out / f"{name}.{fmt}"
        _write_atomic(path, data)
        click.echo(f"wrote {path}")


@cli.command()
def info() -> None:
    """Show the version, tables, row counts and sources."""
    package = loaders.datapackage()
    click.echo(f"moroccous-data {package['version']}")
    click.echo(f"license: {', '.join(x['name'] for x in package['licenses'])} (data); MIT (code)")
    click.echo("tables:")
    for resource in package["resources"]:
        click.echo(f"  {resource['name']}: {resource['rows']} rows")
    click.echo("sources:")
    for source in package["sources"]:
        publisher = f" ({source['publisher']})" if source.get("publisher") else ""
        click.echo(f"  {source['title']}{publisher}, {source.get('date') or 'undated'}")


@cli.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default="seeds")
@click.option("--sources", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of source texts: check every quote against them.")
def validate(path: Path, sources: Path | None) -> None:
    """Check a seeds folder with the rules the build uses."""
    from .checks import check_folder

    problems = check_folder(path, sources=sources).problems
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s) in {path}", err=True)
        sys.exit(1)
    click.echo(f"{path}: valid")


def main() -> None:
    cli(prog_name="moroccous-data")
