"""The warm reader (workers/runtime/warm_reader.py): a fresh child per file, forked ahead and warmed
on a certificate of its own. It must read exactly what `process_isolated` reads, keep a file that hangs
from taking the next one down, and outlive a spare child that died while it waited."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests import hostile
from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits
from workers.runtime.warm_reader import WarmReader

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"


def _same(a: dict, b: dict) -> bool:
    return {k: v for k, v in a.items() if k != "seconds"} == {k: v for k, v in b.items() if k != "seconds"}


def test_it_reads_what_a_child_of_its_own_reads(limits: Limits, ctx: CheckContext) -> None:
    files = sorted(SAMPLES.glob("*_text_pdf.pdf"))[:6]
    assert files
    with WarmReader(limits) as reader:
        warm = [reader.process(f.read_bytes(), ctx).to_dict() for f in files]
    cold = [process_isolated(f.read_bytes(), limits, ctx).to_dict() for f in files]
    assert all(_same(a, b) for a, b in zip(warm, cold, strict=True))


def test_a_refused_file_is_a_named_error_and_the_next_is_read(limits: Limits, ctx: CheckContext) -> None:
    with WarmReader(limits) as reader:
        with pytest.raises(PipelineError) as refused:
            reader.process(hostile.truncated_pdf(), ctx)
        assert refused.value.code == "corrupt"
        result = reader.process(hostile.text_pdf(hostile.CERTIFICATE_LINES), ctx)
    assert result.activities[0].title == "Statistical Process Control"


@pytest.mark.timeout(90)
def test_a_file_that_reads_too_long_is_killed_and_the_next_is_read(limits: Limits, ctx: CheckContext) -> None:
    """A photograph's worth of noise keeps Tesseract busy far past a one-second limit."""
    import io
    import random

    from PIL import Image

    rng = random.Random(3)
    noise = Image.frombytes("L", (1600, 1600), bytes(rng.randrange(256) for _ in range(1600 * 1600)))
    buf = io.BytesIO()
    noise.save(buf, "PNG")
    quick = replace(limits, timeout_seconds=1.0)
    with WarmReader(quick) as reader:
        with pytest.raises(PipelineError) as slow:
            reader.process(buf.getvalue(), ctx)
        assert slow.value.code == "timeout"
        result = reader.process(hostile.text_pdf(hostile.CERTIFICATE_LINES), ctx)
    assert result.recipient == "Jane Doe"


def test_a_spare_child_that_died_while_it_waited_is_replaced(limits: Limits, ctx: CheckContext) -> None:
    with WarmReader(limits) as reader:
        reader.process(hostile.text_pdf(hostile.CERTIFICATE_LINES), ctx)
        assert reader._spares
        pid = reader._spares[0][0]  # the next file's child
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}/stat").read_text().split(") ")[1][:1] != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)  # dead, not yet reaped: the reader reaps it when it moves on
        result = reader.process(hostile.text_pdf(hostile.CERTIFICATE_LINES), ctx)
    assert result.activities[0].title == "Statistical Process Control"


def test_closing_it_ends_the_spare_child(limits: Limits, ctx: CheckContext) -> None:
    reader = WarmReader(limits)
    reader.process(hostile.text_pdf(hostile.CERTIFICATE_LINES), ctx)
    pids = [spare[0] for spare in reader._spares]
    assert len(pids) == WarmReader.SPARES
    reader.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
