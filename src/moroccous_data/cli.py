"""The ``moroccous-data`` command: look at, export and check the dataset from a shell.

Reading commands use pyarrow only (no pandas), so they answer quickly. Every
error is one line on stderr and a non-zero exit: 1 for a failed check or bad
data, 2 for a usage error.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ._version import __version__
from .building.command import build_command
from .errors import MoroccousDataError
from .formats import csv_lines, csv_text, without_markup
from .options import QUIET, SEEDS, SOURCES, TEXT_OR_JSON, format_option, out_option
from .progress import finish, for_terminal
from .publishing.citation import FORMATS as CITATION_FORMATS

TEXT_WIDTH = 40
MAX_PROBLEMS = 1000  # problem lines per file by default, as frictionless's --limit-errors


def _table_names() -> list[str]:
    from .loading import loaders

    return [t.name for t in loaders.tables()]


def _text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    def cell(value: Any) -> str:
        text = "" if value is None else str(value).replace("\n", " ")
        return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"

    cells = [[cell(r[c]) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


class _Group(click.Group):
    """Turns the package's own errors into one line and exit 1 (2 for an unreadable input), never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse an argument holding bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
        for arg in args:
            if any("\udc80" <= c <= "\udcff" for c in arg):
                raise click.UsageError(f"the argument {arg!r} holds a byte that is not UTF-8; "
                                       "give every value as UTF-8 text", ctx)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from .inputs import InputRefused

        try:
            return super().invoke(ctx)
        except InputRefused as exc:
            raise _Refused(str(exc)) from exc
        except MoroccousDataError as exc:
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:
            _reader_left()
        except OSError as exc:
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from exc
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug of ours: still one line and exit 1, never a traceback
            raise click.ClickException(f"internal error ({type(exc).__name__}: {exc}); please report it") from exc


class _Unreadable(click.ClickException):
    """An input that cannot be read as one (a FIFO, a device): one line, and the usage-error exit code."""

    exit_code = 2


class _Refused(click.ClickException):
    """An output path that is not ours to replace: one line, and the usage-error exit code."""

    exit_code = 2


def _reader_left() -> None:
    """The reader closed the pipe (``| head``): that is not an error, so stop quietly with exit 0.

    Standard output is pointed at /dev/null first, so the interpreter's final
    flush of what is still buffered cannot fail again on the way out.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    raise SystemExit(0)


def _check_table(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    names = _table_names()
    for name in value if isinstance(value, tuple) else () if value is None else (value,):
        if name not in names:
            raise click.BadParameter(f"no table named {name!r}; the tables are: {', '.join(names)}", ctx, param)
    return value


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="moroccous-data")
def cli() -> None:
    """U.S.-Morocco security cooperation as cited, typed tables."""


cli.add_command(build_command)


@cli.command()
def tables() -> None:
    """List the tables with their row counts and descriptions."""
    from .loading import loaders

    infos = loaders.tables()
    width = max(len(t.name) for t in infos)
    for info in infos:
        click.echo(f"{info.name.ljust(width)}  {info.rows:>6}  {without_markup(info.description)}")


@cli.command()
@click.argument("table", callback=_check_table)
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Show at most N rows.")
@format_option(["text", "csv", "json"])
@click.option("--columns", "wanted", default=None, metavar="A,B,...|all",
              help="The columns to print, in this order, or all of them. Default: the table's key columns "
                   "as text on a terminal, every column otherwise.")
def show(table: str, limit: int | None, fmt: str, wanted: str | None) -> None:
    """Print a table's rows."""
    from .publishing.export import json_text, table_rows

    columns, rows = table_rows(table, limit)
    if wanted is None and fmt == "text" and sys.stdout.isatty():
        from .loading.loaders import resource
        from .models.kinds import EXTENSION

        chosen = list(resource(table)[EXTENSION]["key_columns"])  # as the installed data package declares them
    elif wanted is None or wanted == "all":
        chosen = columns
    else:
        chosen = [c.strip() for c in wanted.split(",") if c.strip()]
        unknown = [c for c in chosen if c not in columns]
        if unknown or not chosen:
            raise click.BadParameter(f"{table} has no column {', '.join(map(repr, unknown)) or 'named'}; "
                                     f"its columns are: {', '.join(columns)}", param_hint="--columns")
    if chosen != columns:
        if wanted is None:
            click.echo(f"{len(chosen)} of {len(columns)} columns; --columns all prints every one", err=True)
        columns, rows = chosen, [{c: r[c] for c in chosen} for r in rows]
    if fmt == "json":
        click.echo(json_text(rows))
    elif fmt == "csv":
        click.echo(csv_text(columns, rows), nl=False)
    else:
        click.echo(_text(columns, rows))


