"""Staff corrections as training examples for the title chooser.

A reviewer who fixes a title says which of the document's lines is its title: the same label a
development-set labeller gives, on the documents this deployment actually meets. Each corrected single
activity becomes an example, rebuilt from the page words its extraction was read from (the page cache
holds them under the file's hash and the reader's key), so the example is described exactly as the
reader described it. `reviewer train --with-corrections` learns from them beside the development set.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

from reviewer.documents.page_cache import load_pages
from reviewer.extensions import db
from reviewer.learning.examples import Example, candidates_of
from reviewer.models import Activity, Document, Extraction


def correction_examples() -> list[Example]:
    """Every corrected title of a one-activity extraction whose pages are cached, as a training example.

    A document staff corrected more than once counts once, with its latest extraction's title. Its
    `repo` is the applicant's, so cross-validation never splits one person's documents across folds."""
    single = (db.select(Activity.extraction_id).group_by(Activity.extraction_id)
              .having(func.count(Activity.id) == 1).subquery())
    rows = db.session.execute(
        db.select(Activity.title, Extraction.reader_key, Extraction.id, Document.id, Document.sha256,
                  Document.applicant_id)
        .join(Extraction, Activity.extraction_id == Extraction.id)
        .join(Document, Extraction.document_id == Document.id)
        .where(Activity.corrected_by_id.is_not(None), Activity.title.is_not(None),
               Activity.extraction_id.in_(db.select(single.c.extraction_id)))
        .order_by(Document.id, Extraction.id)).all()
    latest = {doc_id: (title, key, sha, applicant) for title, key, _, doc_id, sha, applicant in rows if key}
    pages_by_key: dict[str, dict[str, Any]] = {}
    found = []
    for doc_id, (title, key, sha, applicant) in latest.items():
        cached = pages_by_key.setdefault(key, load_pages([s for _, k, s, _ in latest.values() if k == key], key))
        pages = cached.get(sha)
        if not pages:
            continue  # the page cache no longer holds this file: nothing to describe
        described = candidates_of(pages)
        if described:
            found.append(Example(f"document {doc_id}", f"applicant/{applicant}", title, described))
    return found
