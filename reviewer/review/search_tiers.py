"""One tier of a queue search on PostgreSQL, read without trusting the planner's guess of how many match.

PostgreSQL estimates how many entries hold a word from the commonest words of the column. The named
entries of a million documents have few common words (course words, issuers) and a long tail (names,
file names), so any other word is guessed at about 2 % of the rows: for a word that no named part holds
(a word of page text), the planner walked all 300,000 waiting documents in queue order, probing each
one's entry, and found none (640 ms at 1,000,000 documents). For a common word that walk is the right
plan (51 matches within a few hundred documents); for a rare one, looking the matches up first is.

So the choice is made on what is found, not guessed: the first WALK waiting documents in the queue's
order (after the cursor) are checked one by one, each by a scalar subquery (which PostgreSQL never turns
into a join). If they hold the page, that is the page. If the walk covered the whole queue, the tier has no
more. Otherwise the matches are rare, and they are looked up first through the index (`= ANY(ARRAY(...))`,
computed once) and the page taken from them. At most four statements a tier, whatever the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Row, Select
from sqlalchemy.dialects.postgresql import ARRAY

from reviewer.extensions import db
from reviewer.models import Document
from reviewer.review.search import matching_document_ids, postgres_probe

WALK = 1000  # waiting documents checked one by one before the matches are looked up instead


def tier_rows(statement: Select[Any], keys: Sequence[ColumnElement[Any]], descending: bool, wanted: int, text: str,
              named: bool) -> list[Row[Any]]:
    """Up to `wanted` rows of `statement` (the queue's, filters and cursor applied, no search) in the tier's
    order: documents whose named parts match `text` (`named`), or that match only in page text."""
    ordered = [key.desc() if descending else key for key in keys]
    walk = (statement.with_only_columns(Document.id, *[key.label(f"k{i}") for i, key in enumerate(keys)])
            .order_by(*ordered).limit(WALK).subquery())
    head = postgres_probe(text, True, walk.c.id)
    matched = head if named else sa.and_(postgres_probe(text, False, walk.c.id), ~head)
    walk_order = [walk.c[f"k{i}"].desc() if descending else walk.c[f"k{i}"] for i in range(len(keys))]
    found = list(db.session.scalars(sa.select(walk.c.id).where(matched).order_by(*walk_order).limit(wanted)))
    if len(found) < wanted:
        walked = db.session.scalar(sa.select(sa.func.count()).select_from(walk)) or 0
        if walked >= WALK:  # the matches are rare: look them up first
            in_head = Document.id == sa.any_(_ids_array(text, named=True))
            rare = in_head if named else sa.and_(Document.id == sa.any_(_ids_array(text, named=False)), ~in_head)
            return list(db.session.execute(statement.where(rare).order_by(*ordered).limit(wanted)).all())
    if not found:
        return []
    rows = {row.id: row for row in db.session.execute(statement.where(Document.id.in_(found)))}
    return [rows[i] for i in found if i in rows]


def _ids_array(text: str, named: bool) -> ColumnElement[Any]:
    """The matching ids as one array, computed once for the statement (an InitPlan), not joined."""
    ids = matching_document_ids(text, named).subquery()
    # Cast, so that ANY reads one array, not the rows of a subquery; an empty one, not NULL, for no match
    # (NOT (id = ANY(NULL)) would leave out every document).
    ids_array = sa.func.coalesce(sa.func.array_agg(ids.c.document_id), sa.cast(sa.literal("{}"), ARRAY(sa.Integer)))
    return sa.cast(sa.select(ids_array).scalar_subquery(), ARRAY(sa.Integer))
