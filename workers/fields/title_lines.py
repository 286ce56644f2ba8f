"""Where a title's line ends: the rest of a cue's line, and whether the title goes on to the next line.

A title introduced by "has completed" may wrap: after a connector ("… Robots and"), in lower case ("…
de\nformação"), inside quotes, or where a paragraph's line simply ran out. The next line may also be the
next fact ("on March 3", "16 hours"), never the title's second half.
"""

from __future__ import annotations

import re

from workers.fields import sieve
from workers.fields.amounts import find_amounts
from workers.fields.dates import find_dates


def after_cue(text: str, pos: int) -> tuple[str, int]:
    """The rest of the line after `pos`, or the next non-empty line when the rest is empty."""
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    rest = text[pos:end]
    if rest.strip(" \t:-–"):
        return rest, pos
    nxt = end + 1
    while nxt < len(text) and text[nxt] == "\n":
        nxt += 1
    stop = text.find("\n", nxt)
    stop = len(text) if stop == -1 else stop
    return text[nxt:stop], nxt


# Words after which a sentence has left the title behind: where it was held, what followed.
_MOVES_ON = sieve.compile(r"(?:no|na|nos|nas|em|que|qui|which|that|held|during)", re.I)


def leading_words(line: str) -> str:
    """The words a wrapped line starts with, up to where the sentence moves on past the title ("Context"
    of "Context no Scholarship Program — Compass UOL, que ocorreu"); a title's own small words ("to", "of")
    go on with it."""
    words = []
    for word in line.split():
        if _MOVES_ON.fullmatch(word):
            break
        words.append(word)
        if word.endswith((",", ";", ".")):
            break
    return " ".join(words)


def states_a_fact(line: str) -> bool:
    """A line that opens with when or how long ("du 3 au 5 mars 2025", "16 hours"): the next fact after
    a title, never the title's second half."""
    facts = [m.span[0] for m in find_dates(line)] + [m.span[0] for m in find_amounts(line)]
    return bool(facts) and sum(ch.isalpha() for ch in line[:min(facts)]) <= 4  # "du", "le", "on", "from"


def continues(first: str, second: str) -> bool:
    """Whether a title wraps onto a second line."""
    second = second.strip()
    if first.count("“") > first.count("”") or first.count('"') % 2 == 1:
        return bool(second)  # a quoted title that wraps
    if not second or states_a_fact(second):
        return False
    return bool(re.search(r"(?:\b(?:and|of|for|in|on|the|to|with|&|de|du|des|der|die|das|für|zur|zum|sur|pour|et|und"
                          r"|em|en|da|do|del|della|y|e)|[:,\-–])$", first.strip(), re.I)) \
        or second[:1].islower() and not re.match(r"(?:on|held|from|at|by|for|du|le|em|vom|am|del|dal|during"
                                                 r"|durante|between|entre)\b", second)
