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

from .rules import AnyRule, empty, forbid, given, is_, require
from .types import Column
from .vocab import Basis

_NEEDS_NOTE = (Basis.INFERRED.value, Basis.GENERAL_KNOWLEDGE.value, Basis.STATED_ELSEWHERE.value)


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
def _all_rules(model: type["Record"]) -> tuple[AnyRule, ...]:
    """The rules every dated or hedged column implies, then the model's own."""
    fields = model.model_fields
    found: list[AnyRule] = []
    for name in _edtf_fields(model):
        basis, note = f"{name}_basis", f"{name}_note"
        if basis in fields:
            found.append(forbid(basis, empty(name), f"{basis} is set but {name} is empty"))
            found.append(require(basis, given(name), f"{basis} is required when {name} is given"))
            found.append(require(note, is_(basis, *_NEEDS_NOTE),
                                 f"{note} must give the reasoning when {basis} is inferred, general_knowledge or stated_elsewhere"))
        if note in fields:
            found.append(forbid(note, empty(name), f"{note} is set but {name} is empty"))
    for name in fields:
        if name.endswith("_qualifier"):
            number = name.removesuffix("_qualifier")
            number = number if number in fields else f"{number}_usd"
            found.append(forbid(name, empty(number), f"{name} is set but {number} is empty"))
            found.append(require(name, given(number), f"{name} is required when {number} is given (use 'exact')"))
    return (*found, *model.rules)


class Record(BaseModel):
    """One row of a table. Unknown columns are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    table: ClassVar[str]
    primary_key: ClassVar[tuple[str, ...]] = ("id",)
    # Columns that identify "the same fact": two rows equal on all of them are flagged.
    fact_key: ClassVar[tuple[str, ...]] = ()
    # Cross-field rules beyond the ones every dated or hedged column implies.
    rules: ClassVar[tuple[AnyRule, ...]] = ()

    def label(self, names: Mapping[str, str]) -> str:
        """A short human label for timelines and listings; ``names`` maps entity ids to names."""
        return str(getattr(self, "name", None) or getattr(self, "id", ""))

    @classmethod
    def edtf_fields(cls) -> tuple[str, ...]:
        return _edtf_fields(cls)

    @classmethod
    def all_rules(cls) -> tuple[AnyRule, ...]:
        return _all_rules(cls)

    @model_validator(mode="after")
    def _check_rules(self) -> "Record":
        for rule in self.all_rules():
            message = rule.row(self.__dict__)
            if message:
                raise ValueError(message)
        return self
