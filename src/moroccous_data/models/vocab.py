"""Controlled vocabularies: every enum a column may take.

Each member's value is what appears in the CSV and Parquet files; the docstring
of each class is the column-level meaning shown in the data dictionary.
"""

from __future__ import annotations

from enum import StrEnum


class Basis(StrEnum):
    """How a value is known."""

    STATED = "stated"  # the cited source says it
    STATED_ELSEWHERE = "stated_elsewhere"  # another source in the dataset says it
    INFERRED = "inferred"  # reasoned from what the sources say; the note gives the reasoning
    GENERAL_KNOWLEDGE = "general_knowledge"  # not in the sources; a widely known fact


class Qualifier(StrEnum):
    """How the source hedges a number."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    OVER = "over"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    UP_TO = "up_to"

    def hedge(self, figure: str) -> str:
        """``figure`` with the source's hedge in words: 'over $167,000,000', 'more than 100'."""
        return figure if self is Qualifier.EXACT else f"{self.value.replace('_', ' ')} {figure}"


class Program(StrEnum):
    """The U.S. security-cooperation program or channel a figure or item falls under."""

    FMS = "fms"  # Foreign Military Sales (government to government)
    EDA = "eda"  # Excess Defense Articles
    DCS = "dcs"  # Direct Commercial Sales (export licences)
    FMF = "fmf"  # Foreign Military Financing
    IMET = "imet"  # International Military Education and Training
    CWD = "cwd"  # Conventional Weapons Destruction
    UNSPECIFIED = "unspecified"  # the source does not say which


class SaleStage(StrEnum):
    """How far an item had gone when the source described it."""

    SOLD = "sold"  # a sale the source reports as made (for FMS: notified to Congress)
    DELIVERED = "delivered"  # the source says Morocco received it
    ACQUIRED = "acquired"  # the source says Morocco acquired it, without saying how


class ItemCategory(StrEnum):
    """What kind of equipment an item is."""

    AIRCRAFT = "aircraft"
    HELICOPTER = "helicopter"
    MISSILE = "missile"
    BOMB = "bomb"
    ROCKET_LAUNCHER = "rocket_launcher"
    MISSILE_LAUNCHER = "missile_launcher"
    RADAR = "radar"
    COMMUNICATIONS = "communications"
    TANK = "tank"
    ARMORED_VEHICLE = "armored_vehicle"


class AssistanceMeasure(StrEnum):
    """What a dollar figure measures."""

    ACTIVE_CASES = "active_cases"  # value of open government-to-government sales cases
    EQUIPMENT_RECEIVED = "equipment_received"  # value of equipment delivered
    EXPORTS_AUTHORIZED = "exports_authorized"  # value of exports licensed
    FUNDS_PROVIDED = "funds_provided"  # grant money provided


class AgreementKind(StrEnum):
    """The instrument an agreement is."""

    MOU = "mou"
    ROADMAP = "roadmap"


class MembershipKind(StrEnum):
    """The kind of tie between Morocco and an organization or program."""

    DESIGNATION = "designation"  # a status the U.S. grants, e.g. Major Non-NATO Ally
    MEMBERSHIP = "membership"  # a forum, coalition or partnership Morocco belongs to
    PARTNERSHIP = "partnership"  # a standing bilateral training partnership


class MembershipRole(StrEnum):
    """Morocco's role within the organization, as the source states it."""

    MEMBER = "member"
    FOUNDING_MEMBER = "founding_member"
    CO_CHAIR = "co_chair"
    DESIGNEE = "designee"
    PARTNER = "partner"


class ExerciseKind(StrEnum):
    """Whether a row is a recurring series, one edition of it, or an exercise outside any series."""

    SERIES = "series"
    EDITION = "edition"
    STANDALONE = "standalone"


class ExerciseStatus(StrEnum):
    """What happened to an exercise edition."""

    HELD = "held"
    CANCELLED = "cancelled"
    ONGOING = "ongoing"  # a series still running when the source was written
    ANNOUNCED = "announced"  # announced, not yet reported as held


