"""The dataset-level metadata that catalogues read, derived from the project's own files.

``pyproject.toml`` holds the description, keywords, authors and web addresses
(one place for the package and the dataset alike), and ``CHANGELOG.md`` the
release date. Nothing here reads the clock, so two builds stay byte-identical.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .. import edtf
from .._version import __version__
from ..models import Record


def project(root: Path) -> dict[str, Any]:
    """The ``[project]`` table of ``pyproject.toml``."""
    return dict(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"])


def homepage(root: Path) -> str | None:
    urls = project(root).get("urls", {})
    return next((urls[k] for k in ("Homepage", "homepage", "Source", "Repository") if k in urls), None)


def created(root: Path, sources: list[Record], version: str = __version__) -> str:
    """When this version was made: its release date in CHANGELOG.md (``### 0.1.0 (2026-05-01)``).

    Until the release heading carries a date, the latest day any source was
    published: the data cannot be older than that, and the value stays fixed
    for fixed seeds.
    """
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.search(rf"^#+ +{re.escape(version)} +\((\d{{4}}-\d{{2}}-\d{{2}})\)", changelog, re.M)
    if released:
        day = released.group(1)
    else:
        ends = [bounds.end or bounds.start for s in sources if getattr(s, "date", None)
                for bounds in [edtf.parse(str(getattr(s, "date")))]]
        day = max(d for d in ends if d is not None).isoformat()
    return f"{day}T00:00:00Z"


def package_metadata(root: Path, sources: list[Record]) -> dict[str, Any]:
    """``description``, ``homepage``, ``keywords``, ``contributors`` and ``created`` for datapackage.json."""
    info = project(root)
    metadata: dict[str, Any] = {"description": info["description"]}
    page = homepage(root)
    if page:
        metadata["homepage"] = page
    metadata["keywords"] = list(info.get("keywords", []))
    metadata["contributors"] = [{"title": a["name"], "roles": ["creator"], **({"email": a["email"]} if "email" in a else {})}
                                for a in info.get("authors", [])]
    metadata["created"] = created(root, sources)
    return metadata