@cli.command()
@click.argument("names", nargs=-1, callback=_check_table)
@format_option(["csv", "parquet", "json", "stata", "sqlite", "annotations"])
@out_option("Folder to write (new, empty or an earlier export, which is replaced); for sqlite, the database file.",
            file_okay=True)
@SOURCES
@QUIET
def export(names: tuple[str, ...], fmt: str, out: Path, sources: Path | None, quiet: bool) -> None:
    """Write tables (default: all) to a folder as CSV, Parquet, JSON or Stata .dta (with variable and value
    labels), all of them to one SQLite file, or every citation as W3C Web Annotations (DIR/annotations.jsonld;
    needs the source texts).

    The folder is replaced as a whole, so it must be new, empty or an earlier
    export; a SQLite file is replaced only if it is an earlier export.
    """
    from .atomic import OutputRefused
    from .publishing.export import annotation_files, table_files, write

    try:
        if fmt == "sqlite":
            if names:
                raise click.BadParameter("sqlite exports every table, so that its foreign keys resolve; name none")
            from .publishing.sqlite_export import metadata_path, write_sqlite

            write_sqlite(out)
            if not quiet:
                click.echo(f"wrote {out}")
                click.echo(f"wrote {metadata_path(out)}")
            return
        if fmt == "annotations" and names:
            raise click.BadParameter("annotations cover every citation; name no table")
        files = annotation_files(sources) if fmt == "annotations" else table_files(names, fmt)
        write(out, files)
    except OutputRefused as exc:
        raise _Refused(str(exc)) from exc
    if not quiet:
        for file_name in files:
            click.echo(f"wrote {out / file_name}")


@cli.command("path")
@click.argument("table", required=False, callback=_check_table)
@format_option(["parquet", "csv"], "Which file of TABLE to print.")
def path_command(table: str | None, fmt: str) -> None:
    """Print the folder of the installed data files, or with TABLE that table's file, for DuckDB, pandas or a shell."""
    from .loading.paths import data_dir, table_path

    click.echo(str(table_path(table, fmt) if table else data_dir()))


@cli.command()
def info() -> None:
    """Show the version, tables, row counts, sources and what the data covers (and does not)."""
    from .loading import loaders

    package = loaders.datapackage()
    click.echo(f"moroccous-data {package['version']}")
    click.echo(f"license: {', '.join(x['name'] for x in package['licenses'])} (data); MIT (code)")
    click.echo("tables:")
    for resource in package["resources"]:
        click.echo(f"  {resource['name']}: {resource['rows']} rows")
    held = [s for s in package["sources"] if s.get("sha256")]
    click.echo(f"sources: {len(package['sources'])}, of which the repository holds {len(held)} (quoted):")
    for source in held:
        publisher = f" ({source['publisher']})" if source.get("publisher") else ""
        click.echo(f"  {source['title']}{publisher}, {source.get('date') or 'undated'}")
    click.echo(f"  and {len(package['sources']) - len(held)} pages not held (cited by fingerprint; "
               "`moroccous-data show sources` lists them)")
    from .loading.scope import installed_statement

    click.echo("coverage:")
    click.echo(installed_statement().rstrip("\n"))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--table", default=None, help="The table a single CSV holds (default: its file name).")
@SOURCES
@click.option("--max-problems", type=click.IntRange(min=0), default=MAX_PROBLEMS, show_default=True,
              help="Show at most N problems per file (0: all); how many more there are is said.")
