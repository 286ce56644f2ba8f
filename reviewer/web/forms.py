"""Forms (Flask-WTF): every state-changing form carries a CSRF token."""

from __future__ import annotations

import math

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from workers.fields.amounts import UNIT_PREFERENCE
from workers.flags import REJECT_REASONS
from workers.reading.readers import accept_attribute, accepted_words

# The file pickers offer only the types the pipeline reads; the registry in workers.reading.readers names them.
_FILE_INPUT = {"accept": accept_attribute()}


# No certificate states more than this many units of anything; a larger correction is a typo (or 1e308).
MAX_AMOUNT = 10_000.0


def finite(_: FlaskForm, field: FloatField) -> None:
    """NumberRange lets NaN through (every comparison with it is false), and progress must stay finite."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Enter a number.")


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField("The same again", validators=[DataRequired(), Length(max=200)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])


class AccountRequestForm(FlaskForm):
    """Asking for an account; the program's choices are filled in by the view."""

    name = StringField("Your name, as on your certification", validators=[DataRequired(), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    program = SelectField("Certified in", validate_choice=False)
    certification_number = StringField("Certification number", validators=[DataRequired(), Length(max=60)])


class ReminderSettingsForm(FlaskForm):
    reminders = BooleanField("E-mail me reminders")


class UploadForm(FlaskForm):
    files = MultipleFileField(f"Evidence files ({accepted_words()})", render_kw=_FILE_INPUT)


class ResubmitForm(FlaskForm):
    file = FileField(f"Replacement file ({accepted_words()})", render_kw=_FILE_INPUT)


class DecisionForm(FlaskForm):
    """The staff page renders its three decision buttons itself; this validates what they send."""

    outcome = StringField("Outcome", validators=[AnyOf(["accept", "reject", "request_resubmission"])])
    reason = StringField("Reason", validators=[Optional(), AnyOf(list(REJECT_REASONS))])
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])
    # The document's state_version on the page the buttons were on: a decision on a stale page is refused.
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=0, max=2**31)])


class ActivityForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    start_date = DateField("Start", validators=[Optional()])
    date = DateField("Date", validators=[Optional()])
    amount_value = FloatField("Amount", validators=[Optional(), NumberRange(min=0, max=MAX_AMOUNT), finite])
    amount_unit = StringField("Unit", validators=[Optional(), AnyOf(UNIT_PREFERENCE)])
    category = StringField("Category", validators=[Optional(), Length(max=40)])  # checked against the program
    excluded_reason = StringField("Does not count because", validators=[Optional(), Length(max=200)])


class MoveForm(FlaskForm):
    """Which of the applicant's cycles a document counts toward (the domain checks it is theirs)."""

    cycle_id = IntegerField("Cycle", validators=[InputRequired(), NumberRange(min=1, max=2**31)])


class RenewalSubmitForm(FlaskForm):
    """The applicant's sign-off: the attestation must be ticked (the domain checks it too)."""

    attest = BooleanField("I attest to the statement above")


class RenewalReturnForm(FlaskForm):
    """Staff return a renewal with a note saying what is missing."""

    note = TextAreaField("Note to the applicant", validators=[DataRequired(), Length(max=2000)])


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
                                                  Regexp(r"^[\d,\s]*$",
                                                         message="Ids are numbers separated by commas.")])
    force_ocr = BooleanField("Read the files again (OCR) instead of using cached page text")
