"""A literal sieve in front of costly regular expressions: words a match must contain, looked for first.

Most of the reader's time goes to patterns that scan a whole text for case-insensitive word
alternatives (`\\b(?:this is to certify|awarded to|…)`). Python's `sre` cannot skip ahead to a
case-insensitive alternative, so it tries the whole pattern at every character. Most texts contain
none of the words. `sieved` reads a compiled pattern once and finds literal strings such that every
match contains at least one of them; a text that contains none of them cannot match, and is answered
without running the pattern. One Aho-Corasick pass over a text finds the words of every sieved pattern
at once. This is the prefilter that RE2 and code search engines use, for `sre`'s parse trees.

Matches are always `sre`'s own: the sieve only says "no match" where no match can exist. Case is
compared through `canon`, which maps every character to one member of the class that `re.IGNORECASE`
treats as equal (simple lowercase, plus sre's extra cases such as dotless i and long s), so a word
required case-insensitively is found however it is printed. tests/test_sieve.py checks that claim for
every character Unicode has, and that sieved patterns answer as their pattern does.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

import ahocorasick

from workers.fields.memory import per_document

# sre's own modules (Python 3.11): the parser's tree and opcodes, its simple lowercase, and its table of
# characters equal under IGNORECASE beyond that (dotless i and i, long s and s, …).
from re import _constants as sre_constants  # type: ignore[attr-defined]  # isort: skip
from re import _parser as sre_parse  # type: ignore[attr-defined]  # isort: skip
from re._compiler import _EXTRA_CASES  # type: ignore[import-not-found]  # isort: skip
from _sre import unicode_tolower  # type: ignore[import-not-found]  # isort: skip

_LAST_CASED = 0x1E943  # Adlam, the last cased script (tests/test_sieve.py checks every code point above it)


def _canon_char(code: int) -> int:
    """The representative of a character's IGNORECASE class: its simple lowercase, or the smallest
    character sre's extra cases join to that (dotless i to i, long s to s, σ to ς)."""
    lower = unicode_tolower(code)
    return min((lower, *_EXTRA_CASES.get(lower, ())))


def _after_lower() -> list[tuple[str, str]]:
    """What `str.lower()` leaves to do for `canon`: the lowercase letters sre's extra cases join to a
    smaller one (ſ → s, ı → i, σ → ς), and the dot that lowering adds after İ's i (deleted everywhere,
    which only ever lets the sieve pass more texts). Read from sre's table, not from a pass over every
    code point, which took a tenth of a second at every start (tests/test_sieve.py checks each one)."""
    fixes = {"\u0307": ""}
    for code in _EXTRA_CASES:
        if _canon_char(code) != code:
            fixes[chr(code)] = chr(_canon_char(code))
    return sorted(fixes.items())


_AFTER_LOWER = _after_lower()


def canon(text: str) -> str:
    """The text with every character replaced by its IGNORECASE class's representative. `str.lower()`
    does most of it in C; a dict-driven `str.translate` was 150 times slower on a page with one curly
    quote. A few replacements finish it (tests/test_sieve.py checks the result for every character)."""
    lowered = text.lower()
    if text.isascii():  # ASCII: every class's representative is its lowercase
        return lowered
    for char, representative in _AFTER_LOWER:
        if char in lowered:
            lowered = lowered.replace(char, representative)
    return lowered


# A requirement: a match contains at least one of these strings. None: nothing is known.
_Need = frozenset[str] | None
# Sets of exact strings are multiplied out (`(is )?(hereby )?presented`) only while they stay this small.
_MAX_EXACT = 64
_MAX_CLASS = 8  # a character class of up to this many literal characters is a set of strings


@dataclass(frozen=True)
class _Info:
    """What a piece of a pattern matches: `exact`, every string it can match (when few), or else `need`."""

    exact: frozenset[str] | None
    need: _Need


_ANYTHING = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def _fewest(need: frozenset[str]) -> frozenset[str]:
    """The same requirement without words that contain another of its words (`certificat` makes
    `certificate` and `certificado` redundant)."""
    return frozenset(word for word in need if not any(other != word and other in word for other in need))


def _best(first: _Need, second: _Need) -> _Need:
    """The more selective of two requirements: longer shortest word, then fewer words."""
    if first is None:
        return second
    if second is None:
        return first
    key = lambda need: (min(map(len, need)), -len(need))  # noqa: E731
    return first if key(first) >= key(second) else second


def _as_need(info: _Info) -> _Need:
    if info.exact is not None:
        return None if "" in info.exact else _fewest(info.exact)
    return info.need


def _sequence(items: list[tuple[Any, Any]]) -> _Info:
    """A run of pieces: exact strings while every piece has them (multiplied out), else the best of the
    requirements its pieces and its runs of exact strings make. Once a run is broken (a piece with no
    exact strings, or too many of them), the last run is not the whole sequence: it is only a need."""
    exact: frozenset[str] | None = frozenset({""})
    need: _Need = None
    broken = False
    for op, av in items:
        info = _node(op, av)
        if exact is not None and info.exact is not None and len(exact) * len(info.exact) <= _MAX_EXACT:
            exact = frozenset(a + b for a, b in product(exact, info.exact))
            continue
        if exact is not None:
            need = _best(need, _as_need(_Info(exact, None)))
        need = _best(need, _as_need(info))
        exact, broken = info.exact, True  # a new run of exact strings starts with this piece (if it has any)
    if not broken:
        return _Info(exact, None)
    return _Info(None, _best(need, _as_need(_Info(exact, None))) if exact is not None else need)


