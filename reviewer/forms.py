"""Forms (Flask-WTF): every state-changing form carries a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (BooleanField, DateField, EmailField, FloatField, PasswordField, SelectChoice, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp

from reviewer.models.review import REJECT_REASONS
from workers.amounts import UNIT_PREFERENCE
from workers.readers import accept_attribute, accepted_words

# The file pickers offer only the types the pipeline reads; the registry in workers.readers names them.
_FILE_INPUT = {"accept": accept_attribute()}


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class UploadForm(FlaskForm):
    files = MultipleFileField(f"Evidence files ({accepted_words()})", render_kw=_FILE_INPUT)


class ResubmitForm(FlaskForm):
    file = FileField(f"Replacement file ({accepted_words()})", render_kw=_FILE_INPUT)


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


class BatchForm(FlaskForm):
    """The filters of `reviewer reprocess`; the program and flag choices are filled in by the view."""

    scope = SelectField("Documents", choices=[SelectChoice("filtered", "matching the filters"),
                                              SelectChoice("all", "all documents")])
    program = SelectField("Program", validate_choice=False)
    status = SelectField("Status", validate_choice=False)
    flag = SelectField("Flag", validate_choice=False)
    since = DateField("Uploaded since", validators=[Optional()])
    ids = StringField("Document ids", validators=[Optional(), Length(max=20000),
                                                  Regexp(r"^[\d,\s]*$", message="Ids are numbers separated by commas.")])
    force_ocr = BooleanField("Read the files again (OCR) instead of using cached page text")
