"""Controlled vocabularies: every enum a column may take.

Each member's value is what appears in the CSV and Parquet files; the docstring
of each class is the column-level meaning shown in the data dictionary.
"""

from __future__ import annotations

from enum import StrEnum


class Basis(StrEnum):
    """How a value is known."""

    needs_note: bool  # whether a value known this way must give its reasoning in the column's ``_note``

    def __new__(cls, value: str, needs_note: bool) -> Basis:
        member = str.__new__(cls, value)
        member._value_ = value
        member.needs_note = needs_note
        return member

    STATED = ("stated", False)  # the cited source says it
    STATED_ELSEWHERE = ("stated_elsewhere", True)  # another source in the dataset says it (the note says which)
    INFERRED = ("inferred", True)  # reasoned from what the sources say; the note gives the reasoning
    GENERAL_KNOWLEDGE = ("general_knowledge", True)  # not in the dataset's sources: a page outside it states it (address in the note)


class Qualifier(StrEnum):
    """How the source hedges a number."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    OVER = "over"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    UP_TO = "up_to"

    def bounds(self, figure: int) -> tuple[int | None, int | None]:
        """The interval a hedged figure allows: ``over``/``more_than``/``at_least`` X give a low of X (exclusive for
        the first two) and no high, ``up_to`` X a high and no low, ``exact`` both, ``approximately`` neither."""
        if self is Qualifier.EXACT:
            return figure, figure
        if self is Qualifier.UP_TO:
            return None, figure
        if self is Qualifier.APPROXIMATELY:
            return None, None
        return figure, None

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
    """One dated step of an arms deal, in the order a deal moves through them; ``cancelled``, ``not_pursued``
    and ``amended`` stand apart from that order (an end, or a change to what was notified)."""

    REQUESTED = "requested"  # the buyer asked for it (a Letter of Request), as a source reports
    NOTIFIED = "notified"  # the executive branch notified Congress of a possible sale (AECA section 36(b))
    SOLD = "sold"  # the offer was accepted (Letter of Offer and Acceptance signed), or a source says "sold" without the step
    CONTRACTED = "contracted"  # a contract to produce or supply it was awarded
    DELIVERING = "delivering"  # part of it was delivered
    DELIVERED = "delivered"  # the source says the buyer received it
    CANCELLED = "cancelled"  # the deal was cancelled after it was notified or sold
    NOT_PURSUED = "not_pursued"  # the buyer did not go ahead with a notified possible sale
    AMENDED = "amended"  # a change to what was notified (AECA section 36(b)(5)(A))

    @property
    def rank(self) -> int | None:
        """Where the stage stands in a deal's progress (``None`` for the three that stand apart)."""
        return _PROGRESS.index(self) if self in _PROGRESS else None

    @property
    def figure(self) -> str | None:
        """Which of a deal's figures an event of this stage gives: notified, ordered or delivered."""
        return _FIGURES.get(self)


_PROGRESS = (SaleStage.REQUESTED, SaleStage.NOTIFIED, SaleStage.SOLD, SaleStage.CONTRACTED, SaleStage.DELIVERING,
             SaleStage.DELIVERED)
_FIGURES = {SaleStage.NOTIFIED: "notified", SaleStage.AMENDED: "notified", SaleStage.SOLD: "ordered",
            SaleStage.CONTRACTED: "ordered", SaleStage.DELIVERING: "delivered", SaleStage.DELIVERED: "delivered"}
# The stages from which SIPRI's Arms Transfers Database counts a deal: it records orders and deliveries, not offers.
SIPRI_COUNTED = (SaleStage.SOLD, SaleStage.CONTRACTED, SaleStage.DELIVERING, SaleStage.DELIVERED)


class SipriCategory(StrEnum):
    """The weapon categories of SIPRI's Arms Transfers Database, which ``ItemCategory`` maps onto."""

    AIRCRAFT = "aircraft"
    AIR_DEFENCE_SYSTEMS = "air_defence_systems"
    ARMOURED_VEHICLES = "armoured_vehicles"
    ARTILLERY = "artillery"
    ENGINES = "engines"
    MISSILES = "missiles"
    NAVAL_WEAPONS = "naval_weapons"
    SENSORS = "sensors"
    SHIPS = "ships"
    SATELLITES = "satellites"
    OTHER = "other"


class ItemCategory(StrEnum):
    """What kind of equipment an item is."""

    AIRCRAFT = "aircraft"
    HELICOPTER = "helicopter"
    DRONE = "drone"
    MISSILE = "missile"
    BOMB = "bomb"
    ROCKET_LAUNCHER = "rocket_launcher"
    MISSILE_LAUNCHER = "missile_launcher"
    AIR_DEFENSE_SYSTEM = "air_defense_system"
    RADAR = "radar"
    COMMUNICATIONS = "communications"
    TANK = "tank"
    ARMORED_VEHICLE = "armored_vehicle"
    ENGINE = "engine"
    SHIP = "ship"
    UPGRADE = "upgrade"  # work on equipment the buyer already has, e.g. a fleet upgrade
    SUPPORT = "support"  # spares, training, munitions support or services without a weapon system

    @property
    def sipri(self) -> SipriCategory:
        """SIPRI's category for the item: the project's reading of SIPRI's category definitions, declared once here."""
        return _SIPRI[self]


