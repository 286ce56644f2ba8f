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
