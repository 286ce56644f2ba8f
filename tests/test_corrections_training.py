"""Staff corrections teach the title chooser: a corrected title becomes a labelled example built from the
page words it was read from, and a retrained model that chooses worse on the locked test split is refused."""

from __future__ import annotations

from flask import Flask

from reviewer.extensions import db
from reviewer.learning.corrections import correction_examples
from reviewer.learning.examples import Example
from reviewer.learning.training import adoption
from reviewer.models import Activity
from tests.conftest import csrf_from
from tests.test_title_choice import _described, _linear
from tests.test_workflow import _flagged_in_queue
from workers.fields.title_choice import TitleModel


def test_a_corrected_title_becomes_a_labelled_example_from_its_page_words(app: Flask, applicant, staff) -> None:
    _, reviewer, doc = _flagged_in_queue(app, applicant, staff, "spc.pdf")
    assert correction_examples() == []  # nothing corrected yet: nothing learned
    activity = db.session.scalars(db.select(Activity)).one()
    token = csrf_from(reviewer, f"/staff/documents/{doc.id}")
    page = reviewer.post(f"/staff/activities/{activity.id}", follow_redirects=True,
                         data={"csrf_token": token, "title": "Statistical Process Control (SPC)",
                               "date": "2025-03-14", "amount_value": "8", "amount_unit": "contact_hours"})
    assert "Activity corrected." in page.get_data(as_text=True)
    [example] = correction_examples()
    assert example.title == "Statistical Process Control (SPC)" and example.repo == f"applicant/{applicant.id}"
    # The example is the document's own candidates, labelled by the correction: the course line is right.
    right = [d.candidate.value for d, y in zip(example.described, example.labels()) if y]
    assert right == ["Statistical Process Control"]


def _examples() -> list[Example]:
    """Test-split documents where the cued line is the title and a larger line is not."""
    return [Example(f"t{i}.pdf", f"r{i}/x", "Boiler Safety", [
        _described("Jane Roe", relative_size=3.0),
        _described("Boiler Safety", relative_size=1.0, verb_before=1.0)]) for i in range(4)]


def test_a_retrained_model_that_chooses_worse_on_the_test_split_is_refused() -> None:
    current = TitleModel(_linear(verb_before=1.0))
    adopted, verdict = adoption(_linear(relative_size=1.0), current, _examples())
    assert not adopted and verdict == "on the test split the new model chooses 0/4 titles right, the current one 4/4"
    adopted, verdict = adoption(_linear(verb_before=2.0), current, _examples())
    assert adopted and "4/4 titles right, the current one 4/4" in verdict
    # With no model yet, the new one is held to the rules' own choice.
    rules_only = [Example(ex.file, ex.repo, ex.title, [ex.described[0], _described("Boiler Safety", True)])
                  for ex in _examples()]
    assert not adoption(_linear(relative_size=1.0), None, rules_only)[0]