def _node(op: Any, av: Any) -> _Info:
    c = sre_constants
    if op is c.LITERAL:
        return _Info(frozenset({canon(chr(av))}), None)
    if op is c.IN:
        members = [value for kind, value in av]
        if all(kind is c.LITERAL for kind, _ in av) and len(members) <= _MAX_CLASS:
            return _Info(frozenset(canon(chr(value)) for value in members), None)
        return _ANYTHING
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return _EMPTY  # zero-width: requires nothing, and does not break a run of exact strings
    if op is c.SUBPATTERN:
        return _sequence(list(av[3]))  # case never matters: everything is compared in `canon` form
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is c.BRANCH:
        infos = [_sequence(list(branch)) for branch in av[1]]
        if all(info.exact is not None for info in infos):
            union = frozenset().union(*(info.exact for info in infos if info.exact is not None))
            if len(union) <= _MAX_EXACT:
                return _Info(union, None)
        needs = [_as_need(info) for info in infos]
        if any(need is None for need in needs):
            return _ANYTHING
        return _Info(None, _fewest(frozenset().union(*(need for need in needs if need is not None))))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, pattern = av
        inner = _sequence(list(pattern))
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _Info(inner.exact | {""}, None)
            return _ANYTHING
        if low == high == 1:
            return inner
        return _Info(None, _as_need(inner))
    return _ANYTHING


def required_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings (in `canon` form) of which every match of `pattern` contains one; None if there are none
    worth looking for (a possible empty word, or a single letter or common mark that most texts hold)."""
    if not isinstance(pattern.pattern, str):
        return None
    need = _as_need(_sequence(list(sre_parse.parse(pattern.pattern, pattern.flags))))
    if need is None or any(len(word) < 2 and not _rare(word) for word in need):
        return None
    return need


def _rare(character: str) -> bool:
    """A character worth looking for on its own: a symbol prose seldom prints (`@`, `©`), not a letter,
    a digit or the punctuation of ordinary sentences."""
    return not character.isalnum() and not character.isspace() and character not in _PROSE_MARKS


_PROSE_MARKS = set(".,;:!?'\"’‘“”()[]-–—/&")


class _Words:
    """Every sieved pattern's words in one Aho-Corasick automaton, so a text is read once for all of
    them: the answer is a bit mask of the patterns whose words it contains, remembered for the document
    being read (the same text is asked about by many patterns in turn)."""

    def __init__(self) -> None:
        self.masks: dict[str, int] = {}
        self.count = 0
        self.automaton: Any = None
        self.present = per_document(self._present)

    def add(self, words: frozenset[str]) -> int:
        bit = 1 << self.count
        self.count += 1
        for word in words:
            self.masks[word] = self.masks.get(word, 0) | bit
        self.automaton = None
        self.present.cache_clear()  # type: ignore[attr-defined]  # an lru_cache: answers without the new pattern
        return bit

    def _present(self, text: str) -> int:
        automaton = self.automaton
        if automaton is None:
            automaton = ahocorasick.Automaton()
            for word, mask in self.masks.items():
                automaton.add_word(word, mask)
            automaton.make_automaton()
            self.automaton = automaton
        found = 0
        for _end, mask in automaton.iter(canon(text)):
            found |= mask
        return found


_WORDS = _Words()


# The bit mask of the sieved patterns whose words a text holds (an lru_cache, called directly).
_present: Callable[[str], int] = _WORDS.present


SIEVED: list[Sieved] = []  # every sieved pattern, for tests/test_sieve.py


class Sieved:
    """A compiled pattern behind its literal sieve: the `re.Pattern` methods the reader uses, each
    answering "no match" at once when the text holds none of the required words. Module functions
    (`re.split(pattern, …)`) do not accept it: call the pattern's own method. A text the sieve turns away
    is never handed to `sub`'s replacement, so a malformed template (`\\9`) raises only on texts that match.
    Patterns are sieved as their modules load: one sieved later, while another thread reads, could leave
    that thread an answer without its bit for the rest of the document."""

    __slots__ = ("pattern", "flags", "groups", "groupindex", "words", "_regex", "_bit")

    def __init__(self, regex: re.Pattern[str], words: frozenset[str]) -> None:
        self._regex = regex
        self.pattern, self.flags, self.groups, self.groupindex = regex.pattern, regex.flags, regex.groups, \
            regex.groupindex
        self.words = words
        self._bit = _WORDS.add(words)
        SIEVED.append(self)

    # Each method asks the sieve itself (`present(string) & bit`) rather than through a helper: they are
    # called about 460 times a document (the bench's samples), and the extra call cost 6 % of the analysis.
    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._regex.search(string, pos, endpos) if _present(string) & self._bit else None

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._regex.match(string, pos, endpos) if _present(string) & self._bit else None

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._regex.fullmatch(string, pos, endpos) if _present(string) & self._bit else None

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self._regex.finditer(string, pos, endpos) if _present(string) & self._bit else iter(())

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self._regex.findall(string, pos, endpos) if _present(string) & self._bit else []

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self._regex.sub(repl, string, count) if _present(string) & self._bit else string

    def subn(self, repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        return self._regex.subn(repl, string, count) if _present(string) & self._bit else (string, 0)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self._regex.split(string, maxsplit) if _present(string) & self._bit else [string]

    def __repr__(self) -> str:
        return f"sieved({self._regex!r})"


def sieved(regex: re.Pattern[str]) -> re.Pattern[str]:
    """`regex` behind a sieve of the words every match needs, or `regex` itself when it needs none."""
    words = required_words(regex)
    return regex if words is None else Sieved(regex, words)  # type: ignore[return-value]  # same methods


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile`, sieved: for the reader's patterns that look for words."""
    return sieved(re.compile(pattern, flags))
