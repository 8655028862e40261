"""The base every table model shares: strict columns, and the cross-field rules of ``rules``.

Every EDTF column ``X`` may come with ``X_basis`` and ``X_note``: a value the
cited source does not state must say how it is known, and an inferred one must
give its reasoning, so no date is silently made up. Those rules and each
table's own (``table_rules``) are checked on every instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from .rules import AnyRule
from .table_rules import rules_for
from .types import Column, field_metadata


def column_kind(model: type[BaseModel], name: str) -> str | None:
    """The ``Column`` kind declared on a field, looking through ``X | None``."""
    _, meta = field_metadata(model.model_fields[name])
    return next((m.kind for m in meta if isinstance(m, Column)), None)


@cache
def _edtf_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(n for n in model.model_fields if column_kind(model, n) == "edtf")


@cache
def _all_rules(model: type["Record"]) -> tuple[AnyRule, ...]:
    return rules_for(model.table, list(model.model_fields), _edtf_fields(model))


class Record(BaseModel):
    """One row of a table. Unknown columns are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    table: ClassVar[str]
    noun: ClassVar[str]  # what one row is called ("sale", "assistance figure"), for readers of the explorer
    # A fact table holds what happened (sales, exercises, ...): its records are cited and, when dated, on the
    # timeline. Every table says so itself (checked below), so a new table cannot drop off the timeline unnoticed.
    fact: ClassVar[bool]
    # Whether each record needs a citation; a new table is cited unless it says otherwise.
    cited: ClassVar[bool] = True
    primary_key: ClassVar[tuple[str, ...]] = ("id",)
    # Columns that identify "the same fact": two rows equal on all of them are flagged.
    fact_key: ClassVar[tuple[str, ...]] = ()
    # The order of the built rows, when it is not the primary key's (enums sort in declaration order).
    row_order: ClassVar[tuple[str, ...] | None] = None
    # A table whose rows are this record's steps, and the column naming it: each record needs at least one.
    steps: ClassVar[tuple[str, str] | None] = None
    # The columns a reader needs first, most telling first: what ``show`` prints on a terminal and the explorer's
    # tables open with (a phone keeps the first few). Empty: the primary key and the fact key.
    key_columns: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in ("table", "noun", "fact") if not hasattr(cls, name)]
        if missing:
            raise TypeError(f"{cls.__name__} must declare {', '.join(missing)} as ClassVars "
                            "(see CONTRIBUTING, 'Add a table')")

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """A rule reading a column the model lacks would fail on every row: name the column at import instead."""
        super().__pydantic_init_subclass__(**kwargs)
        for rule in cls.all_rules():
            missing = sorted(set(rule.columns) - set(cls.model_fields))
            if missing:
                raise TypeError(f"{cls.__name__} lacks {', '.join(missing)}, which a rule of its columns reads "
                                f"(the rule on {rule.column}); add the column")

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
