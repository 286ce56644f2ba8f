"""The job paths of the previous release, kept for one release: a job's function is stored in Redis by
its path, so jobs enqueued before the move to `reviewer/jobs.py` still name these.

Importing this module imports neither Flask nor `reviewer` (the pipeline stays free of both); running an
old job hands it to the entry point that replaced it. Remove after the next release.
"""

from __future__ import annotations

from typing import Any


def extract_document(document_id: int, version: int = 1) -> dict[str, Any]:
    from reviewer.jobs import extract_document as job
    return job(document_id, version)


def reprocess_chunk(batch_id: int, chunk: int) -> dict[str, Any]:
    from reviewer.jobs import reprocess_chunk as job
    return job(batch_id, chunk)
