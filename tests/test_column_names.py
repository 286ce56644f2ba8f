"""Header words read as the column names they were meant to be, and the shortcut that spares difflib."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.fields.column_names import _COMMON_HEADS, _reachable, column_name, head_kind


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="abcdeghilmnorstuéx", min_size=4, max_size=12))
def test_asking_difflib_only_of_reachable_names_gives_its_answer(word: str) -> None:
    heads = _reachable(word)
    assert difflib.get_close_matches(word, _COMMON_HEADS, n=1, cutoff=0.75) == \
        (difflib.get_close_matches(word, heads, n=1, cutoff=0.75) if heads else [])


def test_misread_header_words_name_their_columns() -> None:
    assert [column_name(w) for w in ("Téredit", "lcredit", "Descrighan", "Hours", "Certificate")] == \
        ["credit", "credit", "description", "Hours", "Certificate"]
    assert [head_kind(w) for w in ("Course", "Credits", "Grade", "Certificate")] == ["title", "amount", "other", None]
