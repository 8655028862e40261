"""The shipped data holds what the sources say: spot checks a reader can verify against the fact sheet."""

from __future__ import annotations

import pandas as pd

import moroccous_data as md

FMS_ITEMS = {
    "M142": 18, "AGM-154C": 40, "MIDS-JTRS": 6, "AGM-84L": 10, "F-16C/D Block 72": 25, "MK82-1": 5810,
    "AH-64E": 36, "AN/MPQ-64F1": 8, "AIM-9X-2": 20, "CH-47D": 3, "LAU-129A": 40, "AGM-65D": 20, "G-550": 1,
}
EDA_ITEMS = {"M1A1": 222, "C-130H": 2, "M113A3": 600}


def test_every_fms_and_eda_item() -> None:
    citations = md.load_citations()
    sheet = citations[citations.source_id == "state-dept-security-cooperation-fact-sheet"]
    sales = md.load_sales()
    sales = sales[sales.id.isin(sheet[sheet.record_table == "sales"].record_id)]  # the fact sheet's deal lines
    for program, items in (("fms", FMS_ITEMS), ("eda", EDA_ITEMS)):
        rows = sales[sales.program == program]
        figure = rows.notified_quantity if program == "fms" else rows.delivered_quantity
        assert dict(zip(rows.designation, figure)) == items
    assert (sales.supplier == "USA").all() and (sales.recipient == "MAR").all()
    assert ((sales.supplier_cow == 2) & (sales.recipient_cow == 600)).all()
    fms, eda = sales[sales.program == "fms"], sales[sales.program == "eda"]
    events = md.load_sale_events()
    for deal in fms.id:  # each has the sheet's notification, bounded by the sheet's date, whatever later pages add
        assert "[..2024-04-08]" in set(events[(events.sale_id == deal) & (events.stage == "notified")].date), deal
    assert (eda.stage == "delivered").all() and set(eda.stage_date) == {"[2013..2024-04-08]"}


def test_a_deals_stage_and_figures_are_derived_from_its_events() -> None:
    """No figure is typed twice: each deal's stage, date and quantities are those of its events."""
    sales, events = md.load_sales().set_index("id"), md.load_sale_events()
    assert set(events.sale_id) == set(sales.index), "every deal has at least one stage event"
    for event in events.itertuples():
        deal = sales.loc[event.sale_id]
        if deal.stage_event_id == event.id:
            assert (deal.stage, deal.stage_date) == (event.stage, event.date)
        if event.stage == "notified" and pd.notna(event.quantity):
            assert deal.notified_quantity == event.quantity
    unknown = sales.loc["modern-helicopters-acquisition"]
    assert unknown.stage == "sold" and pd.isna(unknown.ordered_quantity), "an unquantified acquisition stays unquantified"


def test_every_program_figure() -> None:
    figures = md.load_assistance().set_index("id")
    expected = {
        ("fms", 8_545_000_000, "exact", False), ("eda", 478_000_000, "exact", True),
        ("dcs", 167_000_000, "over", False), ("fmf", 135_000_000, "exact", True),
        ("imet", 32_000_000, "exact", True), ("cwd", 1_996_000, "exact", True), ("cwd", 1_154_000, "exact", False),
    }
    assert {(r.program, r.amount_usd, r.amount_qualifier, bool(r.cumulative)) for r in figures.itertuples()} == expected
    dcs = figures[figures.program == "dcs"].iloc[0]
    assert (dcs.fiscal_year_start, dcs.fiscal_year_end) == (2018, 2022)
    assert dcs.date_start == pd.Timestamp("2017-10-01") and dcs.date_end == pd.Timestamp("2022-09-30")
    fy2022 = figures[(figures.program == "cwd") & ~figures.cumulative.astype(bool)].iloc[0]
    assert figures.loc[fy2022.part_of, "amount_usd"] == 1_996_000
    starts = {r.program: r.date for r in figures.itertuples() if r.cumulative}
    assert starts == {"eda": "2013/..", "fmf": "2012/..", "imet": "2006/..", "cwd": "1993/.."}


def test_disagreements_are_kept_side_by_side() -> None:
    claims = md.load_claims()
    shares = claims[(claims.kind == "arms_supply_share") & (claims.unit == "percent")]
    assert sorted(shares.value.tolist()) == [60, 91]
    assert shares.attributed_to_id.nunique(dropna=False) == 2
    pairs = md.disagreements()
    (pair,) = pairs[pairs.id_a.isin(shares.id) & pairs.id_b.isin(shares.id)].itertuples()
    assert pair.kind == "not_comparable" and pair.sources_a != pair.sources_b
    assert set(pairs.kind) <= {"disagreement", "not_comparable"}
    assert "corroboration" in set(md.disagreements(include_corroborations=True).kind)


def test_where_a_source_is_wrong_or_unclear_can_be_listed_like_disagreements() -> None:
    from moroccous_data import disagreements

    NOTED_KINDS = ("error", "ambiguity")

    notes = md.load_source_notes()
    noted = disagreements(kinds=NOTED_KINDS)
    assert set(noted.note_id) == set(notes[notes.kind.isin(NOTED_KINDS)].id)
    assert noted.id_b.isna().all() and noted.value_a.notna().all() and noted.written.notna().all()
    for note in notes[notes.kind.isin(NOTED_KINDS)].itertuples():
        listed = noted[noted.note_id == note.id]
        assert set(listed.table_a + ":" + listed.id_a) == set(note.record_refs.split("|")), note.id
    # the pages that disagree with a source's reading (CONTRIBUTING, rule 8) are disagreements a reader finds
    paired = set(md.disagreements().note_id)
    assert {"disagreement-hammouchi-sessions-length", "disagreement-2020-roadmap-signatories"} <= paired
    assert disagreements(kinds=("disagreement",)).kind.eq("disagreement").all()


