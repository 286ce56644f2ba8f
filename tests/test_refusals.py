"""Every error code, each with a real file of that kind, through the isolated pipeline the CLI uses."""

from __future__ import annotations

import io
import time
from dataclasses import replace

import pytest
from PIL import Image

from tests import hostile
from workers.checks import CheckContext
from workers.errors import ERROR_CODES, PipelineError
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits

CASES = {
    "empty": lambda: b"",
    "truncated_pdf": hostile.truncated_pdf,
    "garbage_pdf": hostile.garbage_pdf,
    "encrypted_pdf": hostile.encrypted_pdf,
    "zip_named_pdf": hostile.zip_file,
    "html_named_pdf": lambda: hostile.HTML,
    "exe_named_pdf": hostile.exe_file,
    "svg_with_script": lambda: hostile.SVG,
    "random_bytes_png": hostile.random_bytes,
    "pixel_bomb_png": hostile.pixel_bomb_png,
    "deflate_bomb_pdf": hostile.deflate_bomb_pdf,
    "chained_filter_bomb_pdf": hostile.filter_bomb_pdf,
    "hidden_chained_filter_bomb_pdf": lambda: hostile.filter_bomb_pdf(hidden=True),
    "drawing_flood_pdf": hostile.drawing_flood_pdf,
    "four_hundred_pages": lambda: hostile.text_pdf(["Page {page} of a flood"], pages=400),
}
EXPECTED = {
    "empty": "empty", "truncated_pdf": "corrupt", "garbage_pdf": "corrupt", "encrypted_pdf": "encrypted",
    "zip_named_pdf": "unsupported_type", "html_named_pdf": "unsupported_type", "exe_named_pdf": "unsupported_type",
    "svg_with_script": "unsupported_type", "random_bytes_png": "unsupported_type",
    "pixel_bomb_png": "image_too_large", "deflate_bomb_pdf": "page_too_large", "four_hundred_pages": "too_many_pages",
    "chained_filter_bomb_pdf": "page_too_large", "hidden_chained_filter_bomb_pdf": "too_large",
    "drawing_flood_pdf": "page_too_large",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_gets_its_named_error(case: str, limits: Limits, ctx: CheckContext) -> None:
    data = CASES[case]()
    started = time.monotonic()
    with pytest.raises(PipelineError) as err:
        process_isolated(data, limits, ctx)
    assert time.monotonic() - started < 10  # issue 10: every hostile file is refused within seconds
    assert err.value.code == EXPECTED[case]
    assert err.value.message and err.value.message != err.value.code


def test_file_over_the_size_limit_is_too_large(ctx: CheckContext) -> None:
    limits = Limits()
    data = hostile.oversized_pdf(limits.max_bytes + 1024)
    with pytest.raises(PipelineError) as err:
        process_isolated(data, limits, ctx)
    assert err.value.code == "too_large"
    assert "20 MiB" in err.value.message


def test_truncated_image_is_corrupt(limits: Limits, ctx: CheckContext) -> None:
    buf = io.BytesIO()
    Image.new("L", (800, 600), 200).save(buf, format="JPEG")
    with pytest.raises(PipelineError) as err:
        process_isolated(buf.getvalue()[:2000], limits, ctx)
    assert err.value.code == "corrupt"


@pytest.mark.slow
def test_a_document_over_its_time_limit_times_out(samples, ctx: CheckContext) -> None:
    data = (samples / "29_cover_and_certificate_image_pdf.pdf").read_bytes()
    limits = replace(Limits(), timeout_seconds=0.5)
    started = time.monotonic()
    with pytest.raises(PipelineError) as err:
        process_isolated(data, limits, ctx)
    assert err.value.code == "timeout"
    assert time.monotonic() - started < 0.5 + 6  # the child is killed after its grace period at the latest


def test_every_error_code_is_exercised() -> None:
    covered = set(EXPECTED.values()) | {"too_large", "timeout"}
    assert covered == set(ERROR_CODES)


def test_pdf_with_a_damaged_header_is_read_as_pdfium_reads_it(limits: Limits, ctx: CheckContext) -> None:
    """Found by `make fuzz`: a damaged header once made the text reader (pdfminer) see no pages while
    pdfium saw one, and the pipeline returned a zero-page result. One reader (pdfium) now both checks and
    reads a PDF, so the page it sees is the page that is read."""
    data = hostile.text_pdf(hostile.CERTIFICATE_LINES).replace(b"%PDF-1.", b"%PDF-.", 1)
    result = process_isolated(data, limits, ctx)
    assert [page.number for page in result.page_texts] == [1]
    assert "Statistical Process Control" in " ".join(w["text"] for w in result.page_texts[0].words)
