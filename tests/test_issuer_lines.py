"""Issuer names as OCR and layout break them: across a line end, behind a speck read off a logo, with
their abbreviation in brackets, or cut down to a fragment. Pure text → fields, no services."""

from __future__ import annotations

import pytest

from tests.textdoc import doc_from_text
from workers.fields.extract import extract_fields
from workers.fields.issuers import find_issuer


def _issuer(text: str) -> str | None:
    return extract_fields(doc_from_text(text), [1]).issuer


def test_a_name_in_capitals_that_the_cue_line_breaks_off_is_read_whole() -> None:
    assert _issuer(
        "CERTIFICATE OF PARTICIPATION\nThis is to certify that Mr. OMAR VEGA has successfully completed\n"
        "the course on DATA PIPELINES during the period from 03-02-2025 to 07-02-2025 organized by BRIGHTWAVE\n"
        "LEARNING SOLUTIONS at RIVERSIDE COLLEGE OF ENGINEERING, PUNE.") == "BRIGHTWAVE LEARNING SOLUTIONS"


def test_a_cue_line_in_mixed_case_takes_nothing_from_the_next_line() -> None:
    assert _issuer("This is to certify that Omar Vega attended the workshop organised by Brightwave Learning\n"
                   "SOLUTIONS WEEK 2025") != "Brightwave Learning SOLUTIONS WEEK"


def test_a_department_left_without_its_name_is_no_issuer() -> None:
    issuer = _issuer("CERTIFICATE OF APPRECIATION\nThis certificate is presented to\nOmar Vega\n"
                     "for taking part in the workshop on Signal Processing, organized by the Department of\n"
                     "signal processing, Chennai, Tamil Nadu, India.")
    assert issuer != "Department"


def test_a_speck_read_off_the_logo_before_the_letterhead_is_dropped() -> None:
    text = ("XR NORTHFIELD ADVANCED TECHNICAL TRAINING INSTITUTE\nAn ISO 9001:2015 Certified Institution\n"
            "CERTIFICATE OF TRAINING\nThis is to certify that\nOMAR VEGA\nhas successfully completed the course on\n"
            "CLOUD OPERATIONS\nduring the period of 12th May, 2025 to 17th May, 2025\nPRINCIPAL   DIRECTOR\n"
            "RIVERSIDE COLLEGE   NORTHFIELD ADVANCED TECHNICAL TRAINING INSTITUTE")
    assert _issuer(text) == "NORTHFIELD ADVANCED TECHNICAL TRAINING INSTITUTE"
    # printed once only, the first word stands: it may be the name's own ("GE", "XYZ")
    assert _issuer(text.rsplit("\n", 2)[0]) == "XR NORTHFIELD ADVANCED TECHNICAL TRAINING INSTITUTE"


def test_an_abbreviation_in_brackets_belongs_to_the_name_but_is_not_one_alone() -> None:
    assert _issuer("CERTIFICATE OF REGISTRATION\nOMAR VEGA\nis confirmed as a registered coach\n"
                   "Valid Till: April 18, 2027\nThe Register for Fitness Coaches Canada Foundation (RFC Canada) is a "
                   "registry of coaches") == "Register for Fitness Coaches Canada Foundation (RFC Canada)"
    assert _issuer("OMAR VEGA meets the standards of the\nFoundation (RFC Canada) and is registered as a coach") is None


def test_a_platforms_name_with_only_a_word_for_a_course_is_the_provider_not_the_title() -> None:
    fields = extract_fields(doc_from_text(
        "Learn from the best\nThis document certifies that\nNadia Brennan\n"
        "has successfully completed the Udacity training course\nStream Processing Fundamentals\nMarch 4, 2025"), [1])
    assert fields.issuer == "Udacity"
    assert [a.title for a in fields.activities] == ["Stream Processing Fundamentals"]


def test_a_wordmark_set_one_word_per_line_is_read_as_one_name() -> None:
    assert _issuer("Leuphana\nUniversität\nLüneburg\nVerzeichnis der bestandenen Module\nHerr\nJonas Weber\n"
                   "hat folgende Module bestanden:") == "Leuphana Universität Lüneburg"


def test_a_trademark_notice_names_no_issuer_nor_a_fragment_of_one() -> None:
    """LinkedIn Learning's accreditation block: the accreditor's trademark notice, broken across lines."""
    assert _issuer("Agile Foundations\nCourse completed by Jonas Weber\nTop skills covered\n"
                   "IIQA®, the IIQA® logo are registered trademarks owned by International Institute of   "
                   "Certificate ID:\nQuality Analysis.") is None


