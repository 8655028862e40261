"""One problem found in a contribution, and how it prints."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COLUMN = re.compile(r"^(?:-|[A-Za-z_][A-Za-z0-9_]*|column [0-9]+)$")


@dataclass(frozen=True, order=True)
class Problem:
    """One fault, printed as ``path:row:column: message`` (rows as in the file, header = row 1)."""

    path: str
    row: int
    column: str
    message: str

    def __post_init__(self) -> None:
        if not _COLUMN.match(self.column):
            object.__setattr__(self, "column", "-")

    def __str__(self) -> str:
        return f"{self.path}:{self.row}:{self.column}: {self.message}"
