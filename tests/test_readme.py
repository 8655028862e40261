"""The README is the front door: its table list and set-up commands stay true."""

from __future__ import annotations

import re

import moroccous_data as md
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_table_section_lists_every_table_with_its_row_count() -> None:
    section = README.split("<!-- tables:start -->")[1].split("<!-- tables:end -->")[0]
    listed = {m[1]: int(m[2]) for m in re.finditer(r"^\| `(\w+)` \| (\d+) \|", section, re.M)}
    assert listed == {t.name: t.rows for t in md.tables()}


def test_ci_runs_the_readme_test_command() -> None:
    command = re.search(r"apt-get update .*chromium-driver && python3 -m venv \.venv && "
                        r"\.venv/bin/pip install -e \"\.\[test\]\" && \.venv/bin/python -m pytest", README)
    assert command, "the README's test command is missing"
    assert command.group() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_duckdb_example_runs_on_the_parquet_files() -> None:
    import duckdb

    sql = README.split("```sql")[1].split("```")[0]
    rows = duckdb.connect().execute(sql.replace("'src/", f"'{ROOT}/src/")).fetchall()
    assert rows and rows[0][:2] == ("MK82-1", 5810)
    assert len(rows) == len(md.load_sales()), "the join on role = 'states' gives each sale once"


def test_the_python_examples_run() -> None:
    for block in README.split("```python")[1:]:
        code = block.split("```")[0].replace('"src/moroccous_data', f'"{ROOT}/src/moroccous_data')
        exec(compile(code, "README.md", "exec"), {})


def test_the_citation_shown_is_the_current_one() -> None:
    assert md.cite("apa") in README
