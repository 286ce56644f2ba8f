"""The flag vocabulary (workers/flags.py) is complete, and everything that speaks it reads it from there."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from flask import Flask

from reviewer.mail.notifications import REJECT_REASONS as MAIL_REASONS
from reviewer.reprocessing.selection import Selection, SelectionError
from reviewer.review.decisions import DecisionError, validate_decision
from reviewer.review.staff_queue import QueueQuery
from reviewer.web.applicant_view import flag_advice
from reviewer.web.forms import DecisionForm
from workers.checks import CheckContext, run_checks
from workers.flags import BY_CODE, EXTRACTION_FLAGS, QUEUE_FLAGS, REJECT_REASONS, VOCABULARY, Flag, label, problems

CTX = CheckContext(as_of=date(2026, 6, 1), applicant="Ada Lovelace")
DATED = {"title": "Welding safety", "date": date(2026, 1, 10), "amount": {"value": 2, "unit": "hours"}}


def test_the_shipped_vocabulary_has_every_word_of_every_code() -> None:
    assert problems() == []
    assert len(BY_CODE) == len(VOCABULARY)


@pytest.mark.parametrize(("broken", "problem"), [
    (Flag("late", "reader", "", "It came late.", "Send it sooner.", None), "late: no label"),
    (Flag("late", "reader", "late", " ", "Send it sooner.", None), "late: no noticed"),
    (Flag("late", "reader", "late", "It came late.", "", None), "late: no next step"),
    (Flag("late", "staff", "late", "It came late.", "Send it sooner.", None), "late: a staff-only code must be"),
    (Flag("late", "reader", "late", "It came late.", "Send it sooner.", ""), "late: an empty reject sentence"),
    (Flag("Late", "reader", "late", "It came late.", "Send it sooner.", None), "'Late': a code is lower-case"),
    (Flag("duplicate", "storage", "again", "Sent twice.", "Don't.", None), "duplicate: listed twice"),
])
def test_a_code_that_lacks_a_word_is_named(broken: Flag, problem: str) -> None:
    found = problems(VOCABULARY + (broken,))
    assert any(p.startswith(problem) for p in found), found


def test_the_checks_raise_exactly_the_readers_codes_in_the_vocabularys_order() -> None:
    raised: list[str] = []
    raised += run_checks(readable=False, activities=[], recipient=None, third_party=None,
                         third_party_reasons=[], ctx=CTX)
    everything = run_checks(readable=True, activities=[{"title": None, "date": date(2001, 1, 1), "amount": None}],
                            recipient="Someone Else", third_party=False, third_party_reasons=["Signed by them."],
                            ctx=CTX)
    assert list(everything) == [c for c in EXTRACTION_FLAGS if c in everything], "listed in the vocabulary's order"
    raised += everything
    raised += run_checks(readable=True, activities=[], recipient=None, third_party=None, third_party_reasons=[],
                         ctx=CTX)
    assert run_checks(readable=True, activities=[DATED], recipient="Ada Lovelace", third_party=True,
                      third_party_reasons=[], ctx=CTX) == {}
    assert set(raised) == {f.code for f in VOCABULARY if f.raised_by == "reader"}


def test_what_stores_queues_and_selects_by_flags_derives_from_the_vocabulary() -> None:
    assert "duplicate" in EXTRACTION_FLAGS and "audit_sample" not in EXTRACTION_FLAGS
    assert set(QUEUE_FLAGS) == set(EXTRACTION_FLAGS) | {"audit_sample"}
    for code in QUEUE_FLAGS:
        assert QueueQuery(flag=code).checked().flag == code
    with pytest.raises(ValueError, match="Unknown flag"):
        QueueQuery(flag="not_relevant").checked()  # a reject reason only: no document carries it
    for code in EXTRACTION_FLAGS:
        assert Selection(flag=code).check().flag == code
    with pytest.raises(SelectionError, match="Unknown flag"):
        Selection(flag="audit_sample").check()


def test_reject_reasons_and_their_sentences_come_from_the_vocabulary(app: Flask) -> None:
    assert set(REJECT_REASONS) == {f.code for f in VOCABULARY if f.rejection}
    assert {"duplicate", "not_relevant", "illegible"} <= set(REJECT_REASONS)
    assert "audit_sample" not in REJECT_REASONS and "unreadable" not in REJECT_REASONS
    assert MAIL_REASONS is REJECT_REASONS
    for reason, valid in (("audit_sample", False), ("not_relevant", True), ("illegible", True)):
        with app.test_request_context(method="POST", data={"outcome": "reject", "reason": reason}):
            form = DecisionForm(meta={"csrf": False})
            assert form.reason.validate(form) is valid, reason
    with pytest.raises(DecisionError, match="Unknown reason code"):
        validate_decision("reject", "audit_sample", "")
    assert validate_decision("reject", "illegible", "") == ("reject", "illegible", "")


def test_every_code_has_advice_for_the_applicant_and_a_label_for_staff() -> None:
    for flag in VOCABULARY:
        noticed, next_step = flag_advice(flag.code)
        assert noticed == flag.noticed and next_step == flag.next_step
        assert label(flag.code) == flag.label
    assert label("from_an_older_release") == "from an older release"


def test_the_reprocess_command_offers_the_extraction_flags() -> None:
    from reviewer.cli.reprocess import reprocess_command

    result = CliRunner().invoke(reprocess_command, ["--flag", "audit_sample", "--dry-run"])
    assert result.exit_code == 2 and "is not one of" in result.output
    offered = result.output.split("is not one of")[-1]
    assert all(code in offered for code in EXTRACTION_FLAGS)
