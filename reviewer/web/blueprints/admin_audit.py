"""Administrators' view of the audit trail across documents, filtered by actor, document and dates.

The query and its keyset paging live in reviewer/review/audit_log.py; this view only reads the filter and
renders one page, so a request costs the same on the first page as on the thousandth.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from reviewer.review.audit_log import SYSTEM, AuditFilter, AuditQueryError, audit_page, parse_filter
from reviewer.web.access import admin_required

bp = Blueprint("admin_audit", __name__, url_prefix="/admin")


@bp.get("/audit")
@admin_required
def audit_log() -> tuple[str, int]:
    """Newest first, 50 a page; a malformed filter or page link is said in words (400), not ignored."""
    try:
        filters = parse_filter(request.args)
        page = audit_page(filters, request.args.get("cursor") or None)
    except AuditQueryError as exc:
        return render_template("admin/audit.html", filters=AuditFilter(), page=None, error=str(exc),
                               system=SYSTEM), 400
    return render_template("admin/audit.html", filters=filters, page=page, error=None, system=SYSTEM), 200
