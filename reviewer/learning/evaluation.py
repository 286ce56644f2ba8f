"""`reviewer evaluate DIR`: per-field accuracy of the pipeline against a labelled truth file.

Accuracy is what the extractor is judged by, so it is measured the same way everywhere: in the CLI, in
the accuracy test, and in closing notes. An activity's field counts as right only when the document's
activities line up with the truth's; an extra or a missing activity counts against every field.

A folder holds either `truth.json` (the generator's `{"documents": [...]}`) or `truth.jsonl` (one document
per line: the shape of a hand-labelled real-world set). A hand label need not list flags: the flags that
follow from the labelled fields are derived (see `expected_flags`). An issuer drawn only as a logo is
labelled `null` with `issuer_logo_only`, and reporting no issuer for it is right. A label may also list
`issuer_accepted`: every organisation a second labeller would accept as the issuer, scored as
`issuer_any` beside the strict `issuer`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from reviewer.config import limits_from
from reviewer.learning.devset import DevsetMissing, labels_in
from reviewer.normalize import normalise
from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.result import Result
from workers.runtime.limits import Limits
from workers.runtime.warm_reader import WarmReader

FIELDS = ("title", "date", "amount", "recipient", "issuer", "issuer_any", "third_party", "self_issued")
TITLE_SIMILARITY = 0.9


def similar(a: str | None, b: str | None) -> bool:
    """Titles match when their normalised forms are at least 90 % alike (OCR may drop a letter)."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return na == nb
    return SequenceMatcher(None, na, nb).ratio() >= TITLE_SIMILARITY


@dataclass
class Tally:
    """Right answers over questions asked, per field, plus flag counts."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    asked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    flags_tp: int = 0
    flags_fp: int = 0
    flags_fn: int = 0
    misses: list[str] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    slowest: tuple[float, str] = (0.0, "")

    def add(self, name: str, ok: bool, note: str) -> None:
        self.asked[name] += 1
        self.right[name] += int(ok)
        if not ok:
            self.misses.append(note)

    def scores(self) -> dict[str, float]:
        out = {f: (self.right[f] / self.asked[f] if self.asked[f] else 1.0) for f in FIELDS}
        out["flag_precision"] = (self.flags_tp / (self.flags_tp + self.flags_fp)
                                 if self.flags_tp + self.flags_fp else 1.0)
        out["flag_recall"] = self.flags_tp / (self.flags_tp + self.flags_fn) if self.flags_tp + self.flags_fn else 1.0
        return out


def _align(truth: list[dict[str, Any]],
           found: list[dict[str, Any]]) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Pair truth and found activities by title, the most alike pair first; leftovers pair with None.

    Pairing in the truth's order would let a course the reader missed take the next course's match, so
    one miss on a transcript would cost two rows; the most alike pairs over the whole document go first.
    """
    truth_titles = [normalise(t.get("title")) for t in truth]
    found_titles = [normalise(f.get("title")) for f in found]
    ratios = sorted(((SequenceMatcher(None, a, b).ratio(), i, j)
                     for i, a in enumerate(truth_titles) for j, b in enumerate(found_titles)),
                    key=lambda r: (-r[0], r[1], r[2]))
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in ratios:
        if i not in partner and j not in taken:
            partner[i] = j
            taken.add(j)
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = [
        (t, found[partner[i]] if i in partner else None) for i, t in enumerate(truth)]
    pairs.extend((None, f) for j, f in enumerate(found) if j not in taken)
    return pairs


def scored_record(result: Result, file: str) -> dict[str, Any]:
    """What a result is scored as: `reviewer extract --json`'s object, each activity with the page its
    title was read on (a label may cover only a long record's first pages)."""
    record = result.contract(file)
    for activity, found in zip(record["activities"], result.activities):
        activity["page"] = (found.evidence.get("title") or {}).get("page")
    return record


