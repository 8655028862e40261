"""How to cite the dataset, in the formats researchers paste: APA, BibTeX and CITATION.cff.

The version comes from the one version source, so a citation always names
the exact release whose files were used.
"""

from __future__ import annotations

from .._version import __version__

TITLE = "moroccous-data: U.S.–Morocco security cooperation, cited record by record"
AUTHOR = "moroccous-data contributors"
YEAR = 2026  # year of the release named by __version__
LICENSE = "CC-BY-4.0"
FORMATS = ("apa", "bibtex", "cff")


def cite_source(source_id: str) -> str:
    """A reference to one source document as the dataset records it, with the address it was found at."""
    from ..loading import loaders

    sources = {s["id"]: s for s in loaders.load("sources", "arrow").to_pylist()}
    if source_id not in sources:
        from ..errors import MoroccousDataError

        import difflib

        close = difflib.get_close_matches(source_id, list(sources), n=5, cutoff=0.4)
        raise MoroccousDataError(f"no source {source_id!r}; " + (f"closest: {', '.join(close)}; " if close else "")
                                 + f"all {len(sources)} are listed by `moroccous-data show sources`")
    s = sources[source_id]
    who = s["author"] or s["publisher"] or s["original_publisher"]
    parts = [f"{who}." if who else "", f"({s['date'] or 'n.d.'}).", f"{s['title'].rstrip('.')}."]
    if s["publisher"] and s["publisher"] != who:
        parts.append(f"{s['publisher']}.")
    parts.append(s["url"] or f"Address not found; text sha256 {s['sha256']}.")
    return " ".join(p for p in parts if p)


def cite(format: str = "apa", source: str | None = None) -> str:
    """The dataset's citation as text: ``apa`` (default), ``bibtex`` or ``cff``; with ``source``, that source's."""
    if source is not None:
        return cite_source(source)
    if format == "apa":
        return f"{AUTHOR}. ({YEAR}). {TITLE} (Version {__version__}) [Data set]."
    if format == "bibtex":
        key = f"moroccousdata{__version__.replace('.', '')}"
        return (f"@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{{{TITLE}}}}},\n"
                f"  year = {{{YEAR}}},\n  version = {{{__version__}}},\n  note = {{Data set, {LICENSE}}}\n}}")
    if format == "cff":
        return (
            "cff-version: 1.2.0\n"
            "message: If you use this dataset, please cite it as below, and cite the sources of the facts you use.\n"
            "type: dataset\n"
            f'title: "{TITLE}"\n'
            "authors:\n"
            f'  - name: "{AUTHOR}"\n'
            f'version: "{__version__}"\n'
            f"license: {LICENSE}\n"
        )
    raise ValueError(f"unknown citation format {format!r}; choose one of {', '.join(FORMATS)}")
