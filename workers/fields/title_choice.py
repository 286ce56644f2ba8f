"""Choosing a single activity's title among candidates, by a model learned from labelled documents.

The rules in `titles.py` are good at finding lines that could be a title, and poor at choosing among
them on layouts they were not written for: a heading ("COURSE"), an address, a holder's name or a
platform's small print wins wherever one hand-set weight happens to favour it. So the rules now find and
describe candidates (every cue's title, every block of type, every printed line), and a small model
trained on the development set's train split (`reviewer train`) chooses.

Each candidate is described by what it is (its cue, its rule score, whether the rules would choose it),
how it looks (relative type size and its rank, place on the page, length, capitals, digits) and what it
resembles (a person's name, an organisation, a heading, furniture). The model is a JSON file of weights,
evaluated here in plain Python: the reader needs no machine-learning library.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from workers.fields import sieve
from workers.fields.amounts import find_amounts
from workers.fields.blocks import TypeSizes, blocks
from workers.fields.dates import find_dates
from workers.fields.document_words import document_word_share
from workers.fields.issuer_words import STRONG_ORG
from workers.fields.names import looks_like_name
from workers.fields.parties import HEADING
from workers.fields.titles import (
    FURNITURE,
    KIND_HEADING,
    LABEL_CUE,
    NOT_TITLE,
    PROVIDER_ONLY,
    SENTENCE,
    VERB_CUE,
    TitleCandidate,
    block_title,
    choose_title,
    clean_title,
    cued_titles,
    find_title_by_layout,
    plausible_title,
    rank_titles,
    role_titles,
)
from workers.reading.layout import DocText

MODEL_PATH = Path(__file__).with_name("title_model.json")
_MAX_CUED = 8  # a long letter's later cues add nothing the first ones did not
_MAX_LINES = 60  # a title is printed near the top: a long document's later lines are its body
_MAX_JOINED = 3  # a title wraps over two or three lines; a longer run is a paragraph
_EDGES = " \t.,:;-–—\"“”'’«»|"


@dataclass
class Described:
    """A title candidate and the numbers the model reads it by."""

    candidate: TitleCandidate
    features: dict[str, float] = field(default_factory=dict)

    @property
    def rule_choice(self) -> bool:
        """Whether the hand-set rules alone would choose this candidate (its `rule_choice` feature)."""
        return bool(self.features.get("rule_choice"))


FEATURES = (
    "cue_label", "cue_verb", "cue_subject", "cue_held", "cue_role", "cue_order", "ranked", "rule_score", "rank_order",
    "relative_size", "size_rank", "named_again", "rule_choice", "layout_choice", "plausible", "words", "chars",
    "capitals", "digits", "looks_like_name", "organisation", "furniture", "heading", "kind_heading",
    "not_title", "has_date", "has_amount", "provider_only", "top", "later_page", "off_centre",
    "after_recipient", "lines_after_recipient", "verb_before", "low_confidence", "segment",
    "whole_line", "repeated", "document_words", "sentence", "commas", "full_stop", "organisation_tail",
    "prose", "label_above", "dangling", "joined",
)
# Words of a sentence about the document or its holder, which a course's name does not use.
_PROSE = sieve.compile(r"\b(?:this\s+is|hereby|certif(?:y|ies)|has|have|had|is|was|were|been|you|your|we|our|he|she|his"
                       r"|her|their)\b", re.I)
# The last word of a company's or a body's name, beyond the kinds of body `STRONG_ORG` knows.
_ORGANISATION_TAIL = sieve.compile(r"\b(?:services|solutions|systems|technologies|technology|group|labs?|partners"
                                   r"|consulting|consultants|enterprises?|industries|pvt|plc|s\.?a|srl|ag|co)\.?$",
                                   re.I)


# How a title cut at a line's end ends: on a word that leads into more ("CURSO DE", "Complete JAVA and",
# "Developing on"), in any of the languages read, or on a sign that does.
_DANGLING = re.compile(r"(?:\b(?:of|and|the|in|on|for|to|with|a|an|de|del|la|las|los|el|y|e|en|para|com|da|do|das|dos"
                       r"|du|des|le|les|et|à|au|pour|und|für|der|die|das|im|zur|zum|von|mit|di|per|il"
                       # the other words that lead into more, in the languages read: "… Führen ohne" over
                       # "Weisungsbefugnis", "… Gestión sobre" over "…"
                       r"|into|from|at|by|using|through|via|ohne|über|bei|aus|nach|auf|zu|sin|sobre|al|por|sem|ao|em"
                       r"|pelo|pela|sur|par|aux|avec|sans|dans|della|dei|delle|nel|nella|con|su|alla)|[,:&+/–—-])$",
                       re.I)


@dataclass
class _Document:
    """What every candidate of one document is compared with, worked out once for all of them."""

    text: str
    folded: str
    dates: list[tuple[int, int]]
    amounts: list[tuple[int, int]]
    recipient: str | None


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and end > span[0] for start, end in spans)


def _gate(value: str, span: tuple[int, int], doc: _Document) -> dict[str, float]:
    """The features that decide whether a candidate is considered at all (see `_eligible`)."""
    return {
        "plausible": float(plausible_title(value, doc.recipient, None)),
        "words": float(len(value.split())),
        "looks_like_name": float(looks_like_name(value)),
        "organisation": float(STRONG_ORG.search(value) is not None),
        "furniture": float(FURNITURE.search(value) is not None),
        "has_date": float(_overlaps(span, doc.dates)),
        "prose": float(_PROSE.search(value) is not None),
    }


def _shape(value: str, span: tuple[int, int], doc: _Document) -> dict[str, float]:
    """The rest of what a candidate looks like, worked out only for those considered."""
    letters = [ch for ch in value if ch.isalpha()]
    return {
        "chars": math.log1p(len(value)),
        "capitals": sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0,
        "digits": sum(ch.isdigit() for ch in value) / max(1, len(value)),
        "heading": float(HEADING.match(value) is not None),
        "kind_heading": float(KIND_HEADING.match(value) is not None),
        "not_title": float(NOT_TITLE.match(value) is not None),
        "has_amount": float(_overlaps(span, doc.amounts)),
        "provider_only": float(PROVIDER_ONLY.fullmatch(value) is not None),
        "verb_before": float(VERB_CUE.search(doc.text[max(0, span[0] - 80):span[0]]) is not None),
        "document_words": document_word_share(value),
        "sentence": float(SENTENCE.search(value) is not None),
        "commas": float(min(3, value.count(","))),
        "full_stop": float(value.rstrip().endswith(".")),
        "organisation_tail": float(_ORGANISATION_TAIL.search(value) is not None),
        "repeated": float(min(3, doc.folded.count(value.casefold()) - 1)) if len(value) >= 6 else 0.0,
        "dangling": float(_DANGLING.search(value) is not None),
    }


def _place(doc: DocText, span: tuple[int, int], recipient_span: tuple[int, int] | None) -> dict[str, float]:
    hits = doc.words_in(*span)
    first_page = doc.lines[0].page if doc.lines else 0
    if not hits:
        return {"top": 0.5, "later_page": 0.0, "off_centre": 0.0, "after_recipient": 0.0,
                "lines_after_recipient": 0.0}
    page = hits[0][0]
    words = [w for p, w in hits if p == page]
    centre = (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2
    after = recipient_span is not None and span[0] >= recipient_span[1]
    lines_after = doc.line_index(span[0]) - doc.line_index(recipient_span[1]) if after and recipient_span else 0
    return {"top": min(w.y0 for w in words), "later_page": float(page != first_page),
            "off_centre": abs(centre - 0.5), "after_recipient": float(after),
            "lines_after_recipient": float(min(lines_after, 10))}


def describe_titles(doc: DocText, sizes: TypeSizes, text: str, recipient: str | None,
                    recipient_span: tuple[int, int] | None) -> list[Described]:
    """Every candidate title of a single-activity document, described, with the rules' own choice marked."""
    cued = []
    for kind, candidate in cued_titles(text, recipient, None, doc.wraps):
        cued.append((kind, candidate))
        if len(cued) >= _MAX_CUED:
            break
    segs = [s for s in sizes.segments if text[s.start:s.end].strip()]
    all_blocks = blocks(segs) if segs else []
    titled = {i: block_title(block, text, recipient) for i, block in enumerate(all_blocks)}
    ranked = rank_titles(doc, sizes, text, recipient, None, recipient_span, titled)
    rules = choose_title(cued[0][1] if cued else None, ranked, sizes.size_at)
    layout = find_title_by_layout(text, recipient_span[1] if recipient_span else 0, recipient, None)
    heights = sorted({round(b.height / sizes.body, 2) for b in all_blocks}, reverse=True)
    found: dict[str, Described] = {}
    facts = _Document(text, text.casefold(), [m.span for m in find_dates(text)], [m.span for m in find_amounts(text)],
                      recipient)

    def add(candidate: TitleCandidate, size: float | None = None, **marks: float) -> Described:
        """Note a candidate (once per wording) and what marks it; its features are worked out at the end."""
        key = candidate.value.casefold()
        described = found.get(key)
        if described is None:
            described = found[key] = Described(candidate, {
                "cue_order": float(_MAX_CUED), "rank_order": 10.0, "rule_score": -3.0,
                "relative_size": sizes.size_at(candidate.span[0]) if size is None else size})
        for name, value in marks.items():
            if name in ("cue_order", "rank_order"):
                described.features[name] = min(described.features[name], value)
            else:
                described.features[name] = max(described.features.get(name, 0.0), value)
        return described

    for order, (kind, candidate) in enumerate(cued):
        add(candidate, **{f"cue_{kind}": 1.0, "cue_order": float(order)})
    for role in role_titles(text, recipient):
        add(role, cue_role=1.0)
    for order, r in enumerate(ranked):
        add(r.candidate, r.relative_size, ranked=1.0, rule_score=r.score, rank_order=float(min(order, 10)),
            named_again=float(r.named_again))
    for i, block in enumerate(all_blocks):
        from_block = titled[i]
        if (from_block is not None and sum(ch.isalpha() for ch in from_block.value) >= 4
                and len(from_block.value.split()) <= 25):
            confidence = block.conf
            add(from_block, block.height / sizes.body,
                low_confidence=float(confidence is not None and confidence < 70.0))
    # Each run of words between wide gaps, and each whole line, as printed: a title that no cue introduces
    # and no block holds alone (a line beside a logo, a wrapped line the block builder split) is still found.
    cleaned: dict[str, str] = {}
    for seg in segs[:_MAX_LINES]:
        _add_printed(add, text, seg.start, seg.end, seg.height / sizes.body, cleaned, segment=1.0)
    for index, (start, line) in enumerate(list(zip(doc.starts, doc.lines))[:_MAX_LINES]):
        above = doc.lines[index - 1] if index and doc.lines[index - 1].page == line.page else None
        _add_printed(add, text, start, start + len(line.text), None, cleaned, whole_line=1.0,
                     label_above=float(above is not None and _is_label(above.text)))
    for first, last in _continued_lines(doc):
        start, end = doc.starts[first], doc.starts[last] + len(doc.lines[last].text)
        _add_printed(add, text, start, end, None, cleaned, reaching=doc.starts[last], joined=1.0)
    if layout is not None:
        add(layout, layout_choice=1.0)
    if rules is not None:
        add(rules, rule_choice=1.0)
    kept = []
    for described in found.values():
        marks, candidate = described.features, described.candidate
        features = dict.fromkeys(FEATURES, 0.0)
        features.update(marks)
        features.update(_gate(candidate.value, candidate.span, facts))
        if not (described.rule_choice or _eligible(features) and (rules is not None or _stands_out(features))):
            continue
        rank = next((i for i, h in enumerate(heights) if h <= round(features["relative_size"], 2) + 1e-9), len(heights))
        features["size_rank"] = rank / max(1, len(heights))
        features.update(_shape(candidate.value, candidate.span, facts))
        features.update(_place(doc, candidate.span, recipient_span))
        described.features = features
        kept.append(described)
    return kept