def score_document(truth: dict[str, Any], record: dict[str, Any], tally: Tally) -> None:
    """Add one document's answers to the tally.

    A label of a long record may list only the rows of its first pages (`pages_labelled`): rows read
    further on are neither right nor wrong, and are left out."""
    name = truth["file"]
    found = record.get("activities", [])
    if truth.get("pages_labelled"):
        found = [a for a in found if (a.get("page") or 1) <= truth["pages_labelled"]]
    for t, f in _align(truth.get("activities", []), found):
        label = (t or f or {}).get("title")
        t, f = t or {}, f or {}
        tally.add("title", similar(t.get("title"), f.get("title")),
                  f"{name}: title {f.get('title')!r} ≠ {t.get('title')!r}")
        ok_date = t.get("date") == f.get("date") and t.get("start_date") == f.get("start_date")
        tally.add("date", ok_date, f"{name} [{label}]: date {f.get('start_date')}..{f.get('date')} ≠ "
                                   f"{t.get('start_date')}..{t.get('date')}")
        ta, fa = t.get("amount"), f.get("amount")
        ok_amount = (ta is None and fa is None) or (ta is not None and fa is not None and ta["unit"] == fa["unit"]
                                                     and abs(float(ta["value"]) - float(fa["value"])) < 1e-6)
        tally.add("amount", ok_amount, f"{name} [{label}]: amount {fa} ≠ {ta}")
    tally.add("recipient", normalise(truth.get("recipient")) == normalise(record.get("recipient")),
              f"{name}: recipient {record.get('recipient')!r} ≠ {truth.get('recipient')!r}")
    found_issuer = normalise(record.get("issuer"))
    strict = normalise(truth.get("issuer")) == found_issuer
    tally.add("issuer", strict, f"{name}: issuer {record.get('issuer')!r} ≠ {truth.get('issuer')!r}")
    # Where a document names several bodies in an issuing role (a course by Google on Coursera, an event
    # hosted by a university and run by its students), a second look lists each one a reviewer would
    # accept; `issuer_any` takes any of them. `issuer` holds to the one label.
    accepted = {normalise(a) for a in truth.get("issuer_accepted", [])}
    tally.add("issuer_any", strict or bool(found_issuer) and found_issuer in accepted,
              f"{name}: issuer {record.get('issuer')!r} is none of "
              f"{sorted(accepted | {normalise(truth.get('issuer'))})}")
    tally.add("third_party", truth.get("third_party") == record.get("third_party"),
              f"{name}: third_party {record.get('third_party')} ≠ {truth.get('third_party')}")
    if truth.get("third_party") is False:  # recall: every self-written document must be caught
        tally.add("self_issued", "self_issued" in record.get("flags", []),
                  f"{name}: self-written, not flagged self_issued")
    want = set(truth["flags"]) if "flags" in truth else expected_flags(truth)
    got = set(record.get("flags", []))
    tally.flags_tp += len(want & got)
    tally.flags_fp += len(got - want)
    tally.flags_fn += len(want - got)
    if want != got:
        tally.misses.append(f"{name}: flags {sorted(got)} ≠ {sorted(want)}")


def expected_flags(truth: dict[str, Any]) -> set[str]:
    """The flags a hand-labelled document must carry, from its labelled fields and as-of date."""
    flags: set[str] = set()
    if truth.get("third_party") is False:
        flags.add("self_issued")
    activities = truth.get("activities", [])
    if not activities:
        return flags | ({"missing_title", "missing_date", "missing_hours"} if truth.get("third_party") is not False
                        else set())
    window = _context(truth)
    for act in activities:
        if not act.get("title"):
            flags.add("missing_title")
        if not act.get("date"):
            flags.add("missing_date")
        elif not window.window_start <= date.fromisoformat(act["date"]) <= window.as_of:
            flags.add("outside_window")
        if not act.get("amount"):
            flags.add("missing_hours")
    return flags


def load_truth(directory: Path) -> list[dict[str, Any]]:
    """The labelled documents of a folder, from `truth.jsonl` or `truth.json`."""
    lines = directory / "truth.jsonl"
    if lines.exists():
        docs = [json.loads(line) for line in lines.read_text().splitlines() if line.strip()]
    elif (directory / "truth.json").exists():
        docs = json.loads((directory / "truth.json").read_text())["documents"]
    else:
        raise click.UsageError(f"{directory} has neither truth.jsonl nor truth.json.")
    for doc in docs:
        doc.setdefault("as_of", "2026-11-01")
    return docs