def test_the_program_line_of_an_accreditation_block_names_the_accreditor_not_the_issuer() -> None:
    text = ("Agile Foundations\nCourse completed by Jonas Weber\nApr 28, 2024 at 12:40PM UTC\nTop skills covered\n"
            "Head of Content Strategy, Learning\nProgram: International Institute of Quality Analysis (IIQA®)\n"
            "Provider ID: #189294\nActivity #: 2912")
    assert find_issuer(text, "Jonas Weber") is None


def test_the_web_address_names_the_issuer_only_where_the_text_names_it_too() -> None:
    transcript = ("Unofficial Transcript\nName: Jonas Weber\nHarbourside ID: 261000123\nFall 2023\n"
                  "COMP 202 Foundations of Programming 3.0 A\nhttps://www.harbourside.ca/students")
    assert _issuer(transcript) == "Harbourside"
    # in the address alone it is no more than a logo; a tool's or a verifier's address names nobody
    assert _issuer("Certificate of Completion\nJonas Weber\ncompleted Cloud Basics\nwww.harbourside.ca") is None
    assert _issuer("Certificate of Completion\nJonas Weber\ncompleted Cloud Basics on 10/20/2024\n"
                   "Powered by TCPDF (www.tcpdf.org)") is None
    assert _issuer("Certificate of Completion\nJonas Weber\ncompleted Cloud Basics\nVerify at credly.com/badges/1 "
                   "(https://www.credly.com)\nCredly badge") is None
    # an address printed bare, with its path, is an address all the same; an e-mail's domain is not one
    assert _issuer("Sertifikat Kompetensi\nJonas Weber\nBelajar Dasar Pemrograman Web\n"
                   "harbourside.id/certificates/4EXGVY\nHarbourside Indonesia   Berlaku hingga 2028") == "Harbourside"
    assert _issuer("Certificate of Completion\nJonas Weber\ncompleted Cloud Basics\nHarbourside staff\n"
                   "jonas@harbourside.id/x") is None


def test_a_letterhead_is_read_in_the_longest_form_the_document_prints() -> None:
    text = ("Leuphana\nUniversität\nLüneburg\nVerzeichnis der bestandenen Module\nJonas Weber\nMathematik 1,7 9\n"
            "Die Friedrich Wilhelm Leuphana Universität Lüneburg, vertreten durch den Präsidenten")
    assert _issuer(text) == "Friedrich Wilhelm Leuphana Universität Lüneburg"
    # a longer line that adds only a year or a preposition is no fuller form
    assert _issuer("Tallinn University\nCertificate\nJonas Weber\nparticipated in the convention held on May 2, "
                   "2025 at Tallinn University") == "Tallinn University"


def test_an_abbreviation_in_the_address_is_spelled_out_where_the_text_does() -> None:
    assert _issuer("MATIONAL RURAL CODING LITERAGY MISSION\nCERTIFICATE OF ACHIEVEMENT\nRegistration No. NRCLM/2020/1\n"
                   "This certificate is awarded to\nJONAS WEBER\nDate of Issue: October 04, 2020\n"
                   "NATIONAL RURAL CODING LITERACY MISSION   info@nrclm.org\nwww.nrclm.org") \
        == "NATIONAL RURAL CODING LITERACY MISSION"


def test_a_part_of_a_body_named_by_its_owner_is_the_owner() -> None:
    assert _issuer("This Certificate is awarded to\nJonas Weber\nthe winner of the Coastal Hackathon, 2022\n"
                   "Chief Innovation Officer,\nMinistry of Fisheries's Innovation Cell") == "Ministry of Fisheries"


def test_the_line_after_a_short_name_in_capitals_is_not_glued_on_unless_it_ends_a_body() -> None:
    assert _issuer("issued by NASSCOM\nTHIS IS TO CERTIFY THAT OMAR VEGA\nhas completed Data Basics") == "NASSCOM"
    assert _issuer("Organized by ACM\nCERTIFICATE OF APPRECIATION\nOmar Vega") == "ACM"


def test_an_abbreviation_that_begins_a_name_is_no_speck() -> None:
    assert _issuer("SRM Institute of Science and Technology\nGRADE CARD\nOmar Vega\nInstitute of Science and "
                   "Technology   Controller of Examinations") == "SRM Institute of Science and Technology"
    assert _issuer("RV INSTITUTE OF MARINE LOGISTICS\nCERTIFICATE\nOmar Vega\ncompleted the course at the "
                   "INSTITUTE OF MARINE LOGISTICS, Pune") == "RV INSTITUTE OF MARINE LOGISTICS"