def _continued_lines(doc: DocText) -> list[tuple[int, int]]:
    """Runs of lines (first and last index) that a title wrapped over leaves unfinished: "CURSO PROFESIONAL
    DE" over "GIT Y GITHUB", "Agile Yazılım Geliştirme, Proje" over "ve İnsan Yönetimi". Each line but the
    last ends on a word or a sign that leads into more, or the next starts in lower case; all are set in the
    same type, one right under the other. Each line alone is a fragment, so each run is a candidate too."""
    joins = [_continues(doc, index) for index in range(min(len(doc.lines), _MAX_LINES) - 1)]
    runs = []
    for first in range(len(joins)):
        last = first
        while last < len(joins) and joins[last] and last - first < _MAX_JOINED - 1:
            last += 1
            runs.append((first, last))
    return runs


def _continues(doc: DocText, index: int) -> bool:
    """Whether line `index` runs on into the next (see `_continued_lines`)."""
    line, below = doc.lines[index], doc.lines[index + 1]
    if line.page != below.page or not line.words or not below.words:
        return False
    if not (_DANGLING.search(line.text.strip()) or below.text.strip()[:1].islower()):
        return False
    height = median(w.y1 - w.y0 for w in line.words)
    gap = min(w.y0 for w in below.words) - max(w.y1 for w in line.words)
    return abs(median(w.y1 - w.y0 for w in below.words) - height) <= 0.25 * height and gap <= 1.2 * height


