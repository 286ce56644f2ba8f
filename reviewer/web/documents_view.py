"""One shape of a document for pages and the API, and its page previews."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app

from reviewer.config import limits_from
from reviewer.documents.previews import cached_preview
from reviewer.models import Document, Extraction
from reviewer.review.decisions import counted_extraction, current_decision
from workers.errors import PipelineError


def document_summary(doc: Document, extraction: Extraction | None = None) -> dict[str, Any]:
    """What was found in a document and where it stands.

    By default the extraction that counts (the one decided on, else the latest); staff pass the latest.
    """
    extraction = extraction or counted_extraction(doc)
    decision = current_decision(doc)
    activities = []
    if extraction:
        for a in extraction.activities:
            activities.append({
                "id": a.id, "title": a.title, "start_date": a.start_date.isoformat() if a.start_date else None,
                "date": a.date.isoformat() if a.date else None,
                "amount": {"value": a.amount_value, "unit": a.amount_unit} if a.amount_value is not None else None,
                "contact_hours": a.contact_hours, "evidence": a.evidence, "category": a.category,
                "excluded_reason": a.excluded_reason,
            })
    return {
        "id": doc.id, "status": doc.status, "filename": doc.original_name,
        "flags": [f.code for f in extraction.flags] if extraction else [],
        "flag_reasons": {f.code: f.reason for f in extraction.flags} if extraction else {},
        "activities": activities,
        "recipient": extraction.recipient if extraction else None,
        "issuer": extraction.issuer if extraction else None,
        "third_party": extraction.third_party if extraction else None,
        "third_party_reasons": extraction.third_party_reasons if extraction else [],
        "error": {"code": doc.error_code, "message": doc.error_message} if doc.error_code else None,
        "pages": extraction.pages if extraction else 0,
        "version": extraction.version if extraction else None,
        "pipeline_version": extraction.pipeline_version if extraction else None,
        "changed_since_decision": doc.changed_since_decision,
        "state_version": doc.state_version,
        "decision": {"outcome": decision.outcome, "reason": decision.reason, "note": decision.note,
                     "at": decision.created_at.isoformat() + "Z"} if decision else None,
    }


def row_boxes(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """For a record of several activities (a transcript), one box around each row: from its title to its
    amount on the page they share. The date of a row often comes from its term's heading above the table,
    so the row itself is what staff check it against. Empty for a one-activity document."""
    if len(summary["activities"]) < 2:
        return []
    rows = []
    for index, activity in enumerate(summary["activities"], start=1):
        marks = [ev for ev in (activity["evidence"] or {}).values() if ev.get("box") and ev.get("page")]
        title = (activity["evidence"] or {}).get("title") or {}
        page = title.get("page") or (marks[0]["page"] if marks else None)
        boxes = [ev["box"] for ev in marks if ev["page"] == page]
        if page is None or not boxes:
            continue
        rows.append({"index": index, "page": page, "title": activity["title"] or "",
                     "box": [min(b[0] for b in boxes), min(b[1] for b in boxes),
                             max(b[2] for b in boxes), max(b[3] for b in boxes)]})
    return rows


def preview_response(doc: Document, page: int) -> Response:
    """A PNG the server rendered itself (once, in an isolated child), upright as the reader saw the page.

    A page that cannot be drawn within the limits answers 422 with the reason, as plain text.
    """
    extraction = doc.latest
    if extraction is None or not 1 <= page <= extraction.pages:
        abort(404)
    rotation = int(extraction.page_texts[page - 1].get("rotation", 0)) if extraction.page_texts else 0
    try:
        path = cached_preview(current_app.config["STORAGE_DIR"], doc.sha256, doc.mime, page, rotation,
                              limits_from(current_app.config))
    except PipelineError as exc:
        return Response(exc.message, status=422, mimetype="text/plain")
    except FileNotFoundError:  # the blob is gone (reviewer/documents/retention.py) and this page was never drawn
        return Response("The file has been deleted.", status=410, mimetype="text/plain")
    response = Response(path.read_bytes(), mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
