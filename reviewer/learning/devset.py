"""The committed real-world development set: its labels, its sources, and its locked train/test split.

The documents themselves carry real names and no licence, so only their sources (`devset/sources.tsv`) and
labels (`devset/truth.jsonl`) live in the repository; `devset/gather.py` lays the files out again from
fetched mirrors. Labels were lost five times while they lived beside the files, so they live here now.

The split is by repository, never by file: two certificates from one person's repository share a layout,
an issuer and a name, and one on each side would let the train split teach the test split its answers.
About 30 % of repositories are held out for testing, chosen by a hash of the repository's name, so nobody
chooses which, and frozen in `devset/split.tsv`, so a later change to the rule cannot move a repository.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

DEVSET = Path(__file__).resolve().parents[2] / "devset"
TEST_SHARE = 30  # percent of repositories held out
Split = Literal["train", "test"]


class DevsetMissing(Exception):
    """The committed development set is not beside the package (an installed copy, not a checkout)."""


def hashed_split(repo: str) -> Split:
    """The split a repository falls in by the hash of its lower-cased `owner/name`."""
    bucket = int(hashlib.sha256(repo.lower().encode()).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_SHARE else "train"


def repo_of(label: dict[str, Any]) -> str:
    """The `owner/name` a labelled document came from (its `source` is `owner/name:path`)."""
    return str(label["source"]).split(":", 1)[0]


def _require(path: Path) -> Path:
    if not path.exists():
        raise DevsetMissing(f"{path} is missing: the development set is read from a checkout of the repository.")
    return path


def load_labels(devset: Path = DEVSET) -> list[dict[str, Any]]:
    """Every labelled document of the committed set."""
    lines = _require(devset / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines if line.strip()]
    for doc in docs:
        doc.setdefault("as_of", "2026-11-01")
    return docs


def load_split(devset: Path = DEVSET) -> dict[str, Split]:
    """The frozen split: repository → "train" or "test"."""
    frozen: dict[str, Split] = {}
    for line in _require(devset / "split.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            repo, side = line.split("\t")
            if side not in ("train", "test"):
                raise ValueError(f"split.tsv: {repo} is in an unknown split {side!r}")
            frozen[repo.lower()] = side  # type: ignore[assignment]
    return frozen


def labels_in(split: Split, devset: Path = DEVSET) -> list[dict[str, Any]]:
    """The labelled documents of one split. A document whose repository has no frozen split is an error:
    it would otherwise fall silently on one side."""
    frozen = load_split(devset)
    docs = []
    for doc in load_labels(devset):
        side = frozen.get(repo_of(doc).lower())
        if side is None:
            raise ValueError(f"{doc['file']}: its repository {repo_of(doc)} has no line in split.tsv "
                             "(run `python devset/split.py`)")
        if side == split:
            docs.append(doc)
    return docs


def extend_split(repos: Iterable[str], devset: Path = DEVSET) -> list[str]:
    """Give each repository not yet in `split.tsv` its hashed split, keeping every frozen line; return the new."""
    path = devset / "split.tsv"
    frozen = load_split(devset) if path.exists() else {}
    added = sorted({r for r in repos if r.lower() not in frozen}, key=str.lower)
    if added:
        header = "" if path.exists() else "# repository\tsplit (frozen: a line is never changed once written)\n"
        with path.open("a", encoding="utf-8") as out:
            out.write(header + "".join(f"{repo}\t{hashed_split(repo)}\n" for repo in added))
    return added