@TEXT_OR_JSON
@QUIET
def validate(paths: tuple[Path, ...], table: str | None, sources: Path | None, max_problems: int, fmt: str,
             quiet: bool) -> None:
    """Check seeds (a folder, its datapackage.json, or single CSVs) with the rules the build uses.

    Prints one line per problem, path:row:column: [code] message (header = row 1),
    then a summary (none with --quiet when valid). Exit 0 when valid, 1 when not, 2 on a usage error.
    """
    targets = paths or (Path("seeds"),)
    for target in targets:  # a named FIFO or device is an unreadable input, refused before anything reads it
        if not (target.is_dir() or target.is_file()):
            raise _Unreadable(f"{target} is not a regular file or a folder (a FIFO or device); give a plain CSV "
                              "file or a seeds folder")
    progress = for_terminal(quiet)
    from .validation.checks import UnknownSeedTable, check_paths

    try:
        problems = check_paths(targets, table, sources, progress)
    except UnknownSeedTable as exc:
        raise click.BadParameter(str(exc)) from exc
    finish(progress)
    summary = (f"{len(problems)} problem(s) in {', '.join(map(str, targets))}" if problems
               else f"valid: {', '.join(map(str, targets))}")
    shown, omitted = _capped(problems, max_problems)
    if fmt == "json":
        click.echo(json.dumps({"valid": not problems, "summary": summary, "problems": [p.as_json() for p in shown],
                               "omitted": omitted}, ensure_ascii=False, indent=1))
    else:
        for problem in shown:
            click.echo(str(problem))
        for where, count in omitted.items():
            click.echo(f"{where}: {count} more problem(s) not shown (--max-problems 0 shows all)")
        if problems or not quiet:
            click.echo(summary)
    if problems:
        sys.exit(1)


def _capped(problems: list[Any], limit: int) -> tuple[list[Any], dict[str, int]]:
    """The first ``limit`` problems of each file (all with 0), and how many of each file's were left out."""
    if not limit:
        return problems, {}
    shown, seen = [], Counter(p.path for p in problems)
    kept: Counter[str] = Counter()
    for problem in problems:
        if kept[problem.path] < limit:
            kept[problem.path] += 1
            shown.append(problem)
    return shown, {path: count - limit for path, count in seen.items() if count > limit}


def _source(seeds: Path, sources: Path | None, source_id: str) -> str:
    """The text of one source of the seeds, or a one-line error."""
    from .seedfiles import source_text, sources_folder

    folder = sources or sources_folder(seeds)
    with (seeds / "sources.csv").open(encoding="utf-8", newline="") as handle:
        hashes = {row["id"]: row["sha256"] for row in csv.DictReader(handle)}
    if source_id not in hashes:
        raise click.BadParameter(f"no source {source_id!r}; the sources are: {', '.join(sorted(hashes))}")
    text, why = source_text(folder, source_id, hashes[source_id])
    if text is None:
        raise click.ClickException(why)
    return text


def _short_quote(quote: str) -> None:
    """Refuse a quote longer than ``citations.quote`` allows before searching: the near-miss search of a long
    one takes time that grows faster than its length, for a quote no citation could hold."""
    from .models.specs import table_specs

    limit = next(c.max_length for c in table_specs()["citations"].columns if c.name == "quote")
    if limit is not None and len(quote) > limit:
        raise click.BadParameter(f"the quote has {len(quote)} characters; a quote is at most {limit} "
                                 "(one sentence at most: cite the smallest span that carries the fact)",
                                 param_hint="QUOTE")


def _not_found(source_id: str, text: str, quote: str) -> click.ClickException:
    """The quote is not in the source: show the closest spans, choose none."""
    from .validation.nearmiss import near_misses

    import importlib.util

    from .validation.nearmiss import MIN_SIMILARITY

    misses = near_misses(text, quote)
    lines = [f"the quote does not occur in {source_id} (copy it exactly, typos and curly quotes included)"]
    if misses:
        lines.append("closest spans (none is chosen for you; copy the one you mean exactly):")
        lines += [f"  {m.describe()}" for m in misses]
    elif importlib.util.find_spec("rapidfuzz") is None:
        lines.append("no exact variant is there, and the fuzzy search for close spans needs rapidfuzz: "
                     "pip install 'moroccous-data[contrib]'")
    else:
        lines.append(f"nothing in {source_id} comes close (no span is {MIN_SIMILARITY:.0%} alike): is it the right "
                     f"source? `moroccous-data coverage --source {source_id}` lists its sentences")
    return click.ClickException("\n".join(lines))


