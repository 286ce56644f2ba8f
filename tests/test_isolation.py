"""The isolated child (workers/runtime/isolation.py): a child that answered is left to exit on its own, so the
caller does not wait while the kernel takes its memory down; a child that did not answer in time is
killed, never left running."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests import hostile
from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.runtime import isolation
from workers.runtime.limits import Limits


@pytest.fixture
def kills(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children killed, recorded on the way to the real kill."""
    killed: list[int] = []
    real = isolation._kill_group

    def record(pid: int) -> None:
        killed.append(pid)
        real(pid)

    monkeypatch.setattr(isolation, "_kill_group", record)
    return killed


def test_a_child_that_answered_is_not_killed(kills: list[int], limits: Limits, ctx: CheckContext) -> None:
    result = isolation.process_isolated(hostile.text_pdf(hostile.CERTIFICATE_LINES), limits, ctx)
    answer = isolation.call_isolated(lambda: {"pid": os.getpid()}, limits)
    assert result.recipient == "Jane Doe"
    assert kills == []
    with isolation._EXITING_LOCK:
        left = answer["pid"] in isolation._EXITING
        if left:  # not ended yet when its answer came: it ends on its own, with its own exit code
            isolation._EXITING.remove(answer["pid"])
            _, status = os.waitpid(answer["pid"], 0)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


@pytest.mark.timeout(60)
def test_a_child_that_overruns_is_killed_not_left_running(kills: list[int], limits: Limits, tmp_path: Path) -> None:
    marker = tmp_path / "pid"

    def hang() -> dict:
        marker.write_text(str(os.getpid()))
        while True:
            time.sleep(1)

    with pytest.raises(PipelineError) as overran:
        isolation.call_isolated(hang, replace(limits, timeout_seconds=0.5))
    assert overran.value.code == "timeout"
    pid = int(marker.read_text())
    assert kills == [pid]
    assert not Path(f"/proc/{pid}").exists()  # killed and reaped


def test_cached_pages_come_back_read_without_their_words(limits: Limits, ctx: CheckContext, samples: Path) -> None:
    """Issue 28: a re-processed document's answer carried every word and box of its pages back through the
    pipe, which the caller had sent it; the fields are the same without them."""
    from workers.pipeline import analyse, process
    from workers.reading.pages import PageText
    read = process((samples / "25_transcript_text_pdf.pdf").read_bytes(), limits, ctx)
    pages = [PageText.from_data(p.number, p.source, p.rotation, p.mean_conf, p.words) for p in read.page_texts]
    [(index, answer)] = list(isolation.analyse_isolated([(pages, read.mime, ctx)], limits))
    assert index == 0 and not isinstance(answer, PipelineError)
    assert [p.words for p in answer.page_texts] == [[]] and answer.page_texts[0].text
    here = analyse(pages, read.mime, ctx)
    assert answer.activities == here.activities and len(answer.activities) > 1
    assert (answer.recipient, answer.issuer, answer.flags) == (here.recipient, here.issuer, here.flags)


def test_an_answer_orjson_refuses_still_comes_back(limits: Limits, ctx: CheckContext, samples: Path) -> None:
    """The parent reads each answer from the pipe with orjson, which refuses NaN; the child writes with the
    standard library, which writes it. A page whose mean confidence is not a number still comes back."""
    import math

    from workers.pipeline import process
    from workers.reading.pages import PageText
    read = process((samples / "25_transcript_text_pdf.pdf").read_bytes(), limits, ctx)
    pages = [PageText.from_data(p.number, p.source, p.rotation, float("nan"), p.words) for p in read.page_texts]
    [(_, answer)] = list(isolation.analyse_isolated([(pages, read.mime, ctx)], limits))
    assert not isinstance(answer, PipelineError)
    assert math.isnan(answer.page_texts[0].mean_conf or 0.0) and len(answer.activities) > 1
