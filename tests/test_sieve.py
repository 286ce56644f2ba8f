"""The literal sieve answers exactly as the patterns it stands in front of (workers/fields/sieve.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workers.pipeline  # noqa: F401  (every reader module, so every sieved pattern exists)
from workers.fields.issuer_words import KNOWN_ISSUERS
from workers.fields.sieve import _LAST_CASED, SIEVED, Sieved, _canon_char, canon, required_words, sieved

EVERY_CHARACTER = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)


def test_the_reader_sieves_its_word_patterns() -> None:
    assert len(SIEVED) >= 100
    assert all(len(word) >= 2 or not word.isalnum() for p in SIEVED for word in p.words)


def test_canon_puts_every_character_ignorecase_equates_in_one_class() -> None:
    """For each character a sieved word holds, every character of Unicode that `re.IGNORECASE` matches
    with it has the same canon; so a word found case-insensitively is found in the canon text."""
    characters = {c for p in SIEVED for word in p.words for c in word} | set("abcdefghijklmnopqrstuvwxyz") \
        | {c for name in KNOWN_ISSUERS for c in name}  # issuers.py looks for these names in a text's canon too
    for character in characters:
        for match in re.finditer(re.escape(character), EVERY_CHARACTER, re.IGNORECASE):
            assert canon(match.group()) == canon(character), (character, match.group())


def test_no_character_past_the_last_cased_script_changes_case() -> None:
    above = EVERY_CHARACTER[_LAST_CASED + 1 - 0x800:]  # the surrogates left out above sit below it
    assert above.lower() == above and above.upper() == above
    assert canon("ǅİıſK") == "ǆiisk" and canon("CERTIFICATE") == "certificate"


def test_canon_of_a_text_is_each_characters_representative() -> None:
    """`canon` lowers in C and finishes with a few replacements: character by character it gives each
    class's representative (the dot İ's lowercase adds is dropped), and in context too (a final Σ)."""
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF and code != 0x307:
            assert canon(chr(code)) == chr(_canon_char(code)), hex(code)
    assert canon("ΟΔΟΣ ΣΟΦΟΣ") == canon("οδοσ σοφος") == "οδος ςοφος"
    assert canon("İSTANBUL ’24") == "istanbul ’24"


@pytest.mark.parametrize(("pattern", "flags", "text"), [
    (r"per(\s*\b)cent", 0, "per cent"), (r"no\.(\s*\d+\b) of", re.I, "No. 12 of"), (r"zz(\d+\.?)mg", re.I, "zz5mg"),
    (r"x(?:a|\d+\b) y", 0, "x12 y"), (r"ab(?:\w+\b)?-cd", 0, "abxy-cd"), (r"x(a?b?c?d?e?f?g?h?)y", 0, "xay"),
])
def test_a_group_whose_exact_run_was_broken_needs_no_more_than_its_pieces(pattern: str, flags: int, text: str) -> None:
    r"""A piece with no exact strings (`\s*`, `\d+`) ends a run inside a group: the run after it is then
    not all the group can match, only a word it needs (found by review: these lost their matches)."""
    regex = re.compile(pattern, flags)
    assert sieved(regex).search(text) is not None and regex.search(text) is not None


@pytest.mark.parametrize(("pattern", "words"), [
    (r"\b(?:certificate|certificado)\s+of\b", {"certificate", "certificado"}),
    (r"\b(?:certificate|certificado) of\b", {"certificate of", "certificado of"}),
    (r"[a-z]+ing\b", {"ing"}),
    (r"(?:is\s+)?(?:hereby\s+)?(?:presented|awarded)\s+to", {"presented", "awarded"}),
    (r"(?:is )?(?:hereby )?award", {"award"}),
    (r"[Cc]ertif(?:y|ies) that", {"certify that", "certifies that"}),
    (r"\d+\s*(?:hours?|hrs)", {"hour", "hrs"}),
    (r"https?://|www\.|\S@\S", {"http://", "https://", "www.", "@"}),
    (r"(?i:NAME)\s*:", {"name"}),
])
def test_required_words_are_read_from_the_pattern(pattern: str, words: set[str]) -> None:
    assert required_words(re.compile(pattern, re.I)) == words


@pytest.mark.parametrize("pattern", [r"\w+", r"(?:award|)", r"x*certificate?|\d", r"(?:of|in)?\s+", r"h(?=\s)",
                                     r"\bto\b|\s:", r"(a)\1", r"[a-z]+"])
def test_a_pattern_that_needs_no_word_worth_looking_for_is_left_alone(pattern: str) -> None:
    regex = re.compile(pattern, re.I)
    assert required_words(regex) is None
    assert sieved(regex) is regex


def _texts_for(pattern: Sieved) -> st.SearchStrategy[str]:
    """Texts made of the pattern's own words, printed in any case (dotless and dotted i, long s and the
    Kelvin sign too), among letters, digits, spaces, colons and new lines."""
    def printed(word: str, style: int) -> str:
        word = word.upper() if style == 1 else word.title() if style == 2 else word
        return word.replace("i", "ı").replace("I", "İ").replace("s", "ſ").replace("k", "K") if style == 3 else word
    words = sorted(pattern.words)
    piece = st.one_of(st.builds(printed, st.sampled_from(words), st.integers(0, 3)),
                      st.text(alphabet="aeinorstCDJMP0129 :.,-\n", max_size=6))
    return st.lists(piece, max_size=8).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_every_sieved_pattern_answers_as_its_pattern(data: st.DataObject) -> None:
    for pattern in SIEVED:
        text = data.draw(_texts_for(pattern))
        regex = pattern._regex
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in regex.finditer(text)]
        for method in ("search", "match", "fullmatch"):
            found, expected = getattr(pattern, method)(text), getattr(regex, method)(text)
            assert (found and found.span()) == (expected and expected.span()), (pattern.pattern, method, text)
        assert pattern.sub("#", text) == regex.sub("#", text)
        assert pattern.split(text) == regex.split(text)
        assert pattern.findall(text) == regex.findall(text)


def test_every_sieved_pattern_answers_as_its_pattern_on_the_sample_documents() -> None:
    samples = Path(__file__).resolve().parent.parent / "sample_docs"
    pages = []
    for path in sorted(samples.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            pages += [page.extract_text() or "" for page in pdf.pages[:3]]
    texts = [text for page in pages for text in [page, *page.splitlines()]]
    assert len(texts) > 150
    texts += ["This is to certify that JANE DOE has successfully completed", "CERTİFİCATE OF COMPLETİON",
              "certıfıcate awarded to", "Name: Ana Souſa", "8 contact hours · 0.8 CEUs", "© 2024 Coursera"]
    for pattern in SIEVED:
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern._regex.finditer(text)]
