"""The build command: ``moroccous-data build``, which ``build_data.py`` runs too, for the repository it lies in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..atomic import OutputRefused, check_target
from ..errors import MoroccousDataError
from ..options import QUIET, SEEDS, out_option
from ..progress import finish, for_terminal
from ..seedfiles import RELEASED_IDS
from . import COMMAND

DICTIONARY = Path("docs") / "data-dictionary.md"  # relative to the repository root
README = Path("README.md")  # its coverage statement is rewritten by each build
STAGING = ".build-staging"  # at the repository root: never under src/, whose every file the wheel packs


class BuildRefused(click.ClickException):
    """The build cannot run as asked (an output not ours, a missing source text): one line, the usage-error code."""

    exit_code = 2


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it, so messages stay short."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _repository(ctx: click.Context) -> Path:
    """The repository to build: the one ``build_data.py`` lies in, or else the current folder, which must be the
    clone this package runs from (the build rewrites files generated from the running code's models)."""
    if isinstance(ctx.obj, Path):
        return ctx.obj
    here = Path.cwd()
    package = Path(__file__).resolve().parents[1]
    if (here / "src" / "moroccous_data").resolve() != package:
        raise BuildRefused(f"{here} is not the repository this package runs from ({package}); run moroccous-data "
                           "build in the clone installed with pip install -e, or python build_data.py there")
    return here


@click.command("build")
@click.option("--check", is_flag=True, help="Compare instead of writing; exit 1 on any difference.")
@out_option("Write the built data here (default: src/moroccous_data/data).", required=False)
@SEEDS
@click.option("--release", is_flag=True,
              help="After building, write dist/moroccous-data-<version>-data.zip and record the released ids.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where --release writes the archive (default: dist/).")
@QUIET
@click.pass_context
def build_command(ctx: click.Context, check: bool, out: Path | None, seeds: Path, release: bool, dist: Path | None,
                  quiet: bool) -> None:
    """Validate the seeds, regenerate the derived schemas and write the built data (run in a clone).

    Every problem is printed as file:row:column: [code] message; a failed build
    writes nothing, in the repository or in --out, and exits 1.
    """
    root = _repository(ctx)
    target = out or _shown(root / "src" / "moroccous_data" / "data")
    dictionary = None if out else _shown(root / DICTIONARY)
    readme = None if out else _shown(root / README)
    work = root / STAGING if target.resolve().is_relative_to((root / "src").resolve()) else None
    progress = for_terminal(quiet)
    commit = None
    try:
        if not check:  # before the imports below, so a refused --out answers at once
            check_target(target, COMMAND, (root, seeds))
        if release and not check and out is None:  # refused before anything is written, not after the build
            from ..publishing.release import source_commit

            commit = source_commit(root)
        from .pipeline import build

        problems = build(root, seeds, target, check=check, dictionary=dictionary, readme=readme, work=work,
                         progress=progress)
    except (OutputRefused, MoroccousDataError) as exc:
        raise BuildRefused(str(exc)) from exc
    except OSError as exc:  # e.g. an --out below a file, or a folder we may not write
        raise BuildRefused(f"{exc.filename or target}: {exc.strerror or exc}") from exc
    finally:
        finish(progress)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        what = "difference(s): run python build_data.py" if check else "problem(s); nothing was written"
        click.echo(f"{len(problems)} {what}", err=True)
        raise SystemExit(1)
    if not quiet:
        click.echo("up to date" if check else f"built {target}")
    if release and not check:
        from ..publishing.release import CHANGELOG
        from ..publishing.release import release as publish

        try:
            released = publish(root, target, seeds, root / DICTIONARY, dist or root / "dist", own=out is None,
                               commit=commit, progress=progress)
        except MoroccousDataError as exc:
            raise BuildRefused(str(exc)) from exc
        finally:
            finish(progress)
        if not quiet:
            click.echo(f"wrote {_shown(released.archive)}; {released.changed} id(s) recorded in {seeds / RELEASED_IDS}")
            if released.digest is not None:
                click.echo(f"recorded sha256 {released.digest} in {_shown(root / CHANGELOG)}")
            if released.site is not None:
                click.echo(f"wrote {_shown(released.site / 'index.html')}")


def main(root: Path, args: Sequence[str] | None = None) -> int:
    """``build_data.py``: the build command for the repository at ``root``, from any folder; returns the exit code."""
    try:
        build_command.main(list(args) if args is not None else None, prog_name="build_data.py", obj=root,
                           default_map={"seeds": _shown(root / "seeds")}, standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        return 1
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
