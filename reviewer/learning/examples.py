"""Training examples for the title chooser: one labelled document's title candidates and its true title.

Both sources of examples build them here: the development set's labelled files (`examples`) and staff
corrections (`reviewer/learning/corrections.py`), so both are described exactly as the reader describes a
document, and `training.py` fits the model to either without knowing where an example came from.
"""

from __future__ import annotations

import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.learning.devset import repo_of
from reviewer.learning.evaluation import similar
from workers.errors import PipelineError
from workers.fields.extract import extract_fields
from workers.fields.title_choice import Described, rules_choice
from workers.pipeline import document_text
from workers.reading.pages import PageText
from workers.reading.sniff import read_pages
from workers.runtime.limits import Limits


@dataclass
class Example:
    """One labelled document's candidates: the repository it came from and the title it truly has."""

    file: str
    repo: str
    title: str
    described: list[Described]

    def labels(self) -> list[int]:
        return [int(similar(d.candidate.value, self.title)) for d in self.described]


def _pages(path: Path, cache: Path | None, limits: Limits) -> list[PageText]:
    """A file's pages, from `devset/cached.py`'s cache of read pages when it holds them."""
    cached = cache / f"{path.name}.pkl" if cache else None
    if cached and cached.exists():
        return pickle.loads(cached.read_bytes())[1]  # a developer's own cache, written by devset/cached.py
    data = path.read_bytes()
    sniffed, pages = read_pages(data, limits, time.monotonic() + limits.timeout_seconds)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(pickle.dumps((sniffed.mime, pages)))
    return pages


def candidates_of(pages: list[PageText]) -> list[Described]:
    """A document's title candidates, described as the reader describes them; none where the reader finds
    no single activity to title (a transcript's rows, a résumé)."""
    recorded: list[list[Described]] = []

    def record(described: list[Described]) -> Any:
        recorded.append(described)
        return rules_choice(described)

    extract_fields(document_text(pages), [p.number for p in pages], choose=record)
    return recorded[0] if recorded else []


def examples(folder: Path, labels: list[dict[str, Any]], limits: Limits, cache: Path | None = None) -> list[Example]:
    """The candidates of every labelled single-activity document with a title, in file-name order."""
    found = []
    for truth in sorted(labels, key=lambda t: t["file"]):
        acts = truth.get("activities", [])
        if truth.get("kind") == "transcript" or len(acts) != 1 or not acts[0].get("title"):
            continue
        try:
            pages = _pages(folder / truth["file"], cache, limits)
        except PipelineError:
            continue  # a refused file has no candidates to learn from
        described = candidates_of(pages)
        if described:
            found.append(Example(truth["file"], repo_of(truth), acts[0]["title"], described))
    return found
