"""The command-line options more than one command takes, declared once so they mean and read the same everywhere.

Shared by ``cli`` and the build command (``building.command``), which ``build_data.py`` runs too;
imports only click, so either can use it without loading the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)

SOURCES = click.option(
    "--sources", type=FOLDER, default=None,
    help="Folder of source texts (default: $MOROCCOUS_SOURCES, else the seeds folder's sources/).")
SEEDS = click.option("--seeds", type=FOLDER, default=Path("seeds"), show_default=True, help="The seeds folder.")
QUIET = click.option("--quiet", "-q", is_flag=True,
                     help="No progress line (shown only on a terminal) and no success message; problems still print.")


def out_option(help: str, *, required: bool = True, file_okay: bool = False) -> Callable[[F], F]:
    """``--out``: where a command writes (a folder, or with ``file_okay`` a file too); ``help`` says what goes there."""
    return click.option("--out", type=click.Path(file_okay=file_okay, path_type=Path), required=required,
                        default=None, help=help)


def format_option(choices: Sequence[str], help: str | None = None) -> Callable[[F], F]:
    """``--format``: one of ``choices``, the first by default."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True,
                        help=help)


TEXT_OR_JSON = format_option(["text", "json"], "json: one document a program can read.")
