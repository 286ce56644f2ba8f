"""Forms (Flask-WTF): every state-changing form carries a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import DateField, EmailField, FloatField, PasswordField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from reviewer.models.review import REJECT_REASONS
from workers.amounts import UNIT_PREFERENCE


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class UploadForm(FlaskForm):
    files = MultipleFileField("Evidence files (PDF, PNG, JPEG, TIFF)")


class ResubmitForm(FlaskForm):
    file = FileField("Replacement file")


class DecisionForm(FlaskForm):
    """The staff page renders its three decision buttons itself; this validates what they send."""

    outcome = StringField("Outcome", validators=[AnyOf(["accept", "reject", "request_resubmission"])])
    reason = StringField("Reason", validators=[Optional(), AnyOf(list(REJECT_REASONS))])
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])


class ActivityForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    start_date = DateField("Start", validators=[Optional()])
    date = DateField("Date", validators=[Optional()])
    amount_value = FloatField("Amount", validators=[Optional()])
    amount_unit = StringField("Unit", validators=[Optional(), AnyOf(UNIT_PREFERENCE)])


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change state."""
