"""After staff correct an activity, the flags about its fields are checked again.

A correction that supplies the hours makes "missing hours" untrue; left standing, the flag would keep the
document in that queue filter and keep suggesting its reject reason. Only the codes a correction can
change are re-run (the same checks the reader ran, on the corrected fields); who wrote the document or
whose name it bears is not something a field correction settles, so those flags stay.
"""

from __future__ import annotations

from reviewer.documents.persistence import check_context, queue_flag_codes
from reviewer.extensions import db
from reviewer.models import Document, Extraction, Flag
from workers.checks import run_checks

FIELD_CODES = ("missing_title", "missing_date", "missing_hours", "outside_window")


def recheck_fields(document: Document, extraction: Extraction) -> dict[str, list[str]]:
    """Re-run the field checks on `extraction`'s activities as corrected; returns the codes cleared and raised
    (the caller commits). The document's queue flags follow."""
    activities: list[dict[str, object]] = [
        {"title": a.title, "date": a.date, "amount": a.amount_value is not None and bool(a.amount_unit)}
        for a in extraction.activities]
    found = run_checks(readable=True, activities=activities, recipient=None, third_party=True,
                       third_party_reasons=[], ctx=check_context(document))
    now = {code: reason for code, reason in found.items() if code in FIELD_CODES}
    stored = {flag.code: flag for flag in extraction.flags if flag.code in FIELD_CODES}
    cleared = [code for code in stored if code not in now]
    raised = [code for code in now if code not in stored]
    for code in cleared:
        extraction.flags.remove(stored[code])
    for code, reason in now.items():
        if code in stored:
            stored[code].reason = reason
        else:
            extraction.flags.append(Flag(code=code, reason=reason))
    if extraction.id == document.latest_extraction_id:
        document.flag_codes = queue_flag_codes(document, extraction)
    db.session.flush()
    return {"cleared": cleared, "raised": raised}
