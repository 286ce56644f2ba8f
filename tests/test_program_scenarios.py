"""Issue 25's scenarios, each as the programs' own pages state them (../shared/domain): what an applicant's
progress and a cycle's outcome must be. Each failed before the change that made it pass."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from flask import Flask

from reviewer.documents.persistence import check_context
from reviewer.extensions import db
from reviewer.models import Activity, Cycle, Document, DocumentStatus, Extraction, Program, ReviewDecision, User
from reviewer.programs.catalogue import seed_programs
from reviewer.programs.cycles import COMPLETE, IN_REVIEW, SHORT, close_due_cycles, enrol
from reviewer.programs.progress import cycle_progress, outcome
from reviewer.review.decisions import decide
from workers.checks import CheckContext, run_checks
from workers.result import Activity as ReadActivity
from workers.result import Amount, Result
from workers.runtime.warm_reader import _ctx_data, _ctx_from


def _program(code: str) -> Program:
    seed_programs()
    return db.session.scalars(db.select(Program).where(Program.code == code)).one()


def _evidence(cycle: Cycle, units: float, when: date, *, status: str = DocumentStatus.ACCEPTED,
              category: str | None = "education", sha256: str = "0" * 64, title: str = "Welding safety",
              issuer: str | None = "Midwest Institute", uploaded: datetime | None = None) -> Document:
    """A read document of one activity in `cycle`; accepted documents carry their decision."""
    doc = Document(applicant_id=cycle.applicant_id, cycle_id=cycle.id, sha256=sha256, original_name="x.pdf",
                   size=1, status=status, uploaded_at=uploaded or datetime(when.year, when.month, when.day))
    db.session.add(doc)
    db.session.flush()
    extraction = Extraction(document_id=doc.id, version=1, pipeline_version="t", text_source="text", pages=1,
                            issuer=issuer)
    db.session.add(extraction)
    db.session.flush()
    db.session.add(Activity(extraction_id=extraction.id, title=title, normalized_title=title.lower(), date=when,
                            amount_value=units, amount_unit="contact_hours", category=category))
    doc.latest_extraction_id = extraction.id
    if status == DocumentStatus.ACCEPTED:
        db.session.add(ReviewDecision(document_id=doc.id, extraction_id=extraction.id, outcome="accept"))
    db.session.commit()
    return doc


def test_1_amt_certified_in_2020_is_due_on_november_1_2024(app: Flask) -> None:
    """AMT: "CMTSEs who certify (or recertify) in 2020: Recertification is due by November 1, 2024"; 2018 and
    2019 follow the rule (2021, 2022)."""
    _program("AMT-CMTSE")
    due = {year: enrol(f"amt{year}@example.org", "AMT-CMTSE", date(year, 5, 1)).cycle for year in (2018, 2019, 2020)}
    assert {year: cycle.due_date for year, cycle in due.items()} == {
        2018: date(2021, 11, 1), 2019: date(2022, 11, 1), 2020: date(2024, 11, 1)}
    assert due[2020].window_end == date(2024, 11, 1)


def test_3_a_cycle_past_its_due_date_waits_in_review_for_its_evidence_then_ends(app: Flask, staff) -> None:
    """Evidence sent by the due date and undecided keeps the cycle in review, not short; the decision ends it."""
    _program("SME-TECH")
    waiting = enrol("waiting@example.org", "SME-TECH", date(2022, 1, 10)).cycle
    refused = enrol("refused@example.org", "SME-TECH", date(2022, 1, 10)).cycle
    late = enrol("late@example.org", "SME-TECH", date(2022, 1, 10)).cycle
    db.session.commit()
    for cycle in (waiting, refused, late):
        _evidence(cycle, 20, date(2024, 6, 1), sha256="1" * 64)
    pending = {cycle.id: _evidence(cycle, 20, date(2024, 9, 1), status=DocumentStatus.NEEDS_REVIEW,
                                   sha256="2" * 64, title="Metrology basics",
                                   uploaded=datetime(2025, 1, 5) if cycle is not late else datetime(2025, 2, 1))
               for cycle in (waiting, refused, late)}
    closed = close_due_cycles(date(2025, 1, 11), outcome)
    assert {c.id: c.status for c in closed} == {waiting.id: IN_REVIEW, refused.id: IN_REVIEW, late.id: SHORT}
    decide(pending[waiting.id], "accept", _staff(staff.id), seen_version=pending[waiting.id].state_version)
    decide(pending[refused.id], "reject", _staff(staff.id), reason="not_relevant",
           seen_version=pending[refused.id].state_version)
    db.session.commit()
    assert (waiting.status, refused.status) == (COMPLETE, SHORT)
    assert cycle_progress(waiting).earned == 40


def _staff(user_id: int) -> User:
    return db.session.get_one(User, user_id)


def test_4_the_same_evidence_accepted_twice_counts_once(app: Flask) -> None:
    """A certificate sent twice (same content), or the same activity on another document (same title, date and
    issuer), counts once when staff accept the copy; a different activity on the same day still counts."""
    _program("ATMAE-SENIOR")
    cycle = enrol("twice@example.org", "ATMAE-SENIOR", date(2024, 1, 1)).cycle
    db.session.commit()
    when = date(2025, 3, 3)
    _evidence(cycle, 8, when, category=None, sha256="a" * 64)
    _evidence(cycle, 8, when, category=None, sha256="a" * 64)  # the same file again, accepted by staff
    _evidence(cycle, 8, when, category=None, sha256="b" * 64)  # a scan of the same certificate
    _evidence(cycle, 8, when, category=None, sha256="c" * 64, status=DocumentStatus.NEEDS_REVIEW)
    progress = cycle_progress(cycle)
    assert (progress.earned, progress.pending) == (8, 0)
    _evidence(cycle, 4, when, category=None, sha256="d" * 64, title="Forklift refresher")
    assert cycle_progress(cycle).earned == 12


def test_7_the_window_check_opens_on_the_cycles_own_first_day(app: Flask, applicant) -> None:
    """AMT's cycle runs from its certification date (2019-03-15) to November 1, 2022: an activity of
    2019-05-01 is inside it, though the due date minus 3 years (2019-11-01) is later."""
    _program("AMT-CMTSE")
    cycle = enrol(applicant.email, "AMT-CMTSE", date(2019, 3, 15)).cycle
    db.session.commit()
    doc = _evidence(cycle, 6, date(2019, 5, 1), status=DocumentStatus.NEEDS_REVIEW)
    ctx = check_context(doc)
    assert ctx.window_start == date(2019, 3, 15) and ctx.as_of == date(2022, 11, 1)
    flags = run_checks(readable=True, activities=[{"title": "PLC basics", "date": date(2019, 5, 1),
                                                   "amount": {"value": 6}}],
                       recipient=None, third_party=True, third_party_reasons=[], ctx=ctx)
    assert "outside_window" not in flags
    assert _ctx_from(_ctx_data(ctx)) == ctx, "the warm reader's child is checked against the same window"
    early = run_checks(readable=True, activities=[{"title": "PLC basics", "date": date(2019, 3, 1),
                                                   "amount": {"value": 6}}],
                       recipient=None, third_party=True, third_party_reasons=[], ctx=ctx)
    assert "before the window opened on 2019-03-15" in early["outside_window"]


def test_9_an_activity_in_no_category_counts_under_no_categorys_cap(app: Flask) -> None:
    """SME with a 10-credit cap on its first category: an accepted activity of 12 credits that staff have not
    placed counts 12 toward the total, is shown apart, and is held to no cap."""
    program = _program("SME-TECH")
    categories = [dict(c) for c in program.categories]
    categories[0]["max"] = 10
    program.categories = categories
    db.session.commit()
    cycle = enrol("nocat@example.org", "SME-TECH", date(2024, 1, 1)).cycle
    db.session.commit()
    _evidence(cycle, 12, date(2025, 5, 5), category=None)
    progress = cycle_progress(cycle)
    first = progress.categories[0]
    assert (first.accepted, first.counted) == (0, 0)
    assert progress.uncategorised == 12 and progress.earned == 12
    assert progress.as_dict()["uncategorised"] == 12


def test_2_an_earlier_exempt_cycle_never_takes_the_evidence_of_a_later_open_one(app: Flask, applicant) -> None:
    """Retired for the 2019 term, enrolled again without an exemption for 2023: a 2023 upload goes to the 2023
    cycle, which the applicant is shown; the exempt cycle ends at its own due date, exempt to the last."""
    from reviewer.documents.uploads import accept_upload
    from reviewer.programs.cycles import EXEMPT, current_cycle
    from reviewer.programs.progress import progress_for
    from tests.hostile import text_pdf

    _program("ATMAE-SENIOR")
    exempt = enrol(applicant.email, "ATMAE-SENIOR", date(2019, 1, 1), exemption="retired",
                   exemption_reason="Retired in 2018").cycle
    current = enrol(applicant.email, "ATMAE-SENIOR", date(2023, 1, 1)).cycle
    db.session.commit()
    user = _staff(applicant.id)
    assert current_cycle(user, today=date(2023, 6, 1)) == current
    with app.test_request_context():
        document = accept_upload(user, "pdus.pdf", text_pdf(["Certificate: 30 PDUs, June 2023"]))
    assert document.cycle_id == current.id
    progress = progress_for(user)
    assert progress is not None and progress.status == "open" and progress.due_date == date(2026, 1, 1)
    closed = close_due_cycles(date(2026, 12, 1), outcome)
    assert exempt.status == EXEMPT and exempt.closed_at is not None and exempt not in closed


def test_enrolment_without_a_secret_key_is_refused_in_words_before_anything_is_stored(app: Flask) -> None:
    from reviewer.cli.enrol import enrol_command

    _program("AMT-CMTSE")
    db.session.commit()
    app.config["SECRET_KEY"] = None
    result = app.test_cli_runner().invoke(enrol_command, ["nokey@example.org", "AMT-CMTSE",
                                                          "--certified-on", "2024-01-01"])
    assert result.exit_code == 1 and result.exception is not None and "Traceback" not in result.output
    assert "REVIEWER_SECRET_KEY is not set" in result.output
    assert db.session.scalar(db.select(User).where(User.email == "nokey@example.org")) is None


def test_10_the_document_list_and_the_transcript_say_what_progress_counts(app: Flask, applicant) -> None:
    """Outside the window, excluded, or a second copy: credited nothing on the document list and absent from
    the transcript; the transcript holds the current cycle only, and its units add up to the progress."""
    from reviewer.programs.progress import progress_for
    from reviewer.programs.transcript import transcript_csv, transcript_rows
    from reviewer.web.applicant_view import document_rows

    _program("ATMAE-SENIOR")
    cycle = enrol(applicant.email, "ATMAE-SENIOR", date(2024, 1, 1)).cycle
    other = enrol(applicant.email, "SME-TECH", date(2020, 1, 1)).cycle  # another program's earlier term
    db.session.commit()
    inside = _evidence(cycle, 8, date(2025, 2, 2), category=None, sha256="1" * 64)
    copy = _evidence(cycle, 8, date(2025, 2, 2), category=None, sha256="1" * 64)
    before = _evidence(cycle, 6, date(2023, 2, 2), category=None, sha256="2" * 64, title="Old course")
    elsewhere = _evidence(other, 5, date(2021, 5, 5), category="education", sha256="3" * 64, title="SME course")
    user = _staff(applicant.id)
    progress = progress_for(user)
    assert progress is not None and progress.program == "ATMAE-SENIOR" and progress.earned == 8
    credited = {row["id"]: row["units"] for row in document_rows(user)}
    assert credited[inside.id] == 8 and credited[copy.id] == 0 and credited[before.id] == 0
    assert credited[elsewhere.id] == 5  # credited in its own cycle
    lines = transcript_rows(progress)
    assert [(line["title"], line["units"], line["filename"]) for line in lines] == [("Welding safety", 8, "x.pdf")]
    assert (lines[0]["program"], lines[0]["window"], lines[0]["provider"]) == (
        "ATMAE-SENIOR", "2024-01-01 to 2027-01-01", "Midwest Institute")  # the scorecard's columns
    assert sum(line["units"] for line in lines) == progress.earned
    assert "SME course" not in transcript_csv(lines) and "Old course" not in transcript_csv(lines)


def test_8_a_renewal_before_the_old_due_date_takes_new_evidence_and_staff_can_move_a_document(
        app: Flask, staff) -> None:
    """Recertified in June 2024 while the 2021 term runs to November 2024: a July upload goes to the renewal;
    a document filed under the wrong cycle is moved by staff, audited, and counts in the cycle it was moved to."""
    from reviewer.models import AuditEvent
    from reviewer.programs.cycles import current_cycle
    from tests.conftest import csrf_from, login

    _program("AMT-CMTSE")
    old = enrol("renewing@example.org", "AMT-CMTSE", date(2021, 6, 1)).cycle
    renewal = enrol("renewing@example.org", "AMT-CMTSE", date(2024, 6, 1)).cycle
    db.session.commit()
    user = _staff(old.applicant_id)
    assert old.due_date == date(2024, 11, 1) and current_cycle(user, today=date(2024, 7, 15)) == renewal
    filed = _evidence(old, 9, date(2024, 7, 1), status=DocumentStatus.NEEDS_REVIEW)
    client = app.test_client()
    login(client, staff.email)
    token = csrf_from(client, f"/staff/documents/{filed.id}")
    assert client.post(f"/staff/documents/{filed.id}/cycle", data={"csrf_token": token, "cycle_id": 999999},
                       follow_redirects=True).get_data(as_text=True).count("own cycles") == 1
    response = client.post(f"/staff/documents/{filed.id}/cycle", data={"csrf_token": token, "cycle_id": renewal.id},
                           follow_redirects=True)
    assert "now counts toward AMT-CMTSE" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get_one(Document, filed.id).cycle_id == renewal.id
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == filed.id,
                                                          AuditEvent.action == "moved_to_cycle")).one()
    assert event.detail["from"] == old.id and event.detail["to"] == renewal.id and event.actor_id == staff.id
    assert (cycle_progress(renewal).pending, cycle_progress(old).pending) == (9, 0)


def test_6_evidence_counts_for_each_program_that_shares_it_and_the_applicant_may_say_which(
        app: Flask) -> None:
    """In ATMAE and SME at once: an activity sent for SME counts in SME and, because ATMAE's page lets an
    activity count for both, in ATMAE too, inside ATMAE's window; SME does not count ATMAE's. At upload the
    applicant may say which program a file is for."""
    from tests.conftest import create_user, csrf_from, login
    from tests.hostile import text_pdf

    create_user("both@example.org", "Both Programs", program=None)
    _program("ATMAE-SENIOR")
    atmae = enrol("both@example.org", "ATMAE-SENIOR", date(2024, 1, 1)).cycle
    sme = enrol("both@example.org", "SME-TECH", date(2024, 3, 1)).cycle
    db.session.commit()
    _evidence(sme, 8, date(2025, 4, 4), sha256="1" * 64)
    _evidence(atmae, 5, date(2025, 5, 5), sha256="2" * 64, title="Quality tools")
    assert (cycle_progress(atmae).earned, cycle_progress(sme).earned) == (13, 8)
    client = app.test_client()
    login(client, "both@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "SME technical certification" in page and 'name="cycle_id"' in page
    token = csrf_from(client, "/")
    client.post("/documents", data={"csrf_token": token, "cycle_id": str(sme.id),
                                    "files": [(io.BytesIO(text_pdf(["Certificate of completion"])), "sme.pdf")]},
                content_type="multipart/form-data")
    sent = db.session.scalars(db.select(Document).where(Document.original_name == "sme.pdf")).one()
    assert sent.cycle_id == sme.id and sent.program_code == "SME-TECH"


def _read(issuer: str, unit: str, when: date, title: str) -> Result:
    """A pipeline result of one clean activity, as a worker would store it."""
    return Result(pipeline_version="t", mime="application/pdf", pages=1, text_source="text_layer",
                  recipient="Ann Lee", issuer=issuer, third_party=True, third_party_reasons=["Issued by a school."],
                  activities=[ReadActivity(title=title, start_date=None, date=when, amount=Amount(3, unit),
                                           contact_hours=None)], flags={})


def test_5_coursework_toward_the_qualifying_degree_goes_to_staff_and_what_programs_ask_is_recorded(
        app: Flask, applicant) -> None:
    """ATMAE: coursework toward the qualifying degree cannot count, so academic credit from the degree's school,
    or dated by its year, is flagged for staff instead of accepted; the base certification is recorded, one of
    ATMAE's five. SME records the certifications held, several asking 54 credits."""
    from reviewer.documents.persistence import record_result
    from reviewer.programs.cycles import EnrolmentError

    _program("ATMAE-SENIOR")
    with pytest.raises(EnrolmentError, match="does not know the certification 'PMP'"):
        enrol("deg@example.org", "ATMAE-SENIOR", date(2024, 1, 1), certifications=["PMP"])
    cycle = enrol("deg@example.org", "ATMAE-SENIOR", date(2024, 1, 1), certifications=["cce", "ctm"],
                  degree_institution="Midwest State University", degree_year=2012).cycle
    sme = enrol("deg@example.org", "SME-TECH", date(2024, 1, 1), certifications=["CMfgT", "CEI"]).cycle
    db.session.commit()
    assert cycle.certifications == ["CCE", "CTM"] and not cycle.multiple_certifications
    assert sme.certifications == ["CMFGT", "CEI"] and sme.required_units == 54
    cases = {"same school": (_read("Midwest State University", "credit_hours", date(2024, 9, 1), "Statics"), True),
             "by the degree's year": (_read("Other College", "quarter_credit_hours", date(2011, 5, 1), "Dynamics"),
                                      True),
             "later, elsewhere": (_read("Other College", "credit_hours", date(2024, 9, 1), "Lean methods"), False),
             "not academic credit": (_read("Midwest State University", "contact_hours", date(2024, 9, 1),
                                                   "Safety workshop"), False)}
    app.config["AUDIT_SAMPLE_RATE"] = 0  # no random audit share: a clean reading is accepted
    for n, (name, (result, flagged)) in enumerate(cases.items()):
        doc = Document(applicant_id=cycle.applicant_id, cycle_id=cycle.id, sha256=f"{n + 1}" * 64,
                       original_name=f"{n}.pdf", size=1, status=DocumentStatus.PROCESSING)
        db.session.add(doc)
        db.session.commit()
        record_result(doc.id, 1, result)
        db.session.refresh(doc)
        assert ("qualifying_degree" in doc.flag_codes.split()) is flagged, name
        assert (doc.status == DocumentStatus.NEEDS_REVIEW) is flagged, name


