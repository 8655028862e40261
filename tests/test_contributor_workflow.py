"""A new source from raw text to a loaded record, in a copy of the repository, with the contributor commands only.

The text is the made-up press release under ``tests/example/`` (never part of
the dataset). No CSV is typed: every row is written by ``add source``,
``add record``, ``add citation``, the coverage template and ``fmt``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from moroccous_data.cli import cli
from conftest import ROOT, run

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "tests" / "example" / "press-release.txt"
SOURCE = "example-working-group-press-release"
def moroccous(*args: str, expect: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == expect, (args, result.output)
    return result.output


def test_a_new_source_from_raw_text_to_a_loaded_record(repo: Path) -> None:
    before = {p: p.read_bytes() for p in (repo / "seeds").glob("*.csv")}
    out = moroccous("add", "source", str(EXAMPLE), "--id", SOURCE, "--kind", "press_release",
                    "--title", "Example Working Group Meets in Rabat", "--publisher", "Office of Example Affairs",
                    "--located-note", "Not located: an invented text, published nowhere.")
    assert (repo / "seeds" / "sources" / f"{SOURCE}.txt").read_bytes() == EXAMPLE.read_bytes()
    assert "159-254" in out and "rabat  'Rabat'" in out and "morocco  'Morocco'" in out

    # the sentences that state nothing to record, reviewed from the coverage template
    result = CliRunner().invoke(cli, ["coverage", "--source", SOURCE, "--template"])
    assert result.exit_code == 0, result.output
    verdicts = {0: "heading", 96: "publisher_text", 421: "commentary", 479: "boilerplate"}
    rows = [line.split(",") for line in result.stdout.splitlines()]
    filled = [f"{s},{a},{b},{verdicts[int(a)]},Example." for s, a, b, _, _ in rows if int(a) in verdicts]
    with (repo / "seeds" / "reviewed_sentences.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(filled) + "\n")
    assert "sorted the rows" in moroccous("fmt", "seeds")

    moroccous("add", "record", "entities", "--set", "id=example-working-group", "--set",
              "name=Example Working Group on Maritime Training", "--set", "kind=organization",
              "--set", "aliases=Example Working Group")
    moroccous("add", "citation", "entities", "example-working-group", SOURCE,
              "The Example Working Group on Maritime Training")
    for person, name, title, country, quote in [
            ("jane-doe-example", "Jane Doe", "Lt. Col.", "USA", "Lt. Col. Jane Doe"),
            ("omar-example", "Omar Example", "Dr.", "MAR", "Dr. Omar Example")]:
        moroccous("add", "record", "entities", "--set", f"id={person}", "--set", f"name={name}",
                  "--set", "kind=person", "--set", f"title={title}", "--set", f"country={country}")
        moroccous("add", "citation", "entities", person, SOURCE, quote)
    moroccous("add", "record", "engagements", "--set", "id=example-working-group-1-2031",
              "--set", "name=First meeting of the Example Working Group", "--set", "kind=committee_meeting",
              "--set", "date=2031-03-03", "--set", "date_basis=stated", "--set", "place=Rabat", "--set", "place_basis=stated",
              "--set", "country=MAR", "--set", "participant_ids=example-working-group|jane-doe-example|omar-example",
              "--set", "participant_ids_basis=stated")
    result = CliRunner().invoke(cli, ["add", "citation", "engagements", "example-working-group-1-2031", SOURCE,
                                      "Example Working Group Meets in Rabat", "--role", "context"])
    assert result.exit_code == 0 and "has only context citations yet" in result.output, result.output
    for quote in ["The Example Working Group on Maritime Training held its first meeting in Rabat on 3 March 2031.",
                  "Lt. Col. Jane Doe and Dr. Omar Example co-chaired the meeting",
                  "The participants agreed to hold four joint training courses in 2031."]:
        moroccous("add", "citation", "engagements", "example-working-group-1-2031", SOURCE, quote)
    moroccous("set", "engagements", "example-working-group-1-2031", "topics", "joint training courses")

    assert moroccous("validate").startswith("valid")
    assert moroccous("fmt", "seeds", "--check").startswith("0 file(s)")
    assert "0 unaccounted for" in moroccous("coverage", "--source", SOURCE)
    for path, data in before.items():  # every change is an added or edited line: nothing else moved
        old, new = data.decode().splitlines(), path.read_text(encoding="utf-8").splitlines()
        assert [line for line in old if line not in new] == [], path

    built = run(sys.executable, repo / "build_data.py", cwd=repo)
    assert built.returncode == 0, built.stderr
    sources = len((repo / "seeds" / "sources.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert sources == len(before[repo / "seeds" / "sources.csv"].decode().splitlines()), "the new source was added"
    assert f" {sources} rows.\n" in (repo / "docs" / "data-dictionary.md").read_text(encoding="utf-8").split("## `sources`")[1]
    assert run(sys.executable, repo / "build_data.py", "--check", cwd=repo).stdout.strip() == "up to date"
    loaded = run(sys.executable, "-c", "from moroccous_data import load_engagements, load_citations; "
                 "e = load_engagements().set_index('id').loc['example-working-group-1-2031']; "
                 "c = load_citations(); print(e['date_start'].date(), e['topics'], "
                 "(c.record_id == 'example-working-group-1-2031').sum())",
                 cwd=repo, env={"PYTHONPATH": str(repo / "src")})
    assert loaded.stdout.split() == ["2031-03-03", "joint", "training", "courses", "4"], loaded.stderr


def test_edits_refuse_what_the_validator_refuses_and_write_nothing(repo: Path) -> None:
    before = {p: p.read_bytes() for p in (repo / "seeds").glob("*.csv")}
    out = moroccous("add", "record", "sale_events", "--set", "id=new-step", "--set", "quantity=1,718", expect=1)
    assert "seeds/sale_events.csv:" in out and ":quantity: [type-error] '1,718'" in out
    assert "nothing was written" in out
    out = moroccous("set", "sale_events", "m142-himars-fms-notified", "quantity", "eighteen", expect=1)
    assert ":quantity: [type-error] 'eighteen'" in out
    out = moroccous("set", "sales", "m142-himars-fms", "id", "renamed-sale", expect=1)
    assert ":record_id: [foreign-key] sales has no record with id 'm142-himars-fms'" in out  # its citations would dangle
    assert "did you mean m142-himars-fms" in moroccous("set", "sales", "m142-himars-fm", "name=x", expect=1)
    out = moroccous("add", "citation", "sales", "m142-himars-fms", "state-dept-security-cooperation-fact-sheet",
                    "18 M142 High Mobility Artillery Rocket System (HIMARS) Launchers", expect=1)
    assert "differs in case" in out
    assert {p: p.read_bytes() for p in (repo / "seeds").glob("*.csv")} == before


NOTICE = ROOT / "tests" / "example" / "notification.txt"
NOTICE_ID = "example-radar-notification"


def test_an_arms_deal_recorded_with_commands_alone(repo: Path) -> None:
    """A notification of a possible sale and a later contract for part of it, from the invented notice, with
    ``add`` and ``set`` only: the deal's stage and figures then come out of the build, derived from its steps."""
    moroccous("add", "source", str(NOTICE), "--id", NOTICE_ID, "--kind", "press_release",
              "--publisher", "Example Defense Cooperation Office",
              "--located-note", "Not located: an invented text, published nowhere.")
    for entity, name, kind in [("example-defense-cooperation-office", "Example Defense Cooperation Office", "organization"),
                               ("example-sensors-corporation", "Example Sensors Corporation", "organization"),
                               ("example-tactical-radar", "Example Tactical Radar", "weapon_system")]:
        moroccous("add", "record", "entities", "--set", f"id={entity}", "--set", f"name={name}", "--set", f"kind={kind}")
        moroccous("add", "citation", "entities", entity, NOTICE_ID,
                  name + ("s" if kind == "weapon_system" else ""), "--occurrence", "1")
    added = moroccous("add", "record", "sales", "--set", "id=example-tactical-radars-fms", "--set", "designation=ETR",
                      "--set", "name=Example Tactical Radars", "--set", "system_id=example-tactical-radar",
                      "--set", "category=radar", "--set", "program=fms", "--set", "program_basis=stated",
                      "--set", "supplier=USA", "--set", "recipient=MAR")
    assert "has no step yet: add its first with `moroccous-data add record sale_events" in added
    notified = ("notifying Congress of a possible Foreign Military Sale to the Government of Morocco of up to twelve "
                "Example Tactical Radars on 14 May 2031")
    moroccous("add", "citation", "sales", "example-tactical-radars-fms", NOTICE_ID, notified)
    moroccous("add", "record", "sale_events", "--set", "id=example-tactical-radars-fms-notified",
              "--set", "sale_id=example-tactical-radars-fms", "--set", "stage=notified", "--set", "stage_basis=stated",
              "--set", "date=2031-05-14", "--set", "date_basis=stated", "--set", "quantity=12",
              "--set", "quantity_qualifier=up_to", "--set", "value_usd=40000000", "--set", "value_qualifier=exact",
              "--set", "value_kind=notified_estimate", "--set", "value_scope=whole_package",
              "--set", "actors=example-defense-cooperation-office|example-sensors-corporation")
    for quote in [notified, "The estimated total cost is $40 million.",
                  "The principal contractor will be Example Sensors Corporation."]:
        moroccous("add", "citation", "sale_events", "example-tactical-radars-fms-notified", NOTICE_ID, quote)

    # The contract: a second stage of the same deal with the same actors is not a repeated fact.
    contract = ("On 2 February 2032 Example Sensors Corporation was awarded a $15,000,000 contract to produce five "
                "Example Tactical Radars for Morocco.")
    moroccous("add", "record", "sale_events", "--set", "id=example-tactical-radars-fms-contract",
              "--set", "sale_id=example-tactical-radars-fms", "--set", "stage=contracted", "--set", "stage_basis=stated",
              "--set", "date=2032-02", "--set", "date_basis=stated", "--set", "quantity=5",
              "--set", "quantity_qualifier=exact", "--set", "value_usd=15000000", "--set", "value_qualifier=exact",
              "--set", "value_kind=contract_award", "--set", "value_scope=one_item",
              "--set", "actors=example-sensors-corporation")
    moroccous("add", "citation", "sale_events", "example-tactical-radars-fms-contract", NOTICE_ID, contract)
    # Cells that depend on each other change together, in one checked edit: a basis that is not `stated` needs its
    # reasoning, so setting it alone is refused and nothing is written, while basis and note at once are accepted.
    alone = moroccous("set", "sale_events", "example-tactical-radars-fms-contract", "date_basis=inferred", expect=1)
    assert "date_note must give the reasoning" in alone and "nothing was written" in alone
    moroccous("set", "sale_events", "example-tactical-radars-fms-contract", "date=2032-02-02", "date_basis=inferred",
              "date_note=The notice gives the day of the award; the contract may have been signed on it.")
    moroccous("set", "sale_events", "example-tactical-radars-fms-contract", "date_basis=stated", "date_note=")
    # The same step recorded twice under another id is the same fact, and refused.
    twice = moroccous("add", "record", "sale_events", "--set", "id=example-tactical-radars-fms-notified-again",
                      "--set", "sale_id=example-tactical-radars-fms", "--set", "stage=notified",
                      "--set", "stage_basis=stated", "--set", "date=2031-05-14", "--set", "date_basis=stated",
                      "--set", "quantity=12", "--set", "quantity_qualifier=up_to", "--set", "value_usd=40000000",
                      "--set", "value_qualifier=exact", "--set", "value_kind=notified_estimate",
                      "--set", "value_scope=whole_package", expect=1)
    assert "[duplicate-fact]" in twice

    assert moroccous("validate").startswith("valid")
    built = run(sys.executable, repo / "build_data.py", cwd=repo)
    assert built.returncode == 0, built.stderr
    loaded = run(sys.executable, "-c", "from moroccous_data import load_sales; "
                 "d = load_sales().set_index('id').loc['example-tactical-radars-fms']; "
                 "print(d.stage, d.stage_date, d.notified_quantity, d.notified_quantity_qualifier, "
                 "d.notified_quantity_high, d.notified_value_usd, d.ordered_quantity, d.ordered_value_usd, "
                 "d.ordered_value_kind, d.sipri_category)",
                 cwd=repo, env={"PYTHONPATH": str(repo / "src")})
    assert loaded.stdout.split() == ["contracted", "2032-02-02", "12", "up_to", "12", "40000000", "5", "15000000",
                                     "contract_award", "sensors"], loaded.stderr