def _is_label(line: str) -> bool:
    """A line that is only a field's label ("COURSE", "Nome do curso", "Course Title"): the line under it is
    the field's value, as "Course: …" on one line is."""
    probe = f"{line.strip()}: "
    match = LABEL_CUE.match(probe)
    return bool(line.strip()) and match is not None and match.end() == len(probe)


def _stands_out(features: dict[str, float]) -> bool:
    """Where the rules found no title, a candidate must stand out to be one: larger type than the body, a
    label above it, wording that introduces it, or small print that names it again. A page of one size with
    no such sign says nothing about which line is the course, and a person is asked instead."""
    return features["relative_size"] >= 1.15 or bool(features["label_above"] or features["named_again"]
                                                      or features["cue_label"] or features["cue_verb"]
                                                      or features["cue_subject"] or features["cue_held"]
                                                      or features["cue_role"])


def _eligible(features: dict[str, float]) -> bool:
    """What the rules know for certain stays a rule: an organisation, a link, a date, a sentence, a person's name
    or a lone word is not a title, unless the rules chose it or a label names it ("COURSE" above it; a course
    can be shaped like a name: "Linux Server Administration I"). The model ranks what is left: by itself it
    weighed rare, decisive signs (a web address in a line) too lightly to learn them from a few hundred
    documents."""
    if features["label_above"]:
        return not (features["furniture"] or features["has_date"])
    return bool(features["plausible"]) and not (features["furniture"] or features["organisation"]
                                                or features["has_date"] or features["prose"]
                                                or features["looks_like_name"]) and features["words"] >= 2


