"""Comparable forms of free text: the same title written two ways compares equal."""

from __future__ import annotations

import re
import unicodedata


def normalise(text: str | None) -> str:
    """Case, accents, punctuation and spacing do not count; words do."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", text.lower()).split())
