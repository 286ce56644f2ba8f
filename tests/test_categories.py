"""The kind of an activity from its words (pure: no services)."""

from __future__ import annotations

import pytest

from workers.fields.categories import suggest_kind


@pytest.mark.parametrize(("title", "text", "kind"), [
    ("Statistical Process Control", "has successfully completed the course", "education"),
    ("Lean Six Sigma Green Belt Training", "", "education"),
    ("IMTS 2024 Conference", "", "attendance"),
    ("Paper presented at the SME Annual Conference", "", "authorship"),
    ("US Patent 11,234,567", "", "authorship"),
    ("Standards Committee member", "", "leadership"),
    ("Volunteer judge, regional robotics competition", "", "service"),
    ("Self-paced module: GD&T basics", "", "self_study"),
    ("Curso de Soldagem", "", "education"),
    ("Participation au congrès", "", "attendance"),
    (None, "This letter confirms attendance at the annual meeting", "attendance"),
    ("Something else entirely", "", None),
])
def test_kind_from_words(title: str | None, text: str, kind: str | None) -> None:
    assert suggest_kind(title, text) == kind


def test_words_match_whole() -> None:
    assert suggest_kind("Boardwalk safety", "") is None  # "board" inside another word is not leadership
