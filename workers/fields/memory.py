"""One document's memory of the pure text → value readers.

The readers look at the same strings again and again within one document: a line is a title candidate,
a table cell, a date's context and a name's neighbour, so `find_dates`, `clean_title` or `name_key` each
see most of their arguments several times (on the sample documents, 2 to 6 times). Each reader marked
`@per_document` remembers what it answered, and the pipeline calls `forget()` at each document's start,
so one document's lines are neither kept after it nor make another document look cheaper to read. Any
other caller that reads document after document (the title model's training examples) forgets too.

Only functions of immutable arguments that return immutable values belong here: a remembered answer is
handed to every caller, and one caller changing it would change it for the next.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])
_REMEMBERED: list[Any] = []


def per_document(function: _F) -> _F:
    """`function`, remembering its answers until the next `forget()`."""
    remembered = lru_cache(maxsize=4096)(function)
    _REMEMBERED.append(remembered)
    return remembered  # type: ignore[return-value]


def forget() -> None:
    """Empty every reader's memory: the pipeline does at each document's start."""
    for remembered in _REMEMBERED:
        remembered.cache_clear()