_SIPRI = {
    ItemCategory.AIRCRAFT: SipriCategory.AIRCRAFT,
    ItemCategory.HELICOPTER: SipriCategory.AIRCRAFT,
    ItemCategory.DRONE: SipriCategory.AIRCRAFT,
    ItemCategory.MISSILE: SipriCategory.MISSILES,
    ItemCategory.BOMB: SipriCategory.OTHER,
    ItemCategory.ROCKET_LAUNCHER: SipriCategory.ARTILLERY,
    ItemCategory.MISSILE_LAUNCHER: SipriCategory.OTHER,
    ItemCategory.AIR_DEFENSE_SYSTEM: SipriCategory.AIR_DEFENCE_SYSTEMS,
    ItemCategory.RADAR: SipriCategory.SENSORS,
    ItemCategory.COMMUNICATIONS: SipriCategory.OTHER,
    ItemCategory.TANK: SipriCategory.ARMOURED_VEHICLES,
    ItemCategory.ARMORED_VEHICLE: SipriCategory.ARMOURED_VEHICLES,
    ItemCategory.ENGINE: SipriCategory.ENGINES,
    ItemCategory.SHIP: SipriCategory.SHIPS,
    ItemCategory.UPGRADE: SipriCategory.OTHER,
    ItemCategory.SUPPORT: SipriCategory.OTHER,
}


class ValueKind(StrEnum):
    """What kind of money a dollar figure is: the same dollars mean different things at each step."""

    NOTIFIED_ESTIMATE = "notified_estimate"  # the estimated ceiling of a possible sale notified to Congress
    CASE_VALUE = "case_value"  # the value of sales agreements signed (FMS cases, Letters of Offer and Acceptance)
    CONTRACT_AWARD = "contract_award"  # the value of a contract awarded to a supplier
    DELIVERED_VALUE = "delivered_value"  # the value of equipment delivered
    LICENSED_VALUE = "licensed_value"  # the value of exports licensed (Direct Commercial Sales authorizations)
    APPROPRIATION = "appropriation"  # money a legislature made available
    OBLIGATION = "obligation"  # money committed to a purpose
    DISBURSEMENT = "disbursement"  # money paid out
    PROVIDED = "provided"  # money a program provided in a closed period
    CUMULATIVE_PROVIDED = "cumulative_provided"  # money a program provided over a period still running at as_of
    BUDGET = "budget"  # a country's defense budget
    SPENDING = "spending"  # money a country spends on armament, not stated as a budget


class ValueScope(StrEnum):
    """What a dollar figure covers."""

    WHOLE_PACKAGE = "whole_package"  # the items with their spares, training, support and services
    MAJOR_DEFENSE_EQUIPMENT = "major_defense_equipment"  # only the major defense equipment of a package
    ONE_ITEM = "one_item"  # one item of a package
    PROGRAM = "program"  # everything a program gave or licensed the recipient over the period
    NATIONAL = "national"  # a country's whole defense budget or armament spending
    SHARED = "shared"  # one figure for several buyers (a contract for Morocco and others): not the deal's own money


class AssistanceMeasure(StrEnum):
    """What a dollar figure measures."""

    ACTIVE_CASES = "active_cases"  # value of open government-to-government sales cases
    EQUIPMENT_RECEIVED = "equipment_received"  # value of equipment delivered
    EXPORTS_AUTHORIZED = "exports_authorized"  # value of exports licensed
    FUNDS_PROVIDED = "funds_provided"  # grant money provided

    def value_kind(self, cumulative: bool) -> ValueKind:
        """The kind of money the measure is; grant money provided over a running period is cumulative."""
        if self is AssistanceMeasure.FUNDS_PROVIDED:
            return ValueKind.CUMULATIVE_PROVIDED if cumulative else ValueKind.PROVIDED
        return {AssistanceMeasure.ACTIVE_CASES: ValueKind.CASE_VALUE,
                AssistanceMeasure.EQUIPMENT_RECEIVED: ValueKind.DELIVERED_VALUE,
                AssistanceMeasure.EXPORTS_AUTHORIZED: ValueKind.LICENSED_VALUE}[self]


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

    @property
    def value_kind(self) -> ValueKind | None:
        """The kind of money a dollar claim of this kind is."""
        return {ClaimKind.DEFENSE_BUDGET: ValueKind.BUDGET, ClaimKind.ARMS_SPENDING: ValueKind.SPENDING}.get(self)


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
    OFFICIAL_NOTIFICATION = "official_notification"  # a government's formal notice, e.g. of a possible arms sale to Congress
    CONTRACT_ANNOUNCEMENT = "contract_announcement"  # a government's or company's notice of a contract award
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
