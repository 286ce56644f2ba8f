"""`reviewer enrol` and `reviewer cycles close`: programs as they run, from the command line."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from reviewer.accounts.passwords import password_link
from reviewer.extensions import db
from reviewer.mail.notifications import enrolled
from reviewer.programs.cycles import EnrolmentError, close_due_cycles, enrol
from reviewer.programs.progress import outcome
from reviewer.service.startup import secret_key_problem


def _date(_: click.Context, __: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@click.command("enrol")
@click.argument("email")
@click.argument("program")
@click.option("--certified-on", required=True, callback=_date, help="Date of the certification the cycle follows.")
@click.option("--name", help="The applicant's name (new accounts).")
@click.option("--multiple", is_flag=True, help="The applicant holds several certifications (SME: 54 credits).")
@click.option("--exempt", "exemption", help="An exemption code the program offers (e.g. retired, life_member).")
@click.option("--reason", help="Why the exemption applies (shown to staff and the applicant).")
@click.option("--certified-since", callback=_date, help="First certification date (life membership).")
@click.option("--certification", "certifications", multiple=True,
              help="A certification held (ATMAE: CCE, CEG, CMS, CTM or CTP; SME: each held). Repeatable.")
@click.option("--degree-institution", help="Where the qualifying degree was earned (ATMAE).")
@click.option("--degree-year", type=click.IntRange(1940, 2100), help="The qualifying degree's year (ATMAE).")
@with_appcontext
def enrol_command(email: str, program: str, certified_on: date, name: str | None, multiple: bool,
                  exemption: str | None, reason: str | None, certified_since: date | None,
                  certifications: tuple[str, ...], degree_institution: str | None, degree_year: int | None) -> None:
    """Enrol EMAIL in PROGRAM for the cycle after a certification; new accounts get a set-password link."""
    problem = secret_key_problem(current_app.config.get("SECRET_KEY"))
    if problem:  # the link is signed with it: refuse before anything is stored, not after
        raise click.ClickException(f"Enrolment sends a signed set-password link, and {problem}")
    try:
        made = enrol(email, program, certified_on, name=name, multiple=multiple, exemption=exemption,
                     exemption_reason=reason, certified_since=certified_since, certifications=list(certifications),
                     degree_institution=degree_institution, degree_year=degree_year)
    except EnrolmentError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    enrolled(made)
    db.session.commit()
    cycle = made.cycle
    click.echo(f"enrolled {made.user.email} in {program}: window {cycle.window_start} to {cycle.window_end}, "
               f"due {cycle.due_date}" + (f", exempt ({cycle.exemption})" if cycle.exemption else ""))
    if made.created_user:
        # Say where the mail is: sent by a worker when a mail server is set, else only kept in the outbox.
        where = ("e-mailed by the worker" if current_app.config.get("MAIL_SERVER")
                 else "not e-mailed: no REVIEWER_MAIL_SERVER is set, so it waits in the outbox (/admin/mail)")
        click.echo(f"set-password link ({where}): {password_link(made.user)}")


cycles = AppGroup("cycles", help="Recertification cycles.")


@cycles.command("close")
@click.option("--today", callback=_date, help="Close as of this date (default: today).")
def close_command(today: date | None) -> None:
    """End every open cycle past its due date as complete or short."""
    closed = close_due_cycles(today or datetime.now().date(), outcome)
    for cycle in closed:
        click.echo(f"cycle {cycle.id} ({cycle.program.code}, applicant {cycle.applicant_id}): {cycle.status}")
    click.echo(f"{len(closed)} cycle(s) closed")
