"""Accuracy on the labelled sample set: every field at 0.95 or better (real Tesseract on the scans)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from reviewer.evaluation import evaluate_command, evaluate_dir
from workers.limits import Limits

THRESHOLD = 0.95


@pytest.mark.slow
def test_every_field_meets_the_threshold(samples: Path, limits: Limits) -> None:
    tally = evaluate_dir(samples, limits)
    scores = tally.scores()
    assert set(scores) == {"title", "date", "amount", "recipient", "issuer", "third_party", "flag_precision",
                           "flag_recall"}
    low = {name: round(score, 3) for name, score in scores.items() if score < THRESHOLD}
    assert not low, f"below {THRESHOLD}: {low}\n" + "\n".join(tally.misses)
    assert tally.asked["title"] >= 35  # the set still covers every layout, transcripts included


def test_evaluate_command_prints_the_table(runner: FlaskCliRunner, samples: Path, tmp_path: Path) -> None:
    subset = tmp_path / "subset"
    subset.mkdir()
    name = "01_certificate_text_pdf.pdf"
    (subset / name).write_bytes((samples / name).read_bytes())
    import json
    truth = json.loads((samples / "truth.json").read_text())
    [doc] = [d for d in truth["documents"] if d["file"] == name]
    doc = dict(doc, issuer="Somebody Else Entirely")
    (subset / "truth.json").write_text(json.dumps({"documents": [doc]}))
    result = runner.invoke(evaluate_command, [str(subset), "--show-misses"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1] for line in result.output.splitlines()[1:9]}
    assert rows["title"] == "1.000" and rows["issuer"] == "0.000"
    assert "Somebody Else Entirely" in result.output
