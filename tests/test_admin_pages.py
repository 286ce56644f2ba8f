"""The administrators' pages of issue 12, through the test client as an administrator uses them: users
(create, deactivate, role, reset), enrolment from the web, program rules edited as data, and the audit log."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from reviewer.extensions import db
from reviewer.models import AuditEvent, Cycle, Document, OutboundMail, Program, User
from reviewer.programs.rules import Exemption, rules_of
from tests.conftest import PASSWORD, create_user, csrf_from, login


@pytest.fixture
def admin(app: Flask) -> SimpleNamespace:
    user = create_user("ada@example.org", "Ada Admin", role="admin")
    return SimpleNamespace(id=user.id, email=user.email, name=user.name)


@pytest.fixture
def ada(app: Flask, admin) -> FlaskClient:
    client = app.test_client()
    login(client, admin.email)
    return client


def _user(email: str) -> User:
    return db.session.scalars(db.select(User).where(User.email == email)).one()


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _post(client: FlaskClient, url: str, data: dict | None = None, page: str | None = None):
    return client.post(url, data={"csrf_token": csrf_from(client, page or url), **(data or {})})


# Users


def test_create_user_queues_a_set_password_mail(app: Flask, ada: FlaskClient, admin) -> None:
    response = _post(ada, "/admin/users", {"name": " Bob\u202e  Smith ", "email": " Bob@Example.ORG ",
                                           "role": "staff"})
    assert response.status_code == 302
    bob = _user("bob@example.org")
    assert (bob.name, bob.role, bob.password_hash, bob.active) == ("Bob Smith", "staff", "", True)
    mail = db.session.scalars(db.select(OutboundMail).where(OutboundMail.user_id == bob.id)).one()
    assert mail.to_address == "bob@example.org" and mail.kind == "account_created"
    assert "Ada Admin" in mail.body and "/password/" in mail.body
    link = "/password/" + mail.body.split("/password/")[1].split()[0]
    assert app.test_client().get(link).status_code == 200  # the link sets a password
    event = _events("user_created")[-1]
    assert event.actor_id == admin.id and event.detail["user"] == bob.id
    again = _post(ada, "/admin/users", {"name": "Bob", "email": "bob@example.org", "role": "applicant"})
    assert again.status_code == 400 and "already an account" in again.get_data(as_text=True)
    bad = _post(ada, "/admin/users", {"name": "X", "email": "not-an-address", "role": "applicant"})
    assert bad.status_code == 400 and "not an e-mail address" in bad.get_data(as_text=True)
    listing = ada.get("/admin/users?q=SMITH").get_data(as_text=True)
    assert "bob@example.org" in listing and "ada@example.org" not in listing


def test_user_list_pages_newest_first(app: Flask, ada: FlaskClient) -> None:
    for n in range(55):
        db.session.add(User(email=f"p{n:02d}@example.org", name=f"Person {n:02d}"))
    db.session.commit()
    first = ada.get("/admin/users").get_data(as_text=True)
    assert "p54@example.org" in first and "p05@example.org" in first and "p04@example.org" not in first
    more = first.split('class="more" href="')[1].split('"')[0].replace("&amp;", "&")
    second = ada.get(more).get_data(as_text=True)
    assert "p04@example.org" in second and "ada@example.org" in second and "p54@example.org" not in second
    assert 'class="more"' not in second


def test_deactivating_ends_sessions_and_sign_in(app: Flask, ada: FlaskClient, applicant, admin) -> None:
    ann = app.test_client()
    login(ann, applicant.email)
    token = _user(applicant.email).new_token()
    db.session.commit()
    assert ann.get("/").status_code == 200
    assert _post(ada, f"/admin/users/{applicant.id}/deactivate", page=f"/admin/users/{applicant.id}").status_code == 302
    db.session.expire_all()
    assert not _user(applicant.email).active
    stale = ann.get("/")
    assert stale.status_code == 302 and "/login" in stale.headers["Location"]
    again = app.test_client()
    refused = again.post("/login", data={"csrf_token": csrf_from(again, "/login"), "email": applicant.email,
                                         "password": PASSWORD})
    assert refused.status_code == 200 and "Wrong e-mail or password" in refused.get_data(as_text=True)
    assert app.test_client().get("/api/me/progress", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert _events("user_deactivated")[-1].actor_id == admin.id
    assert _post(ada, f"/admin/users/{applicant.id}/reactivate", page=f"/admin/users/{applicant.id}").status_code == 302
    login(app.test_client(), applicant.email)  # can sign in again
    assert _events("user_reactivated")


def test_role_change_is_audited(app: Flask, ada: FlaskClient, staff, admin) -> None:
    sam = app.test_client()
    login(sam, staff.email)
    assert sam.get("/admin/users").status_code == 403
    response = _post(ada, f"/admin/users/{staff.id}", {"name": "Sam  Staff\u200b", "role": "admin"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (_user(staff.email).role, _user(staff.email).name) == ("admin", "Sam Staff")
    event = _events("user_changed")[-1]
    assert event.actor_id == admin.id
    assert event.detail["before"]["role"] == "staff" and event.detail["after"]["role"] == "admin"
    assert sam.get("/admin/users").status_code == 200  # the role applies at once
    bad = _post(ada, f"/admin/users/{staff.id}", {"name": "Sam", "role": "owner"})
    assert bad.status_code == 400


def test_an_admin_cannot_deactivate_or_demote_themselves(app: Flask, ada: FlaskClient, admin) -> None:
    page = f"/admin/users/{admin.id}"
    refused = ada.post(f"{page}/deactivate", data={"csrf_token": csrf_from(ada, page)}, follow_redirects=True)
    assert "cannot deactivate your own account" in refused.get_data(as_text=True)
    demoted = _post(ada, page, {"name": "Ada Admin", "role": "staff"})
    assert demoted.status_code == 400 and "cannot change your own role" in demoted.get_data(as_text=True)
    db.session.expire_all()
    ada_row = _user(admin.email)
    assert ada_row.active and ada_row.role == "admin"
    assert not _events("user_deactivated") and not _events("user_changed")
    assert ada.get("/admin/users").status_code == 200  # still signed in


def test_admin_sends_a_password_reset(app: Flask, ada: FlaskClient, applicant) -> None:
    page = f"/admin/users/{applicant.id}"
    assert _post(ada, f"{page}/reset", page=page).status_code == 302
    mail = db.session.scalars(db.select(OutboundMail).where(OutboundMail.kind == "password_reset")).one()
    assert mail.to_address == applicant.email and _events("password_reset_sent")
    _post(ada, f"{page}/deactivate", page=page)
    refused = ada.post(f"{page}/reset", data={"csrf_token": csrf_from(ada, page)}, follow_redirects=True)
    assert "reactivate the account first" in refused.get_data(as_text=True)


# Enrolment


def _enrol(client: FlaskClient, **fields: str):
    data = {"email": "new@example.org", "name": "Nia New", "program": "AMT-CMTSE", "certified_on": "2024-03-15"}
    return _post(client, "/admin/enrol", {**data, **fields})


def test_enrol_from_the_web(app: Flask, ada: FlaskClient, admin) -> None:
    response = _enrol(ada)
    assert response.status_code == 302
    nia = _user("new@example.org")
    cycle = db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == nia.id)).one()
    assert (cycle.window_start, cycle.due_date, cycle.status) == (date(2024, 3, 15), date(2027, 11, 1), "open")
    mail = db.session.scalars(db.select(OutboundMail).where(OutboundMail.user_id == nia.id)).one()
    assert mail.kind == "enrolled" and "/password/" in mail.body
    assert _events("enrolled")[-1].actor_id == admin.id
    page = ada.get(response.headers["Location"]).get_data(as_text=True)
    assert "AMT-CMTSE" in page and "2027-11-01" in page and "open" in page
    exempt = _enrol(ada, program="ATMAE-SENIOR", exemption="retired", exemption_reason="Retired in 2023")
    assert exempt.status_code == 302
    page = ada.get(exempt.headers["Location"]).get_data(as_text=True)
    assert "exempt" in page and "Retired in 2023" in page


@pytest.mark.parametrize("fields, message", [
    ({"program": "NOPE"}, "There is no program"),
    ({"certified_on": "15/03/2024"}, "Certified on"),
    ({"email": "nobody"}, "is not an e-mail address"),
    ({"program": "ATMAE-SENIOR", "exemption": "life_member", "exemption_reason": "20 years"}, "20 continuous"),
    ({"program": "ATMAE-SENIOR", "exemption": "retired"}, "reason for the exemption"),
    ({"multiple": "y"}, "no requirement for several"),
])
def test_enrol_shows_errors_for_bad_input(app: Flask, ada: FlaskClient, fields: dict, message: str) -> None:
    response = _enrol(ada, **fields)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalars(db.select(User).where(User.email == "new@example.org")).first() is None
    assert db.session.scalar(db.select(db.func.count(OutboundMail.id))) == 0


def test_enrolling_twice_for_the_same_certification_is_refused(app: Flask, ada: FlaskClient) -> None:
    assert _enrol(ada).status_code == 302
    again = _enrol(ada)
    assert again.status_code == 400 and "already enrolled" in again.get_data(as_text=True)


# Programs


class _FormReader(HTMLParser):
    """The values a browser would send from the page's rules form: inputs, checked boxes, selected options."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._in_rules = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self._in_rules = "rules" in (a.get("class") or "")
        elif not self._in_rules or not a.get("name") and tag != "option":
            return
        elif tag == "input" and (a.get("type") != "checkbox" or "checked" in a):
            self.data.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _rules_form(client: FlaskClient, program_id: int) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(client.get(f"/admin/programs/{program_id}").get_data(as_text=True))
    form: dict[str, list[str]] = {}
    for name, value in reader.data:
        form.setdefault(name, []).append(value)
    return form


