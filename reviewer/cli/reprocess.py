"""`reviewer reprocess`: start, follow, cancel and resume re-processing batches from a terminal."""

from __future__ import annotations

import sys
import time
from datetime import datetime

import click
from flask.cli import with_appcontext

from reviewer.extensions import db
from reviewer.models import Batch, BatchStatus
from reviewer.reprocessing.batches import (
    BatchError,
    Progress,
    cancel_batch,
    format_duration,
    progress,
    resume_batch,
    start_batch,
    sweep_batches,
)
from reviewer.reprocessing.selection import SELECTABLE_STATUSES, Selection, SelectionError
from workers.flags import EXTRACTION_FLAGS


def _ids(_: click.Context, __: click.Parameter, value: str | None) -> tuple[int, ...]:
    if not value:
        return ()
    try:
        return tuple(sorted({int(part) for part in value.split(",") if part.strip()}))
    except ValueError:
        raise click.BadParameter("give document ids separated by commas, e.g. 1,2,3") from None


def progress_line(p: Progress, width: int = 30) -> str:
    """One line: a bar, then the same numbers the batch page shows."""
    filled = int(width * p.percent / 100)
    return (f"[{'#' * filled}{'.' * (width - filled)}] {p.finished}/{p.total} · done {p.done} · failed {p.failed}"
            f" · changed {p.changed} · {p.rate:.1f} docs/s · ETA {format_duration(p.eta_seconds)} · {p.status}")


@click.command("reprocess")
@click.option("--all", "all_", is_flag=True, help="Every document that has been read (or failed).")
@click.option("--program", help="Documents of applicants in this program (e.g. ATMAE-SENIOR).")
@click.option("--status", type=click.Choice([s.value for s in SELECTABLE_STATUSES]), help="Documents with this status.")
@click.option("--flag", type=click.Choice(EXTRACTION_FLAGS), help="Documents whose latest extraction has this flag.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Documents uploaded on or after DATE.")
@click.option("--ids", callback=_ids, help="These document ids, e.g. 1,2,3.")
@click.option("--force-ocr", is_flag=True, help="Read the files again instead of using cached page text.")
@click.option("--dry-run", is_flag=True, help="Only say how many documents would be re-processed.")
@click.option("--wait", is_flag=True, help="Show progress until the batch ends.")
@click.option("--cancel", "cancel_id", type=int, metavar="BATCH", help="Cancel a running batch.")
@click.option("--resume", "resume_id", type=int, metavar="BATCH", help="Go on with a cancelled or stalled batch.")
@with_appcontext
def reprocess_command(all_: bool, program: str | None, status: str | None, flag: str | None,
                      since: datetime | None, ids: tuple[int, ...], force_ocr: bool, dry_run: bool, wait: bool,
                      cancel_id: int | None, resume_id: int | None) -> None:
    """Re-process documents: a new extraction version for each, decisions kept.

    Without --force-ocr the cached page text is analysed again (fast); with it the files are read again.
    """
    try:
        if cancel_id is not None:
            left = cancel_batch(cancel_id)
            click.echo(f"batch {cancel_id} cancelled; {left} document(s) were not re-processed")
            return
        if resume_id is not None:
            sent = resume_batch(resume_id)
            click.echo(f"batch {resume_id} resumed ({sent} chunk(s) sent)")
            batch_id = resume_id
        else:
            selection = Selection(all=all_, program=program, status=status, flag=flag,
                                  since=since.date() if since else None, ids=ids).check()
            if dry_run:
                click.echo(f"{selection.count()} document(s) would be re-processed ({selection.describe()}); "
                           "nothing was changed")
                return
            batch, created = start_batch(selection, force_ocr=force_ocr)
            batch_id = batch.id
            verb = "started" if created else "is already running with the same selection:"
            click.echo(f"batch {batch.id} {verb} {batch.total} document(s), {batch.description}"
                       f"{' (files read again)' if force_ocr else ''}")
    except (SelectionError, BatchError) as exc:
        raise click.ClickException(str(exc)) from None
    if wait:
        _follow(batch_id)


def _follow(batch_id: int) -> None:
    """Redraw the progress line until the batch ends, pushing it along as the sweep would."""
    tty = sys.stdout.isatty()
    last_print = 0.0
    last_sweep = time.monotonic()
    while True:
        db.session.expire_all()
        batch = db.session.get_one(Batch, batch_id)
        p = progress(batch)
        now = time.monotonic()
        if tty:
            click.echo("\r" + progress_line(p), nl=False)
        elif now - last_print >= 5 or p.status != BatchStatus.RUNNING:
            click.echo(progress_line(p))
            last_print = now
        if p.status != BatchStatus.RUNNING:
            if tty:
                click.echo()
            click.echo(f"batch {batch_id} {p.status}: {p.done} done, {p.failed} failed, {p.cancelled} cancelled, "
                       f"{p.changed} changed ({p.changed_decided} decided document(s) now marked changed since "
                       "decision)")
            if p.failed:
                click.echo(f"see the failed documents at /admin/batches/{batch_id}", err=True)
            return
        if now - last_sweep >= 30:  # a worker that died mid-chunk: send its chunk again
            sweep_batches()
            last_sweep = now
        db.session.remove()
        time.sleep(0.5)
