"""The README is the front door: its table list, problem codes and set-up commands stay true."""

from __future__ import annotations

import re
from typing import Any

import moroccous_data as md
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")

def test_table_section_lists_every_table_with_its_row_count() -> None:
    section = README.split("<!-- tables:start -->")[1].split("<!-- tables:end -->")[0]
    listed = {m[1]: int(m[2]) for m in re.finditer(r"^\| `(\w+)` \| (\d+) \|", section, re.M)}
    assert listed == {t.name: t.rows for t in md.tables()}

def test_the_fix_table_lists_every_problem_code_with_its_fix() -> None:
    """The table is written by the build from ``problem.Code``; this catches a README edited by hand."""
    from moroccous_data.validation.problem import Code, fix_table

    section = README.split("<!-- codes:start -->\n")[1].split("<!-- codes:end -->")[0]
    assert section == fix_table(), "run python build_data.py to rewrite the README's code table"
    assert re.findall(r"^\| `([a-z-]+)` \|", section, re.M) == [str(code) for code in Code]

def test_ci_runs_the_readme_test_command() -> None:
    command = re.search(r"apt-get update .*chromium-driver r-base-core r-cran-readr && python3 -m venv \.venv && "
                        r"\.venv/bin/pip install -e \"\.\[test\]\" && \.venv/bin/python -m pytest", README)
    assert command, "the README's test command is missing (or installs no browser, or no R and readr)"
    assert command.group() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

def _python_block(heading: str) -> str:
    return README.split(heading)[1].split("```python")[1].split("```")[0]

def test_one_query_answers_what_was_notified_sold_and_delivered_when_and_for_how_much() -> None:
    scope: dict[str, Any] = {}
    block = "### What has the United States notified, sold and delivered to Morocco?"
    exec(compile(_python_block(block), "README.md", "exec"), scope)
    steps = scope["steps"].df()
    events = md.load_sale_events()
    assert len(steps) == len(events) and set(steps.stage) == set(events.stage.astype(str))
    himars = steps[(steps["item"] == "M142") & (steps.date == "[..2024-04-08]")].iloc[0]  # the fact sheet's
    assert (himars.stage, himars.quantity_low, himars.quantity_high) == ("notified", 18, 18)
    assert steps.value_usd_high.notna().any(), "the notified estimates the pages give"
    total = README.split(block)[1].split("```python")[2].split("```")[0]
    exec(compile(total, "README.md", "exec"), scope)
    deals = md.load_sales()
    assert scope["low"] == int(deals.notified_value_usd_low.fillna(0).sum())
    assert (scope["high"] is None) == bool(deals[deals.stage.notna()].notified_value_usd_high.isna().any())


def test_the_duckdb_example_runs_on_the_installed_files() -> None:
    scope: dict[str, Any] = {}
    exec(compile(_python_block("### DuckDB over the Parquet files"), "README.md", "exec"), scope)
    rows = scope["stated"].fetchall()
    assert rows and rows[0][:2] == ("MK82-1", 5810)
    assert len(rows) == len(md.load_sales()), "the join on role = 'states' gives each sale once"

def test_the_duckdb_views_make_vocabularies_enums() -> None:
    scope: dict[str, Any] = {}
    exec(compile(_python_block("### DuckDB views with ENUMs"), "README.md", "exec"), scope)
    con = scope["con"]
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE sales)").fetchall())
    assert types["program"].startswith("ENUM('fms', 'eda'") and types["notified_quantity"] == "BIGINT"
    assert types["stage_date_start"] == "DATE" and types["recipient"].startswith("ENUM(")
    steps = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE sale_events)").fetchall())
    assert steps["stage"].startswith("ENUM('requested', 'notified', 'sold'") and steps["value_kind"].startswith("ENUM(")
    for info in md.tables():
        assert con.execute(f"SELECT count(*) FROM {info.name}").fetchone()[0] == info.rows
    coarser = con.execute("SELECT count(*) FROM timeline WHERE date_precision > 'year'::date_precision").fetchone()[0]
    assert coarser == len(md.load_timeline().query("date_precision in ('decade', 'century')"))

def test_the_pandas_example_without_the_loaders_keeps_the_types() -> None:
    scope: dict[str, object] = {}
    exec(compile(_python_block("### Where the files are"), "README.md", "exec"), scope)
    sales = scope["sales"]
    assert str(sales.dtypes["notified_quantity"]) == "Int64" and str(sales.dtypes["program"]) == "category"  # type: ignore[attr-defined]

def test_the_python_examples_run() -> None:
    for block in README.split("```python")[1:]:
        exec(compile(block.split("```")[0], "README.md", "exec"), {})

def test_the_citation_shown_is_the_current_one() -> None:
    assert md.cite("apa") in README


def test_the_fingerprint_by_hand_is_the_packages(capsys: Any) -> None:
    """The one line README gives for checking a fingerprint by hand, on a made-up sentence with every fold."""
    from moroccous_data.sentences import fingerprint

    block = _python_block("### Check it against the live pages")
    sentence = "\u00a0Tug \u201cMarla\u201d\u2014 the ship\u2019s 12\u2033 line \ufb01xed\u2011 at\n Pier\u00a07. "
    exec(compile(block.replace('"Paste the sentence here, exactly as the page shows it."', repr(sentence)), "README.md", "exec"), {})
    assert capsys.readouterr().out == fingerprint(sentence) + "\n"
