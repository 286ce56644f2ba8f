"""Issue 10, finding 17: no bidi, invisible or control characters in people's names (nor in file names).

A name with U+202E (right-to-left override) or U+200B (zero-width space) was kept and shown to staff,
where it can read as someone else's. Names and file names go through one cleaning, reviewer.normalize.clean_text.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from reviewer.cli.commands import users
from reviewer.documents.uploads import safe_display_name
from reviewer.extensions import db
from reviewer.models import User
from reviewer.normalize import clean_text

HOSTILE = {
    "Ann\u202e eeL": "Ann eeL",  # right-to-left override
    "Ann\u200b Lee\u200b": "Ann Lee",  # zero-width spaces
    "\u2066Ann Lee\u2069": "Ann Lee",  # left-to-right isolate … pop directional isolate
    "\u202aAnn\u202c \u200fLee\u200e\ufeff": "Ann Lee",  # embedding, marks, byte-order mark
    "Ann\x00\x07\x1b[31m Lee\x7f": "Ann[31m Lee",  # NUL, bell, escape, delete
    "Ann\n\tLee\r\n\u2028": "Ann Lee",  # line breaks and tabs are spaces, then one space
    "Ann \ud800Lee\ue000": "Ann Lee",  # a lone surrogate (not storable as UTF-8) and private use
    "Zoe\u0301 Lee": "Zoé Lee",  # composed (NFC), so the same name compares equal
}


@pytest.mark.parametrize("raw, clean", HOSTILE.items())
def test_clean_text_removes_what_cannot_be_seen(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_file_names_are_cleaned_the_same_way() -> None:
    assert safe_display_name("invoice\u202efdp.exe") == "invoicefdp.exe"
    assert safe_display_name("cert\u200b\u2066.pdf\u2069") == "cert.pdf"
    assert safe_display_name("../\u202e/x\n.pdf") == "x .pdf"


def test_the_users_command_stores_a_clean_name(app: Flask, runner: FlaskCliRunner) -> None:
    made = runner.invoke(users, ["create", "ann@example.org", "--name", "\u2066Ann\u202e Lee\u200b\x1b",
                                 "--password-stdin"], input="long enough password\n")
    assert made.exit_code == 0, made.output
    assert db.session.scalars(db.select(User.name).where(User.email == "ann@example.org")).one() == "Ann Lee"
    empty = runner.invoke(users, ["create", "eve@example.org", "--name", "\u200b\u202e\x00", "--password-stdin"],
                          input="long enough password\n")
    assert empty.exit_code != 0 and "name is empty" in empty.output


def test_every_way_a_name_is_set_is_cleaned(app: Flask) -> None:
    """The model cleans it, so the demo, enrolment and any later path cannot forget to."""
    user = User(email="bob@example.org", name="Bob\u202e Stone\u200b", role="staff")
    db.session.add(user)
    db.session.commit()
    assert user.name == "Bob Stone"
    user.name = "\u2067Bob\u2069\tStone"
    db.session.commit()
    assert db.session.scalars(db.select(User.name).where(User.id == user.id)).one() == "Bob Stone"


def test_a_year_of_study_and_a_degree_are_not_a_name() -> None:
    from workers.fields.names import clean_name

    assert clean_name("II B.Tech") is None
    assert clean_name("John Smith II") == "John Smith II"


@pytest.mark.parametrize("post", ["Associate Professor", "Research Assistant", "Frontend Developer",
                                  "Software Engineer", "Data Analyst", "Profesora Asociada", "Ingénieur Système",
                                  "Desenvolvedor Web", "Expected Salary"])
def test_a_post_is_not_a_name(post: str) -> None:
    """What a résumé or a signature prints where a holder's name stands (a post, a form's field) is none."""
    from workers.fields.names import clean_name

    assert clean_name(post) is None


def test_a_professor_is_still_named() -> None:
    """The post as a form of address before a name keeps the name; the post after it is no part of it."""
    from workers.fields.names import clean_name

    assert clean_name("Professor Madhu Parhar") == "Professor Madhu Parhar"
    assert clean_name("Prof. Conor Ryan") == "Prof. Conor Ryan"
    assert clean_name("Ann Lee") == "Ann Lee"
