#!/usr/bin/env python3
"""Build the dataset: seeds/ → validated records → src/moroccous_data/data/; ``moroccous-data build`` in a clone.

    python build_data.py            validate the seeds, regenerate schemas, write the data
    python build_data.py --check    exit 1 if committed data or schemas differ from the seeds
    python build_data.py --out DIR  write the data to DIR instead
    python build_data.py --release  also write the release archive and record the released ids

Every problem is printed as ``file:row:column: message``; a failed build
writes nothing and exits 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))

from moroccous_data.building.command import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(root=ROOT))
