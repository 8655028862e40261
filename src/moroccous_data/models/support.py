"""Support tables: the sources, the quotes that cite them, the entities named, and notes on the sources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field

from .base import Record, known
from .derived import Related
from .specs import ColumnSpec
from .types import (
    Edtf,
    Fingerprint,
    Integer,
    Iso3,
    RecordRefs,
    Ref,
    Sha256,
    ShortText,
    Slug,
    Text,
    TextList,
    Url,
)
from .vocab import Basis, CitationRole, EntityKind, NoteKind, SourceKind

if TYPE_CHECKING:  # built from every model in registry.py, which rebuilds these models with it
    from .registry import CitedTable


class Source(Record):
    """A source document the records are curated from: a text held in the repository (its sha256 pins the text the
    quotes are checked against), or a page that is not held, cited by fingerprints anyone can check at its address."""

    table: ClassVar[str] = "sources"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "publisher", "date", "held", "title")
    noun: ClassVar[str] = "source"
    fact: ClassVar[bool] = False
    cited: ClassVar[bool] = False
    derived_columns = (("characters", (ColumnSpec("held", "Whether the repository holds a copy of the text (seeds/sources), so "
                                                  "that its quotes are checked offline; a source not held is cited by "
                                                  "fingerprints (derived from sha256).", "boolean", True, derived=True),)),)

    id: Slug = Field(description="Stable slug identifying the source.")
    title: Text = Field(description="The document's title as it appears in the text; for a source not held, this project's description of the page.")
    author: Text | None = Field(None, description="The author as stated in the text (a person or an office).")
    publisher: Text | None = Field(None, description="Who published this copy, where it can be established.")
    original_publisher: Text | None = Field(
        None, description="Who first issued the document, where this copy republishes it."
    )
    url: Url | None = Field(None, description="Address of the publication this text was taken from; empty where none was found. Required for a source not held.")
    kind: SourceKind = Field(description="The genre of the document.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = Field(
        description="ISO 639-1 code of the text's language."
    )
    date: Edtf | None = known(Field(None, description="Publication date in EDTF; empty where it cannot be bounded."), "publication date", note="The reasoning behind a date that is not stated.")
    sha256: Sha256 | None = Field(None, description="SHA-256 of the UTF-8 text the quotes and offsets refer to; empty for a source not held in seeds/sources.")
    characters: Integer | None = Field(None, ge=1, json_schema_extra={"unit": "Unicode code points"}, description="Length of the held text in Unicode code points; empty for a source not held.")
    accessed: Edtf | None = Field(None, description="The day the page was read at its address (EDTF): for a source not held, the day its fingerprints were taken, and the day to ask a web archive for.")
    note: Text | None = Field(None, description="Anything a reader should know about the document.")
    located_note: Text = Field(
        description="How the publication was located: which sentences matched at the address, when, and what was not found."
    )

    def derived_values(self, row: Mapping[str, Any], related: Related) -> dict[str, Any]:
        return {"held": self.sha256 is not None}


class Citation(Record):
    """The words of a source supporting one record: an exact quote of a held text (``text[quote_start:quote_end] ==
    quote``, code points), or, for a page not held, the locator and fingerprint of the sentence that states it."""

    table: ClassVar[str] = "citations"
    key_columns: ClassVar[tuple[str, ...]] = ("record_table", "record_id", "source_id", "role", "locator", "quote_start")
    noun: ClassVar[str] = "citation"
    fact: ClassVar[bool] = False
    cited: ClassVar[bool] = False
    primary_key: ClassVar[tuple[str, ...]] = ("record_table", "record_id", "source_id", "quote_start", "fingerprint")
    row_order: ClassVar[tuple[str, ...] | None] = ("record_table", "record_id", "role", "source_id", "quote_start",
                                                   "fingerprint")

    record_table: CitedTable = Field(description="The table of the record this quote supports.")
    record_id: Slug = Field(description="The id of the record this quote supports.")
    source_id: Annotated[Slug, Ref("sources")] = Field(description="The source quoted.")
    role: CitationRole = Field(description="Whether the quote states the record's values or only frames them.")
    quote: ShortText | None = Field(None, description="The smallest span of a held source that carries the fact, verbatim; empty for a source not held.")
    quote_start: Integer | None = Field(None, ge=0, json_schema_extra={"unit": "Unicode code points"}, description="Offset of the quote's first character in the source text (code points).")
    quote_end: Integer | None = Field(None, ge=1, json_schema_extra={"unit": "Unicode code points"}, description="Offset just past the quote's last character (code points).")
    locator: ShortText | None = Field(None, description="For a source not held: where on the page the stating sentence is, in this project's words (e.g. 'paragraph 2, sentence 1').")
    fingerprint: Fingerprint | None = Field(None, description="For a source not held: 'sha256:' and the SHA-256 of the stating sentence after the normalisation docs/checking.md gives, which anyone can check against the page without this repository holding its text.")
    note: Text | None = Field(None, description="How the quote supports the record, where that is not evident.")

    def relate(self, related: Related) -> None:
        if self.role is CitationRole.STATES:
            key = (str(self.record_table.value), self.record_id)
            related.stating.setdefault(key, set()).add("quoted" if self.quote else "fingerprinted")
            related.sources.setdefault(key, set()).add(self.source_id)


class Entity(Record):
    """A person, organization, country, program, initiative, place, exercise, agreement, group or weapon system named in the sources."""

    table: ClassVar[str] = "entities"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "name", "kind", "country")
    noun: ClassVar[str] = "entity"
    fact: ClassVar[bool] = False

    id: Slug = Field(description="Stable slug identifying the entity.")
    name: Text = Field(description="Canonical name (the fullest correct form).")
    kind: EntityKind = Field(description="What the entity is.")
    aliases: TextList | None = Field(
        None, description="Every other spelling or short form as written in the sources, separated by '|'."
    )
    country: Iso3 | None = Field(None, description="The country a person, organization or place belongs to (ISO 3166-1 alpha-3).")
    title: Text | None = Field(None, description="Role or title as the sources state it, at the time they describe.")
    note: Text | None = Field(None, description="Anything a reader should know about the entity.")


class SourceNote(Record):
    """A typo, error, variant spelling or disagreement found in a source: kept as data, the quote is never fixed."""

    table: ClassVar[str] = "source_notes"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "source_id", "kind", "record_table", "record_id")
    noun: ClassVar[str] = "source note"
    fact: ClassVar[bool] = False

    id: Slug = Field(description="Stable slug identifying the note.")
    source_id: Annotated[Slug, Ref("sources")] = Field(description="The source the note is about.")
    kind: NoteKind = Field(description="What the note records.")
    written: ShortText = Field(description="What the source says, verbatim; for a page not held, the figure it gives as this dataset records it (its sentence is cited by fingerprint).")
    correction: Text | None = Field(None, description="The corrected or preferred reading; empty for disagreements.")
    basis: Basis = Field(description="How the correction is known.")
    record_table: CitedTable | None = Field(None, description="The table of the record the note bears on.")
    record_id: Slug | None = Field(None, description="The id of the record the note bears on.")
    record_refs: RecordRefs | None = Field(
        None, description="Every record the note concerns, as table:id separated by '|'; for a disagreement or an "
        "ambiguity, every record whose value is in question (at least two for a disagreement).")
    note: Text = Field(description="The reasoning, and for a disagreement what each source says.")
