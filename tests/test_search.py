"""Staff search on both databases: what it finds, that no query can break it, and that it follows the data.

Documents go in the way applicants send them (the upload form, a real RQ worker), so the entries are the
ones the upload and the stored extraction write, not ones a test put there.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from reviewer.documents.persistence import record_result
from reviewer.extensions import db
from reviewer.models import Document
from reviewer.review.search import matching_document_ids, rebuild_search_index, search_terms, words
from tests.conftest import create_user, login, run_worker
from tests.test_workflow import _certificate, _doc, _upload
from workers.checks import CheckContext
from workers.pipeline import process
from workers.runtime.limits import Limits

HOSTILE = ['"', '*', 'OR', 'a OR b', 'NEAR(', 'NEAR(a b', 'a:b', "'; DROP TABLE documents; --", "x" * 500,
           "stat " * 100, 'body:stat', '^stat', '-stat', 'stat AND', '(stat', "stat')", "!!! ???", "é̃ß İ 中文 ١٢٣",
           "\\", "':*", "a & b | !c", "<->", "\x00", "😀", "a\"b\"c", "NOT stat", "stat)*", "", "   "]


def _found(query: str) -> set[str]:
    """The file names of the documents a staff query finds."""
    return set(db.session.scalars(db.select(Document.original_name)
                                  .where(Document.id.in_(matching_document_ids(query)))))


def _uploaded(app: Flask, email: str, files: list[tuple[str, bytes]], read: bool = True) -> None:
    client = app.test_client()
    login(client, email)
    _upload(client, files)
    if read:
        run_worker(app)


def test_words_fold_case_accents_and_punctuation() -> None:
    assert words("Ann@Example.ORG cert-2025_v2.pdf Évidence") == ["ann", "example", "org", "cert", "2025", "v2",
                                                                  "pdf", "evidence"]
    assert search_terms('  "Statistical   stat*  a:b') == ["statistical", "stat", "a", "b"]
    assert search_terms("*** --- ") == []


def test_a_new_upload_is_found_by_file_name_and_applicant(app: Flask, applicant) -> None:
    _uploaded(app, applicant.email, [("SPC-2025_certificate.pdf", _certificate())], read=False)
    for query in ("SPC-2025_certificate.pdf", "spc 2025", "certif", "ann@example.org", "Ann Lee", "ANN@EXAMPLE"):
        assert _found(query) == {"SPC-2025_certificate.pdf"}, query
    assert _found("Statistical") == set()  # not read yet
    assert _found("spc-2025_certificate.pd") == {"SPC-2025_certificate.pdf"}  # "pd" is a prefix
    assert _found("spc-2025_certificate.p") == set()  # one letter is a whole word, not a prefix


def test_search_finds_what_was_read(app: Flask, applicant) -> None:
    create_user("kim@example.net", "Kim Park")
    _uploaded(app, applicant.email, [("spc.pdf", _certificate()),
                                     ("stone.pdf", _certificate(name="Bob Stone", title="Lean Six Sigma Basics"))])
    _uploaded(app, "kim@example.net", [("kim.pdf", _certificate(name="Kim Park", title="Welding Safety"))])
    both = {"spc.pdf", "stone.pdf"}
    assert _found("Statistical") == {"spc.pdf"}  # a title word
    assert _found("stat") == {"spc.pdf"}  # the last word is a prefix
    assert _found("process contr") == {"spc.pdf"}  # words are ANDed
    assert _found("statistical sigma") == set()
    assert _found("Midwest Institute") == both | {"kim.pdf"}  # the issuer
    assert _found("Bob Stone") == {"stone.pdf"}  # the recipient
    assert _found("ann@example.org") == both  # the applicant's e-mail
    assert _found("example.net") == {"kim.pdf"}
    assert _found("Kim") == {"kim.pdf"}  # the applicant's name
    assert _found("stone.pdf") == {"stone.pdf"}  # the file name
    assert _found("Robert Klein") == both | {"kim.pdf"}  # page text
    assert _found("Klein Robert") == both | {"kim.pdf"}  # terms in any order
    assert _found("sigma six") == {"stone.pdf"}


def test_hostile_queries_never_raise(app: Flask, applicant) -> None:
    _uploaded(app, applicant.email, [("a-b.pdf", _certificate())], read=False)
    for query in HOSTILE:
        assert _found(query) <= {"a-b.pdf"}, query
    assert _found("a-b.pdf") == {"a-b.pdf"}  # and the table is still there


def test_a_query_with_no_words_matches_nothing(app: Flask, applicant) -> None:
    _uploaded(app, applicant.email, [("c.pdf", _certificate())], read=False)
    for query in ("", "   ", '"', "*", "!!! ???", "':*", "\x00"):
        assert _found(query) == set(), query
    assert _found("a:b") == set()  # two words, "a" and "b", that the document does not have
    assert _found("pdf") == {"c.pdf"}
    for query in ("pdf OR zzz", "pdf NEAR(zzz", "pdf NOT zzz", "pdf | zzz"):  # plain words, not operators
        assert _found(query) == set(), query


def test_a_new_extraction_replaces_the_entry(app: Flask, applicant) -> None:
    _uploaded(app, applicant.email, [("redo.pdf", _certificate())])
    doc_id = _doc("redo.pdf").id
    assert _found("Statistical") == {"redo.pdf"}
    result = process(_certificate(title="Lean Six Sigma Basics"), Limits(),
                     CheckContext(as_of=date(2026, 11, 1), applicant="Ann Lee"))
    record_result(doc_id, 2, result)
    assert _found("Statistical") == set()
    assert _found("Sigma") == {"redo.pdf"} and _found("redo") == {"redo.pdf"}


def test_an_extraction_rolled_back_leaves_the_entry_as_it_was(app: Flask, applicant) -> None:
    _uploaded(app, applicant.email, [("kept.pdf", _certificate())], read=False)
    doc_id = _doc("kept.pdf").id
    result = process(_certificate(), Limits(), CheckContext(as_of=date(2026, 11, 1), applicant="Ann Lee"))

    def commit_fails(*_: object) -> None:
        raise RuntimeError("connection lost at commit")

    event.listen(Session, "before_commit", commit_fails)  # after the entry was written, before it is kept
    try:
        with pytest.raises(RuntimeError, match="connection lost"):
            record_result(doc_id, 1, result)
    finally:
        event.remove(Session, "before_commit", commit_fails)
    assert _found("Statistical") == set() and _found("kept") == {"kept.pdf"}


def test_the_backfill_indexes_documents_already_stored(app: Flask, applicant) -> None:
    """What migration e11a0000fts1 runs after creating the table, on documents stored before it."""
    _uploaded(app, applicant.email, [("older.pdf", _certificate())])
    db.session.execute(db.text("DELETE FROM document_search"))
    assert _found("Statistical") == set()
    assert rebuild_search_index(db.session) == 1
    db.session.commit()
    assert _found("Statistical") == {"older.pdf"} and _found("ann@example.org") == {"older.pdf"}
