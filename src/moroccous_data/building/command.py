"""The command line of ``build_data.py``, kept in the package so the sdist and the tests share it."""

from __future__ import annotations

from pathlib import Path

import click

from ..atomic import OutputRefused, check_target
from ..errors import MoroccousDataError
from ..progress import finish, for_terminal
from . import COMMAND

DICTIONARY = Path("docs") / "data-dictionary.md"  # relative to the repository root
README = Path("README.md")  # its coverage statement is rewritten by each build
STAGING = ".build-staging"  # at the repository root: never under src/, whose every file the wheel packs


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it, so messages stay short."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def main(root: Path) -> int:
    """Run the build command for the repository at ``root``; returns the exit code."""

    @click.command(name="build_data.py")
    @click.option("--check", is_flag=True, help="Compare instead of writing; exit 1 on any difference.")
    @click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Write the built data here (default: src/moroccous_data/data).")
    @click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Read the seeds from here (default: seeds/).")
    @click.option("--release", is_flag=True,
                  help="After building, write dist/moroccous-data-<version>-data.zip and record the released ids.")
    @click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Where --release writes the archive (default: dist/).")
    @click.option("--quiet", "-q", is_flag=True, help="No progress line and no success message; problems still print.")
    def command(check: bool, out: Path | None, seeds: Path | None, release: bool, dist: Path | None,
                quiet: bool) -> None:
        """Validate the seeds, regenerate the derived schemas and write the built data.

        Every problem is printed as file:row:column: [code] message; a failed build
        writes nothing and exits 1.
        """
        target = out or _shown(root / "src" / "moroccous_data" / "data")
        dictionary = None if out else _shown(root / DICTIONARY)
        readme = None if out else _shown(root / README)
        work = root / STAGING if target.resolve().is_relative_to((root / "src").resolve()) else None
        progress = for_terminal(quiet)
        commit = None
        try:
            if not check:  # before the imports below, so a refused --out answers at once
                check_target(target, COMMAND, (root, seeds or root / "seeds"))
            if release and not check and out is None:
                from ..publishing.release import source_commit

                commit = source_commit(root)
            from .pipeline import build

            problems = build(root, seeds or _shown(root / "seeds"), target, check=check, dictionary=dictionary,
                             readme=readme, work=work, progress=progress)
        except (OutputRefused, MoroccousDataError) as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:  # e.g. an --out below a file, or a folder we may not write
            raise click.ClickException(f"{exc.filename or target}: {exc.strerror or exc}") from exc
        finally:
            finish(progress)
        for line in problems:
            click.echo(line, err=True)
        if problems:
            what = "difference(s): run python build_data.py" if check else "problem(s); the data was not written"
            click.echo(f"{len(problems)} {what}", err=True)
            raise SystemExit(1)
        if not quiet:
            click.echo("up to date" if check else f"built {target}")
        if release and not check:
            from ..loading.diff import load_package
            from ..publishing.annotations import (
                FILE_NAME,
                annotation_page,
                dumps,
                read_texts,
            )
            from ..publishing.release import (
                CHANGELOG,
                record_archive,
                record_released_ids,
                write_archive,
            )
            from ..validation.checks import sources_folder

            seed_folder = seeds or root / "seeds"
            built = load_package(target)  # the ids just built and validated, read back rather than checked again
            ids = {t: {key[0] for key in rows} for t, rows in built.rows.items()
                   if [name for name, _ in built.schemas[t]][0] == "id"}
            progress(f"recording the released ids in {seed_folder / 'released_ids.csv'}")
            changed = record_released_ids(seed_folder, ids)
            citations, sources = built.rows["citations"].values(), built.rows["sources"].values()
            try:
                texts = read_texts(sources_folder(seed_folder), sources)
            except MoroccousDataError as exc:
                raise click.ClickException(str(exc)) from exc
            progress("writing the annotations and the release archive")
            page = annotation_page(citations, sources, texts, built.version)
            archive = write_archive(root, target, root / DICTIONARY, dist or root / "dist", {FILE_NAME: dumps(page)})
            finish(progress)
            if not quiet:
                click.echo(f"wrote {_shown(archive)}; {changed} id(s) recorded in {seed_folder / 'released_ids.csv'}")
            if out is None:  # a release of the package's own data: record the archive, show it in the explorer
                digest = record_archive(root / CHANGELOG, archive, commit=commit)
                if not quiet:
                    click.echo(f"recorded sha256 {digest} in {_shown(root / CHANGELOG)}")
                from ..publishing.explorer import build_site

                site = archive.with_name(archive.name.removesuffix("-data.zip") + "-site")
                build_site(site, archive, progress)
                finish(progress)
                if not quiet:
                    click.echo(f"wrote {_shown(site / 'index.html')}")

    try:
        command.main(standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return 2
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
