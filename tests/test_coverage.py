"""Every sentence of every source is either cited by a fact record or reviewed as stating no fact."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import moroccous_data as md
from moroccous_data.cli import cli
from moroccous_data.sentences import sentences
from conftest import SEEDS


def test_every_sentence_is_accounted_for(sources_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["coverage", "--sources", str(sources_dir), "--seeds", str(SEEDS)])
    assert result.exit_code == 0, result.output[-3000:]
    summaries = [line for line in result.output.splitlines() if not line.startswith(" ")]
    assert len(summaries) == int(md.load_sources().held.sum()) and all(line.endswith("0 unaccounted for") for line in summaries)


def test_a_stale_review_entry_fails(sources_dir: Path, seeds_copy: Path) -> None:
    path = seeds_copy / "reviewed_sentences.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[1] = str(int(first[1]) + 1)
    path.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["coverage", "--sources", str(sources_dir), "--seeds", str(seeds_copy)])
    assert result.exit_code == 1
    assert "is not a sentence of the source" in result.output


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"”U.S.A1 ")), max_size=80))
def test_sentences_are_exact_ordered_slices(text: str) -> None:
    last = 0
    for sentence in sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text == sentence.text.strip() != ""
        assert sentence.start >= last
        last = sentence.end


def test_abbreviations_do_not_end_sentences() -> None:
    text = "Morocco is a U.S. partner. It joined in 1995.\nHeading"
    assert [s.text for s in sentences(text)] == ["Morocco is a U.S. partner.", "It joined in 1995.", "Heading"]
