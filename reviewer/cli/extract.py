"""`reviewer extract`: the pipeline from the command line, with no Redis and no database."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from reviewer.config import limits_from
from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.result import error_contract
from workers.runtime.warm_reader import WarmReader


def run_file(path: str, ctx: CheckContext, reader: WarmReader) -> dict[str, Any]:
    """One file's contract object; a refused file becomes an error object, never an exception."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return error_contract(path, "corrupt", f"The file cannot be opened: {exc.strerror}.")
    try:
        return reader.process(data, ctx).contract(path)
    except PipelineError as exc:
        return error_contract(path, exc.code, exc.message)


def _hours(record: dict[str, Any]) -> str:
    values = [a["contact_hours"] for a in record["activities"] if a["contact_hours"] is not None]
    return f"{sum(values):g}" if values else "-"


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(records: list[dict[str, Any]]) -> None:
    """A readable table: file, activities, contact hours, third party, flags (or the error)."""
    widths = (34, 10, 7, 11)
    head = ("file", "activities", "hours", "third party", "flags")
    click.echo("  ".join(h.ljust(w) for h, w in zip(head, widths)) + "  " + head[-1])
    for r in records:
        if r["status"] == "error":
            cells = (Path(r["file"]).name, "-", "-", "-")
            tail = f"ERROR {r['error']['code']}: {r['error']['message']}"
        else:
            third = {True: "yes", False: "no", None: "unknown"}[r["third_party"]]
            cells = (Path(r["file"]).name, str(len(r["activities"])), _hours(r), third)
            tail = ", ".join(r["flags"]) or "-"
        click.echo("  ".join(_cell(c, w).ljust(w) for c, w in zip(cells, widths)) + "  " + tail)


@click.command("extract")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, one per line.")
@click.option("--applicant", help="The applicant's name, to check the document names them.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date the window ends (default: today).")
@click.option("--window-years", type=click.IntRange(1, 50), default=3, show_default=True,
              help="Length of the program's window, in years before the as-of date.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def extract_command(as_json: bool, applicant: str | None, as_of: datetime | None, window_years: int,
                    files: tuple[str, ...]) -> None:
    """Extract activities, provenance and flags from FILES."""
    ctx = CheckContext(as_of=as_of.date() if as_of else date.today(), window_years=window_years,
                       applicant=applicant)
    records = []
    with WarmReader(limits_from(current_app.config)) as reader:
        for path in files:
            record = run_file(path, ctx, reader)
            records.append(record)
            if as_json:
                click.echo(json.dumps(record, ensure_ascii=False))
    if not as_json:
        print_table(records)
    sys.exit(1 if any(r["status"] == "error" for r in records) else 0)
