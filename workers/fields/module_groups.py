"""The courses of a transcript without the lines that only total them, and without a course listed twice.

Many records group their courses (a German "Verzeichnis der bestandenen Module": "Werkstoffkunde  6"
above "Eisen und Stahl  3" and "Grundlagen der Werkstoffkunde  3"). The group line is not a course: its
units are its courses' units again, and counting it would double them. A certificate page that sums the
record up repeats the group lines, and a grade card often prints a semester twice; the same course read
twice (the same title and units, in the same term or with its term unread once) is one course.
"""

from __future__ import annotations

import re

from workers.fields.tables import Row


def courses_only(rows: list[Row]) -> list[Row]:
    """`rows` (in reading order) without group totals and without repeats."""
    named = [i for i in range(len(rows)) if _members(rows, i, named_only=True)]
    # A group line is told by its sum. Sums agree by chance too ("Calculus 4 / Biology 1 / Chemistry 3"),
    # so it takes a group that names what its courses share ("Betriebswirtschaftslehre 44" over "… I",
    # "… II", …) to show that this record groups its courses. Then every line whose units the lines after
    # it add up to is a group, even of one course or of courses named otherwise.
    groups: set[int] = set()
    i = 0
    while named and i < len(rows):
        members = _members(rows, i, named_only=False)
        if members:
            groups.add(i)
            i += members + 1
        else:
            i += 1
    groups.update(named)
    group_lines = {(_key(rows[i].title), rows[i].value) for i in groups}
    kept: list[Row] = []
    first: dict[tuple[str, float | None], list[int]] = {}  # a course's title and units -> where it is kept
    for i, row in enumerate(rows):
        if i in groups or (_key(row.title), row.value) in group_lines:
            continue  # a group, or a group again on the page that sums the record up
        same = first.setdefault((_key(row.title), row.value), [])
        again = next((k for k in same if kept[k].date is None or row.date is None or kept[k].date == row.date), None)
        if again is None:  # new, or the same course in another term (retaken)
            same.append(len(kept))
            kept.append(row)
        elif kept[again].date is None and row.date is not None:
            kept[again] = row  # listed twice, dated only the second time (a portal's view, then the grade card)
    return kept


def _members(rows: list[Row], index: int, named_only: bool) -> int:
    """How many lines after `index` its units are the sum of (0: it is no group). `named_only`: the
    group's title must stand, as a whole word, in each of theirs, and they must be two or more."""
    row = rows[index]
    if row.value is None:
        return 0
    word = re.compile(rf"(?<!\w){re.escape(row.title)}(?!\w)", re.I)
    total, members = 0.0, 0
    for later in rows[index + 1:]:
        if later.value is None or total >= row.value - 0.01:
            break
        if named_only and not word.search(later.title):
            return 0
        total += later.value
        members += 1
    if abs(total - row.value) >= 0.01 or members < (2 if named_only else 1):
        return 0
    return members


def _key(title: str) -> str:
    """A title as compared: case and spacing aside, as OCR joins words ("CIVILAND MECHANICAL")."""
    return "".join(title.lower().split())
