"""A scanned units column that Tesseract's page layout leaves empty, read again cell by cell
(workers/reading/empty_cells.py, workers/reading/ocr.py), on a page drawn like the development set's German record of
modules: titles on the left, a shaded grade cell, one-digit ECTS points far right. The geometry tests
are pure (boxes in, boxes out); the page test is real Tesseract."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from workers.reading import ocr
from workers.reading.empty_cells import column, empty_cells, fill, stacked
from workers.reading.layout import Word, build_lines
from workers.runtime.limits import Limits

_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
MODULES = [("Werkstoffkunde", True, "2,6 befriedigend", "6"), ("Eisen und Stahl", False, "3,0 befriedigend", "3"),
           ("Grundlagen der Werkstoffkunde", False, "2,3 gut", "3"), ("Thermodynamik", True, "1,0 sehr gut", "4"),
           ("Thermodynamik im Überblick", False, "1,0 sehr gut", "4"), ("Informatik", True, "- bestanden", "5"),
           ("Grundzüge der Informatik", False, "- bestanden", "5"), ("Labor Elektrotechnik", False, "- bestanden", "4"),
           ("Labor Maschinenbau", False, "- bestanden", "2")]


def _record_page() -> Image.Image:
    """A 300-DPI page of modules: group lines in bold, each grade on a grey cell, the points alone far right."""
    if not (_SANS.exists() and _BOLD.exists()):
        pytest.skip("DejaVu fonts are not installed")
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    plain, bold = ImageFont.truetype(str(_SANS), 36), ImageFont.truetype(str(_BOLD), 36)
    draw.text((1530, 300), "Note", font=bold, fill=0)
    draw.text((1900, 300), "ECTS-Leistungspunkte", font=bold, fill=0)
    y = 400
    for title, group, grade, points in MODULES:
        y += 20 if group else 0
        draw.rectangle((1520, y - 8, 1830, y + 44), fill=215)
        draw.text((560, y), title, font=bold if group else plain, fill=0)
        draw.text((1530, y), grade, font=plain, fill=0)
        draw.text((1900, y), points, font=plain, fill=0)
        y += 70
    return image


def _word(text: str, x0: float, y0: float, x1: float | None = None, line: int = 1) -> Word:
    return Word(text, x0, y0, x1 if x1 is not None else x0 + 0.012 * len(text), y0 + 0.015, 90.0, (1, 1, line))


def _page(rows: list[tuple[str, str, str | None]]) -> list[Word]:
    """Words of a record: a header, then (title, grade, points or None) one row every 0.02 of the page."""
    words = [_word("Note", 0.62, 0.10, line=0), _word("ECTS-Leistungspunkte", 0.77, 0.10, 0.93, line=0)]
    for n, (title, grade, points) in enumerate(rows, start=1):
        y = 0.10 + 0.02 * n
        words.append(_word(title, 0.23, y, line=n))
        words.append(_word(grade, 0.62, y, 0.72, line=n))
        if points is not None:
            words.append(_word(points, 0.77, y, line=n))
    return words


def test_rows_without_a_figure_are_found_and_the_cut_stays_clear_of_the_grades() -> None:
    words = _page([("Werkstoffkunde", "2,6 befriedigend", "6"), ("Eisen und Stahl", "3,0 befriedigend", None),
                   ("Mathematik für Ingenieure", "1,0 sehr gut", "g"), ("Physik", "2,0 gut", "4")])
    [cells] = empty_cells(words)
    assert len(cells.rows) == 2  # "Eisen und Stahl" (nothing) and "Mathematik" ("g" is no figure)
    x0, y0, x1, _ = cells.box
    assert x0 >= 0.72 and x1 > 0.9  # right of the grade cells, under the header
    assert y0 >= 0.115  # below the header
    assert [round(r[0], 2) for r in cells.rows] == [0.14, 0.16]


def test_a_page_whose_column_is_whole_or_that_has_no_units_header_needs_no_second_read() -> None:
    assert empty_cells(_page([("Werkstoffkunde", "2,6 befriedigend", "6"), ("Physik", "2,0 gut", "4")])) == []
    prose = [_word("Hannover,", 0.23, 0.30), _word("den", 0.30, 0.30), _word("28.", 0.33, 0.30)]
    assert empty_cells(prose) == []


def test_figures_go_into_their_rows_and_one_beside_every_row_is_left_out() -> None:
    words = _page([("Eisen und Stahl", "3,0 befriedigend", None), ("Mathematik", "1,0 sehr gut", "g")])
    [cells] = empty_cells(words)

    def read_at(text: str, top: float, conf: float) -> Word:  # a figure read again, where it is on the page
        return Word(text, 0.775, top, 0.785, top + 0.014, conf, (1, 1, 1))

    # Tesseract's confidence in a figure it was held to means little: 0 for a clear "3".
    read = [read_at("3", 0.1205, 0.0), read_at("9", 0.1405, 40.0), read_at("7", 0.19, 96.0)]  # "7": the seal
    lines = [line.text for line in build_lines(fill(words, cells, read), 1)]
    assert lines[1:] == ["Eisen und Stahl   3,0 befriedigend   3", "Mathematik   1,0 sehr gut   9"]


def test_the_empty_cells_are_stacked_into_one_strip_and_read_back_onto_the_page() -> None:
    """Only the empty cells are read again, cut out and stacked close (a tall cut down the whole column,
    with a watermark between its rows, makes Tesseract drop figures again)."""
    words = _page([("Eisen und Stahl", "3,0", None), ("Physik", "2,0", "4"), ("Chemie", "1,7", "5"),
                   ("Biologie", "2,3", "3"), ("Statik", "1,3", "6"), ("Mathematik", "1,0", None)])
    [cells] = empty_cells(words)
    page = Image.new("L", (1000, 1000), 255)
    strip, to_page = stacked(cells, page)
    assert strip.height < 0.7 * column(cells, page)[0].height  # two cells and the white between them
    for (top, bottom), inside in zip(cells.rows, (0.3, 0.8)):  # a figure in each cell of the strip
        found = to_page(Word("3", 0.1, inside - 0.05, 0.3, inside + 0.05, 90.0, None))
        assert found is not None and top <= found.y0 and found.y1 <= bottom
    assert to_page(Word("8", 0.1, 0.0, 0.3, 1.0, 90.0, None)) is None  # across the whole strip: a smudge


def test_a_scanned_units_column_that_the_page_layout_drops_is_read_cell_by_cell(tmp_path: Path) -> None:
    image = _record_page()
    points = [p for *_, p in MODULES]
    image.save(tmp_path / "page.png")
    first = ocr._run(str(tmp_path / "page.png"), image.size, Limits(), time.monotonic() + 60)
    assert [w.text for w in first.words if w.x0 > 0.75 and w.text.isdigit()] != points  # the layout loses them
    read = ocr.ocr_image(image, Limits(), deadline=time.monotonic() + 60)
    lines = build_lines(read.words, 1)
    assert lines[0].text == "Note   ECTS-Leistungspunkte"
    assert [line.text.split("   ")[-1] for line in lines[1:]] == points
    assert [line.words[0].text for line in lines[1:]] == [title.split()[0] for title, *_ in MODULES]


def test_a_figure_the_page_already_has_is_not_read_into_the_row_beside_it() -> None:
    """On a tilted scan a row's figure reaches down into the band of the row under it, whose own cell is
    empty: the second read finds that same figure again, and it stays with its own row."""
    words = _page([("Management", "98", "2"), ("Scientific Writing", "93", None)])
    [cells] = empty_cells(words)
    x0, y0, x1, y1 = cells.box
    figure = next(w for w in words if w.text == "2")
    low = 0.011  # Tesseract's box of the same ink, a little lower: its middle is in the next row's band
    again = Word("2", (figure.x0 - x0) / (x1 - x0), (figure.y0 + low - y0) / (y1 - y0), (figure.x1 - x0) / (x1 - x0),
                 (figure.y1 + low - y0) / (y1 - y0), 96.0, (1, 1, 1))
    assert cells.rows[0][0] <= (figure.y0 + figure.y1) / 2 + low <= cells.rows[0][1]
    assert fill(words, cells, [again]) == words


def test_a_line_that_names_the_year_or_sums_up_is_no_row_to_fill() -> None:
    """"* 2018-2019 Academic Year *" stands in the title column with nothing in the units column; a
    figure read beside it belongs to a course above or below, and would make the year a course."""
    words = _page([("Python", "81", "3"), ("Academic Year 2018-2019", "", None), ("TCH: 288 Percentage", "75%", None),
                   ("SEMESTER 4", "", None), ("Java Programming", "84", None)])
    [cells] = empty_cells([w for w in words if w.text])
    assert len(cells.rows) == 1 and cells.rows[0][0] > 0.19  # only "Java Programming"


def test_figures_are_cut_from_the_page_itself_when_the_read_was_of_it_without_its_rules(tmp_path: Path) -> None:
    """Taking a ruled table's lines out (workers/reading/ruling.py) can take the upright stroke of a lone "1" or
    "4" with them; the cells are read again from the page as scanned. Here the variant that was read has
    lost the whole column, and the figures still come back."""
    from PIL import ImageDraw

    image = _record_page()
    variant = image.copy()
    ImageDraw.Draw(variant).rectangle((1880, 390, 2100, 1200), fill=255)
    variant.save(tmp_path / "variant.png")
    limits = Limits()
    read = ocr._run(str(tmp_path / "variant.png"), variant.size, limits, time.monotonic() + 60)
    done = ocr._finished(read, str(tmp_path / "variant.png"), variant, limits, time.monotonic() + 60, str(tmp_path),
                         cells_from=image)
    assert [line.text.split("   ")[-1] for line in build_lines(done.words, 1)[1:]] == [p for *_, p in MODULES]


def test_a_header_half_read_keeps_the_columns_of_the_semesters_before_it() -> None:
    """Two semesters side by side; the second year's header reads only the left one ("Code Course Chr
    Credit … Course"): the right table's units column is still where the year before had it."""
    def header(y: float, right: bool) -> list[Word]:
        n = round(y * 100)
        words = [_word("Course", 0.14, y, line=n), _word("Credit", 0.39, y, line=n), _word("Grade", 0.47, y, line=n),
                 _word("Course", 0.58, y, line=n)]
        return words + ([_word("Credit", 0.85, y, line=n), _word("Grade", 0.94, y, line=n)] if right else [])

    def row(y: float, left: str, right: str | None) -> list[Word]:
        n = round(y * 100)
        words = [_word(left, 0.14, y, line=n), _word("4", 0.40, y, line=n), _word("B", 0.48, y, line=n),
                 _word("Operating system", 0.58, y, 0.70, line=n)]
        return words + ([_word(right, 0.86, y, line=n)] if right else [])

    words = header(0.10, True) + row(0.12, "Linear Algebra", "4") + header(0.20, False) + row(0.22, "Statistics", None)
    [cells] = empty_cells(words)
    assert cells.box[0] >= 0.70 and [round(r[0], 2) for r in cells.rows] == [0.22]  # the right one, second year


