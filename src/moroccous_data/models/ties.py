"""Standing ties: agreements, MOUs and roadmaps; memberships, partnerships and designations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar

from pydantic import Field

from .base import Record, known
from .types import Edtf, Hedges, Integer, Iso3, Iso3List, Ref, Slug, SlugList, Text, TextList
from .vocab import AgreementKind, MembershipKind, MembershipRole, Qualifier


class Agreement(Record):
    """An agreement, memorandum of understanding or roadmap between the United States and Morocco."""

    table: ClassVar[str] = "agreements"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "name", "kind", "date", "parties")
    noun: ClassVar[str] = "agreement"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("kind", "date", "subject")

    id: Slug = Field(description="Stable slug identifying the agreement.")
    name: Text = Field(description="The agreement's name, as the sources give it or describe it.")
    kind: AgreementKind = Field(description="The kind of instrument.")
    aliases: TextList | None = Field(None, description="Other names the sources use for it, as written, separated by '|'.")
    subject: Text = Field(description="What the agreement covers, in the sources' words.")
    parties: Iso3List = Field(description="The signing countries (ISO 3166-1 alpha-3), separated by '|'.")
    signatory_ids: Annotated[SlugList, Ref("entities")] | None = known(Field(None, description="The people who signed it (entities.id), separated by '|'."), "signatory ids", basis="How the signatories are known: stated, or inferred where the sources name them for an agreement read as this one.", note="The reasoning behind signatories that are not stated for this agreement.")
    engagement_id: Annotated[Slug, Ref("engagements")] | None = Field(None, description="The meeting at which it was signed (engagements.id).")
    date: Edtf | None = known(Field(None, description="When it was signed, in EDTF."), "signing date")
    coverage: Edtf | None = known(Field(None, description="The period the agreement covers, in EDTF (e.g. '2026/2036')."), "covered period")
    priority_areas: TextList | None = Field(None, description="The priority areas it names, in the sources' words, separated by '|'.")
    note: Text | None = Field(None, description="Anything a reader should know about the agreement.")


class Membership(Record):
    """Morocco's membership of a forum or coalition, a designation it holds, or a standing partnership."""

    table: ClassVar[str] = "memberships"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "organization_id", "member", "kind", "role", "date", "as_of")
    noun: ClassVar[str] = "membership"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("organization_id", "role", "member")

    id: Slug = Field(description="Stable slug identifying the membership.")
    organization_id: Annotated[Slug, Ref("entities")] = Field(description="The organization, designation or program (entities.id).")
    member: Iso3 = Field(description="The member country (ISO 3166-1 alpha-3).")
    kind: MembershipKind = Field(description="The kind of tie.")
    role: MembershipRole = Field(description="The member's role, as stated.")
    partner_id: Annotated[Slug, Ref("entities")] | None = Field(None, description="The counterpart in a bilateral partnership, or who granted a designation (entities.id).")
    date: Edtf | None = known(Field(None, description="When the tie began, in EDTF; empty where the source gives only a current state."), "start date")
    as_of: Edtf | None = known(Field(None, description="For a current state ('currently serves as'), the source's date in EDTF."), "as-of date")
    co_founders: Integer | None = Field(None, ge=0, json_schema_extra={"unit": "countries"}, description="For a founding membership: how many other countries the source says joined as founders alongside.")
    co_founders_qualifier: Annotated[Qualifier, Hedges("co_founders")] | None = Field(None, description="How the source hedges the number of co-founders.")
    distinction: Text | None = Field(None, description="A first or only the source attributes to the membership, in its words.")
    benefits: TextList | None = Field(None, description="What the tie gives the member, as the source lists it, separated by '|'.")
    note: Text | None = Field(None, description="Anything a reader should know about the membership.")

    def label(self, names: Mapping[str, str]) -> str:
        organization = names.get(self.organization_id, self.organization_id)
        return f"{self.role.value.replace('_', ' ').capitalize()}: {organization}"