class EngagementKind(StrEnum):
    """The form of a visit, meeting or dialogue."""

    TOUR = "tour"  # a multi-country trip
    VISIT = "visit"  # a visit to one country
    MEETING = "meeting"  # a meeting between named officials
    COMMITTEE_MEETING = "committee_meeting"  # a session of a standing bilateral body
    WORKING_SESSIONS = "working_sessions"  # a series of working sessions


class DeploymentKind(StrEnum):
    """A deployment of peacekeepers or the facility that prepares them."""

    DEPLOYMENT = "deployment"
    TRAINING_CENTRE = "training_centre"


class PoliticalActKind(StrEnum):
    """The kind of political or diplomatic act."""

    RECOGNITION = "recognition"  # one state recognizing a claim or plan of another
    POSITION = "position"  # a stated policy position
    DIPLOMATIC_RELATIONS = "diplomatic_relations"  # establishing (or ending) relations
    WITHDRAWAL = "withdrawal"  # forces leaving a country
    INITIATIVE = "initiative"  # a strategic project launched by a state
    ENDORSEMENT = "endorsement"  # one state backing another's plan or proposal, short of recognizing a claim


class ClaimKind(StrEnum):
    """What an attributed statement measures."""

    ARMS_SUPPLY_SHARE = "arms_supply_share"  # share of Morocco's arms from the U.S.
    DEFENSE_BUDGET = "defense_budget"
    ARMS_SPENDING = "arms_spending"  # money put into armament, not stated as a defense budget
    RANKING = "ranking"
    COUNT = "count"


class ClaimUnit(StrEnum):
    """The unit of a claim's value."""

    PERCENT = "percent"
    USD = "usd"
    RANK = "rank"
    COUNT = "count"


class CitationRole(StrEnum):
    """What a quote does for its record: readers and tools show ``states`` quotes first."""

    STATES = "states"  # the quote states the record's values (or some of them)
    CONTEXT = "context"  # the quote frames them (a list heading, a section's subject) without stating them


class SourceKind(StrEnum):
    """The genre of a source document."""

    FACT_SHEET = "fact_sheet"  # a government's summary of a relationship or program
    NEWS_ARTICLE = "news_article"
    POLICY_PAPER = "policy_paper"  # an analysis by a think tank or scholar
    PRESS_RELEASE = "press_release"  # an announcement issued by a government body or company
    READOUT = "readout"  # a government's account of a call or meeting
    STATEMENT = "statement"  # a formal statement by an official or office, e.g. a joint statement
    REPORT = "report"  # a report to or by a legislature, auditor or agency
    TRANSCRIPT = "transcript"  # the words of a briefing, speech or hearing as delivered


class EntityKind(StrEnum):
    """What an entity is."""

    PERSON = "person"
    ORGANIZATION = "organization"
    COUNTRY = "country"
    WEAPON_SYSTEM = "weapon_system"
    PROGRAM = "program"
    PLACE = "place"
    EXERCISE = "exercise"
    AGREEMENT = "agreement"
    INITIATIVE = "initiative"  # a state's strategic project or plan, e.g. a pipeline or an autonomy proposal
    GROUP = "group"  # an unnamed set of people or organizations, e.g. "more than forty American technology companies"


class NoteKind(StrEnum):
    """What a source note records."""

    TYPO = "typo"  # a misspelling, spacing, capitalization, word-order or missing-word slip
    ERROR = "error"  # a wrong fact, e.g. a wrong name for an office holder
    VARIANT_SPELLING = "variant_spelling"  # a name spelled differently across sources
    DISAGREEMENT = "disagreement"  # two sources state different values
    AMBIGUITY = "ambiguity"  # the text allows more than one reading
    NOT_COMPARABLE = "not_comparable"  # figures that look like a disagreement but measure different things or periods
    CORROBORATION = "corroboration"  # two sources state the same fact; the records are kept apart, one per attribution
