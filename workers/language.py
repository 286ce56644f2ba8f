"""Which language a document is written in, from its commonest short words.

The answer steers what cannot be read from the text alone: whether 04/10/2022 is April or October, and
which Tesseract model reads a scan best. Function words are the surest sign and cost one pass over the
words; a certificate has few sentences, so the vote is taken over every word and needs a margin.
"""

from __future__ import annotations

import re

LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of has to for this that with is on certify completed hours course has been by".split()),
    "fr": frozenset("le la les des du et pour avec une est suivi formation heures atteste certifie que au aux "
                    "été ce cette dans sur par".split()),
    "de": frozenset("der die das und hat mit für am an von zu ist teilgenommen stunden bescheinigung herr frau "
                    "dem den im vom bis wurde".split()),
    "pt": frozenset("o os as do da dos das em com para que concluiu curso horas carga horária certificamos "
                    "participou no na pela pelo".split()),
    "es": frozenset("el los las del en con para que por curso horas certifica ha aprobado realizado constancia "
                    "una al se".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
TESSERACT_CODES = {"en": "eng", "fr": "fra", "de": "deu", "pt": "por", "es": "spa"}


def language_of(text: str) -> str:
    """The ISO 639-1 code of the document's language; "en" unless another clearly wins."""
    counts = dict.fromkeys(LANGUAGE_WORDS, 0)
    for word in _WORD.findall(text.lower()):
        for lang, words in LANGUAGE_WORDS.items():
            if word in words:
                counts[lang] += 1
    best = max(counts, key=lambda lang: counts[lang])
    if best != "en" and counts[best] >= 4 and counts[best] > 1.3 * counts["en"]:
        return best
    return "en"