def test_every_disagreement_or_ambiguity_names_its_records() -> None:
    notes = md.load_source_notes()
    for note in notes.itertuples():
        refs = note.record_refs.split("|") if isinstance(note.record_refs, str) else []
        if note.kind in ("disagreement", "not_comparable", "corroboration"):
            assert len(refs) >= 2, note.id
        if note.kind == "ambiguity":
            assert refs, note.id
        if isinstance(note.record_table, str):
            assert f"{note.record_table}:{note.record_id}" in refs, note.id


def test_inferred_values_carry_their_reasoning() -> None:
    for info in md.tables():
        frame = md.load(info.name)
        for column in [c for c in frame.columns if c.endswith("_basis")]:
            inferred = frame[frame[column].isin(["inferred", "general_knowledge", "stated_elsewhere"])]
            note = column.removesuffix("_basis") + "_note"
            if note not in frame.columns:  # the derived timeline repeats a basis; its reasoning stays on the record
                assert info.name == "timeline", (info.name, column)
                continue
            assert inferred[note].notna().all(), (info.name, column)


def test_each_basis_is_used_as_the_dictionary_defines_it() -> None:
    """``stated_elsewhere`` ("another source in the dataset says it") names that source in its note; an
    ``as_of``, being its source's date, is known no better than that date (a date from a page outside the
    dataset is ``general_knowledge``, never ``stated_elsewhere``)."""
    from moroccous_data.models.vocab import Basis

    sources = md.load_sources().set_index("id")
    source_ids = set(sources.index)
    citing: dict[tuple[str, str], set[str]] = {}
    for c in md.load_citations().itertuples():
        citing.setdefault((c.record_table, c.record_id), set()).add(c.source_id)
    for info in md.tables():
        if info.name in ("timeline", "citations"):
            continue
        frame = md.load(info.name)
        for column in [c for c in frame.columns if c == "basis" or c.endswith("_basis")]:
            note = "note" if column == "basis" else column.removesuffix("_basis") + "_note"
            for row in frame[frame[column] == Basis.STATED_ELSEWHERE].itertuples():
                own = {getattr(row, "source_id", None), row.id if info.name == "sources" else None}
                named = {s for s in source_ids - own if s in str(getattr(row, note))}
                assert named, (info.name, row.id, column, "names no other source of the dataset")
        if "as_of_basis" in frame.columns:
            for row in frame[frame.as_of.notna()].itertuples():
                dated_by = [s for s in citing.get((info.name, row.id), ()) if sources.loc[s, "date"] == row.as_of]
                assert row.as_of_basis in {sources.loc[s, "date_basis"] for s in dated_by}, (info.name, row.id)


def test_every_record_is_cited_and_on_the_timeline_when_dated() -> None:
    citations = md.load_citations()
    cited = set(zip(citations.record_table, citations.record_id))
    timeline = md.load_timeline()
    cited_tables = [r["name"] for r in md.datapackage()["resources"] if r["moroccous"]["cited"]]
    assert {"sales", "entities", "source_notes"} <= set(cited_tables) and "citations" not in cited_tables
    for table in cited_tables:
        for rid in md.load(table).id:
            assert (table, rid) in cited, (table, rid)
    known = timeline.date_start.dropna()
    assert known.is_monotonic_increasing
    assert timeline.date_start.isna().sum() == timeline.date_start.index.get_loc(known.index[0]), "open starts first"
    assert (timeline.citations >= 1).all()
    dated = md.load_agreements().dropna(subset=["date"])
    assert set(dated.id) <= set(timeline[timeline.record_table == "agreements"].record_id)


def test_minister_spellings_are_aliases() -> None:
    entities = md.load_entities().set_index("id")
    loudiyi = entities.loc["abdellatif-loudiyi"]
    assert loudiyi["name"] == "Abdellatif Loudiyi" and "Abdeletif Loudyi" in loudiyi["aliases"].split("|")


def test_the_timeline_shows_only_records_with_a_date_of_their_own() -> None:
    timeline = md.load_timeline()
    for table in timeline.record_table.unique():
        dated = md.load(table).set_index("id")
        for row in timeline[timeline.record_table == table].itertuples():
            assert dated.loc[row.record_id, "date"] == row.date, (table, row.record_id)
    claims = md.load_claims()
    undated = set(claims[claims.date.isna()].id)
    assert undated and not undated & set(timeline.record_id), "claims dated only by their source's as_of are left off"
    assert set(md.load_sale_events().id) <= set(timeline.record_id), "every stage of a deal is dated, so on the timeline"


def test_labels_keep_the_sources_hedges() -> None:
    labels = md.load_timeline().set_index("record_id").label
    assert labels["dcs-fy2018-2022"] == "DCS exports authorized: over $167,000,000"


def test_a_publication_date_known_only_by_a_bound_is_a_bound() -> None:
    sources = md.load_sources().set_index("id")
    assert sources.loc["progress-center-defense-partnership-paper-2026", "date"] == "[2026-04-16..]"
    assert sources.loc["progress-center-defense-partnership-paper-2026", "date_kind"] == "bound"
    assigned = md.load_assistance().set_index("id")
    assert assigned.loc["fmf-since-2012", "date_kind"] == "interval", "'since 2012' stays a period"


def test_inferred_programs_are_visible_in_a_column() -> None:
    sales = md.load_sales()
    fms = sales[(sales.program == "fms") & sales.id.str.endswith("-fms")]  # the fact sheet's FMS paragraph
    assert len(fms) and (fms.program_basis == "inferred").all() and fms.program_note.notna().all()
    stated = sales[sales.program_basis == "stated"]
    assert stated.program_note.isna().all(), "a stated program needs no reasoning"
