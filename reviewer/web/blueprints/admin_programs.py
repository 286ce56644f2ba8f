"""Administrators' program pages: every program's rules, edited as data and audited before and after.

The rules are checked as a whole by reviewer/programs/editing.py (the form's shape and the choice of rows of
inputs over a JSON textarea are explained there); a refused save keeps what was typed and lists every
problem, each naming its field.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from reviewer.extensions import db
from reviewer.models import Cycle, Program
from reviewer.programs.catalogue import SOURCE_NOTES
from reviewer.programs.due_rules import DUE_RULES
from reviewer.programs.editing import DUE_RULE_WORDS, ProgramRulesError, apply_rules, fingerprint, parse_rules, snapshot
from reviewer.web.access import admin_required
from reviewer.web.forms import EmptyForm
from workers.fields.amounts import CONTACT_HOURS_PER_UNIT
from workers.fields.categories import KINDS

bp = Blueprint("admin_programs", __name__, url_prefix="/admin")


@bp.get("/programs")
@admin_required
def programs() -> str:
    """Every program with its main rules and how many cycles run in it (one grouped count)."""
    rows = db.session.scalars(db.select(Program).order_by(Program.code)).all()
    cycles = dict(db.session.execute(db.select(Cycle.program_id, db.func.count(Cycle.id))
                                     .group_by(Cycle.program_id)).all())
    return render_template("admin/programs.html", programs=[(p, snapshot(p)) for p in rows], cycles=cycles,
                           due_words=DUE_RULE_WORDS)


def _get(program_id: int) -> Program:
    program = db.session.get(Program, program_id)
    if program is None:
        abort(404)
    return program


def _edit_page(program: Program, rules: dict[str, Any], seen: str, problems: list[str] | None = None,
               status: int = 200) -> tuple[str, int]:
    return render_template("admin/program.html", source_note=SOURCE_NOTES.get(program.code), program=program,
                           rules=rules, seen=seen, problems=problems or [],
                           kinds=KINDS, units=list(CONTACT_HOURS_PER_UNIT), standard=CONTACT_HOURS_PER_UNIT,
                           due_rules=list(DUE_RULES), due_words=DUE_RULE_WORDS, form=EmptyForm()), status


@bp.get("/programs/<int:program_id>")
@admin_required
def program(program_id: int) -> tuple[str, int]:
    program = _get(program_id)
    return _edit_page(program, snapshot(program), fingerprint(program))


def _as_typed(form: Any) -> dict[str, Any]:
    """What was sent, in the page's shape, so a refused save shows the administrator's own values again."""
    rules: dict[str, Any] = {key: form.get(key, "") for key in
                             ("name", "unit", "required_units", "required_units_multiple", "window_years",
                              "contact_hours_per_unit", "due_rule")}
    rules["conversions"] = {key.removeprefix("conversion-"): form.get(key) for key in form
                            if key.startswith("conversion-") and form.get(key)}
    for key, prefix, parts in (("categories", "category", ("code", "name", "min", "max")),
                               ("exemptions", "exemption", ("code", "name", "min_years"))):
        numbers = sorted({name.split("-")[1] for name in form if name.startswith(f"{prefix}-")
                          and name.count("-") == 2 and name.split("-")[1].isdigit()}, key=int)[:100]
        rows = [{part: form.get(f"{prefix}-{n}-{part}", "") for part in parts}
                | {"kinds": form.getlist(f"{prefix}-{n}-kinds"), "remove": bool(form.get(f"{prefix}-{n}-remove"))}
                for n in numbers]
        rules[key] = [row for row in rows if row["kinds"] or any(str(row[part]).strip() for part in parts)]
    return rules


@bp.post("/programs/<int:program_id>")
@admin_required
def save(program_id: int) -> Any:
    """Save the whole rule set at once, or nothing: every problem is listed, and what was typed is kept."""
    program = _get(program_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    seen = request.form.get("seen", "")
    try:
        changed = apply_rules(program, parse_rules(request.form), current_user, seen)
    except ProgramRulesError as exc:
        db.session.rollback()
        return _edit_page(program, _as_typed(request.form), seen, exc.problems, 400)
    db.session.commit()
    flash(f"{program.code} saved." if changed else f"Nothing changed in {program.code}.", "info")
    return redirect(url_for("admin_programs.program", program_id=program.id))
