"""The Pydantic models: the single source of truth for every table's schema.

The models load on first use (``TABLES``, ``Sale``, …), so modules that need
only the vocabularies, rules or country codes here do not import pydantic.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "TABLES", "Agreement", "Assistance", "Citation", "Claim", "Deployment", "Engagement", "Entity",
    "Exercise", "Membership", "PoliticalAct", "Record", "Sale", "Source", "SourceNote",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_LAZY)
