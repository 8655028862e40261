"""The dataset's identity, in one place, and how to cite it in the formats researchers paste.

CITATION.cff and .zenodo.json are generated from these constants (the build
drift-checks both), and ``cite()`` reads them too, so a DOI or a repository
address set here reaches every citation, the archive's deposit metadata and
the explorer's "report a wrong fact" link at once. Both are empty until they
exist: an invented DOI would be worse than none.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from .._version import __version__

TITLE = "moroccous-data: U.S.–Morocco security cooperation, cited record by record"
AUTHOR = "moroccous-data contributors"
YEAR = 2026  # year of the release named by __version__
LICENSE = "CC-BY-4.0"
DESCRIPTION = ("A curated, cited dataset of U.S.-Morocco security cooperation: arms sales, assistance, agreements, "
               "exercises, visits and claims.")
KEYWORDS = ("dataset", "morocco", "security cooperation", "arms transfers", "provenance")
MESSAGE = "If you use this dataset, please cite it as below, and cite the sources of the facts you use."
DOI = ""  # set when the first public release is archived; e.g. "10.5281/zenodo.NNNNNNN"
REPOSITORY = ""  # the public repository's address, once there is one
REPORT_TEMPLATE = "wrong-fact.yml"  # .github/ISSUE_TEMPLATE/<this>: the form for reporting a wrong fact
FORMATS = ("apa", "bibtex", "cff", "zenodo")


def _where() -> str:
    return f"https://doi.org/{DOI}" if DOI else REPOSITORY


def report_link(table: str, record_id: str) -> str | None:
    """The address of a prefilled wrong-fact report for one record, or None while the project has no public repository."""
    if not REPOSITORY:
        return None
    query = urlencode({"template": REPORT_TEMPLATE, "title": f"Wrong fact: {table} {record_id}",
                       "table": table, "record": record_id})
    return f"{REPOSITORY.rstrip('/')}/issues/new?{query}"


def cite_source(source_id: str, format: str = "apa") -> str:
    """A reference to one source document as the dataset records it, with the address it was found at."""
    from ..errors import MoroccousDataError
    from ..loading import loaders

    sources = {s["id"]: s for s in loaders.load("sources", "arrow").to_pylist()}
    if source_id not in sources:
        import difflib

        close = difflib.get_close_matches(source_id, list(sources), n=5, cutoff=0.4)
        raise MoroccousDataError(f"no source {source_id!r}; " + (f"closest: {', '.join(close)}; " if close else "")
                                 + f"all {len(sources)} are listed by `moroccous-data show sources`")
    s = sources[source_id]
    who = s["author"] or s["publisher"] or s["original_publisher"]
    if format == "apa":
        parts = [f"{who}." if who else "", f"({s['date'] or 'n.d.'}).", f"{s['title'].rstrip('.')}."]
        if s["publisher"] and s["publisher"] != who:
            parts.append(f"{s['publisher']}.")
        parts.append(s["url"] or f"Address not found; text sha256 {s['sha256']}.")
        return " ".join(p for p in parts if p)
    if format == "bibtex":
        start, end = s["date_start"], s["date_end"]
        year = str(start.year) if start and end and start.year == end.year else ""
        fields = {"author": f"{{{who}}}" if who else "", "title": f"{{{s['title']}}}", "year": year,
                  "publisher": s["publisher"] or "", "url": s["url"] or "",
                  "urldate": str(s["accessed"] or ""),
                  "note": f"Dated {s['date'] or 'n.d.'} (EDTF); cited by {TITLE} {__version__}"}
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        return f"@misc{{{source_id},\n{body}\n}}"
    if format in ("cff", "zenodo"):
        raise MoroccousDataError(f"--format {format} describes the dataset, not a source; "
                                 "use apa or bibtex with --source")
    raise MoroccousDataError(f"unknown citation format {format!r}; choose one of {', '.join(FORMATS)}")


def zenodo() -> dict[str, object]:
    """Deposit metadata Zenodo's GitHub integration reads from .zenodo.json when a release is archived."""
    meta: dict[str, object] = {
        "title": TITLE, "upload_type": "dataset", "version": __version__, "description": DESCRIPTION,
        "creators": [{"name": AUTHOR}], "license": LICENSE.lower(), "keywords": list(KEYWORDS), "access_right": "open",
    }
    if REPOSITORY:
        meta["related_identifiers"] = [{"identifier": REPOSITORY, "relation": "isSupplementTo", "scheme": "url"}]
    return meta


def cite(format: str = "apa", source: str | None = None) -> str:
    """The dataset's citation (``apa``, ``bibtex``, ``cff`` or ``zenodo``), or with ``source`` that source's."""
    if source is not None:
        return cite_source(source, format)
    where = _where()
    if format == "apa":
        return f"{AUTHOR}. ({YEAR}). {TITLE} (Version {__version__}) [Data set]." + (f" {where}" if where else "")
    if format == "bibtex":
        key = f"moroccousdata{__version__.replace('.', '')}"
        extra = (f"  doi = {{{DOI}}},\n" if DOI else "") + (f"  url = {{{where}}},\n" if where else "")
        return (f"@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{{{TITLE}}}}},\n"
                f"  year = {{{YEAR}}},\n  version = {{{__version__}}},\n{extra}  note = {{Data set, {LICENSE}}}\n}}")
    if format == "cff":
        lines = ["cff-version: 1.2.0", f"message: {MESSAGE}", "type: dataset", f'title: "{TITLE}"', "authors:",
                 f'  - name: "{AUTHOR}"', f'version: "{__version__}"', f"license: {LICENSE}",
                 f'abstract: "{DESCRIPTION}"', "keywords:", *(f'  - "{k}"' for k in KEYWORDS)]
        if DOI:
            lines.append(f'doi: "{DOI}"')
        if REPOSITORY:
            lines.append(f'repository-code: "{REPOSITORY}"')
        return "\n".join(lines) + "\n"
    if format == "zenodo":
        return json.dumps(zenodo(), ensure_ascii=False, indent=2) + "\n"
    from ..errors import MoroccousDataError

    raise MoroccousDataError(f"unknown citation format {format!r}; choose one of {', '.join(FORMATS)}")
