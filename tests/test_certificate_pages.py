"""Several certificates in one file, a page each (workers/fields/certificate_pages.py), read through the real
pipeline from drawn PDFs: every page is an activity of its own; a letter of two pages stays one document,
and a certificate with its transcript page is one course. Names and courses are invented."""

from __future__ import annotations

import io
from datetime import date

from reportlab.pdfgen import canvas

from workers.checks import CheckContext
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits


def _pdf(pages: list[list[tuple[str, int, int]]]) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    for lines in pages:
        for text, size, y in lines:
            pdf.setFont("Helvetica", size)
            pdf.drawCentredString(297, y, text)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _certificate(course: str, day: str) -> list[tuple[str, int, int]]:
    return [("Certificate of Completion", 24, 760), ("Priya Raman", 20, 700), ("Has successfully completed", 12, 660),
            (course, 18, 620), (f"Completion Date: {day}", 11, 560), ("Director, Training and Certification", 10, 500)]


def test_each_page_of_a_file_of_certificates_is_an_activity(limits: Limits, ctx: CheckContext) -> None:
    data = _pdf([_certificate("Cloud Platform Essentials", "20 October 2022"),
                 _certificate("Building Data Lakes on AWS", "26 September 2022"),
                 _certificate("Securing Container Workloads", "16 September 2022")])
    result = process_isolated(data, limits, ctx)
    assert [(a.title, a.date) for a in result.activities] == [
        ("Cloud Platform Essentials", date(2022, 10, 20)), ("Building Data Lakes on AWS", date(2022, 9, 26)),
        ("Securing Container Workloads", date(2022, 9, 16))]
    assert result.recipient == "Priya Raman"
    # each activity's evidence points at its own page
    assert [a.evidence["title"]["page"] for a in result.activities] == [1, 2, 3]


def test_a_letter_of_two_pages_is_one_document(limits: Limits, ctx: CheckContext) -> None:
    data = _pdf([
        [("NORTHWIND ANALYTICS LIMITED", 14, 780),
         ("This is to certify that Priya Raman has successfully completed", 10, 700),
         ("the Advanced Excel Reporting training from 3 May 2024 to 7 May 2024.", 10, 686)],
        [("During the training Priya Raman built reports for our finance team.", 10, 760),
         ("We wish her every success.", 10, 740), ("Human Resources Manager", 10, 680)]])
    result = process_isolated(data, limits, ctx)
    assert len(result.activities) == 1


def test_a_certificate_and_its_transcript_page_are_one_course(limits: Limits, ctx: CheckContext) -> None:
    data = _pdf([
        [("Certificate of Achievement", 24, 760), ("Priya Raman", 20, 700),
         ("has completed the following course:", 12, 660),
         ("INTRODUCTION TO DATA ANALYSIS", 16, 620), ("Issued 11 June 2020", 10, 560)],
        [("Priya Raman", 16, 760), ("has completed the following course:", 12, 730),
         ("INTRODUCTION TO DATA ANALYSIS", 16, 700), ("LEARNING OUTCOMES", 12, 640),
         ("Summarise the steps of an analysis.", 10, 620)]])
    result = process_isolated(data, limits, ctx)
    assert [(a.title, a.date) for a in result.activities] == [("INTRODUCTION TO DATA ANALYSIS", date(2020, 6, 11))]
