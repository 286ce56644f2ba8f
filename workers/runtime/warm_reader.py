"""The warm reader: a fresh isolated child per file, forked ahead and warmed, for callers that read many.

`reviewer extract`, `reviewer evaluate`, re-processing files with no cached pages and the benchmark read
one file after another. Each file still gets a child of its own under the same limits (`isolation.py`);
only when the child is made changes.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import os
import time
from datetime import date
from typing import Any

from workers.checks import CheckContext
from workers.errors import reader_stopped, reading_timeout
from workers.pipeline import process
from workers.result import Result
from workers.runtime.isolation import (
    GRACE_SECONDS,
    HEADER,
    Frames,
    Send,
    answer_of,
    end_child,
    outcome_of,
    process_isolated,
    reap_soon,
    spawn,
    write_all,
)
from workers.runtime.limits import Limits


class WarmReader:
    """`process_isolated` for a caller that reads many files one after another (`reviewer extract`,
    `reviewer evaluate`, re-processing files with no cached pages, the benchmark).

    Each file still gets a fresh child process of its own, under the same limits and killed the same way.
    What changes is when the child is made: children are forked ahead, and each reads a small certificate
    of its own while it waits. Forking is cheap; what costs a child is copying, page by page, the parent's
    memory it writes to as it first runs the reader (as long again as reading a text PDF). A child that has
    already read one certificate reads the next at the parent's own speed. Two wait at a time, so that
    one has warmed up on the other core while the file before it was read. Close the reader (or use it as
    a context manager) to end the waiting children.
    """

    SPARES = 2

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        # pid, task pipe (write end), answer pipe (read end) of each waiting child, oldest first
        self._spares: list[tuple[int, int, int]] = []

    def __enter__(self) -> WarmReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def process(self, data: bytes, ctx: CheckContext) -> Result:
        """Like `process_isolated`: the Result, or PipelineError (`timeout` included)."""
        spare = self._spares.pop(0) if self._spares else self._fork_spare()
        if spare is None:  # no process could be made just now: read as a worker's job does
            return process_isolated(data, self.limits, ctx)
        pid, task_fd, answer_fd = spare
        message: dict[str, Any] | None = None
        try:
            task = json.dumps(_ctx_data(ctx)).encode()
            deadline = time.monotonic() + self.limits.timeout_seconds + GRACE_SECONDS
            if not write_all(task_fd, len(task).to_bytes(HEADER, "big") + task
                              + len(data).to_bytes(HEADER, "big") + data, deadline):
                return process_isolated(data, self.limits, ctx)  # the spare died or hung while it waited
            os.close(task_fd)
            task_fd = -1
            while len(self._spares) < self.SPARES:  # while this one reads
                forked = self._fork_spare()
                if forked is None:
                    break
                self._spares.append(forked)
            frames = Frames(answer_fd)
            try:
                if frames.next(deadline) is None:  # it died before it took the file
                    return process_isolated(data, self.limits, ctx)
                message = frames.next(deadline)
            except TimeoutError:
                raise reading_timeout(self.limits.timeout_seconds) from None
        finally:
            if message is not None:  # its last answer is in: all it has left to do is exit
                os.close(answer_fd)
                reap_soon(pid)
            else:
                end_child(pid, task_fd if task_fd >= 0 else None, answer_fd)
        if message is None:
            raise reader_stopped()
        return Result.from_dict(answer_of(message))

    def close(self) -> None:
        while self._spares:
            end_child(*self._spares.pop())

    def _fork_spare(self) -> tuple[int, int, int] | None:
        """A child that reads the warm-up certificate, then waits for its file; None if none can be made."""
        limits, warm_up = self.limits, _warm_up_pdf()
        try:
            task_r, task_w = os.pipe()
        except OSError:
            return None

        def body(send: Send) -> None:
            os.close(task_w)
            try:
                process(warm_up, limits, CheckContext(as_of=date(2026, 1, 1)))
            except Exception:  # the warm-up is only practice; the file decides
                pass
            frames = Frames(task_r)
            header = frames.next(float("inf"))
            data = frames.raw(float("inf")) if header is not None else None
            if header is None or data is None:  # closed without a file
                return
            send({"ack": True})
            ctx = _ctx_from(header)
            send(outcome_of(lambda: process(data, limits, ctx).to_dict()))

        try:
            pid, answer_fd = spawn(body, limits)
        except OSError:
            os.close(task_r)
            os.close(task_w)
            return None
        os.close(task_r)
        return pid, task_w, answer_fd


_CTX_DATES = ("as_of", "opens")  # the context's dates, sent as ISO text


def _ctx_data(ctx: CheckContext) -> dict[str, Any]:
    data = dataclasses.asdict(ctx)
    for name in _CTX_DATES:
        data[name] = data[name].isoformat() if data[name] is not None else None
    return data


def _ctx_from(data: dict[str, Any]) -> CheckContext:
    dates = {name: date.fromisoformat(data[name]) if data.get(name) else None for name in _CTX_DATES}
    return CheckContext(**{**data, **dates})


@functools.lru_cache(maxsize=1)
def _warm_up_pdf() -> bytes:
    """A one-page text certificate for a spare child to read while it waits."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    for n, line in enumerate(("CERTIFICATE OF COMPLETION", "This certifies that", "Jane Doe",
                              "has successfully completed", "Welding Safety Fundamentals", "on March 3, 2025",
                              "Eight (8) Contact Hours", "Midwest Institute of Technology")):
        pdf.setFont("Helvetica-Bold" if n in (0, 4) else "Helvetica", 20 if n in (0, 4) else 12)
        pdf.drawCentredString(306, 700 - 30 * n, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
