"""The learned title chooser: its trees are read as they were trained, it keeps the rules' fallbacks, and
the committed model is what the pipeline version names."""

from __future__ import annotations

import json

import pytest

from workers.fields.title_choice import (
    FEATURES,
    MODEL_PATH,
    Described,
    TitleModel,
    _Document,
    _shape,
    model_digest,
    rules_choice,
)
from workers.fields.titles import TitleCandidate
from workers.pipeline import PIPELINE_VERSION


def _described(value: str, rule_choice: bool = False, **features: float) -> Described:
    row = dict.fromkeys(FEATURES, 0.0)
    row.update(features, rule_choice=float(rule_choice))
    return Described(TitleCandidate(value, (0, len(value))), row)


def _linear(**weights: float) -> dict[str, object]:
    """A model that scores by the given features only."""
    return {"features": list(FEATURES), "scale": [2.0] * len(FEATURES),
            "weights": [2.0 * weights.get(name, 0.0) for name in FEATURES]}


def test_a_candidate_is_scored_by_its_weighted_features() -> None:
    model = TitleModel(_linear(relative_size=1.0, not_title=-3.0))  # each weight is read over its scale
    assert model.score(_described("a", relative_size=2.0).features) == 2.0
    assert model.score(_described("a", relative_size=2.0, not_title=1.0).features) == -1.0


def test_the_best_scored_candidate_wins_and_a_tie_goes_to_the_earlier() -> None:
    model = TitleModel(_linear(relative_size=1.0))
    small, large, same = (_described("Small", relative_size=1.0), _described("Large", relative_size=2.0),
                          _described("Same size", relative_size=2.0))
    assert model.choose([small, large]).value == "Large"
    assert model.choose([small, large, same]).value == "Large"  # the same score: the first one found
    assert model.choose([]) is None


def test_a_model_of_other_features_is_refused() -> None:
    spec = _linear(relative_size=1.0)
    spec["features"] = list(FEATURES[:-1])
    with pytest.raises(ValueError, match="reviewer train"):
        TitleModel(spec)


def test_the_rules_choice_is_the_marked_candidate() -> None:
    assert rules_choice([_described("A"), _described("B", rule_choice=True)]).value == "B"
    assert rules_choice([_described("A")]) is None


def test_the_committed_model_loads_and_the_pipeline_version_names_its_hash() -> None:
    spec = json.loads(MODEL_PATH.read_text())
    assert tuple(spec["features"]) == FEATURES and any(spec["weights"])
    TitleModel(spec)
    assert PIPELINE_VERSION.endswith("+" + model_digest()) and len(PIPELINE_VERSION) <= 20


def test_training_learns_to_rank_the_title_above_its_document_s_other_candidates() -> None:
    pytest.importorskip("sklearn")
    from reviewer.learning.examples import Example
    from reviewer.learning.training import fit

    # The title is in larger type, or introduced by a cue where a name is larger: both must be learned.
    examples = []
    for i in range(12):
        cued = i % 3 == 0
        examples.append(Example(f"d{i}.pdf", f"r{i // 2}/x", "Welding Safety", [
            _described("Certificate Holder Name", relative_size=2.5 if cued else 1.0),
            _described("Welding Safety", relative_size=1.0 if cued else 2.0 + i / 10, verb_before=float(cued)),
            _described("Main Street 5", relative_size=1.0, top=0.9),
        ]))
    first = fit(examples)
    assert first == fit(examples)  # deterministic: `reviewer train` rebuilds the committed model
    model = TitleModel(first)
    assert all(model.choose(ex.described).value == "Welding Safety" for ex in examples)
    held_out = [_described("Jane Roe", relative_size=2.6), _described("Forklift Operation", relative_size=1.0,
                                                                        verb_before=1.0)]
    assert model.choose(held_out).value == "Forklift Operation"


@pytest.mark.parametrize("value, dangling", [
    ("Python for Data Science with a consolidated score of", True),
    ("CURSO DE", True),
    ("Formation continue pour", True),
    ("Einführung in die", True),
    ("SWITCHING, ROUTING AND", True),
    ("Project Management -", True),
    ("Python for Data Science", False),
    ("Curso de PHP con Laravel", False),
    ("Lean Six Sigma Green Belt", False),
])
def test_a_title_cut_at_a_word_that_leads_on_is_marked(value: str, dangling: bool) -> None:
    """A candidate cut where a line ends ("CURSO DE" over "PHP CON LARAVEL") ends on a word that leads into
    more, in any language read; the committed model learned to score such a cut below the same words whole."""
    facts = _Document(value, value.casefold(), [], [], None)
    assert _shape(value, (0, len(value)), facts)["dangling"] == float(dangling)


def test_the_committed_model_scores_a_cut_title_lower() -> None:
    model = TitleModel.load()
    assert model.score(_described("x", dangling=1.0).features) < model.score(_described("x").features)


@pytest.mark.parametrize("sentence, role", [
    ("has worked with us as a Data Analyst from 1 May 2024", "Data Analyst"),
    ("completed his internship as Software Developer Intern at our office", "Software Developer Intern"),
    ("war vom 1. Oktober 2024 als Praktikant in der Abteilung", "Praktikant"),
    ("joined the team as a Mern Stack\nDeveloper in June", "Mern Stack Developer"),
    ("a travaillé chez nous en tant que Stagiaire en marketing", "Stagiaire"),
])
def test_a_letter_names_the_role_held(sentence: str, role: str) -> None:
    from workers.fields.titles import role_titles

    assert [c.value for c in role_titles(sentence, None)] == [role]


@pytest.mark.parametrize("sentence", [
    "skills such as Python and SQL",  # no word that names a job
    "known as the Harbour Developer Conference",  # "the": an event's name, not a role's
    "ranked as a Top Performer of the quarter",  # capitalised, but no word that names a job
])
def test_no_role_where_no_job_is_named(sentence: str) -> None:
    from workers.fields.titles import role_titles

    assert [c.value for c in role_titles(sentence, None)] == []


@pytest.mark.parametrize("raw, title", [
    ("Building Data Lakes on AWS", "Building Data Lakes on AWS"),  # "on" an acronym's platform is the course's
    ("Collaboration on GitHub", "Collaboration on GitHub"),
    ("Python Basics on Udemy", "Python Basics"),  # where it was taken, not what
    ("Data Science completed on March 3", "Data Science"),
])
def test_on_ends_a_title_unless_a_platform_s_acronym_follows(raw: str, title: str) -> None:
    from workers.fields.titles import clean_title

    assert clean_title(raw) == title
