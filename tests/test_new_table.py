"""Adding a table is small and safe: a model, one line in the registry, a seed file, and the commands.

In a copy of the repository a throw-away fact table is added the way CONTRIBUTING
says (never part of the dataset), then built, validated, loaded and exported;
each step a contributor might forget is tried and must be named by the tools.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run

pytestmark = pytest.mark.slow

MODEL = '''"""A throw-away fact table, added by tests/test_new_table.py; never part of the dataset."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .base import Record
from .types import Edtf, Slug, Text
from .vocab import Basis


class Trial(Record):
    """A made-up fact added by a test, to show what adding a table takes."""

    table: ClassVar[str] = "trials"
    noun: ClassVar[str] = "trial"
    fact: ClassVar[bool] = True

    id: Slug = Field(description="Stable slug identifying the trial.")
    name: Text = Field(description="What was tried.")
    date: Edtf | None = Field(None, description="When, in EDTF.")
    date_basis: Basis | None = Field(None, description="How the date is known.")
    date_note: Text | None = Field(None, description="The reasoning behind a date that is not stated.")
'''
SOURCE = "state-dept-security-cooperation-fact-sheet"
QUOTE = "U.S. Security Cooperation With Morocco"


def _moroccous(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The repository copy's own CLI, which knows the new model (the installed package does not)."""
    return run(sys.executable, "-m", "moroccous_data", *args, cwd=repo, env={"PYTHONPATH": str(repo / "src")})


def _register(repo: Path) -> None:
    registry = repo / "src" / "moroccous_data" / "models" / "registry.py"
    text = registry.read_text(encoding="utf-8")
    text = text.replace("from .transfers import", "from .trials import Trial\nfrom .transfers import", 1)
    registry.write_text(text.replace("        Claim,\n", "        Claim,\n        Trial,\n", 1), encoding="utf-8")


def test_a_new_table_needs_its_model_a_registry_line_and_its_seed_file(repo: Path) -> None:
    (repo / "src" / "moroccous_data" / "models" / "trials.py").write_text(MODEL, encoding="utf-8")
    _register(repo)

    build = run(sys.executable, "build_data.py", cwd=repo)  # forgot the seed file: named, with the header to write
    assert build.returncode == 1 and "seeds/trials.csv" in build.stderr and "id,name,date,date_basis,date_note" in build.stderr, \
        build.stderr
    assert not (repo / "schemas" / "trials.json").exists(), "a failed build writes no schema"
    (repo / "seeds" / "trials.csv").write_text("id,name,date,date_basis,date_note\n", encoding="utf-8")
    added = _moroccous(repo, "add", "record", "trials", "--set", "id=first-trial", "--set", "name=A first trial",
                       "--set", "date=2024-04", "--set", "date_basis=stated")
    assert added.returncode == 0, added.stdout + added.stderr
    cited = _moroccous(repo, "add", "citation", "trials", "first-trial", SOURCE, QUOTE)
    assert cited.returncode == 0, cited.stdout + cited.stderr

    build = run(sys.executable, "build_data.py", cwd=repo)
    assert build.returncode == 0, build.stderr
    assert _moroccous(repo, "validate").stdout.startswith("valid")
    assert "## `trials`" in (repo / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    loaded = run(sys.executable, "-c", "import moroccous_data as md; t = md.load_trials(); tl = md.load_timeline(); "
                 "print(t.id[0], t.date_start[0].date(), 'trials' in set(tl.record_table), "
                 "md.evidence('trials', 'first-trial').quote[0])",
                 cwd=repo, env={"PYTHONPATH": str(repo / "src")})
    assert loaded.stdout.split() == ["first-trial", "2024-04-01", "True", *QUOTE.split()], loaded.stderr

    database = repo / "trials.db"
    assert _moroccous(repo, "export", "--format", "sqlite", "--out", str(database), "-q").returncode == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT id, name FROM trials").fetchall() == [("first-trial", "A first trial")]
    package = json.loads((repo / "src" / "moroccous_data" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (trials,) = [r for r in package["resources"] if r["name"] == "trials"]
    assert trials["moroccous"] == {"noun": "trial", "fact": True, "cited": True, "derived": False,
                                   "key_columns": ["id"]}, "a table declaring no key columns opens with its key"
    frictionless = run(sys.executable, "-m", "frictionless", "validate", "seeds/datapackage.json", cwd=repo)
    assert frictionless.returncode == 0, frictionless.stdout[-2000:]


@pytest.mark.parametrize(("forgotten", "message"), [
    ('    fact: ClassVar[bool] = True\n', "Trial must declare fact as ClassVars"),
    ('    date_note: Text | None = Field(None, description="The reasoning behind a date that is not stated.")\n',
     "Trial lacks date_note, which a rule of its columns reads"),
])
def test_a_model_missing_a_declaration_or_a_column_fails_the_build_by_name(
        repo: Path, forgotten: str, message: str) -> None:
    (repo / "src" / "moroccous_data" / "models" / "trials.py").write_text(MODEL.replace(forgotten, ""), encoding="utf-8")
    _register(repo)
    result = run(sys.executable, "build_data.py", cwd=repo)
    assert result.returncode != 0 and message in result.stderr, result.stderr


def test_a_seed_file_without_a_registered_model_is_named(repo: Path) -> None:
    (repo / "seeds" / "trials.csv").write_text("id,name\nfirst-trial,A first trial\n", encoding="utf-8")
    result = _moroccous(repo, "validate")
    assert result.returncode == 1 and "trials.csv" in result.stdout and "models/registry.py" in result.stdout, \
        result.stdout


def test_contributing_says_how_to_add_a_column_a_table_a_value_and_a_rule() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("### Add a column", "### Add a table", "### Add a vocabulary value", "### Add a rule"):
        assert heading in text, heading
    assert "models/registry.py" in text.split("### Add a table")[1]
