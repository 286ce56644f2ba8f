"""Training examples for the title chooser: one labelled document's title candidates and its true title.

Both sources of examples build them here: the development set's labelled files (`examples`) and staff
corrections (`reviewer/learning/corrections.py`), so both are described exactly as the reader describes a
document, and `training.py` fits the model to either without knowing where an example came from.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.learning.devset import repo_of
from reviewer.learning.evaluation import similar
from workers.errors import PipelineError
from workers.fields.extract import extract_fields
from workers.fields.memory import forget
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


def cached_read(cache: Path, name: str) -> tuple[str, list[PageText]] | None:
    """A file's type and pages from a developer's cache of read pages (`devset/cached.py`), if it holds them.

    The cache is JSON in the page cache's own shape, not pickled objects: a pickle names the classes it
    was written with, and a class that changes its layout (slots) silently reads an old pickle wrong."""
    cached = cache / f"{name}.json"
    if not cached.exists():
        return None
    data = json.loads(cached.read_text())
    return data["mime"], [PageText.from_data(p["number"], p["source"], p["rotation"], p["mean_conf"], p["words"])
                          for p in data["pages"]]


def cache_read(cache: Path, name: str, mime: str, pages: list[PageText]) -> None:
    """Keep a file's read pages in a developer's cache (`cached_read`)."""
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{name}.json").write_text(json.dumps({"mime": mime, "pages": [
        {"number": p.number, "source": p.source, "rotation": p.rotation, "mean_conf": p.mean_conf,
         "words": p.words_data()} for p in pages]}))


def _pages(path: Path, cache: Path | None, limits: Limits) -> list[PageText]:
    """A file's pages, from the developer's cache of read pages when it holds them."""
    cached = cached_read(cache, path.name) if cache else None
    if cached:
        return cached[1]
    data = path.read_bytes()
    sniffed, pages = read_pages(data, limits, time.monotonic() + limits.timeout_seconds)
    if cache:
        cache_read(cache, path.name, sniffed.mime, pages)
    return pages


def candidates_of(pages: list[PageText]) -> list[Described]:
    """A document's title candidates, described as the reader describes them; none where the reader finds
    no single activity to title (a transcript's rows, a résumé)."""
    recorded: list[list[Described]] = []

    def record(described: list[Described]) -> Any:
        recorded.append(described)
        return rules_choice(described)

    forget()  # one document's memory of its lines (workers/fields/memory.py), as the pipeline keeps it
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
