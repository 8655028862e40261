"""Things done together: exercises, visits and meetings, and peacekeeping deployments."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from .base import Record, known
from .types import Edtf, Hedges, Integer, Iso3, Iso3List, Ref, Slug, SlugList, Text, TextList
from .vocab import (
    DeploymentKind,
    EngagementKind,
    ExerciseKind,
    ExerciseStatus,
    Qualifier,
)


class Exercise(Record):
    """A military exercise series, or one edition of it (cancellations included)."""

    table: ClassVar[str] = "exercises"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "name", "kind", "status", "date", "host")
    noun: ClassVar[str] = "exercise"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("series_id", "kind", "date", "status")

    id: Slug = Field(description="Stable slug identifying the series or edition.")
    name: Text = Field(description="The exercise's name, as the sources give it.")
    kind: ExerciseKind = Field(description="A recurring series, or one edition of it.")
    series_id: Annotated[Slug, Ref("exercises")] | None = Field(None, description="For an edition, its series (exercises.id).")
    status: ExerciseStatus = Field(description="Held, cancelled, announced, or (for a series) ongoing.")
    host: Iso3 | None = Field(None, description="The host country (ISO 3166-1 alpha-3).")
    date: Edtf | None = known(Field(None, description="When the edition took place, or since when the series has run, in EDTF."), "date")
    organizer_id: Annotated[Slug, Ref("entities")] | None = Field(None, description="The command that runs the exercise (entities.id).")
    organizer_since: Edtf | None = known(Field(None, description="Since when that command has run it, in EDTF."), "organizer since", basis="How that date is known.", note="The reasoning behind that date, where not stated.")
    participant_ids: Annotated[SlugList, Ref("entities")] | None = Field(None, description="Forces, countries, organizations or companies taking part (entities.id), separated by '|'.")
    participants: Text | None = Field(None, description="Who takes part, in the source's words.")
    activities: TextList | None = Field(None, description="What was trained or tested, in the sources' words, separated by '|'.")
    cancellation_reason: Text | None = Field(None, description="Why a cancelled edition was cancelled, in the source's words.")
    note: Text | None = Field(None, description="Anything a reader should know about the exercise.")


class Engagement(Record):
    """A visit, meeting, committee session or dialogue between U.S. and Moroccan officials."""

    table: ClassVar[str] = "engagements"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "name", "kind", "date", "place", "country")
    noun: ClassVar[str] = "engagement"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("kind", "date", "participant_ids")

    id: Slug = Field(description="Stable slug identifying the engagement.")
    name: Text = Field(description="A short descriptive name.")
    kind: EngagementKind = Field(description="The form of the engagement.")
    parent_id: Annotated[Slug, Ref("engagements")] | None = Field(None, description="The tour or visit this engagement was part of (engagements.id).")
    date: Edtf | None = known(Field(None, description="When it took place, in EDTF."), "date")
    place: Text | None = known(Field(None, description="City or venue, as the sources state it."), "place", basis="How the place is known: stated, or inferred (e.g. from an article's dateline).")
    country: Iso3 | None = Field(None, description="Country where it took place (ISO 3166-1 alpha-3).")
    countries_visited: Iso3List | None = Field(None, description="For a tour, every country visited, separated by '|'.")
    participant_ids: Annotated[SlugList, Ref("entities")] | None = known(Field(None, description="The people and delegations taking part (entities.id), separated by '|'."), "participant ids", basis="How the participants are known: stated, or general_knowledge where one is known only through a correction (see participant_ids_note).", note="The reasoning behind participants that are not all stated.")
    topics: TextList | None = Field(None, description="What was discussed, in the sources' words, separated by '|'.")
    note: Text | None = Field(None, description="Anything a reader should know about the engagement.")


class Deployment(Record):
    """A peacekeeping deployment, or the centre that trains peacekeepers before they deploy."""

    table: ClassVar[str] = "deployments"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "name", "kind", "contributor", "personnel", "place", "as_of")
    noun: ClassVar[str] = "deployment"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("kind", "countries", "personnel", "place", "as_of")

    id: Slug = Field(description="Stable slug identifying the deployment.")
    kind: DeploymentKind = Field(description="A deployment, or a training centre.")
    name: Text = Field(description="A short descriptive name.")
    contributor: Iso3 = Field(description="The country that deploys or trains (ISO 3166-1 alpha-3).")
    countries: Iso3List | None = Field(None, description="Where the personnel serve (ISO 3166-1 alpha-3), separated by '|'.")
    personnel: Integer | None = Field(None, ge=0, json_schema_extra={"unit": "people"}, description="Number of personnel deployed, across all the countries listed.")
    personnel_qualifier: Annotated[Qualifier, Hedges("personnel")] | None = Field(None, description="How the source hedges the number.")
    place: Text | None = Field(None, description="For a training centre, where it is.")
    training_areas: TextList | None = Field(None, description="What a training centre trains in, in the source's words, separated by '|'.")
    as_of: Edtf = known(Field(description="When the source's statement was true: its publication date (EDTF)."), "as-of date")
    note: Text | None = Field(None, description="Anything a reader should know about the deployment.")
