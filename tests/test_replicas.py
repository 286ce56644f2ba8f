"""Replicas of real-world layouts (sample_docs/replicas/, invented names): every labelled field is extracted.

Each replica copies one or two features seen in real evidence (a background picture under the text, a
logo-only issuer, a two-line title, signature blocks, a label/value form, day-first and month-only dates,
Portuguese/French/German/Spanish wording with birth or law dates nearby, a transcript with dated terms,
a résumé, a personal statement, an employer letter, and two scans). The labels are in truth.jsonl, in the
schema of the hand-labelled real-world set; the fields are compared the way `reviewer evaluate` scores them.
Regenerate the documents with `python sample_docs/replicas/draw.py`.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest

from reviewer.learning.evaluation import similar
from reviewer.normalize import normalise
from workers.checks import CheckContext
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits

REPLICAS = Path(__file__).resolve().parent.parent / "sample_docs" / "replicas"
TRUTH = [json.loads(line) for line in (REPLICAS / "truth.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]
OCR_RENDERINGS = {"scan", "image_pdf", "photo", "screenshot"}


# Replicas the pipeline does not read right yet, each with what goes wrong. strict: the day one is
# fixed, the test says so and the entry must go.
KNOWN_MISSES = {
    "r15_label_value_form_image.pdf": "OCR of the noisy 200-dpi image PDF, rendered at 300 dpi, reads "
                                      "'Hours: 7.5' as 'Hours: fie' (plain tesseract on the image reads 7.5)",
}


def _cases() -> list[Any]:
    cases = []
    for doc in TRUTH:
        marks = [pytest.mark.slow] if doc["rendering"] in OCR_RENDERINGS else []
        if doc["file"] in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(reason=KNOWN_MISSES[doc["file"]], strict=True))
        cases.append(pytest.param(doc, id=doc["file"], marks=marks))
    return cases


def _pair(truth: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each labelled activity with the found one whose title is most alike (as the evaluation aligns them)."""
    remaining = list(found)
    pairs = []
    for t in truth:
        best = max(remaining, key=lambda f: SequenceMatcher(None, normalise(t["title"]),
                                                             normalise(f.get("title"))).ratio(), default=None)
        if best is not None:
            remaining.remove(best)
        pairs.append((t, best or {}))
    return pairs


def mismatches(truth: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """Every labelled field the record gets wrong, one readable line each."""
    wrong: list[str] = []
    found = record.get("activities", [])
    if len(found) != len(truth["activities"]):
        wrong.append(f"activities: found {len(found)} ≠ labelled {len(truth['activities'])}: "
                     f"{[a.get('title') for a in found]}")
    for t, f in _pair(truth["activities"], found):
        if not similar(t["title"], f.get("title")):
            wrong.append(f"title {f.get('title')!r} ≠ {t['title']!r}")
        if (f.get("start_date"), f.get("date")) != (t["start_date"], t["date"]):
            wrong.append(f"[{t['title']}] date {f.get('start_date')}..{f.get('date')} ≠ {t['start_date']}..{t['date']}")
        ta, fa = t["amount"], f.get("amount")
        same = (ta is None and fa is None) or (ta is not None and fa is not None and ta["unit"] == fa["unit"]
                                               and abs(float(ta["value"]) - float(fa["value"])) < 1e-6)
        if not same:
            wrong.append(f"[{t['title']}] amount {fa} ≠ {ta}")
    if normalise(record.get("recipient")) != normalise(truth["recipient"]):
        wrong.append(f"recipient {record.get('recipient')!r} ≠ {truth['recipient']!r}")
    if normalise(record.get("issuer")) != normalise(truth["issuer"]):
        wrong.append(f"issuer {record.get('issuer')!r} ≠ {truth['issuer']!r}")
    if record.get("third_party") != truth["third_party"]:
        wrong.append(f"third_party {record.get('third_party')} ≠ {truth['third_party']}")
    if truth["third_party"] is False and "self_issued" not in record.get("flags", []):
        wrong.append(f"self-written but not flagged self_issued (flags {record.get('flags')})")
    return wrong


@pytest.mark.timeout(180)
@pytest.mark.parametrize("truth", _cases())
def test_replica_fields_are_extracted(truth: dict[str, Any], limits: Limits) -> None:
    ctx = CheckContext(as_of=date.fromisoformat(truth["as_of"]), window_years=truth["window_years"],
                       applicant=truth["applicant"])
    record = process_isolated((REPLICAS / truth["file"]).read_bytes(), limits, ctx).contract(truth["file"])
    wrong = mismatches(truth, record)
    assert not wrong, f"{truth['file']} ({truth['notes']}):\n  " + "\n  ".join(wrong)


def test_the_set_covers_every_feature_and_matches_the_generator() -> None:
    """truth.jsonl is what draw.py labels, every labelled file is there, and no label is malformed."""
    spec = importlib.util.spec_from_file_location("replica_draw", REPLICAS / "draw.py")
    assert spec and spec.loader
    draw = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(draw)
    labels = [truth for _name, _data, truth in draw.build()]
    assert labels == TRUTH, "truth.jsonl is stale: run python sample_docs/replicas/draw.py"
    assert len(TRUTH) >= 14
    for doc in TRUTH:
        assert (REPLICAS / doc["file"]).is_file(), doc["file"]
        assert doc["applicant"] == doc["recipient"]
        assert doc["issuer"] is None or not doc["issuer_logo_only"]
        if doc["third_party"] is False:
            assert doc["activities"] == [] and doc["issuer"] is None
    assert {d["language"] for d in TRUTH} >= {"en", "pt", "fr", "de", "es"}
    assert {d["rendering"] for d in TRUTH} >= {"text_pdf", "scan", "image_pdf"}
    assert {d["kind"] for d in TRUTH} >= {"certificate", "transcript", "letter", "resume", "statement"}
    assert any(d["issuer_logo_only"] for d in TRUTH)
