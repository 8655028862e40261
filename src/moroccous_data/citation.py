"""How to cite the dataset, in the formats researchers paste: APA, BibTeX and CITATION.cff.

The version comes from the one version source, so a citation always names
the exact release whose files were used.
"""

from __future__ import annotations

from ._version import __version__

TITLE = "moroccous-data: U.S.–Morocco security cooperation, cited record by record"
AUTHOR = "moroccous-data contributors"
YEAR = 2026  # year of the release named by __version__
LICENSE = "CC-BY-4.0"
FORMATS = ("apa", "bibtex", "cff")


def cite(format: str = "apa") -> str:
    """The dataset's citation as text: ``apa`` (default), ``bibtex`` or ``cff``."""
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
