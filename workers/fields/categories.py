"""What kind of activity a piece of evidence records, from its own words.

Programs name their categories differently (AMT's four areas, SME's five categories, ATMAE none), but
the evidence falls into a handful of kinds that every program can map onto its own categories as data
(reviewer.programs.catalogue). The kind is only a suggestion for staff, so the rules are plain word lists, checked
in order from the most specific: "paper presented at a conference" is authorship, not attendance.
"""

from __future__ import annotations

import re

# Most evidence is a course or training certificate: a document whose words name no kind is taken as one.
DEFAULT_KIND = "education"
KINDS = ("authorship", "leadership", "service", "attendance", "self_study", "education", "experience")

# (kind, words), first match wins. Words are matched whole, case-insensitively, in English, French,
# German, Portuguese and Spanish where the evidence set has them.
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("authorship", ("paper", "papers", "patent", "patents", "publication", "published", "author", "authored",
                    "co-author", "article", "book chapter", "presenter", "presented", "speaker", "keynote",
                    "poster", "instructor", "taught", "teaching", "artigo", "publicação", "autor", "veröffentlichung")),
    ("leadership", ("committee", "board", "chair", "chairman", "chairperson", "officer", "president",
                    "vice president", "director of the", "comité", "comitê", "vorstand", "ausschuss")),
    ("service", ("volunteer", "volunteered", "mentor", "mentoring", "judge", "reviewer", "service",
                 "community", "outreach", "voluntário", "bénévole", "ehrenamt")),
    ("attendance", ("conference", "symposium", "convention", "congress", "summit", "expo", "exhibition",
                    "trade show", "meeting", "webinar", "attendance", "attended", "attending", "participation",
                    "participated", "congrès", "congresso", "kongress", "tagung", "jornada", "participação")),
    ("self_study", ("self-study", "self study", "self-paced", "on-demand", "on demand", "e-learning",
                    "online course", "reading")),
    ("education", ("course", "courses", "training", "seminar", "workshop", "class", "certificate program",
                   "credit hours", "semester", "quarter", "transcript", "college", "university", "degree",
                   "curso", "cours", "formation", "formação", "schulung", "kurs", "lehrgang", "capacitação")),
    ("experience", ("employment", "employed", "experience", "position", "job")),
)
_PATTERNS = tuple((kind, re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])",
                                    re.IGNORECASE)) for kind, words in _RULES)


def suggest_kind(title: str | None, text: str = "") -> str | None:
    """The kind of activity a title (first) or the document's text (else) describes; None if no word says."""
    for source in (title or "", text[:4000]):
        if not source:
            continue
        for kind, pattern in _PATTERNS:
            if pattern.search(source):
                return kind
    return None