def _program(code: str) -> Program:
    return db.session.scalars(db.select(Program).where(Program.code == code)).one()


@pytest.mark.parametrize("change, message", [
    ({"required_units": ["-1"]}, "Required units: must be at least 0."),
    ({"category-0-max": ["nan"]}, "Category 1 (attendance): maximum: must be a finite number"),
    ({"conversion-ceu": ["inf"]}, "must be a finite number"),
    ({"category-1-kinds": ["authorship", "astrology"]}, "unknown kind 'astrology'"),
    ({"category-1-code": ["attendance"]}, "the code 'attendance' is used twice"),
    ({"category-0-min": ["5"], "category-0-max": ["2"]}, "the minimum (5) is more than the maximum (2)"),
    ({"due_rule": ["whenever"]}, "Due rule: unknown rule 'whenever'"),
    ({"window_years": ["0"]}, "Window years: must be more than 0."),
    ({"contact_hours_per_unit": ["0"]}, "Contact hours per unit: must be more than 0."),
    ({"exemption-0-code": ["Retired!"], "exemption-0-name": ["Retired"]}, "Exemption 1: the code must be"),
    ({"conversion-furlongs": ["3"]}, "unknown unit 'furlongs'"),
])
def test_program_edit_validates(app: Flask, ada: FlaskClient, change: dict, message: str) -> None:
    create_user("x@example.org", "X", program="SME-TECH")  # seeds the programs
    sme = _program("SME-TECH")
    before = (rules_of(sme).categories, sme.required_units, dict(sme.conversions or {}))
    form = {**_rules_form(ada, sme.id), **change}
    response = ada.post(f"/admin/programs/{sme.id}", data=form)
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 400 and message in html, html[html.find("Nothing was saved"):][:600]
    db.session.expire_all()
    sme = _program("SME-TECH")
    assert (rules_of(sme).categories, sme.required_units, dict(sme.conversions or {})) == before
    assert not _events("program_changed")


