"""The committed development set: labels and sources agree, the split is the hash's and frozen, the test
split is never shown file by file, and no reserved repository is used."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from reviewer.learning.devset import DEVSET, extend_split, hashed_split, labels_in, load_labels, load_split, repo_of
from reviewer.learning.evaluation import evaluate_command

sys.path.insert(0, str(DEVSET.parent))
from devset.gather import sources


def _reserved() -> set[str]:
    text = (DEVSET / "LABELLING.md").read_text()
    block = text.split("## Reserved repositories", 1)[1].split("\n## ", 1)[0]
    return {r.lower() for r in re.findall(r"[\w.-]+/[\w.-]+", block)}


def test_every_label_has_one_source_and_every_source_one_label() -> None:
    labels = load_labels()
    listed = {name: (repo, path) for name, repo, path, _ in sources()}
    assert len(listed) == len(sources()), "a file name is listed twice"
    assert Counter(doc["file"] for doc in labels).most_common(1)[0][1] == 1, "a file is labelled twice"
    assert {doc["file"] for doc in labels} == set(listed)
    for doc in labels:
        assert doc["source"] == ":".join(listed[doc["file"]]), doc["file"]


def test_labels_have_the_labelling_shape() -> None:
    for doc in load_labels():
        assert isinstance(doc["activities"], list) and doc["third_party"] in (True, False, None), doc["file"]
        for act in doc["activities"]:
            assert act["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", act["date"]), doc["file"]
            assert act["amount"] is None or {"value", "unit"} <= set(act["amount"]), doc["file"]


def test_no_reserved_repository_and_at_most_three_files_a_repository() -> None:
    reserved = _reserved()
    assert "devmcdonald/transcript" in reserved and "panagiotis-ins/certifications" in reserved
    per_repo = Counter(repo.lower() for _, repo, _, _ in sources())
    assert not set(per_repo) & reserved
    assert max(per_repo.values()) <= 3


def test_the_split_is_the_hash_of_each_repository_and_covers_every_source() -> None:
    frozen = load_split()
    repos = {repo.lower() for _, repo, _, _ in sources()}
    assert repos <= set(frozen), "a repository has no split: run python devset/split.py"
    assert all(side == hashed_split(repo) for repo, side in frozen.items())
    share = sum(side == "test" for side in frozen.values()) / len(frozen)
    assert 0.2 <= share <= 0.4
    train, test = labels_in("train"), labels_in("test")
    assert len(train) + len(test) == len(load_labels())
    assert not {repo_of(d).lower() for d in train} & {repo_of(d).lower() for d in test}


def test_extending_the_split_never_moves_a_frozen_repository(tmp_path: Path) -> None:
    # A repository frozen on the side the hash would not give it stays there when others are added.
    moved = "someone/certificates"
    other = "test" if hashed_split(moved) == "train" else "train"
    (tmp_path / "split.tsv").write_text(f"# repository\tsplit\n{moved}\t{other}\n")
    assert extend_split([moved, "another/one"], tmp_path) == ["another/one"]
    assert load_split(tmp_path) == {moved: other, "another/one": hashed_split("another/one")}


def test_a_document_whose_repository_has_no_split_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "split.tsv").write_text("a/b\ttrain\n")
    (tmp_path / "truth.jsonl").write_text(json.dumps({"file": "x.pdf", "source": "c/d:x.pdf", "activities": []}) + "\n")
    with pytest.raises(ValueError, match="c/d has no line in split.tsv"):
        labels_in("train", tmp_path)


@pytest.mark.parametrize("flag", ["--show-misses", "--progress"])
def test_the_test_split_is_never_read_file_by_file(runner: FlaskCliRunner, tmp_path: Path, flag: str) -> None:
    for split in ("test", "both"):
        result = runner.invoke(evaluate_command, [str(tmp_path), "--split", split, flag])
        assert result.exit_code == 2 and "scored as a whole" in result.output


def test_rows_past_the_labelled_pages_are_neither_right_nor_wrong() -> None:
    """A long record labelled for its first pages only (`pages_labelled`) is scored on those pages: a row
    read on page 3 is not counted as a miss, while a wrong row on page 1 still is."""
    from reviewer.learning.evaluation import Tally, score_document

    truth = {"file": "r.pdf", "pages_labelled": 2, "recipient": None, "issuer": None, "third_party": True, "flags": [],
             "activities": [{"title": "Calculus I", "start_date": None, "date": "2022-12-31", "amount": None},
                            {"title": "Physics I", "start_date": None, "date": "2022-12-31", "amount": None}]}
    found = [{"title": "Calculus I", "start_date": None, "date": "2022-12-31", "amount": None, "page": 1},
             {"title": "Physics I", "start_date": None, "date": "2022-12-31", "amount": None, "page": 2},
             {"title": "Chemistry II", "start_date": None, "date": "2023-05-31", "amount": None, "page": 3}]
    record = {"activities": found, "flags": [], "recipient": None, "issuer": None, "third_party": True}
    tally = Tally()
    score_document(truth, record, tally)
    assert (tally.right["title"], tally.asked["title"]) == (2, 2)
    unlimited = Tally()
    score_document({k: v for k, v in truth.items() if k != "pages_labelled"}, record, unlimited)
    assert (unlimited.right["title"], unlimited.asked["title"]) == (2, 3)
    wrong_first = Tally()
    score_document(truth, dict(record, activities=[dict(found[0], title="Linear Algebra")] + found[1:]), wrong_first)
    assert (wrong_first.right["title"], wrong_first.asked["title"]) == (1, 2)


def test_every_partly_labelled_record_says_how_many_pages_as_a_number() -> None:
    for doc in load_labels():
        assert "pages_labelled" not in (doc.get("notes") or "")[:20], doc["file"]
        if "pages_labelled" in doc:
            assert isinstance(doc["pages_labelled"], int) and doc["pages_labelled"] >= 1, doc["file"]
