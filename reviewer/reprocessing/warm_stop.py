"""A warm stop that reaches a running chunk, so a worker asked to stop does so within one document.

RQ's warm shutdown (SIGTERM to `reviewer worker`) waits for the job in hand, and a re-processing chunk is
up to REVIEWER_REPROCESS_CHUNK_SIZE documents: read afresh, minutes of OCR, longer than systemd waits
before it kills the worker. So the worker passes the request on to its work horse (SIGUSR1,
reviewer/service/worker.py), which notes it here; the chunk checks between documents, stores what it
has, and hands its remaining documents back to the batch as unclaimed, which the batch gives another
worker (or this one, restarted) as a new chunk. Nothing is lost and nothing counts as a failed attempt.
"""

from __future__ import annotations

import signal
from types import FrameType

_requested = False


def requested() -> bool:
    """Whether this process was asked to stop after the document in hand."""
    return _requested


def _note(signum: int, frame: FrameType | None) -> None:
    global _requested
    _requested = True


def listen() -> None:
    """In a work horse: note a warm stop (SIGUSR1) instead of dying of it."""
    signal.signal(signal.SIGUSR1, _note)
