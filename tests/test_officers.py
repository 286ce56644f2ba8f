"""The body a signatory's executive title names, read as the issuer when nothing else names one (issue 23):
a platform prints its name in a logo the text layer does not hold, and again under its chief's signature.
Names and bodies are invented."""

from __future__ import annotations

import pytest

from tests.textdoc import doc_from_text
from workers.fields.extract import extract_fields
from workers.fields.officers import officer_body


@pytest.mark.parametrize("caption, body", [
    ("Founder & CEO, Quillbridge", "Quillbridge"),
    ("CEO of Lanternfish   President and Chief Technology", "Lanternfish"),
    ("CEO da Escola Aurora de Dados", "Escola Aurora de Dados"),
    ("Geschäftsführer der Brandt Beratung GmbH", "Brandt Beratung GmbH"),
    ("Director of Studies", None),  # a director is as often of a department
    ("CEO, Maria Lopez", None),  # the officer's own name
    ("the ceo of a small firm", None),
])
def test_an_executive_title_names_its_body(caption: str, body: str | None) -> None:
    found = officer_body(f"Certificate\n{caption}\n", None)
    assert (found.value if found else None) == body


PLATFORM = """CERTIFICATE OF COURSE COMPLETION
THIS IS TO CERTIFY THAT
PRIYA RAMAN
has successfully completed a 12-week course on Applied Time Series Forecasting.
Mr. Arjun Mehta
Founder & CEO, Quillbridge
"""


def test_a_platform_named_only_under_its_chiefs_signature_issued_the_certificate() -> None:
    doc = doc_from_text(PLATFORM)
    assert extract_fields(doc, [1]).issuer == "Quillbridge"
