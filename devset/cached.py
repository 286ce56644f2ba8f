"""Score the reading stages on the development set in seconds, from pages read once.

`reviewer evaluate DIR` reads every file again (OCR included), about two minutes for the whole set. While
working on the text → fields stages, read the pages once and score from them:

    .venv/bin/python devset/cached.py read /work/devset/all /work/devset/cache [PREFIX] [--reverse]
    #   new files only; empty the cache after reader changes. A second reader with --reverse starts from
    #   the other end, so two cores share the work (each skips what the other has cached)
    .venv/bin/python devset/cached.py score /work/devset/cache [--misses] [--files] [PREFIX]
    #   --files: one line per train file (activities read and labelled, titles, dates and amounts right), to
    #   see which files a change moved: run it before and after and compare the two

It scores the train split only, against the committed labels: the test split is scored as a whole, once a
round, by `reviewer evaluate DIR --split both`. Both folders stay outside the repository (the files carry
real names). The scores are `reviewer evaluate`'s own (the same `score_document`), split into transcripts
and everything else.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewer.learning.devset import labels_in
from reviewer.learning.evaluation import Tally, _context, score_document, score_table, scored_record
from reviewer.learning.examples import cache_read, cached_read
from workers.pipeline import analyse
from workers.reading.pages import PageText
from workers.reading.sniff import read_pages
from workers.runtime.limits import Limits


def read(folder: Path, cache: Path, only: str = "", reverse: bool = False) -> None:
    limits = Limits()
    cache.mkdir(parents=True, exist_ok=True)
    # Every file in the folder, labelled or not yet: the pages can be read while the labelling goes on.
    files = sorted((p for p in folder.iterdir() if p.is_file() and not p.name.startswith("truth.")), reverse=reverse)
    for path in files:
        if only and not path.name.startswith(only) or (cache / f"{path.name}.json").exists():
            continue  # read once: delete a file's page cache to read it again
        data = path.read_bytes()
        sniffed, pages = read_pages(data, limits, time.monotonic() + limits.timeout_seconds)
        cache_read(cache, path.name, sniffed.mime, pages)


def _file_line(truth: dict[str, Any], record: dict[str, Any]) -> str:
    """One train file's own figures: activities labelled and read, and how many titles, dates and amounts
    are right (`score_document` on this file alone)."""
    alone = Tally()
    score_document(truth, record, alone)
    right = {field: f"{alone.right[field]}/{alone.asked[field]}" for field in ("title", "date", "amount")}
    return (f"{truth['file'][:48]:48} labelled {len(truth['activities']):3}  read {len(record['activities']):3}  "
            f"title {right['title']:>7}  date {right['date']:>7}  amount {right['amount']:>7}")


def _missing(name: str) -> tuple[str, list[PageText]]:
    raise SystemExit(f"{name} is not in the cache: run `devset/cached.py read` first")


def score(cache: Path, prefix: str, misses: bool, files: bool = False) -> None:
    tallies = {"transcripts": Tally(), "others": Tally(), "all": Tally()}
    for truth in labels_in("train"):
        if not truth["file"].startswith(prefix):
            continue
        mime, pages = cached_read(cache, truth["file"]) or _missing(truth["file"])
        record = scored_record(analyse(pages, mime, _context(truth)), truth["file"])
        kind = "transcripts" if truth.get("kind") == "transcript" else "others"
        for name in ("all", kind):
            score_document(truth, record, tallies[name])
        if files:
            print(_file_line(truth, record))
    for line in score_table(tallies):
        print(line)
    if misses:
        for miss in tallies["all"].misses:
            print("  miss:", miss)


if __name__ == "__main__":
    verb, *rest = sys.argv[1:]
    if verb == "read":
        folder, cache, *options = rest
        only = [o for o in options if not o.startswith("-")]
        read(Path(folder), Path(cache), only[0] if only else "", "--reverse" in options)
    else:
        cache, *options = rest
        score(Path(cache), next((o for o in options if not o.startswith("-")), ""), "--misses" in options,
              "--files" in options)
