"""`make fuzz`: hypothesis mutates real sample files and feeds them to the pipeline for a bounded run.

The property: every input ends in a Result or a named PipelineError, never in any other exception.
A crash found here becomes a regression test in tests/ (see tests/test_refusals.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.pipeline import process
from workers.runtime.limits import Limits

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"
SEEDS = [SAMPLES / name for name in ("01_certificate_text_pdf.pdf", "25_transcript_text_pdf.pdf",
                                     "05_certificate_scan_png.png", "06_certificate_scan_jpeg.jpg",
                                     "31_blank_image_pdf.pdf")]
LIMITS = replace(Limits(), timeout_seconds=20, ocr_timeout_seconds=10)
CTX = CheckContext(as_of=date(2026, 11, 1), applicant="Jane Doe")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(SEEDS[draw(st.integers(0, len(SEEDS) - 1))].read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "duplicate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at: at + draw(st.integers(1, 4096))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "duplicate":
            data[at:at] = data[at: at + draw(st.integers(1, 2048))]
    return bytes(data)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_pipeline_never_crashes(data: bytes) -> None:
    try:
        result = process(data, LIMITS, CTX)
    except PipelineError as exc:
        assert exc.code and exc.message
        return
    assert result.pages >= 1 and result.text_source in ("text_layer", "ocr", "text_layer+ocr", "mixed")