@cli.command()
@click.argument("source_id")
@click.argument("quote")
@SOURCES
@SEEDS
def locate(source_id: str, quote: str, sources: Path | None, seeds: Path) -> None:
    """Find QUOTE in a source and print its offsets as citation cells (source_id,quote,start,end).

    When the quote is not there exactly, the closest spans are shown (dash, quote
    mark, case and spacing variants first, then fuzzy matches) with their offsets.
    """
    from .validation.nearmiss import quote_offsets

    _short_quote(quote)
    text = _source(seeds, sources, source_id)
    starts = quote_offsets(text, quote)
    if not starts:
        raise _not_found(source_id, text, quote)
    click.echo(csv_lines([source_id, quote, start, start + len(quote)] for start in starts), nl=False)
    if len(starts) > 1:
        click.echo(f"the quote occurs {len(starts)} times; cite the occurrence that carries the fact", err=True)


@cli.command()
@SOURCES
@SEEDS
@click.option("--source", "only", default=None, help="Report on this source only.")
@click.option("--uncited-only", is_flag=True, help="List only the sentences no citation covers.")
@click.option("--template", is_flag=True,
              help="With --source: print reviewed_sentences.csv rows for its uncited sentences, to fill in and append.")
def coverage(sources: Path | None, seeds: Path, only: str | None, uncited_only: bool, template: bool) -> None:
    """List each source sentence and whether a citation covers it; exit 1 if any is unaccounted for.

    It runs on valid seeds only (validate refuses, among others, a quote that
    crosses a sentence boundary). --template writes ready-to-fill review rows on
    stdout (the sentences on stderr), e.g.
    `moroccous-data coverage --source ID --template >> seeds/reviewed_sentences.csv`.
    """
    from .editing.coverage import REVIEWED_FILE, VERDICTS
    from .editing.review import review

    if template and not only:
        raise click.BadParameter("--template needs --source ID", param_hint="--template")
    result = review(seeds, sources, only)  # an unreadable input is exit 2, bad data exit 1 (see _Group)
    if template:
        rows = [line for line in result.lines if line.status == "uncited"]
        for line in rows:
            click.echo(f"[{line.sentence.start}:{line.sentence.end}] {line.sentence.text}", err=True)
            click.echo(csv_lines([[line.source_id, str(line.sentence.start), str(line.sentence.end), "", ""]]), nl=False)
        click.echo(f"{len(rows)} row(s) for {REVIEWED_FILE}: fill in each verdict (one of "
                   f"{', '.join(VERDICTS)}) and a note, append them, then run moroccous-data fmt seeds", err=True)
        return
    for source_id, start, end in result.stale:
        click.echo(f"{seeds / REVIEWED_FILE}: {source_id} {start}-{end} is not a sentence of the source", err=True)
    for source_id in result.sources:
        mine = [line for line in result.lines if line.source_id == source_id]
        cited = sum(line.status == "cited" for line in mine)
        uncited = sum(line.status == "uncited" for line in mine)
        click.echo(f"{source_id}: {len(mine)} sentences, {cited} cited ({100 * cited / max(len(mine), 1):.0f}%), "
                   f"{len(mine) - cited - uncited} reviewed as no fact, {uncited} unaccounted for")
        for line in mine:
            if uncited_only and line.status != "uncited":
                continue
            mark = {"cited": "cited", "reviewed": line.verdict, "uncited": "UNCITED"}[line.status]
            click.echo(f"  {line.sentence.start:>6}-{line.sentence.end:<6} {mark:<15} {line.sentence.text}")
    if not result.complete:
        sys.exit(1)


def _pairs(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in value:
        name, sep, cell = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not COLUMN=VALUE", ctx, param)
        if name in out:
            raise click.BadParameter(f"column {name!r} is set twice", ctx, param)
        out[name] = cell
    return out


SET_OPTION = click.option("--set", "values", multiple=True, callback=_pairs, metavar="COLUMN=VALUE",
                          help="A cell of the new row; repeat for each column (| between list items).")


def _apply(edit: Any, what: str) -> None:
    """Write a checked edit, say what was done, and what is still to do."""
    edit.write()
    click.echo(what)
    for notice in edit.notices:
        click.echo(notice, err=True)


def _seeds_locked(seeds: Path) -> Any:
    """The seeds folder's lock, held for one command's read, check and write, so concurrent edits queue."""
    from .atomic import seeds_locked

    return seeds_locked(seeds)


def _refusing(action: Any) -> Any:
    """Run an edit, turning a refusal into the validator's lines on stderr and exit 1, with nothing written."""
    from .editing.seededit import EditRefused

    try:
        return action()
    except EditRefused as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s); nothing was written") from exc


