"""A seeded sample of the differential fuzzer (``benchmarks/fuzz.py``): mutated real seeds of every table,
our validator in folder and single-file mode against frictionless's, with no crash, no contradiction and no
hostile cell accepted that a rule should refuse; and ``set`` / ``add record`` with hostile values, each edit
they accept accepted by the validator too. The full run (10,000 files) is the benchmark's."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import fuzz  # noqa: E402

pytestmark = pytest.mark.slow

SAMPLE = 5 * len(fuzz.TABLES)  # every table five times; the benchmark runs 10,000


def test_a_seeded_sample_has_no_crash_no_contradiction_and_no_accepted_hostile_cell() -> None:
    outcomes = list(fuzz.run_cases(seed=2026, count=SAMPLE, jobs=1, subprocess_every=SAMPLE, edit_every=10))
    summary = fuzz.summarize(outcomes)
    assert set(summary["tables"]) == set(fuzz.TABLES) and summary["cases"] == SAMPLE
    assert summary["crashes"] == []
    assert summary["contradictions"] == []
    assert summary["accepted_hostile_refused_by_rule"] == {}
    assert summary["frictionless_runs"] > 0, "frictionless judged the accepted files"
    assert summary["edits"] == SAMPLE // 10 and summary["disagreements"] == []


def test_cases_are_reproducible() -> None:
    assert fuzz.make_case(16, 123).data == fuzz.make_case(16, 123).data
    assert fuzz.make_case(16, 123).data != fuzz.make_case(17, 123).data