def test_program_edit_saves_and_audits(app: Flask, ada: FlaskClient, admin) -> None:
    create_user("x@example.org", "X", program="SME-TECH")
    sme = _program("SME-TECH")
    form = _rules_form(ada, sme.id)
    unchanged = ada.post(f"/admin/programs/{sme.id}", data=form, follow_redirects=True)
    assert "Nothing changed in SME-TECH" in unchanged.get_data(as_text=True)  # the page round-trips exactly
    n = len(rules_of(sme).categories)
    form |= {"category-0-max": ["10"], "conversion-ceu": ["12"], "required_units": ["40"],
             f"category-{n}-code": ["self_study"], f"category-{n}-name": ["Self-study"],
             f"category-{n}-kinds": ["self_study"], "category-4-remove": ["1"],
             "exemption-0-code": ["retired"], "exemption-0-name": ["Retired member"], "exemption-0-min_years": [""]}
    assert ada.post(f"/admin/programs/{sme.id}", data=form).status_code == 302
    db.session.expire_all()
    sme = _program("SME-TECH")
    categories = {c.code: c for c in rules_of(sme).categories}
    assert categories["attendance"].maximum == 10 and "leadership" not in categories
    assert categories["self_study"].kinds == ("self_study",)
    assert sme.required_units == 40 and sme.conversions["ceu"] == 12
    assert rules_of(sme).exemptions == (Exemption("retired", "Retired member", None),)
    event = _events("program_changed")[-1]
    assert event.actor_id == admin.id and event.detail["program"] == "SME-TECH"
    assert event.detail["before"]["required_units"] == 36 and event.detail["after"]["required_units"] == 40
    assert set(event.detail["fields"]) == {"categories", "conversions", "exemptions", "required_units"}
    stale = ada.post(f"/admin/programs/{sme.id}", data=form)  # made on the rules before this save
    assert stale.status_code == 400 and "changed by someone else" in stale.get_data(as_text=True)
    assert ada.get("/admin/programs").status_code == 200


