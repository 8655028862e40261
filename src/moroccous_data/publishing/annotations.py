"""Citations as W3C Web Annotations, so annotation tools can show the evidence on a copy of each source.

Each quote becomes one annotation whose target carries both a
``TextQuoteSelector`` (the exact words with up to 32 characters either side,
which re-finds a quote in a changed copy) and a ``TextPositionSelector`` (the
code-point offsets into the text pinned by ``sources.sha256``). The target's
source is the address of the original publication, or ``urn:sha256:<hash>``
where none was found. Prefix and suffix come from the source texts, which the
package does not ship, so writing annotations needs them at hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import MoroccousDataError
from ..seedfiles import source_text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARACTERS = 32
FILE_NAME = "annotations.jsonld"


def read_texts(folder: Path, sources: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The text of every source the repository holds, by id; a missing or changed text is an error naming it."""
    if not folder.is_dir():
        raise MoroccousDataError(f"the source texts folder {folder} does not exist; pass --sources")
    texts = {}
    for source in (s for s in sources if s.get("sha256")):
        text, why = source_text(folder, str(source["id"]), str(source["sha256"]))
        if text is None:
            raise MoroccousDataError(why)
        texts[str(source["id"])] = text
    return texts


def annotation_page(citations: Iterable[Mapping[str, Any]], sources: Iterable[Mapping[str, Any]],
                    texts: Mapping[str, str], version: str) -> dict[str, Any]:
    """One ``AnnotationPage`` holding an annotation per quote, in the citations' order (a fingerprint of a page not
    held has no text to select)."""
    by_id = {str(s["id"]): s for s in sources}
    items = []
    for c in (c for c in citations if c.get("quote")):
        source = by_id[str(c["source_id"])]
        text = texts[str(c["source_id"])]
        start, end = int(c["quote_start"]), int(c["quote_end"])
        record = f"{c['record_table']}/{c['record_id']}"
        items.append({
            "id": f"urn:moroccous-data:{version}:citation:{record}:{c['source_id']}:{start}",
            "type": "Annotation",
            "motivation": "linking",
            "body": [
                {"type": "TextualBody", "purpose": "identifying", "value": record},
                {"type": "TextualBody", "purpose": "classifying", "value": str(c["role"])},
            ],
            "target": {
                "source": source.get("url") or f"urn:sha256:{source['sha256']}",
                "selector": [
                    {"type": "TextQuoteSelector", "exact": str(c["quote"]),
                     "prefix": text[max(0, start - CONTEXT_CHARACTERS):start],
                     "suffix": text[end:end + CONTEXT_CHARACTERS]},
                    {"type": "TextPositionSelector", "start": start, "end": end},
                ],
            },
        })
    return {"@context": CONTEXT, "id": f"urn:moroccous-data:{version}:annotations", "type": "AnnotationPage",
            "items": items}


def dumps(page: Mapping[str, Any]) -> bytes:
    return (json.dumps(page, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
