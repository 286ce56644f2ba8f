"""Forms of the administrators' people pages (reviewer/web/blueprints/admin_people.py).

Kept apart from reviewer/web/forms.py so the admin pages can grow without that shared module growing with
them. Each state-changing form carries a CSRF token (Flask-WTF); the domain functions check the values
again (reviewer/accounts/people.py, reviewer/programs/cycles.py), so a script posting around the form
meets the same rules.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewer.extensions import db
from reviewer.models import Program
from reviewer.models.users import ROLES
from reviewer.programs.rules import rules_of

_ROLE_CHOICES = [SelectChoice(role, role) for role in ROLES]


class NewUserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=_ROLE_CHOICES, default="applicant")


class UserDetailsForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    role = SelectField("Role", choices=_ROLE_CHOICES)


class EnrolForm(FlaskForm):
    """`reviewer enrol` as a page; the program and exemption choices are filled from the programs' rows."""

    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name (for a new account)", validators=[Optional(), Length(max=200)])
    program = SelectField("Program", validate_choice=False)
    certified_on = DateField("Certified on", validators=[DataRequired(message="Give the certification date.")])
    multiple = BooleanField("Holds several certifications (SME: the higher requirement)")
    exemption = SelectField("Exemption", validate_choice=False)
    exemption_reason = TextAreaField("Reason for the exemption", validators=[Optional(), Length(max=500)])
    certified_since = DateField("First certified on (life membership)", validators=[Optional()])
    certifications = StringField("Certifications held (codes, comma-separated: ATMAE's base one, each SME one)",
                                 validators=[Optional(), Length(max=400)])
    degree_institution = StringField("Qualifying degree: institution (ATMAE)", validators=[Optional(), Length(max=200)])
    degree_year = IntegerField("Qualifying degree: year (ATMAE)", validators=[Optional(), NumberRange(1940, 2100)])


def enrol_form() -> EnrolForm:
    """The enrolment form with every program, and every exemption any program offers (enrol() checks
    that the chosen program offers the chosen one, and says which it does)."""
    form = EnrolForm()
    programs = db.session.scalars(db.select(Program).order_by(Program.code)).all()
    form.program.choices = [SelectChoice(p.code, f"{p.code}: {p.name}") for p in programs]
    exemptions = [SelectChoice("", "none")]
    for program in programs:
        exemptions += [SelectChoice(e.code, f"{e.name} ({program.code})") for e in rules_of(program).exemptions]
    form.exemption.choices = exemptions
    return form


def form_errors(form: FlaskForm) -> str:
    """Every field error of a form, each with its field's label, as one message for the page."""
    return " ".join(f"{getattr(form, name).label.text}: {error}" for name, errors in form.errors.items()
                    for error in errors)
