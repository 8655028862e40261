"""The benchmarks' synthetic seeds are valid, so the scaling figures measure real, passing builds."""

from __future__ import annotations

import sys
from pathlib import Path

from moroccous_data.seedfiles import sources_folder
from moroccous_data.validation.checks import check_folder
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import generate  # noqa: E402


def test_synthetic_seeds_pass_every_check(tmp_path: Path) -> None:
    """A synthetic folder is complete as the benchmarks use it: the source texts are found in it, not passed."""
    counts = generate(tmp_path / "seeds", 3_000)
    assert 2_000 < sum(counts.values()) < 4_000 and all(counts.values())
    assert check_folder(tmp_path / "seeds", sources=sources_folder(tmp_path / "seeds")).problems == []
