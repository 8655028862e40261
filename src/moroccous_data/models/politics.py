"""Political and diplomatic acts the sources tie to the security partnership."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from .base import Record, known
from .types import Edtf, Iso3List, Ref, Slug, SlugList, Text
from .vocab import PoliticalActKind


class PoliticalAct(Record):
    """A recognition, policy position, establishment of relations, withdrawal or strategic initiative that a source states as fact."""

    table: ClassVar[str] = "political_acts"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "name", "kind", "date", "actor_ids", "subject_id")
    noun: ClassVar[str] = "political act"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("kind", "actor_ids", "subject_id", "date")

    id: Slug = Field(description="Stable slug identifying the act.")
    name: Text = Field(description="A short descriptive name.")
    kind: PoliticalActKind = Field(description="The kind of act.")
    actor_ids: Annotated[SlugList, Ref("entities")] = Field(description="Who acted: states, governments or organizations (entities.id), separated by '|'.")
    subject_id: Annotated[Slug, Ref("entities")] | None = Field(None, description="What the act is about, e.g. a territory or a plan (entities.id).")
    countries: Iso3List | None = Field(None, description="Countries the act concerns (ISO 3166-1 alpha-3), separated by '|'.")
    statement: Text = Field(description="The act in one plain sentence (a paraphrase; the quote is in citations).")
    date: Edtf | None = known(Field(None, description="When the act took place, in EDTF, where the sources date it."), "date")
    note: Text | None = Field(None, description="Anything a reader should know, e.g. how the source ties the act to the partnership.")
