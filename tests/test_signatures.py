"""A signer's name set beside the words that introduce the holder is no holder: the role printed under it in
its own column says it signed (workers/fields/signatures.py). Pure: boxes in, fields out."""

from __future__ import annotations

from tests.textdoc import doc_from_text
from workers.fields.extract import extract_fields

SIGNATURE_BESIDE = """
Verified Certificate
This is to certify that                    Dana K. Whitfield
                                           Senior Professor of Computing
Marco Bellini
successfully completed and received a passing grade in
CS101x: Introduction to Programming
Issued July 18, 2023
"""


def test_a_name_with_a_role_under_it_signed_and_the_holder_is_the_next_name() -> None:
    assert extract_fields(doc_from_text(SIGNATURE_BESIDE), [1]).recipient == "Marco Bellini"


def test_a_holder_with_a_sentence_under_the_name_is_still_the_holder() -> None:
    text = """
This is to certify that
Marco Bellini
successfully completed the workshop on Project Leadership
Dana K. Whitfield
Director of Training
"""
    fields = extract_fields(doc_from_text(text), [1])
    assert fields.recipient == "Marco Bellini"
    assert "Dana K. Whitfield" in fields.signers


def test_a_role_under_a_different_column_does_not_make_a_signer() -> None:
    # The holder's name on the left, a signer's role far to the right on the line below it.
    text = """
This is to certify that Marco Bellini
has attended the seminar on Lean Manufacturing                 Director of Training
"""
    assert extract_fields(doc_from_text(text), [1]).recipient == "Marco Bellini"
