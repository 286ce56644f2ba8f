"""The applicant's compliance transcript: accepted activities by category, with decision dates, as CSV
and as a one-file PDF they can hand to anyone (drawn with reportlab, no template engine).

Its lines are the cycle's progress (programs/progress.py, `Progress.counted`), so the transcript lists
exactly what the applicant's progress counts: one cycle of one program, inside its window, nothing twice."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reviewer.models import User
from reviewer.programs.progress import Progress
from reviewer.programs.wording import number, units
from reviewer.review.exports import safe_cell

COLUMNS = ["program", "window", "category", "title", "provider", "certificate_number", "date", "units", "unit",
           "decided_on", "file"]


def transcript_rows(progress: Progress | None) -> list[dict[str, Any]]:
    """The transcript's lines: what the cycle counts, activity by activity."""
    if progress is None:
        return []
    window = f"{progress.window_start.isoformat()} to {progress.window_end.isoformat()}"
    return [{"program": progress.program, "window": window, "category": c.category, "title": c.title or "",
             "provider": c.provider or "", "certificate": c.certificate or "", "date": c.when, "units": c.units,
             "unit": progress.unit, "decided_on": c.decided_on, "filename": c.filename} for c in progress.counted]


def transcript_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([safe_cell(v) for v in (r["program"], r["window"], r["category"], r["title"], r["provider"],
                                                 r["certificate"], r["date"] or "", r["units"], r["unit"],
                                                 r["decided_on"], r["filename"])])
    return buffer.getvalue()


def transcript_pdf(user: User, progress: Progress | None, rows: list[dict[str, Any]], today: date) -> bytes:
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=f"Compliance transcript: {user.name}",
                            leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40)
    story: list[Any] = [Paragraph("Continuing-education compliance transcript", styles["Title"]),
                        Paragraph(_escape(f"{user.name} <{user.email}>, as of {today.isoformat()}"), styles["Normal"])]
    if progress is not None:
        status = ("exempt: " + (progress.exemption_reason or "")) if progress.exempt else (
            f"{number(progress.earned)} of {units(progress.required, progress.unit)} accepted, "
            f"{'requirement met' if progress.needed == 0 else units(progress.needed, progress.unit) + ' still needed'}")
        story.append(Paragraph(_escape(f"{progress.program_name}: window {progress.window_start} to "
                                       f"{progress.window_end}, due {progress.due_date}; {status}"), styles["Normal"]))
        for c in progress.categories:
            cap = f" (cap {c.maximum:g})" if c.maximum is not None else ""
            minimum = f", minimum {c.minimum:g}" if c.minimum is not None else ""
            story.append(Paragraph(_escape(f"{c.name}: {c.counted:g} counted{cap}{minimum}"), styles["Normal"]))
    story.append(Spacer(1, 12))
    table = [["Category", "Activity", "Provider (certificate no.)", "Date", "Units", "Decided"]]
    table += [[r["category"], Paragraph(_escape(r["title"][:200]), styles["BodyText"]),
               Paragraph(_escape(r["provider"][:120] + (f" ({r['certificate']})" if r["certificate"] else "")),
                         styles["BodyText"]), str(r["date"] or ""),
               f"{r['units']:g} {r['unit']}" if r["units"] is not None else "", str(r["decided_on"])] for r in rows]
    grid = Table(table, colWidths=[70, 170, 100, 60, 55, 60], repeatRows=1)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke), ("FONTSIZE", (0, 0), (-1, -1), 8)]))
    story.append(grid if rows else Paragraph("No accepted activities yet.", styles["Normal"]))
    doc.build(story)
    return out.getvalue()


def _escape(text: str) -> str:
    """reportlab's Paragraph reads a little markup; names and titles are text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
