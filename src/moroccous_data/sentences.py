"""Sentences: the one splitter and the one fingerprint, shared by validation and ``recheck``.

The splitter decides what a sentence is for coverage, for the one-sentence
rule on quotes and for finding a fingerprinted sentence on a live page, so all
three agree. A fingerprint proves which sentence of a page states a fact
without copying it: anyone with the page can recompute it (docs/checking.md shows the
one line), and the normalisation forgives what publishers change without
changing the words: Unicode forms, typographic quotes and dashes, spacing.
Standard library only, so every stage may import it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Words that end in a full stop without ending the sentence: titles and ranks before a name, and a few
# other abbreviations a capitalised word often follows. Dotted initialisms (U.S., D.C., e.g.) and single
# initials (John F. Kennedy) are recognised by shape, so they need no entry here.
ABBREVIATIONS = frozenset({
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "Jr.", "Sr.", "Hon.", "Rev.", "Amb.", "Gov.", "Sen.", "Rep.",
    "Pres.", "Sec.", "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Cpt.", "Cmdr.", "Cdr.", "Adm.", "Brig.", "Sgt.",
    "Cpl.", "Pvt.", "Ret.", "No.", "Nos.", "Vol.", "Inc.", "Co.", "Corp.", "Ltd.", "Dept.", "Gov't.", "Jan.",
    "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "vs.", "approx.",
})
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")  # U.S., D.C., e.g., and single initials such as the F. of John F. Kennedy
_BREAK = re.compile(r"(?<=[.!?])(?P<close>[\"”’)]?)\s+(?=[\"“(]?[A-Z0-9])")
# Applied after NFKC, in this order, as docs/checking.md documents for checking a fingerprint by hand. The table is the
# documented rule verbatim; NFKC has already turned a double prime ″ into two primes ′′, so it ends as ''.
_FOLDS = str.maketrans({**dict.fromkeys("‘’‚‛′", "'"), **dict.fromkeys("“”„‟″", '"'),
                        **dict.fromkeys("‐‑‒–—―−", "-")})
FINGERPRINT_PREFIX = "sha256:"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> Iterator[Sentence]:
    """Split a text into sentences by line and end punctuation, keeping code-point offsets."""
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        body = line.group()
        cut = 0
        for match in _BREAK.finditer(body):
            end = match.start() + len(match["close"])
            if _abbreviated(body[cut:match.start()]):
                continue
            yield from _trimmed(body[cut:end], start + cut)
            cut = match.end()
        yield from _trimmed(body[cut:], start + cut)


def _abbreviated(piece: str) -> bool:
    """Whether ``piece`` ends in an abbreviation rather than a sentence's full stop."""
    words = piece.split()
    word = words[-1].lstrip("\"“‘'(") if words else ""
    return word in ABBREVIATIONS or _INITIALS.fullmatch(word) is not None


def _trimmed(piece: str, offset: int) -> Iterator[Sentence]:
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        yield Sentence(offset + lead, offset + lead + len(stripped), stripped)


def normalise(text: str) -> str:
    """The text as a fingerprint sees it: NFKC, quotes and dashes folded, whitespace runs as one space, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLDS).split())


def fingerprint(sentence: str) -> str:
    """``sha256:`` and the hex SHA-256 of the normalised sentence's UTF-8 bytes."""
    return FINGERPRINT_PREFIX + hashlib.sha256(normalise(sentence).encode("utf-8")).hexdigest()
