"""The fingerprint forgives exactly what docs/checking.md says (Unicode forms, typographic quotes and dashes, spacing) and
nothing else, and it is the plain SHA-256 anyone can recompute."""

from __future__ import annotations

import hashlib
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from moroccous_data.sentences import fingerprint, normalise

APOSTROPHES = "‘’‚‛′"
QUOTES = "“”„‟"  # ″ too is listed, but NFKC makes it ′′ before the fold: see the test of it below
DASHES = "‐‑‒–—―−"
WHITESPACE = " \t\n\r\x0b\x0c\xa0\u2003\u2009\u3000"
# Text with the folded characters' plain forms and whitespace in it, so swapping and respacing have something to act on.
plain = st.text(st.sampled_from("abcXYZ019.,;'\"- ") | st.characters(codec="utf-8"), max_size=60)


def _swapped(text: str, choose: st.DataObject) -> str:
    """Each plain apostrophe, double quote and hyphen replaced by one of its typographic forms, drawn."""
    forms = {"'": APOSTROPHES, '"': QUOTES, "-": DASHES}
    return "".join(choose.draw(st.sampled_from(forms[c])) if c in forms else c for c in text)


@given(plain, st.data())
def test_typographic_quotes_and_dashes_do_not_change_it(text: str, data: st.DataObject) -> None:
    assert fingerprint(_swapped(text, data)) == fingerprint(text)


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=["Zs", "Zl", "Zp", "Cc"]), min_size=1),
                min_size=1, max_size=6),
       st.data())
def test_whitespace_runs_and_ends_do_not_change_it(words: list[str], data: st.DataObject) -> None:
    gap = st.text(st.sampled_from(WHITESPACE), min_size=1, max_size=4)
    words = [w for w in (" ".join(w.split()) for w in words) if w]
    spaced = data.draw(gap) + "".join(w + data.draw(gap) for w in words)
    assert fingerprint(spaced) == fingerprint(" ".join(words))


@given(st.text(max_size=60))
def test_nfkc_equivalent_text_has_the_same_fingerprint(text: str) -> None:
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        assert fingerprint(unicodedata.normalize(form, text)) == fingerprint(text)


@given(st.text(max_size=60))
def test_it_is_sha256_of_the_normalised_text(text: str) -> None:
    assert fingerprint(text) == "sha256:" + hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
    assert normalise(normalise(text)) == normalise(text)


def test_a_known_vector() -> None:
    """A made-up sentence with every fold at once, against hashlib on the form docs/checking.md's rules give by hand."""
    sentence = "\u00a0The  \ufb01ve “blue” crates\u2014and Dana’s ledger\u2212were loaded\n at Pier\u00a07.  "
    by_hand = 'The five "blue" crates-and Dana\'s ledger-were loaded at Pier 7.'
    assert fingerprint(sentence) == "sha256:" + hashlib.sha256(by_hand.encode("utf-8")).hexdigest()
    assert fingerprint(sentence) == "sha256:df4504b6505ffe5567723e50f13d2c96e98a46e50c08529174498908cf33bc62"


def test_a_changed_word_changes_it() -> None:
    assert fingerprint("The crates were loaded at Pier 7.") != fingerprint("The crates were loaded at Pier 8.")


def test_a_double_prime_becomes_two_apostrophes() -> None:
    """NFKC comes first and turns ″ into ′′, so the rule's ″ → " never applies: docs/checking.md says so."""
    assert normalise("a 12″ gun") == "a 12'' gun"
