"""Commands run in-process (a notebook, a script using click's runner) leave the interpreter as they found it."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from click.testing import CliRunner
from moroccous_data.cli import cli
result = CliRunner().invoke(cli, ["validate", "seeds", "-q"])
assert result.exit_code == 0, result.output
assert "pandas" not in sys.modules, "validate itself never needs pandas"
import pandas
print(pandas.DataFrame({"a": [1]}).shape)
"""


def test_validate_in_process_leaves_pandas_importable() -> None:
    from conftest import ROOT

    result = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "(1, 1)", result.stderr[-2000:]