@cli.group("add", cls=_Group)
def add() -> None:
    """Add a source text, a record or a citation to the seeds, checked as the validator checks them."""


@add.command("source")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "source_id", required=True, help="The new source's id: a lowercase slug.")
@click.option("--kind", required=True, help="The genre: press_release, readout, statement, report, fact_sheet, …")
@click.option("--title", default=None, help="The title as the text gives it (default: its first line).")
@click.option("--publisher", default=None, help="Who published this copy.")
@click.option("--url", default=None, help="The address of the publication the text was taken from.")
@click.option("--located-note", "located_note", default=None,
              help="How the publication was located: when the url was checked, which sentences matched, what did not.")
@SET_OPTION
@SOURCES
@SEEDS
def add_source(file: Path, source_id: str, kind: str, title: str | None, publisher: str | None, url: str | None,
               located_note: str | None, values: dict[str, str], sources: Path | None, seeds: Path) -> None:
    """Copy a source text into the sources folder and add its sources.csv row (sha256 and length computed).

    Then prints the text's sentences with their offsets, and the known entities
    (names and aliases) it mentions, to plan the records and citations.
    """
    from .models.specs import table_specs
    from .seedfiles import sources_folder
    from .sentences import sentences
    from .editing.seededit import add_source as prepare
    from .editing.seededit import mentions, read_table

    columns = {c.name for c in table_specs()["sources"].columns}  # every option names one; --set names the rest
    named = {"kind": kind, "title": title, "publisher": publisher, "url": url, "located_note": located_note}
    given = {k: v for k, v in named.items() if v is not None and k in columns}
    folder = sources or sources_folder(seeds)
    with _seeds_locked(seeds):
        new = _refusing(lambda: prepare(seeds, folder, file, source_id, {**values, **given}))
        new.write()
    click.echo(f"added source {source_id} (sources.csv row {new.edit.row}); its text is {new.target}")
    click.echo("sentences (start-end):")
    for sentence in sentences(new.text):
        click.echo(f"  {sentence.start:>6}-{sentence.end:<6} {sentence.text}")
    found = mentions(new.text, read_table(seeds, "entities"))
    click.echo("known entities it mentions (start-end, entity id, as written):" if found
               else "it mentions no known entity by name or alias")
    for mention in found:
        click.echo(f"  {mention.start:>6}-{mention.end:<6} {mention.entity_id}  {mention.written!r}")