def test_a_signatorys_role_above_a_wordmark_is_not_part_of_the_name() -> None:
    assert _issuer("Certificate\nOmar Vega\ncompleted Data Basics\nJane Roe\nDirector\nHarvard\nUniversity") \
        == "Harvard University"


def test_of_two_bodies_named_together_the_first_is_the_issuer() -> None:
    assert _issuer("CERTIFICATE OF ACHIEVEMENT\nOMAR VEGA\nhas completed the online course\nDATA ETHICS IN PRACTICE\n"
                   "developed by NORTHFIELD UNIVERSITY AND INSTITUTE OF APPLIED CODING\n"
                   "3 hours") == "NORTHFIELD UNIVERSITY"
    assert _issuer("This certificate is awarded to Omar Vega\nupon completion of the summer school programme organised "
                   "by the Riverside Digital Summer School and Lakeshore Royal Institute of Technology\n"
                   "between August 1 and August 14, 2021") == "Riverside Digital Summer School"


@pytest.mark.parametrize("name", [
    "Virginia Polytechnic Institute and State University",
    "Louisiana State University and Agricultural and Mechanical College",
    "Southern University and A&M College",
    "Ontario College of Art and Design University",
    "Sri Ramachandra Medical College and Research Institute",
    "Cranbrook Academy of Art and Design Institute",
])
def test_a_name_whose_last_part_names_only_its_kind_is_one_body(name: str) -> None:
    assert _issuer(f"CERTIFICATE OF PARTICIPATION\nOmar Vega\nattended the workshop on Soil Sensors\n"
                   f"organised by {name}\nMarch 3, 2025") == name


def test_a_first_body_with_an_and_of_its_own_is_kept_whole() -> None:
    assert _issuer("CERTIFICATE OF PARTICIPATION\nOmar Vega\nattended the workshop on Soil Sensors\n"
                   "organised by Northfield Institute of Science and Technology and Lakeshore National University\n"
                   "March 3, 2025") == "Northfield Institute of Science and Technology"


def test_one_bodys_name_keeps_its_and() -> None:
    assert _issuer("CERTIFICATE OF PARTICIPATION\nOmar Vega\nattended the workshop on Soil Sensors\n"
                   "organised by Northfield University of Science and Technology\nMarch 3, 2025") \
        == "Northfield University of Science and Technology"
    assert _issuer("CERTIFICATE OF TRAINING\nOmar Vega\ncompleted the course on Cyber Hygiene\n"
                   "issued by the Ministry of Electronics and Information Technology\nMarch 3, 2025") \
        == "Ministry of Electronics and Information Technology"


@pytest.mark.parametrize("line, name", [
    ("On 1 January 2007 the University of Lakeside became a chartered body", "University of Lakeside"),
    ("The certificate is issued by Riverside Polytechnic University. The holder may verify it online.",
     "Riverside Polytechnic University"),
    ("Instituto de Hidrología del 13 de mayo", "Instituto de Hidrología"),
    ("St. Paul University Philippines", "St. Paul University Philippines"),
    ("Regional Comp. Center of Northwind GmbH", "Regional Comp. Center of Northwind GmbH"),
])
def test_an_organisation_ends_where_its_sentence_or_its_date_does(line: str, name: str) -> None:
    """Words that run into a body's name from a date before it, or across a sentence's end after it, are
    no part of it; a full stop inside the name ("St.", "Comp.") is."""
    from workers.fields.issuers import org_phrase

    assert org_phrase(line) == name


@pytest.mark.parametrize("letterhead", ["BLUEFERN INNOVATIONS LLP", "Bluefern Softech Pvt. Ltd.", "Bluefern Media PLC",
                                        "Bluefern Consulting S.r.l."])
def test_a_letterhead_that_ends_in_a_legal_form_names_the_issuer(letterhead: str) -> None:
    text = (f"{letterhead}\nINTERNSHIP CERTIFICATE\nThis is to certify that Ravi Kumar has completed his "
            "internship as a Full Stack Developer\nfrom January 6, 2025, to February 5, 2025.")
    found = find_issuer(text, "Ravi Kumar")
    assert found is not None and found.value == letterhead.rstrip(".")