def test_11_evidence_of_unknown_origin_is_never_accepted_unseen(app: Flask) -> None:
    """ATMAE: the document "must originate from someone other than you". When no issuer or signer other than
    the applicant is found, the reading is flagged origin_unknown, in plain words for the applicant, and goes to
    staff instead of being accepted; a document whose issuer is read is accepted as before."""
    from reviewer.documents.persistence import record_result
    from reviewer.web.applicant_view import flag_advice

    _program("ATMAE-SENIOR")
    cycle = enrol("origin@example.org", "ATMAE-SENIOR", date(2024, 1, 1)).cycle
    db.session.commit()
    app.config["AUDIT_SAMPLE_RATE"] = 0
    unknown = run_checks(readable=True, activities=[{"title": "PLC basics", "date": date(2025, 1, 1),
                                                     "amount": {"value": 6}}], recipient="Ann Lee",
                         third_party=None, third_party_reasons=["No issuing organisation was found."],
                         ctx=check_context_for(cycle))
    assert unknown == {"origin_unknown": "No issuing organisation was found."}
    outcomes = {}
    for n, (issuer, third_party) in enumerate((("Midwest Institute", True), (None, None))):
        result = _read(issuer or "", "contact_hours", date(2025, 2, 2), f"Course {n}")
        result.issuer, result.third_party = issuer, third_party
        result.flags = run_checks(readable=True, activities=[{"title": f"Course {n}", "date": date(2025, 2, 2),
                                                               "amount": {"value": 3}}], recipient="Ann Lee",
                                  third_party=third_party, third_party_reasons=["Nobody else is named."],
                                  ctx=check_context_for(cycle))
        doc = Document(applicant_id=cycle.applicant_id, cycle_id=cycle.id, sha256=f"{n + 5}" * 64,
                       original_name=f"{n}.pdf", size=1, status=DocumentStatus.PROCESSING)
        db.session.add(doc)
        db.session.commit()
        record_result(doc.id, 1, result)
        db.session.refresh(doc)
        outcomes[issuer] = (doc.status, doc.flag_codes)
    assert outcomes == {"Midwest Institute": (DocumentStatus.ACCEPTED, ""),
                        None: (DocumentStatus.NEEDS_REVIEW, "origin_unknown")}
    noticed, next_step = flag_advice("origin_unknown")
    assert "who issued" in noticed and "origin_unknown" not in noticed + next_step


