"""What OCR makes of a seal or a frame ("ae", "Tal", "() ie p MU", read with low confidence) is not text:
it must not stand between a title's two lines or become the title. Pure: OCR words in, fields out."""

from __future__ import annotations

from datetime import date

from workers.checks import CheckContext
from workers.layout import Word
from workers.pages import PageText
from workers.pipeline import analyse


def _ocr_page(rows: list[tuple[str, float]], heights: dict[int, float] | None = None) -> PageText:
    """One OCR page: each row is a line of words read with the given confidence (and, for the rows named
    in `heights`, set in type of that height instead of 0.025)."""
    words, top = [], 0.1
    for n, (text, conf) in enumerate(rows):
        x, height = 0.1, (heights or {}).get(n, 0.025)
        for token in text.split():
            width = 0.5 * height * len(token)
            words.append(Word(token, x, top, x + width, top + height, conf, (1, n, 1)))
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
    page = _ocr_page([("SERVIÇO NACIONAL DE APRENDIZAGEM", 95), ("CERTIFICADO", 96), ("PROGRAMAÇÃO DE BANCO DE DADOS", 96),
                      ("O Departamento Regional certifica que JOANA MARIA SOUZA, portadora do RG 1,", 95),
                      ("concluiu o curso acima identificado com duração de 120 horas,", 95),
                      ("no período de 22/07/2025 a 29/09/2025.", 95), ("Lorena - SP, 26 de janeiro de 2026", 95)],
                     heights={1: 0.05, 2: 0.04, 6: 0.032})
    result = analyse([page], "image/png", CheckContext(as_of=date(2026, 11, 1)))
    assert [(a.title, a.date) for a in result.activities] == [("PROGRAMAÇÃO DE BANCO DE DADOS", date(2025, 9, 29))]