def _context(truth: dict[str, Any]) -> CheckContext:
    """What the pipeline's checks compare a labelled document against: its as-of date, window and applicant."""
    return CheckContext(as_of=date.fromisoformat(truth["as_of"]), window_years=truth.get("window_years", 3),
                        applicant=truth.get("applicant"))


def evaluate_dir(directory: Path, limits: Limits, progress: Callable[[str], None] | None = None,
                 labels: list[dict[str, Any]] | None = None) -> Tally:
    """Run the pipeline on every labelled document (the folder's own truth file unless `labels` are given)."""
    tally = Tally()
    with WarmReader(limits) as reader:
        for truth in load_truth(directory) if labels is None else labels:
            ctx = _context(truth)
            path = directory / truth["file"]
            started = time.monotonic()
            try:
                record = scored_record(reader.process(path.read_bytes(), ctx), truth["file"])
            except PipelineError as exc:
                record = {"activities": [], "flags": [], "error": exc.as_dict()}
                tally.errors[exc.code] = tally.errors.get(exc.code, 0) + 1
                tally.misses.append(f"{truth['file']}: refused as {exc.code}: {exc.message}")
            tally.slowest = max(tally.slowest, (round(time.monotonic() - started, 2), truth["file"]))
            score_document(truth, record, tally)
            if progress:
                progress(truth["file"])
    return tally


def score_table(columns: dict[str, Tally]) -> list[str]:
    """Each field's score in each column, right answers over questions asked beside it."""
    lines = [f"{'field':<16}" + "".join(f"{name:>20}" for name in columns)]
    for name in (*FIELDS, "flag_precision", "flag_recall"):
        cells = []
        for tally in columns.values():
            value = tally.scores()[name]
            counts = f"{tally.right[name]}/{tally.asked[name]}" if name in FIELDS else ""
            cells.append(f"{value:>9.3f} {counts:>10}")
        lines.append(f"{name:<16}" + "".join(cells))
    return lines


@click.command("evaluate")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(["train", "test", "both"]),
              help="Score DIRECTORY's files against the committed development set's labels (devset/truth.jsonl), "
                   "on one side of its locked split or on both, side by side with the gap.")
@click.option("--show-misses", is_flag=True, help="List every wrong answer (never on the test split).")
@click.option("--progress", is_flag=True, help="Print each file's name as it is read (never on the test split).")
@with_appcontext
def evaluate_command(directory: Path, split: str | None, show_misses: bool, progress: bool) -> None:
    """Print per-field accuracy of the extractor on DIRECTORY (with its truth.jsonl or truth.json, or --split)."""
    if split in ("test", "both") and (show_misses or progress):
        # The test split is read as a whole, never file by file: a miss seen is a miss tuned for.
        raise click.UsageError("The test split is scored as a whole: "
                               "--show-misses and --progress are for --split train.")
    limits = limits_from(current_app.config)
    report = (lambda name: click.echo(f"  read {name}", err=True)) if progress else None
    if split is None:
        columns = {"score": evaluate_dir(directory, limits, progress=report)}
    else:
        try:
            sides = ("train", "test") if split == "both" else (split,)
            columns = {side: evaluate_dir(directory, limits, progress=report, labels=labels_in(side))  # type: ignore[arg-type]
                       for side in sides}
        except (DevsetMissing, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
    for line in score_table(columns):
        click.echo(line)
    if len(columns) == 2:
        train, test = (tally.scores() for tally in columns.values())
        worst = max(FIELDS, key=lambda name: train[name] - test[name])
        click.echo(f"widest gap, train minus test: {worst} {train[worst] - test[worst]:+.3f}")
    for name, tally in columns.items():
        refused = ", ".join(f"{code} {n}" for code, n in sorted(tally.errors.items())) or "none"
        slowest = f"{tally.slowest[0]:.1f} s" + (f" ({tally.slowest[1]})" if name != "test" else "")
        click.echo(f"{name}: {tally.asked['recipient']} documents; refused: {refused}; "
                   f"slowest file {slowest}")
    if show_misses:
        for tally in columns.values():
            for miss in tally.misses:
                click.echo(f"  miss: {miss}")
