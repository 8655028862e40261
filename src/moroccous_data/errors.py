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


class MissingExtraError(MoroccousDataError, ModuleNotFoundError):
    """An optional dependency is not installed: the message names the extra that installs it."""


def need(module: str, extra: str, purpose: str) -> None:
    """Fail with the install command when ``module`` is missing, rather than a bare ModuleNotFoundError."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(f"{purpose} needs {module}, which is not installed; "
                                f"install it with: pip install 'moroccous-data[{extra}]'") from None
