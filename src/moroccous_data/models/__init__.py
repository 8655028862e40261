"""The Pydantic models: the single source of truth for every table's schema.

The models load on first use (``TABLES``, ``Sale``, …), so modules that need
only the vocabularies, rules or country codes here do not import pydantic.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


def __getattr__(name: str) -> Any:
    registry = import_module(f"{__name__}.registry")
    if name in registry.__all__:
        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