def _check_seed_table(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from .models.specs import table_specs

    if value not in table_specs():
        raise click.BadParameter(f"no seed table named {value!r}; the tables are: {', '.join(table_specs())}", ctx, param)
    return value


@add.command("record")
@click.argument("table", callback=_check_seed_table)
@SET_OPTION
@SOURCES
@SEEDS
def add_record(table: str, values: dict[str, str], sources: Path | None, seeds: Path) -> None:
    """Add a row to TABLE at its place in id order, from --set COLUMN=VALUE pairs, checked on the spot."""
    from .seedfiles import sources_folder
    from .editing.seededit import add_row

    with _seeds_locked(seeds):
        edit = _refusing(lambda: add_row(seeds, table, values, sources=sources or sources_folder(seeds)))
        _apply(edit, f"added {table} {values.get('id', '')} ({edit.path} row {edit.row})".replace("  ", " "))


MAX_SENTENCE_CHARACTERS = 2000  # a stating sentence read for its fingerprint; longer is a page, not a sentence


def _sentence(file: str) -> str:
    """The stating sentence from the contributor's own copy of the page (a file, or ``-`` for standard input)."""
    from .inputs import InputRefused, read_regular

    try:
        data = sys.stdin.buffer.read(4 * MAX_SENTENCE_CHARACTERS + 1) if file == "-" else \
            read_regular(Path(file), 4 * MAX_SENTENCE_CHARACTERS, "sentence file")
        sentence = data.decode("utf-8").strip()
    except InputRefused as exc:
        raise click.BadParameter(str(exc), param_hint="--sentence-file") from exc
    except UnicodeDecodeError as exc:
        raise click.BadParameter(f"{file}: byte {exc.start} is not UTF-8", param_hint="--sentence-file") from exc
    if not sentence or len(sentence) > MAX_SENTENCE_CHARACTERS:
        raise click.BadParameter(f"{file} holds {len(sentence)} characters: give the one sentence that states the "
                                 f"fact (at most {MAX_SENTENCE_CHARACTERS})", param_hint="--sentence-file")
    return sentence


@add.command("citation")
@click.argument("table")
@click.argument("record_id")
@click.argument("source_id")
@click.argument("quote", required=False)
@click.option("--sentence-file", default=None, metavar="FILE",
              help="For a source not held: the stating sentence, from your own copy of the page (- for standard "
                   "input); only its fingerprint is stored, never the sentence.")
@click.option("--locator", default=None, help="With --sentence-file: where on the page the sentence is, in your own "
              "words, e.g. 'paragraph 2, sentence 1'.")
@click.option("--role", default="states", show_default=True,
              help="states: the quote states the record's values; context: it only frames them.")
@click.option("--note", default=None, help="How the quote supports the record, where that is not evident.")
@click.option("--occurrence", type=click.IntRange(min=1), default=None,
              help="Which occurrence to cite (1 = first) when the quote occurs more than once.")
@SOURCES
@SEEDS
def add_citation(table: str, record_id: str, source_id: str, quote: str | None, sentence_file: str | None,
                 locator: str | None, role: str, note: str | None, occurrence: int | None, sources: Path | None,
                 seeds: Path) -> None:
    """Cite QUOTE of SOURCE_ID (a held text) for TABLE's record RECORD_ID: the quote is located and the full row
    written. For a page not held, give --sentence-file and --locator instead of QUOTE: the row holds the
    sentence's fingerprint, which anyone can check against the page (docs/checking.md)."""
    from .seedfiles import sources_folder
    from .validation.nearmiss import quote_offsets
    from .editing.seededit import add_row

    if (quote is None) == (sentence_file is None):
        raise click.UsageError("give QUOTE (a held text) or --sentence-file with --locator (a page not held)")
    if sentence_file is not None:
        from .sentences import fingerprint

        if not locator:
            raise click.BadParameter("say where on the page the sentence is", param_hint="--locator")
        stamp = fingerprint(_sentence(sentence_file))
        row = {"record_table": table, "record_id": record_id, "source_id": source_id, "role": role,
               "locator": locator, "fingerprint": stamp, "note": note or ""}
        with _seeds_locked(seeds):
            edit = _refusing(lambda: add_row(seeds, "citations", row, sources=sources or sources_folder(seeds)))
            _apply(edit, f"cited {source_id} ({locator}) by fingerprint {stamp} for {table} {record_id} "
                         f"({edit.path} row {edit.row})")
        return
    assert quote is not None
    _short_quote(quote)
    text = _source(seeds, sources, source_id)
    starts = quote_offsets(text, quote)
    if not starts:
        raise _not_found(source_id, text, quote)
    if occurrence is None and len(starts) > 1:
        raise click.UsageError(f"the quote occurs {len(starts)} times (at {', '.join(map(str, starts))}); "
                               "pass --occurrence N for the one that carries the fact")
    if occurrence is not None and occurrence > len(starts):
        raise click.BadParameter(f"the quote occurs {len(starts)} time(s)", param_hint="--occurrence")
    start = starts[(occurrence or 1) - 1]
    row = {"record_table": table, "record_id": record_id, "source_id": source_id, "role": role, "quote": quote,
           "quote_start": str(start), "quote_end": str(start + len(quote)), "note": note or ""}
    with _seeds_locked(seeds):
        edit = _refusing(lambda: add_row(seeds, "citations", row, sources=sources or sources_folder(seeds)))
        _apply(edit, f"cited {source_id} [{start}:{start + len(quote)}] for {table} {record_id} "
                     f"({edit.path} row {edit.row})")


def _assignments(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    """``COLUMN=VALUE`` pairs as ``--set`` takes them, or the older ``COLUMN VALUE`` for one cell."""
    if len(value) == 2 and "=" not in value[0]:
        return {value[0]: value[1]}
    return _pairs(ctx, param, value)


@cli.command("set")
@click.argument("table", callback=_check_seed_table)
@click.argument("record_id")
@click.argument("values", metavar="COLUMN=VALUE...", nargs=-1, required=True, callback=_assignments)
@SOURCES
@SEEDS
def set_command(table: str, record_id: str, values: dict[str, str], sources: Path | None, seeds: Path) -> None:
    """Set cells of one record (an empty VALUE empties one), checked together on the spot; the rest of the file is
    untouched. Give every cell that changes together in one call: `set sale_events X date=2019-03-25
    date_basis=stated`."""
    from .seedfiles import sources_folder
    from .editing.seededit import set_cells

    with _seeds_locked(seeds):
        edit = _refusing(lambda: set_cells(seeds, table, record_id, values, sources=sources or sources_folder(seeds)))
        _apply(edit, f"set {table} {record_id} {', '.join(values)} ({edit.path} row {edit.row})")


@cli.command("fmt")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("seeds"))
@click.option("--check", is_flag=True, help="Only report what would change; exit 1 if anything would.")
def fmt_command(folder: Path, check: bool) -> None:
    """Undo what a spreadsheet does to the seed files: BOM, CRLF, column order, row order, padded labels.

    Cells are never changed (quotes stay verbatim); a file fmt cannot repair is
    named with the reason, and the exit is 1.
    """
    from .editing.seededit import fmt_folder

    with _seeds_locked(folder):
        results = fmt_folder(folder, write=not check)
    for result in results:
        if result.refused:
            click.echo(f"{result.path}: not changed: {result.refused}", err=True)
        elif result.changes:
            click.echo(f"{result.path}: {'would have ' if check else ''}{'; '.join(result.changes)}")
    changed = sum(bool(r.changes) and not r.refused for r in results)
    click.echo(f"{changed} file(s) {'to change' if check else 'changed'} in {folder}")
    if any(r.refused for r in results) or (check and changed):
        sys.exit(1)


class _CannotCompare(click.ClickException):
    """One line on stderr and exit 2: the two packages could not be compared (1 means they differ)."""

    exit_code = 2


@cli.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@TEXT_OR_JSON
def diff_command(old: Path, new: Path, fmt: str) -> None:
    """Compare two data packages (folders or release archives) record by record.

    Exit 0 when identical, 1 when they differ, 2 when they cannot be compared
    (unreadable, damaged, hostile or too large: one line says why).
    """
    from .loading.diff import PackageError, compare, load_package, report, report_data

    try:
        before, after = load_package(old), load_package(new)
    except PackageError as exc:
        raise _CannotCompare(f"cannot compare: {exc}") from exc
    diffs = compare(before, after)
    if fmt == "json":
        click.echo(json.dumps(report_data(before, after, diffs), ensure_ascii=False, indent=1))
    else:
        click.echo(report(before, after, diffs), nl=False)
    if diffs:
        sys.exit(1)


@cli.command()
@click.argument("archive", type=click.Path(path_type=Path), required=False)
@click.option("--changelog", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A CHANGELOG.md whose recorded sha256 the archive must also match.")
def verify(archive: Path | None, changelog: Path | None) -> None:
    """Check a release archive or a data folder (default: the installed data) against its hashes.

    Every data file is checked against the size and sha256 in datapackage.json,
    and datapackage.json against its own content_hash; prints ok, or one line
    per difference. Exit 0 when all match, 1 when something differs, 2 when
    ARCHIVE cannot be read.
    """
    from contextlib import ExitStack
    from importlib.resources import as_file, files

    from .loading.integrity import Unreadable
    from .loading.integrity import verify as check

    with ExitStack() as stack:
        if archive is None:
            archive = stack.enter_context(as_file(files(__package__) / "data"))
        try:
            problems, digest = check(archive, changelog.read_text(encoding="utf-8") if changelog else None)
        except (Unreadable, OSError) as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(f"{len(problems)} difference(s) in {archive}")
        sys.exit(1)
    matched = " (as recorded in the changelog)" if changelog else ""
    click.echo(f"ok: {archive}" + (f", sha256 {digest}{matched}" if digest else ""))


@cli.command()
@out_option("Folder to write the site into: new, empty or an earlier site, which is replaced.")
@QUIET
def site(out: Path, quiet: bool) -> None:
    """Write the static explorer (timeline, tables, downloads, dictionary): open its index.html, no server needed."""
    from .atomic import OutputRefused
    from .publishing.explorer import build_site

    progress = for_terminal(quiet)
    try:
        build_site(out, progress=progress)
    except OutputRefused as exc:
        raise _Refused(str(exc)) from exc
    finally:
        finish(progress)
    if not quiet:
        click.echo(f"wrote {out / 'index.html'}")


@cli.command("evidence")
@click.argument("table")
@click.argument("record_id")
@SOURCES
def evidence_command(table: str, record_id: str, sources: Path | None) -> None:
    """Print the quotes that support one record, those that state its values first, with their sources; for a deal,
    then those of each stage of it, in order."""
    import warnings

    from .publishing.evidence import evidence_in_context

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = evidence_in_context(table, record_id, sources)
    for warning in caught:
        click.echo(f"note: {warning.message}", err=True)
    step = None
    for number, row in enumerate(rows, start=1):
        if row["stage"] and (row["record_id"], row["stage"]) != step:
            step = (row["record_id"], row["stage"])
            click.echo(f"stage {row['stage']} ({row['date']}): {row['record_table']} {row['record_id']}")
        published = ", ".join(str(v) for v in (row["publisher"], row["source_date"]) if v)
        if row["quote"] is None:
            click.echo(f"[{number}] {row['role']}: the sentence at {row['locator']} of the page "
                       f"(fingerprint {row['fingerprint']})")
        else:
            click.echo(f"[{number}] {row['role']}: \u201c{row['quote']}\u201d")
        click.echo(f"    {row['source_title']}" + (f" ({published})" if published else ""))
        where = f"{row['quote_start']}:{row['quote_end']}" if row["quote"] is not None else "not held"
        click.echo(f"    {row['url'] or 'no address found; see sources.located_note'}  [{row['source_id']} {where}]")
        if row["archived"]:
            click.echo(f"    archived: {row['archived']}")
        if row["sentence"]:
            click.echo(f"    sentence: {row['sentence']}")
        if row["note"]:
            click.echo(f"    note: {row['note']}")


class _CannotRun(click.ClickException):
    """Nothing can be checked as asked (no data, an unknown source): the usage-error exit code, as for bad arguments."""

    exit_code = 2


@cli.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE_ID]...")
@TEXT_OR_JSON
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds per page, redirects included.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5 << 20, show_default=True,
              help="Largest page body read, counted after decompression.")
