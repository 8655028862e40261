"""The package's type hints hold: mypy finds no error in src/."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, run

pytestmark = pytest.mark.slow


def test_mypy_passes() -> None:
    result = run(sys.executable, "-m", "mypy", "src", cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
