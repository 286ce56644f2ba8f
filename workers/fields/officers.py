"""The body a signatory's executive title names: "Founder & CEO, GeeksforGeeks", "CEO of Fortinet", "CEO da Data
Science Academy", "Geschäftsführer der Brandt Beratung GmbH". A platform's certificate often prints its name only in a
logo, which the text layer does not hold, and in the caption under its chief's signature, which it does. The
issuer reader asks this last, when no wording, letterhead or organisation's word names a body
(workers/fields/issuers.py).
"""

from __future__ import annotations

from workers.fields import sieve
from workers.fields.issuer_words import ROLE_WORDS, TRAILING_CONNECTORS
from workers.fields.names import UPPER, Found, clean_name, same_person

# Executive titles only: a director or a head is as often of a department ("Director of Studies").
_OFFICER = (r"(?:co-?founder|founder|ceo|cto|coo|cfo|chief\s+executive\s+officer|president|chairman|chairwoman"
            r"|managing\s+director|gesch[äa]ftsf[üu]hrer(?:in)?|pdg|fundador(?:a)?|diretor(?:a)?\s+executiv[oa])")
# A signature's caption: the title opens its line or cell, the body fills the rest of it ("Founder & CEO,
# GeeksforGeeks" ends the line; "CEO, Maria dos Santos" goes on past "Maria", so it names a person).
_OFFICER_OF = sieve.compile(
    rf"(?:^|\n|\s{{3}})[ \t]*(?i:{_OFFICER}(?:\s*(?:&|and|y|e|und|et|/)\s*{_OFFICER})*"
    r"(?:\s*,\s*|\s+(?:of|at|da|do|de|del|du|der|des|von)\s+))"
    rf"(?P<body>[{UPPER}0-9][\w&'’.\-]*(?: (?:[{UPPER}0-9][\w&'’.\-]*|&|of|for|and|de|da|do|für)){{0,5}})"
    r"[ \t]*,?(?=\s{3}|[ \t]*(?:\n|$))")
# What an officer heads inside a body, not a body: "President, Operations", "Geschäftsführer, Vertrieb".
_FUNCTIONS = frozenset("engineering operations sales marketing finance product products technology research "
                       "development administration people hr vertrieb einkauf produktion ventas finanzas operaciones "
                       "tecnologia tecnología jury board".split())


def officer_body(text: str, recipient: str | None) -> Found | None:
    """The first body a signatory's executive title names (`_OFFICER_OF`), if it is no person's name and no role."""
    for m in _OFFICER_OF.finditer(text):
        body = TRAILING_CONNECTORS.sub("", m["body"]).rstrip(".,;:")
        if len(body) < 3 or not body[:1].isupper() or ROLE_WORDS.search(body) or same_person(body, recipient) \
                or clean_name(body) is not None \
                or all(w.casefold() in _FUNCTIONS for w in body.split()):  # "CEO, Maria Lopez": the officer
            continue
        return Found(body, (m.start("body"), m.start("body") + len(body)))
    return None