TitleChooser = Callable[[list[Described]], TitleCandidate | None]


def _add_printed(add: Callable[..., Described], text: str, start: int, end: int, size: float | None,
                 cleaned: dict[str, str], reaching: int = 0, **marks: float) -> None:
    """A stretch of text as a candidate, trimmed as the rules trim a title, if it can be read as words and
    still reaches past offset `reaching` once trimmed (lines joined are no candidate if the trimming leaves
    only the first). `cleaned` remembers each stretch's trimming: most lines are also a run of their own."""
    raw = text[start:end]
    value = cleaned.get(raw)
    if value is None:  # the rules' own trimming: "Organized by ACM" is no course, "(Turma 3)" no part of one
        value = cleaned[raw] = clean_title(raw)
    at = raw.find(value)  # -1: the trimming left what the stretch does not hold as printed
    if sum(ch.isalpha() for ch in value) >= 4 and len(value.split()) <= 18 and at >= 0 \
            and start + at + len(value) > reaching:
        begin = start + at
        add(TitleCandidate(" ".join(value.split()), (begin, begin + len(value))), size, **marks)


class TitleModel:
    """A linear score over `FEATURES`, learned from pairs of candidates (`reviewer train`), stored as JSON.

    It is trained to score a document's right title above each of its other candidates, which is what
    choosing asks; a linear score learns that from a few hundred documents where a forest of trees did not
    (cross-validated by repository on the train split, see `reviewer/learning/training.py`).
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        if tuple(spec["features"]) != FEATURES:
            raise ValueError("the title model was trained on other features: run `reviewer train`")
        self.spec = spec
        self.weights = [float(w) / float(s) for w, s in zip(spec["weights"], spec["scale"])]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TitleModel:
        return cls(json.loads(path.read_text()))

    def score(self, features: dict[str, float]) -> float:
        """How much more this candidate looks like the title than a candidate of all-zero features."""
        return sum(w * features[name] for w, name in zip(self.weights, FEATURES))

    def choose(self, described: list[Described]) -> TitleCandidate | None:
        """The best-scored candidate. Even a doubtful one beats none: on the development set the right title
        is more often among candidates the rules passed over than missing from the document."""
        if not described:
            return None
        scores = [self.score(d.features) for d in described]
        best = max(range(len(described)), key=lambda i: (scores[i], -i))  # a tie goes to the earlier candidate
        return described[best].candidate


def model_digest(path: Path = MODEL_PATH) -> str:
    """A short hash of the model file: part of the pipeline version, so re-processing knows what changed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8] if path.exists() else "none"


# Loaded when the reader is imported, before workers fork their per-file children, so no child reads it again.
# A model of other features than the code's is refused when a title is chosen, not at import: `reviewer train`
# imports this module to build the model that replaces it.
_MODEL: TitleModel | None = None
_MODEL_ERROR: ValueError | None = None
try:
    _MODEL = TitleModel.load() if MODEL_PATH.exists() else None
except ValueError as error:
    _MODEL_ERROR = error


def default_chooser() -> TitleChooser:
    """The committed model's choice; without a model, the rules' own choice."""
    if _MODEL_ERROR is not None:
        raise _MODEL_ERROR
    return _MODEL.choose if _MODEL is not None else rules_choice


def rules_choice(described: list[Described]) -> TitleCandidate | None:
    """What the hand-set rules alone choose: the baseline the model must beat."""
    return next((d.candidate for d in described if d.rule_choice), None)
