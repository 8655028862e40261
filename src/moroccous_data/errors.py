"""The errors users can catch: each names what went wrong and what to do."""

from __future__ import annotations


class MoroccousDataError(Exception):
    """Base class for every error this package raises on purpose."""


class DataIntegrityError(MoroccousDataError):
    """A shipped data file is missing, changed or truncated."""


class UnknownTableError(MoroccousDataError, KeyError):
    """A table name that the dataset does not have."""

    def __init__(self, name: str, valid: list[str]) -> None:
        self.name = name
        self.valid = valid
        super().__init__(name)

    def __str__(self) -> str:
        return f"no table named {self.name!r}; the tables are: {', '.join(self.valid)}"
