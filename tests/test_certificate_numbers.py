"""Issue 25, the scorecard: the certificate number a document prints, read by the pipeline and listed on
the compliance transcript beside the provider."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask

from tests import hostile
from tests.conftest import login, run_worker
from tests.test_workflow import _upload
from workers.fields.provenance import certificate_number


@pytest.mark.parametrize("text, number", [
    ("CERTIFICATE OF COMPLETION\nCertificate no: UC-1a2b3c4d", "UC-1a2b3c4d"),
    ("Credential ID 8HJ2KQ9XPL\nVerify at https://example.org", "8HJ2KQ9XPL"),
    ("Certificate Number: 2024-00123", "2024-00123"),
    ("Zertifikat-Nr.: DE12345", "DE12345"),
    ("Certificado nº 4455-AB", "4455-AB"),
    ("Serial # AB-99881", "AB-99881"),
])
def test_the_number_a_document_prints_is_read(text: str, number: str) -> None:
    assert certificate_number(text) == number


@pytest.mark.parametrize("text", ["CERTIFICATE COMPLETION", "Certificate of Completion\nCode 12",
                                  "Verification code: ABCDEF", "Certification in Quality Engineering"])
def test_headings_and_words_are_not_numbers(text: str) -> None:
    assert certificate_number(text) is None


def test_the_transcript_lists_the_certificate_number(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("cert.pdf", hostile.text_pdf([
        "CERTIFICATE OF COMPLETION", "Midwest Institute of Technology", "This certifies that", "Ann Lee",
        "has successfully completed", "Statistical Process Control", "on March 14, 2025",
        "Eight (8) Contact Hours", "Certificate No: MIT-2025-00417", "Robert Klein, Program Director"]))])
    run_worker(app)
    [line] = list(csv.DictReader(io.StringIO(client.get("/transcript.csv").get_data(as_text=True))))
    assert line["certificate_number"] == "MIT-2025-00417" and line["provider"] == "Midwest Institute of Technology"
    assert client.get("/transcript.pdf").data.startswith(b"%PDF")
