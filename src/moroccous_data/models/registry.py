"""The table registry: every model, in the order used everywhere.

``TABLES`` fixes the table order used everywhere (build, datapackage, docs):
support tables first, so that what others point at is read first.
"""

from __future__ import annotations

from .activities import Deployment, Engagement, Exercise
from .base import Record
from .claims import Claim
from .politics import PoliticalAct
from .support import Citation, Entity, Source, SourceNote
from .ties import Agreement, Membership
from .transfers import Assistance, Sale

TABLES: dict[str, type[Record]] = {
    model.table: model
    for model in (
        Source,
        Entity,
        Sale,
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

__all__ = [
    "TABLES",
    "Agreement",
    "Assistance",
    "Citation",
    "Claim",
    "Deployment",
    "Engagement",
    "Entity",
    "Exercise",
    "Membership",
    "PoliticalAct",
    "Record",
    "Sale",
    "Source",
    "SourceNote",
]
