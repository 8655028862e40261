"""The table registry: every model, in the order used everywhere, and what follows from the list.

``TABLES`` fixes the table order used everywhere (build, datapackage, docs,
loaders): support tables first, so that what others point at is read first.
Everything else that names tables (the tables a citation may point at, the
timeline's tables, the loader functions) is derived from the models listed here.
"""

from __future__ import annotations

from enum import StrEnum

from .activities import Deployment, Engagement, Exercise
from .base import Record
from .claims import Claim
from .politics import PoliticalAct
from .support import Citation, Entity, Source, SourceNote
from .ties import Agreement, Membership
from .transfers import Assistance, Sale, SaleEvent

TABLES: dict[str, type[Record]] = {
    model.table: model
    for model in (
        Source,
        Entity,
        Sale,
        SaleEvent,
        Assistance,
        Agreement,
        Membership,
        Exercise,
        Engagement,
        Deployment,
        PoliticalAct,
        Claim,
        SourceNote,
        Citation,
    )
}

# Fact tables first, then the other cited tables: citations sort in this order.
CitedTable = StrEnum(  # type: ignore[misc]
    "CitedTable",
    [(t.upper(), t) for t, m in TABLES.items() if m.fact] + [(t.upper(), t) for t, m in TABLES.items() if m.cited and not m.fact],
)
CitedTable.__doc__ = "The tables whose records carry citations (every model with ``cited = True``)."
for _model in TABLES.values():
    if not _model.__pydantic_complete__:
        _model.model_rebuild(_types_namespace={"CitedTable": CitedTable})

__all__ = ["TABLES", "CitedTable", "Record", *(model.__name__ for model in TABLES.values())]