# Audit log


def _document(owner_id: int, name: str) -> int:
    document = Document(applicant_id=owner_id, sha256="0" * 64, original_name=name, size=1)
    db.session.add(document)
    db.session.flush()
    return document.id


def test_audit_log_filters_and_pages(app: Flask, ada: FlaskClient, admin, staff, applicant) -> None:
    first, second = _document(applicant.id, "first.pdf"), _document(applicant.id, "second.pdf")
    start = datetime(2026, 1, 1, 9, 0)
    for n in range(120):  # one event a day, alternating actors and documents
        db.session.add(AuditEvent(document_id=first if n % 2 else second, actor_id=staff.id if n % 3 else None,
                                  action="decided", from_status="needs_review", to_status="accepted",
                                  detail={"note": f"note {n}", "flags": ["self_issued"]},
                                  created_at=start + timedelta(days=n)))
    db.session.commit()

    def rows(url: str) -> tuple[list[str], str | None, str]:
        html = ada.get(url).get_data(as_text=True)
        notes = [part.split("<")[0] for part in html.split("<strong>note:</strong> ")[1:]]
        more = None
        if 'class="more"' in html:
            more = html.split('class="more" href="')[1].split('"')[0].replace("&amp;", "&")
        return notes, more, html

    notes, more, html = rows("/admin/audit?actor=system")
    assert len(notes) == 40 and notes[0] == "note 117" and more is None  # n % 3 == 0, newest first
    assert "self_issued" in html and "needs review → accepted" in html and f"/staff/documents/{second}" in html
    notes, _, _ = rows("/admin/audit?actor=Sam+Staff")
    assert len(notes) == 50 and notes[0] == "note 119"
    assert rows(f"/admin/audit?actor={staff.email}&document={first}")[0][:2] == ["note 119", "note 115"]
    notes, _, _ = rows("/admin/audit?from=2026-01-03&to=2026-01-05")
    assert notes == ["note 4", "note 3", "note 2"]
    assert rows("/admin/audit?actor=nobody-at-all")[0] == []

    seen: list[str] = []
    url: str | None = f"/admin/audit?document={first}"
    while url:
        notes, url, _ = rows(url)
        seen += notes
    assert seen == [f"note {n}" for n in range(119, 0, -2)]  # 60 events over two pages, none twice

    for bad in ("/admin/audit?from=yesterday", "/admin/audit?document=abc", "/admin/audit?cursor=bogus",
                "/admin/audit?from=2026-02-01&to=2026-01-01"):
        assert ada.get(bad).status_code == 400, bad


def test_admin_changes_appear_in_the_audit_log(app: Flask, ada: FlaskClient, applicant) -> None:
    page = f"/admin/users/{applicant.id}"
    _post(ada, f"{page}/reset", page=page)
    html = ada.get("/admin/audit?actor=ada@example.org").get_data(as_text=True)
    assert "password reset sent" in html and applicant.email in html


# Access


def test_staff_get_403_on_every_admin_page(app: Flask, staff, admin) -> None:
    create_user("x@example.org", "X")
    sam = app.test_client()
    login(sam, staff.email)
    token = csrf_from(sam, "/settings")
    routes = [(rule.rule, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in ("admin_people", "admin_programs", "admin_audit")
              for method in rule.methods - {"HEAD", "OPTIONS"}]
    assert len(routes) >= 9
    for rule, method in routes:
        url = (rule.replace("<int:user_id>", str(admin.id)).replace("<int:program_id>", "1")
               .replace("<int:request_id>", "1"))
        response = sam.open(url, method=method, data={"csrf_token": token, "role": "staff", "name": "x"})
        assert response.status_code == 403, (method, rule, response.status_code)
    db.session.expire_all()
    assert _user(admin.email).active and _user(admin.email).role == "admin"
    assert "/admin/users" not in sam.get("/staff/queue").get_data(as_text=True)  # no header links for staff