def test_a_page_not_held_is_cited_by_fingerprint_and_its_sentence_never_written(repo: Path, tmp_path: Path) -> None:
    """An invented page (made-up address and sentence): the citation stores the fingerprint of the contributor's own
    copy of the sentence, never the sentence, and the validator keeps the two kinds of evidence apart."""
    from moroccous_data.sentences import fingerprint

    moroccous("add", "record", "sources", "--set", "id=example-page-not-held", "--set", "title=An invented page",
              "--set", "url=https://example.org/invented-notice", "--set", "kind=press_release",
              "--set", "language=en", "--set", "accessed=2031-05-15",
              "--set", "located_note=Not located: an invented page for this test.")
    sentence = "The Example Office announced on 14 May 2031 \u2014 after \u201creview\u201d \u2014 a sale of twelve radars."
    copy = tmp_path / "sentence.txt"  # the contributor's own copy, outside the repository
    copy.write_text(sentence + "\n", encoding="utf-8")
    cited = moroccous("add", "citation", "sales", "m142-himars-fms", "example-page-not-held",
                      "--sentence-file", str(copy), "--locator", "paragraph 1, sentence 1", "--role", "context")
    stamp = fingerprint(sentence)
    assert stamp in cited and stamp == fingerprint(" The Example Office announced on 14 May 2031 - after \"review\" - a sale of twelve radars. ")
    seeds = "".join(p.read_text(encoding="utf-8") for p in (repo / "seeds").glob("*.csv"))
    assert stamp in seeds and "twelve radars" not in seeds, "only the fingerprint is stored"

    stdin = CliRunner().invoke(cli, ["add", "citation", "sales", "m142-himars-fms", "example-page-not-held",
                                     "--sentence-file", "-", "--locator", "paragraph 2, sentence 1", "--role", "context"],
                               input="A second invented sentence about the same sale.\n")
    assert stdin.exit_code == 0 and fingerprint("A second invented sentence about the same sale.") in stdin.output

    no_locator = moroccous("add", "citation", "sales", "m142-himars-fms", "example-page-not-held",
                           "--sentence-file", str(copy), expect=2)
    assert "--locator" in no_locator
    both = moroccous("add", "citation", "sales", "m142-himars-fms", "example-page-not-held", "a quote",
                     "--sentence-file", str(copy), "--locator", "x", expect=2)
    assert "give QUOTE (a held text) or --sentence-file" in both
    held = moroccous("add", "citation", "sales", "m142-himars-fms", "state-dept-security-cooperation-fact-sheet",
                     "--sentence-file", str(copy), "--locator", "paragraph 1", expect=1)
    assert "[evidence-kind]" in held and "nothing was written" in held
    assert moroccous("validate").startswith("valid")