@click.option("--seeds", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Check a seeds folder's sources and citations instead of the installed data.")
def recheck(source_ids: tuple[str, ...], fmt: str, timeout: float, max_bytes: int, seeds: Path | None) -> None:
    """Fetch each source's address (or those of SOURCE_ID...) and check every citation against the live page.

    Each citation is found (its quote, or a sentence or run of up to 3 sentences with its fingerprint, is on the
    page), not-found, gone (an HTTP error), unreachable or not-text. Exit 0 when all are found, 1 when some are
    not, 2 when nothing can be checked.
    """
    from .publishing import recheck as checking

    try:
        sources, citations = checking.seed_rows(seeds) if seeds else checking.installed_rows()
        chosen = checking.chosen(sources, source_ids)
    except MoroccousDataError as exc:
        raise _CannotRun(str(exc)) from exc
    checks: list[checking.Check] = []
    for check in checking.recheck(chosen, citations, timeout, max_bytes):
        if fmt == "text" and (not checks or checks[-1].source_id != check.source_id):
            click.echo(f"{check.source_id}  {check.url}" + (f"\n  archived: {check.wayback}" if check.wayback else ""))
        if fmt == "text":
            click.echo(f"  {check.status:<11} {check.record_table} {check.record_id} ({check.evidence})"
                       + (f": {check.detail}" if check.detail else ""))
        checks.append(check)
    counts = {status: sum(c.status == status for c in checks) for status in checking.STATUSES}
    if fmt == "json":
        click.echo(json.dumps([c.as_json() for c in checks], ensure_ascii=False, indent=1))
    else:
        others = ", ".join(f"{n} {status}" for status, n in counts.items() if n and status != "found")
        click.echo(f"{counts['found']} of {len(checks)} citation(s) found on {len(chosen)} page(s)"
                   + (f"; {others}" if others else ""))
    if counts["found"] < len(checks):
        sys.exit(1)


@cli.command("cite")
@format_option(CITATION_FORMATS)
@click.option("--source", "source", default=None, help="Cite this source (a sources.id) instead, with its address.")
def cite_command(fmt: str, source: str | None) -> None:
    """Print how to cite this version of the dataset, or one of its sources."""
    from .publishing.citation import cite

    click.echo(cite(fmt, source).rstrip("\n"))


def main() -> None:
    try:
        cli.main(prog_name="moroccous-data")
    except SystemExit as exc:
        code = exc.code
    try:  # what is still buffered goes out now, where a closed pipe can be told apart from an error
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_left()
    sys.exit(code)
