"""`reviewer train DIR`: learn how a single activity's title is chosen, from the development set's train split.

The rules describe every candidate title of a document (`workers.fields.title_choice.describe_titles`); the truth
says which candidate is right (the same 90 % likeness `reviewer evaluate` scores by). A linear model is
fitted to pairs of one document's candidates (the right one against each wrong one) on the train split
only, so the locked test split stays a fair measure, and saved as a small JSON file of weights that the
reader evaluates without any machine-learning library.

Training is deterministic (documents in name order, a deterministic solver), so the committed model is what
`reviewer train` rebuilds. Before saving, the model is cross-validated by repository on the train split
beside the rules' own choice, so a model that chooses worse than the rules is visible before it is used.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from reviewer.cli.naming import name_database
from reviewer.config import limits_from
from reviewer.learning.corrections import correction_examples
from reviewer.learning.devset import DevsetMissing, labels_in
from reviewer.learning.evaluation import similar
from reviewer.learning.examples import Example, examples
from workers.fields.title_choice import FEATURES, MODEL_PATH, TitleModel, rules_choice

# The strength of regularisation is chosen from these by cross-validation on the train split.
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0)


def pairs(train: list[Example]) -> tuple[list[list[float]], list[int]]:
    """Each document's right candidates against each of its wrong ones, as feature differences, both ways
    round: a pair says which of two candidates of one document is the title, whatever the document."""
    rows: list[list[float]] = []
    ys: list[int] = []
    for example in train:
        vectors = [[d.features[name] for name in FEATURES] for d in example.described]
        labels = example.labels()
        for i in (i for i, y in enumerate(labels) if y):
            for j in (j for j, y in enumerate(labels) if not y):
                diff = [a - b for a, b in zip(vectors[i], vectors[j])]
                rows += [diff, [-v for v in diff]]
                ys += [1, 0]
    return rows, ys


def fit(train: list[Example], strength: float = 0.1) -> dict[str, Any]:
    """A linear model over the examples' candidate pairs, as the JSON spec `TitleModel` reads."""
    from sklearn.linear_model import LogisticRegression  # training only: the reader does not need it

    rows, ys = pairs(train)
    if not rows:
        raise click.ClickException("No document has both a right and a wrong candidate: nothing to learn.")
    n = len(rows)
    # Features are scaled by their spread over the pairs, so one strength of regularisation suits them all.
    scale = [max(1e-6, math.sqrt(sum(r[k] ** 2 for r in rows) / n)) for k in range(len(FEATURES))]
    scaled = [[v / s for v, s in zip(row, scale)] for row in rows]
    model = LogisticRegression(C=strength, fit_intercept=False, max_iter=5000).fit(scaled, ys)
    return {"features": list(FEATURES), "scale": [round(s, 9) for s in scale],
            "weights": [round(w, 9) for w in model.coef_[0].tolist()],
            "trained_on": {"documents": len(train), "candidates": sum(len(ex.described) for ex in train),
                           "pairs": n, "strength": strength}}


def right(chosen: Any, example: Example) -> bool:
    return chosen is not None and similar(chosen.value, example.title)


def cross_validate(found: list[Example], strength: float = 0.1, folds: int = 5) -> tuple[int, int, int]:
    """(model right, rules right, documents) over folds by repository: each fold's model never saw its
    repositories, as the test split's repositories are never seen."""
    repos = sorted({ex.repo.lower() for ex in found})
    model_right = rules_right = 0
    for k in range(folds):
        held = {r for i, r in enumerate(repos) if i % folds == k}
        model = TitleModel(fit([ex for ex in found if ex.repo.lower() not in held], strength))
        for ex in (ex for ex in found if ex.repo.lower() in held):
            model_right += right(model.choose(ex.described), ex)
            rules_right += right(rules_choice(ex.described), ex)
    return model_right, rules_right, len(found)


def adoption(candidate: dict[str, Any], current: TitleModel | None, test: list[Example]) -> tuple[bool, str]:
    """Whether a model retrained with a deployment's corrections replaces the current one: only if it chooses
    at least as many of the locked test split's titles right (counted as a whole, never file by file)."""
    new_right = sum(right(TitleModel(candidate).choose(ex.described), ex) for ex in test)
    old_right = sum(right(current.choose(ex.described) if current else rules_choice(ex.described), ex) for ex in test)
    verdict = (f"on the test split the new model chooses {new_right}/{len(test)} titles right, "
               f"the current one {old_right}/{len(test)}")
    return new_right >= old_right, verdict


@click.command("train")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="A folder of pages read once (devset/cached.py's), to train in seconds.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=MODEL_PATH, show_default=True)
@click.option("--with-corrections", is_flag=True,
              help="Learn from this deployment's staff corrections too; the new model is kept only if it scores "
                   "no worse on the locked test split, whose files DIRECTORY must hold as well.")
@with_appcontext
def train_command(directory: Path, cache: Path | None, output: Path, with_corrections: bool) -> None:
    """Train the title chooser on the development set's train split, whose files DIRECTORY holds."""
    try:
        labels = labels_in("train")
        test_labels = labels_in("test") if with_corrections else []
    except (DevsetMissing, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    limits = limits_from(current_app.config)
    found = examples(directory, labels, limits, cache)
    if with_corrections:
        name_database(current_app)
        corrections = correction_examples()
        click.echo(f"{len(corrections)} corrected titles from staff, beside {len(found)} development-set documents")
        found = found + corrections
    scores = {strength: cross_validate(found, strength) for strength in STRENGTHS}
    strength = max(STRENGTHS, key=lambda c: (scores[c][0], -c))  # a tie goes to the stronger regularisation
    model_right, rules_right, n = scores[strength]
    click.echo("title, cross-validated by repository on the train split: "
               + ", ".join(f"C={c} {scores[c][0]}/{n}" for c in STRENGTHS) + f"; rules {rules_right}/{n}")
    click.echo(f"chosen C={strength}: model {model_right}/{n}, rules {rules_right}/{n}")
    spec = fit(found, strength)
    if with_corrections:
        adopted, verdict = adoption(spec, TitleModel.load(output) if output.exists() else None,
                                    examples(directory, test_labels, limits, cache))
        if not adopted:
            raise click.ClickException(f"Kept the current model: {verdict}.")
        click.echo(f"Adopted: {verdict}.")
    output.write_text(json.dumps(spec, indent=1) + "\n")
    click.echo(f"wrote {output} ({spec['trained_on']['pairs']} pairs of "
               f"{spec['trained_on']['candidates']} candidates from {len(found)} documents)")
