"""What OCR makes of a seal or a frame ("ae", "Tal", "() ie p MU", read with low confidence) is not text:
it must not stand between a title's two lines or become the title. Pure: OCR words in, fields out."""

from __future__ import annotations

from datetime import date

from workers.checks import CheckContext
from workers.pipeline import analyse
from workers.reading.layout import Word
from workers.reading.pages import PageText


def _ocr_page(rows: list[tuple[str, float | list[float]]], heights: dict[int, float] | None = None) -> PageText:
    """One OCR page: each row is a line of words read with the given confidence, one for the whole row or
    one per word (and, for the rows named in `heights`, set in type of that height instead of 0.025)."""
    words, top = [], 0.1
    for n, (text, conf) in enumerate(rows):
        x, height = 0.1, (heights or {}).get(n, 0.025)
        tokens = text.split()
        confs = conf if isinstance(conf, list) else [conf] * len(tokens)
        for token, word_conf in zip(tokens, confs, strict=True):
            width = 0.5 * height * len(token)
            words.append(Word(token, x, top, x + width, top + height, word_conf, (1, n, 1)))
            x += width + 0.5 * height
        top += height + 0.015
    return PageText(1, "ocr", words, 0, 90.0)


def test_a_seal_read_as_fragments_does_not_become_the_title() -> None:
    page = _ocr_page([("Certificate of Completion", 95), ("This is to certify that Ana Lima", 95),
                      ("has successfully completed", 95), ("ae oi Tal", 18), ("() ie p MU", 22),
                      ("Industrial Robot Safety", 94), ("March 3, 2025", 93), ("Northwind Training Institute", 92)])
    result = analyse([page], "image/png", CheckContext(as_of=date(2026, 11, 1)))
    assert [(a.title, a.date) for a in result.activities] == [("Industrial Robot Safety", date(2025, 3, 3))]
    assert "ae oi Tal" in result.page_texts[0].text  # the page's own text keeps everything OCR read


def test_a_title_set_large_above_its_holder_is_read_though_a_dateline_follows_the_holder() -> None:
    """"CERTIFICADO / PROGRAMAÇÃO DE BANCO DE DADOS / … certifica que NAME … concluiu o curso acima
    identificado … / Franca - SP, 26 de janeiro de 2026": the place and date after the holder are not a title."""
    page = _ocr_page([("SERVIÇO NACIONAL DE APRENDIZAGEM", 95), ("CERTIFICADO", 96),
                      ("PROGRAMAÇÃO DE BANCO DE DADOS", 96),
                      ("O Departamento Regional certifica que JOANA MARIA SOUZA, portadora do RG 1,", 95),
                      ("concluiu o curso acima identificado com duração de 120 horas,", 95),
                      ("no período de 22/07/2025 a 29/09/2025.", 95), ("Lorena - SP, 26 de janeiro de 2026", 95)],
                     heights={1: 0.05, 2: 0.04, 6: 0.032})
    result = analyse([page], "image/png", CheckContext(as_of=date(2026, 11, 1)))
    assert [(a.title, a.date) for a in result.activities] == [("PROGRAMAÇÃO DE BANCO DE DADOS", date(2025, 9, 29))]


def test_a_scanned_course_row_with_specks_between_its_cells_is_read() -> None:
    """OCR finds bars and specks between a scanned table's cells ("ee", "-", "|"), each read with almost no
    confidence; the course title beside them is read well, and the row is a course, not a seal's fragment."""
    rows = [[("No", 0.1, 95), ("Course", 0.15, 95), ("score", 0.7, 95), ("credit", 0.85, 95)],
            [("1", 0.1, 87), ("Discrete", 0.15, 76), ("Mathematics", 0.24, 45), ("ee", 0.39, 9), ("-", 0.54, 0),
             ("75", 0.7, 0), ("|", 0.8, 70), ("3.5", 0.85, 70), ("Cc", 0.92, 26)],
            [("2", 0.1, 93), ("Linear", 0.15, 93), ("Algebra", 0.22, 93), ("80", 0.7, 93), ("2.5", 0.85, 93)]]
    words = [Word("Fall", 0.1, 0.05, 0.14, 0.07, 93.0, (1, 0, 1)),
             Word("2022", 0.15, 0.05, 0.19, 0.07, 93.0, (1, 0, 1))]
    for n, row in enumerate(rows, start=1):
        top = 0.1 + n * 0.03
        words += [Word(text, x, top, x + 0.008 * len(text), top + 0.02, float(conf), (1, n, 1))
                  for text, x, conf in row]
    page = PageText(1, "ocr", words, 0, 90.0)
    result = analyse([page], "image/png", CheckContext(as_of=date(2026, 11, 1)))
    assert [(a.title, a.amount.value if a.amount else None) for a in result.activities] == [
        ("Discrete Mathematics", 3.5), ("Linear Algebra", 2.5)]


def test_a_scanned_course_with_a_long_word_read_badly_is_still_a_row() -> None:
    """"Multimedia Demonstration": OCR was sure of the first word and not of the second; two long words
    are a course's title, not a seal's fragments, which stay out."""
    from workers.pipeline import _legible
    from workers.reading.layout import Line

    def line(words: list[tuple[str, float]]) -> Line:
        return Line(1, [Word(t, 0.1 * i, 0.5, 0.1 * i + 0.08, 0.52, c, (1, 1, 1)) for i, (t, c) in enumerate(words)])

    assert _legible(line([("11", 55), ("Multimedia", 60), ("Demonstration", 0), ("a", 0), ("96", 94), ("1.5", 84)]))
    assert not _legible(line([("ae", 18), ("oi", 18), ("Tal", 18)]))
    assert not _legible(line([("Rotarian", 30), ("Stampede", 20)]))


def test_a_line_with_a_whole_date_is_text_however_its_letters_were_read() -> None:
    """"Date: 09/16/2022 | 9 CEU Hours", the label and the unit doubted by OCR: a seal's fragments make no
    date, so the line is read (it holds the activity's date), and fragments without one still are not."""
    from workers.pipeline import _legible
    from workers.reading.layout import Line

    def line(words: list[tuple[str, float]]) -> Line:
        made = [Word(t, 0.1 * i, 0.5, 0.1 * i + 0.08, 0.52, c, (1, 1, 1)) for i, (t, c) in enumerate(words)]
        return Line(1, made, text="   ".join(t for t, _ in words))

    assert _legible(line([("Date:", 58), ("09/16/2022", 58), ("|", 95), ("9", 3), ("CEU", 3), ("Hours", 44)]))
    assert not _legible(line([("Date:", 58), ("09/16", 58), ("|", 95), ("9", 3), ("CEU", 3), ("Hours", 44)]))
