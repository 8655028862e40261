"""The base every table model shares: strict columns and the rules for dated values.

Every EDTF column ``X`` may come with ``X_basis`` and ``X_note``. A value that
is not stated by the cited source must say how it is known, and an inferred
or general-knowledge value must give its reasoning, so no date is silently
made up.
"""

from __future__ import annotations

from collections.abc import Mapping

from functools import cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from .types import Column
from .vocab import Basis

_NEEDS_NOTE = (Basis.INFERRED, Basis.GENERAL_KNOWLEDGE, Basis.STATED_ELSEWHERE)


def column_kind(model: type[BaseModel], name: str) -> str | None:
    """The ``Column`` kind declared on a field, looking through ``X | None``."""
    for meta in _metadata(model.model_fields[name].annotation, model.model_fields[name].metadata):
        if isinstance(meta, Column):
            return meta.kind
    return None


def _metadata(annotation: Any, metadata: list[Any]) -> list[Any]:
    found = list(metadata)
    for arg in getattr(annotation, "__args__", ()):
        found.extend(getattr(arg, "__metadata__", ()))
    found.extend(getattr(annotation, "__metadata__", ()))
    return found


@cache
def _edtf_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(n for n in model.model_fields if column_kind(model, n) == "edtf")


@cache
def _qualified(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """Pairs of (qualifier column, the number column it hedges)."""
    pairs = []
    for name in model.model_fields:
        if name.endswith("_qualifier"):
            number = name.removesuffix("_qualifier")
            pairs.append((name, number if number in model.model_fields else f"{number}_usd"))
    return tuple(pairs)


class Record(BaseModel):
    """One row of a table. Unknown columns are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    table: ClassVar[str]
    primary_key: ClassVar[tuple[str, ...]] = ("id",)
    # Columns that identify "the same fact": two rows equal on all of them are flagged.
    fact_key: ClassVar[tuple[str, ...]] = ()

    def label(self, names: Mapping[str, str]) -> str:
        """A short human label for timelines and listings; ``names`` maps entity ids to names."""
        return str(getattr(self, "name", None) or getattr(self, "id", ""))

    @classmethod
    def edtf_fields(cls) -> tuple[str, ...]:
        return _edtf_fields(cls)

    @model_validator(mode="after")
    def _check_dates_and_hedges(self) -> "Record":
        for name in self.edtf_fields():
            value = getattr(self, name)
            basis = getattr(self, f"{name}_basis", None)
            note = getattr(self, f"{name}_note", None)
            if value is None and basis is not None:
                raise ValueError(f"{name}_basis is set but {name} is empty")
            if value is None and note is not None:
                raise ValueError(f"{name}_note is set but {name} is empty")
            if value is not None and basis is None and f"{name}_basis" in type(self).model_fields:
                raise ValueError(f"{name}_basis is required when {name} is given")
            if basis in _NEEDS_NOTE and not note:
                raise ValueError(f"{name}_basis is {basis.value}: {name}_note must give the reasoning")
        for name, number in _qualified(type(self)):
            if getattr(self, name) is not None and getattr(self, number) is None:
                raise ValueError(f"{name} is set but {number} is empty")
            if getattr(self, number) is not None and getattr(self, name) is None:
                raise ValueError(f"{name} is required when {number} is given (use 'exact')")
        return self