def test_a_semester_number_that_ocr_misread_is_read_again_too() -> None:
    """"No  Course  score  semester  credit  type": a row's semester number dates it; OCR read it as "a"."""
    words = [_word(h, x, 0.10, line=0) for h, x in (("No", 0.11), ("Course", 0.16), ("score", 0.69),
                                                   ("semester", 0.75), ("credit", 0.82), ("type", 0.88))]
    for n, (title, semester) in enumerate((("Web Design", "1"), ("Multimedia Demonstration", "a")), start=1):
        y = 0.10 + 0.02 * n
        words += [_word(str(n), 0.12, y, line=n), _word(title, 0.16, y, 0.40, line=n), _word("92", 0.71, y, line=n),
                  _word(semester, 0.77, y, line=n), _word("1.5", 0.84, y, line=n), _word("O", 0.90, y, line=n)]
    [cells] = empty_cells(words)
    assert len(cells.rows) == 1 and 0.73 < cells.box[0] < 0.77 < cells.box[2] <= 0.84  # the semester cell of row 2


def test_a_title_that_runs_into_the_column_is_no_empty_cell() -> None:
    """A long title (one word to OCR) whose middle stands in the units column, with nothing left of the
    column on its line: no cell to fill, and no error."""
    words = _page([("Physik", "2,0 gut", "4")])
    words.append(_word("Grundlagen-der-Elektrotechnik-und-Messtechnik", 0.70, 0.16, 0.90, line=7))
    assert empty_cells(words) == []
