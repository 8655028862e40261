"""The base every table model shares: strict columns, and the cross-field rules of ``rules``.

A column ``X`` declared with ``known(...)`` comes with ``X_basis`` and
``X_note``: a value the cited source does not state must say how it is known,
and one whose basis ``needs_note`` must give its reasoning, so no value is
silently made up. Those rules and each table's own (``table_rules``) are
checked on every instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic._internal._model_construction import ModelMetaclass
from pydantic.fields import FieldInfo

from .rules import AnyRule
from .table_rules import rules_for
from .types import Hedges, Text, field_metadata
from .vocab import Basis

if TYPE_CHECKING:
    from .derived import OwnColumns, Related


@dataclass(frozen=True)
class Known:
    """A value declared with its basis and note (``known``): the three columns ``X``, ``X_basis``, ``X_note``."""

    field: FieldInfo
    basis: str  # the description of X_basis
    note: str  # the description of X_note


def known(field: Any, what: str, *, basis: str | None = None, note: str | None = None) -> Any:
    """Declare the column ``X`` (``field``) with ``X_basis``, how the value is known (required when X is), and
    ``X_note``, the reasoning behind a value that is not stated; ``what`` names the value in their descriptions
    unless ``basis`` or ``note`` word them."""
    article = "an" if what[0] in "aeiou" else "a"
    return Known(field, basis or f"How the {what} is known.", note or f"The reasoning behind {article} {what} that is not stated.")


class _Declaring(ModelMetaclass):
    """Expands each ``known(...)`` column into its three columns, in place, before pydantic reads the class."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any) -> type:
        annotations: dict[str, Any] = {}
        for column, annotation in namespace.get("__annotations__", {}).items():
            annotations[column] = annotation
            declared = namespace.get(column)
            if isinstance(declared, Known):
                required = declared.field.is_required()
                namespace[column] = declared.field
                annotations[f"{column}_basis"] = Basis if required else Basis | None
                namespace[f"{column}_basis"] = Field(description=declared.basis) if required else \
                    Field(None, description=declared.basis)
                annotations[f"{column}_note"] = Text | None
                namespace[f"{column}_note"] = Field(None, description=declared.note)
        if annotations:
            namespace["__annotations__"] = annotations
        return super().__new__(mcs, name, bases, namespace, **kwargs)


@cache
def _all_rules(model: type["Record"]) -> tuple[AnyRule, ...]:
    hedges = {name: m.number for name, f in model.model_fields.items() for m in field_metadata(f)[1]
              if isinstance(m, Hedges)}
    return rules_for(model.table, list(model.model_fields), hedges)


class Record(BaseModel, metaclass=_Declaring):
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
    # What the build derives for this table alone, each group after the seed column it follows (None: at the end);
    # ``derived_values`` computes them.
    derived_columns: ClassVar[OwnColumns] = ()

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

    def derived_values(self, row: Mapping[str, Any], related: Related) -> dict[str, Any]:
        """The values of ``derived_columns`` for this record (``row``: its seed values)."""
        return {}

    def relate(self, related: Related) -> None:
        """Add to ``related`` what this record tells another table's records (a deal's events, a record's evidence)."""

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
