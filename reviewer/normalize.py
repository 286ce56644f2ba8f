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


def clean_text(raw: str | None) -> str:
    """Text people typed, safe to show to others: NFC, no control or format characters, single spaces.

    The one cleaning for people's names and file names (uploads.safe_display_name), so neither can carry
    what the other may not. Format characters (Unicode category Cf) include the bidi overrides and
    isolates (U+202A–U+202E, U+2066–U+2069) that can make a name or file name read backwards to staff,
    and the zero-width ones (U+200B–U+200D, U+FEFF) that make two names look alike; control characters
    (Cc) include newlines and escapes. Lone surrogates, private-use and unassigned code points (Cs, Co,
    Cn: the rest of category C) go too: they show as nothing or as boxes, and a surrogate cannot even be
    stored as UTF-8. Any run of whitespace becomes one space.
    """
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


# One e-mail address as people type it: no spaces, and none of the separators that would make a mail header
# name several people (a comma, a semicolon) or carry a display name (quotes, angle brackets).
_ADDRESS = re.compile(r"[^@\s,;<>()\[\]\\\"']+@[^@\s,;<>()\[\]\\\"']+\.[^@\s,;<>()\[\]\\\"']+")


def is_address(text: str) -> bool:
    """Whether `text` (already folded to lower case) is one e-mail address, at most 254 characters."""
    return len(text) <= 254 and _ADDRESS.fullmatch(text) is not None
