"""Models of the tables as shipped: each seed model plus its derived date bounds, and the derived timeline.

``format="models"`` returns these, so a model instance carries every column the
DataFrame has. They are made from the seed models and the column specs (the
derived columns' types come from the same specs as their Arrow and Frictionless
types), never written out by hand.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model

from ..models import timeline
from ..models.columns import built_columns
from ..models.kinds import KINDS
from ..models.registry import TABLES
from ..models.specs import ColumnSpec

def _python_type(spec: ColumnSpec) -> Any:
    if spec.enum is not None:
        return Literal[spec.enum]
    return KINDS[spec.kind].storage


class _Derived(BaseModel):
    """A row of a table no curator edits (the timeline)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@cache
def built_model(table: str) -> type[BaseModel]:
    """The model of one shipped table, named after its seed model with ``Row`` (``SaleRow``, ``TimelineRow``)."""
    if table == timeline.TABLE:
        spec = timeline.spec()
        fields: dict[str, Any] = {
            s.name: (_python_type(s), ...) if s.required else (_python_type(s) | None, None) for s in spec.columns
        }
        return create_model("TimelineRow", __base__=_Derived, __doc__=spec.description, **fields)
    model = TABLES[table]
    derived: dict[str, Any] = {s.name: (_python_type(s) | None, None) for s in built_columns(table) if s.derived}
    return create_model(f"{model.__name__}Row", __base__=model, __doc__=model.__doc__, **derived)