def check_context_for(cycle: Cycle) -> CheckContext:
    return CheckContext(as_of=cycle.window_end, applicant="Ann Lee", opens=cycle.window_start)


def test_every_number_shown_comes_from_the_one_progress_function(app: Flask, staff) -> None:
    """The applicant's page, the API, the transcript (CSV) and the staff sidebar show the same figures, with
    evidence that must not count (outside the window, excluded, a second copy) and evidence still waiting."""
    import csv

    from tests.conftest import create_user, login

    create_user("same@example.org", "Sam Numbers", program=None)
    _program("ATMAE-SENIOR")
    cycle = enrol("same@example.org", "ATMAE-SENIOR", date(2024, 1, 1)).cycle
    db.session.commit()
    _evidence(cycle, 8, date(2025, 2, 2), category=None, sha256="1" * 64)
    _evidence(cycle, 8, date(2025, 2, 2), category=None, sha256="1" * 64)  # a second copy
    _evidence(cycle, 4.5, date(2025, 3, 3), category=None, sha256="2" * 64, title="Forklift refresher")
    _evidence(cycle, 6, date(2023, 3, 3), category=None, sha256="3" * 64, title="Too early")
    waiting = _evidence(cycle, 2, date(2025, 4, 4), category=None, sha256="4" * 64, title="Waiting",
                        status=DocumentStatus.NEEDS_REVIEW)
    progress = cycle_progress(cycle)
    assert (progress.earned, progress.pending, progress.needed) == (12.5, 2, 17.5)
    person = app.test_client()
    login(person, "same@example.org")
    user = db.session.scalars(db.select(User).where(User.email == "same@example.org")).one()
    token = user.new_token()
    db.session.commit()
    api = person.get("/api/me/progress", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert (api["earned"], api["pending"], api["needed"], api["required"]) == (12.5, 2, 17.5, 30)
    page = person.get("/").get_data(as_text=True)
    assert "12.5 of 30 PDUs accepted" in page and "2 waiting for review" in page and "17.5 PDUs still needed" in page
    lines = list(csv.DictReader(io.StringIO(person.get("/transcript.csv").get_data(as_text=True))))
    assert sum(float(line["units"]) for line in lines) == progress.earned and len(lines) == 2
    reviewer = app.test_client()
    login(reviewer, staff.email)
    sidebar = reviewer.get(f"/staff/documents/{waiting.id}").get_data(as_text=True)
    assert "12.5 of 30 PDUs" in sidebar


@pytest.mark.parametrize("address", ["ann@example.org, eve@example.org", "ann@example.org;eve@example.org",
                                     "ann lee@example.org", "ann@example"])
def test_an_enrolment_address_is_one_address(app: Flask, address: str) -> None:
    """A comma (or a semicolon, or a space) would send the enrolment mail to two people (issue 26)."""
    from reviewer.programs.cycles import EnrolmentError

    _program("AMT-CMTSE")
    with pytest.raises(EnrolmentError, match="is not an e-mail address"):
        enrol(address, "AMT-CMTSE", date(2024, 1, 1))


def test_a_certification_date_out_of_this_world_is_refused_in_words(app: Flask) -> None:
    """9999-12-31 ended in a 500 (a due date past year 9999); any date far from now is refused (issue 26)."""
    from reviewer.programs.cycles import EnrolmentError

    _program("SME-TECH")
    for day in (date(9999, 12, 31), date(1066, 10, 14)):
        with pytest.raises(EnrolmentError, match="is not a real one"):
            enrol("odd@example.org", "SME-TECH", day)
    admin = _staff_admin()
    client = app.test_client()
    from tests.conftest import login

    login(client, admin.email)
    token = admin.new_token()
    db.session.commit()
    answer = client.post("/api/enrolments", json={"email": "odd@example.org", "program": "SME-TECH",
                                                  "certified_on": "9999-12-31"},
                         headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 422 and "not a real one" in answer.get_json()["error"]["message"]


def _staff_admin() -> User:
    from tests.conftest import create_user

    create_user("admin9@example.org", "Admin Nine", role="admin", program=None)
    return db.session.scalars(db.select(User).where(User.email == "admin9@example.org")).one()


def test_staff_cannot_answer_an_applicants_resubmission_request(app: Flask, applicant, staff) -> None:
    """Issue 26, the medium finding: a reviewer posting to the applicant's resubmit route made a document of
    the reviewer's and closed the request the applicant still had to answer. It is refused, and nothing moves."""
    from tests.conftest import csrf_from, login
    from tests.hostile import text_pdf

    cycle = db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == applicant.id)).one()
    asked = _evidence(cycle, 4, date(2025, 5, 5), status=DocumentStatus.RESUBMISSION_REQUESTED, sha256="7" * 64)
    before = db.session.scalar(db.select(db.func.count(Document.id)))
    reviewer = app.test_client()
    login(reviewer, staff.email)
    token = csrf_from(reviewer, f"/staff/documents/{asked.id}")
    answer = reviewer.post(f"/documents/{asked.id}/resubmit", data={
        "csrf_token": token, "file": (io.BytesIO(text_pdf(["A new certificate"])), "new.pdf")},
        content_type="multipart/form-data")
    assert answer.status_code == 403
    db.session.expire_all()
    assert db.session.get_one(Document, asked.id).status == DocumentStatus.RESUBMISSION_REQUESTED
    assert db.session.scalar(db.select(db.func.count(Document.id))) == before


def test_an_administrators_new_account_is_one_address_too(app: Flask) -> None:
    from reviewer.accounts.people import AccountError, clean_email

    assert clean_email(" Ann.Lee+cert@Example.org ") == "ann.lee+cert@example.org"
    for address in ("ann@example.org,eve@example.org", "Ann <ann@example.org>", "ann@example"):
        with pytest.raises(AccountError, match="is not an e-mail address"):
            clean_email(address)
