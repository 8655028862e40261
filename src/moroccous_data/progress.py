"""Progress of the long commands (build, release, site, validate): one line on stderr, on a terminal only.

The stages call a ``Progress`` with the step they start; the command decides
whether anyone sees it, so the stages stay silent in pipes, CI logs and tests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str], None]


def silent(step: str) -> None:
    """The default: report nothing."""


class Line:
    """Rewrites one stderr line with the current step, and clears it when the work is done."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, step: str) -> None:
        self.stream.write(f"\r\x1b[K{step}…")
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def for_terminal(quiet: bool, stream: TextIO | None = None) -> Progress:
    """A progress line on ``stream`` (default stderr) when it is a terminal and not ``quiet``; else silence."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return silent
    return Line(stream)


def finish(progress: Progress) -> None:
    """Clear the progress line, if one was shown, so the command's own output starts on a clean line."""
    if isinstance(progress, Line):
        progress.clear()
