"""The spec: what every table is, declared once, and its plain-data form.

Owns the Pydantic models (one per table, listed in ``registry``), the column
kinds (``kinds``), the cross-field rules (``rules``, ``table_rules``), the
vocabularies, the plain-data table specs read without pydantic (``specs``,
from the generated ``seed_specs.json``; ``columns`` writes it from the models)
and the derived timeline table (``timeline``). May import only ``edtf`` and
``errors``: every other stage imports this one. The models load on first use
(``TABLES``, ``Sale``, …), so modules that need only the specs, vocabularies,
rules or country codes here do not import pydantic.
"""


from __future__ import annotations

from importlib import import_module
from typing import Any


def __getattr__(name: str) -> Any:
    registry = import_module(f"{__name__}.registry")
    if name in registry.__all__:
        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
