"""Write valid synthetic seeds of a given size, for the scaling benchmarks.

The real seeds are the template: every table except ``sources`` is copied k
times, and copy j suffixes every id and every reference to an id with
``-c<j>`` (and perturbs the values that identify a fact), so the copies are
distinct records that pass every rule, including the quote check against the
real source texts. Usage::

    python benchmarks/synthetic.py OUT_DIR RECORDS [TABLE]

With TABLE, only that table is written, with about RECORDS rows.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from moroccous_data.models.columns import seed_columns  # noqa: E402
from moroccous_data.models import TABLES  # noqa: E402
from moroccous_data.models.specs import table_specs  # noqa: E402

SEEDS = ROOT / "seeds"
_NUDGE = {"quantity", "amount_usd", "personnel"}  # numbers that identify a fact: made distinct per copy
_TAG = {"agreements": "subject", "deployments": "place"}  # texts that identify a fact: tagged per copy


def _read(table: str) -> list[dict[str, str]]:
    with (SEEDS / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _copy(row: dict[str, str], table: str, j: int, refs: set[str], record_refs: set[str]) -> dict[str, str]:
    out = dict(row)
    suffix = f"-c{j}"
    for name in refs:
        if out.get(name):
            out[name] = "|".join(v + suffix for v in out[name].split("|"))
    for name in record_refs:  # table:id items
        if out.get(name):
            out[name] = "|".join(v + suffix for v in out[name].split("|"))
    for name in _NUDGE:
        if out.get(name):
            out[name] = str(int(out[name]) + j)
    if table in _TAG and out.get(_TAG[table]):
        out[_TAG[table]] = f"{out[_TAG[table]]} (copy {j})"
    return out


def generate(out: Path, records: int, only: str | None = None) -> dict[str, int]:
    """Write ``out/<table>.csv`` with about ``records`` rows in all (or in table ``only``); return the row counts."""
    template = {t: _read(t) for t in TABLES}
    tables = [only] if only else list(TABLES)
    per_copy = sum(len(template[t]) for t in tables if t != "sources")
    copies = max(1, round((records - (0 if only else len(template["sources"]))) / per_copy))
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in tables:
        specs = seed_columns(table)
        refs = {s.name for s in specs if s.ref and s.ref != "sources"} | ({"id"} if table != "sources" else set())
        if table in ("citations", "source_notes"):
            refs.add("record_id")
        record_refs = {s.name for s in specs if s.kind == "record_refs"}
        rows = template[table] if table == "sources" else [
            _copy(row, table, j, refs, record_refs) for j in range(copies) for row in template[table]]
        rows.sort(key=table_specs()[table].order_key)
        with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[s.name for s in specs], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        counts[table] = len(rows)
    for extra in ("datapackage.json", "reviewed_sentences.csv"):
        if (SEEDS / extra).exists():
            shutil.copy(SEEDS / extra, out / extra)
    if not only:  # a whole seeds folder: its source texts too, which the build and validate check every quote against
        shutil.copytree(SEEDS / "sources", out / "sources", dirs_exist_ok=True)
    return counts


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    counts = generate(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] if len(sys.argv) == 4 else None)
    print(f"{sum(counts.values())} records in {len(counts)} tables: {counts}")
