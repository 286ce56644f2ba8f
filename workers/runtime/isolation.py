"""Run the pipeline in a forked child with a hard memory ceiling and a wall-clock limit.

In-process checks refuse the hostile files we know about (bombs, page floods). The child process is for
the ones we do not: a parser that loops or allocates without end is killed, with its Tesseract
grandchildren, and the caller gets a named error while the worker lives on.

Re-processing analyses many documents from cached text. Forking once per document would cost more than
the analysis, so one child analyses a whole chunk and sends one framed message per document; if it
hangs or dies on one document, that document alone gets the error and a fresh child goes on with the rest.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import gc
import json
import logging
import os
import resource
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from functools import partial
from typing import Any

from workers.checks import CheckContext
from workers.errors import PipelineError, reader_stopped, reading_timeout
from workers.json_io import load_json
from workers.pipeline import analyse, process
from workers.reading.pages import PageText
from workers.result import Result
from workers.runtime.limits import Limits

GRACE_SECONDS = 5.0
# The answers' pipe holds this much (Linux's default is 64 KB, about 38 analysed documents): a child
# analysing a chunk runs on while its parent stores a group of 50 or waits for SQLite's write lock,
# instead of stopping with a full pipe and leaving a core idle.
PIPE_BYTES = 1 << 20
_PR_SET_PDEATHSIG = 1
HEADER = 8
log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], None]
AnalyseTask = tuple[list[PageText], str, CheckContext]


def outcome_of(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """One task's message: its answer (a Result as a dict), its named error, or the crash described as data."""
    try:
        return {"ok": work()}
    except PipelineError as exc:
        return {"error": exc.as_dict()}
    except MemoryError:
        return {"error": {"code": "too_large", "message": "Reading the file needs more memory than the limit allows."}}
    except Exception as exc:  # an unexpected failure must still reach the caller as data
        return {"crash": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}


def spawn(body: Callable[[Send], None], limits: Limits) -> tuple[int, int]:
    """Fork a child that runs `body(send)` under the limits; return its pid and the pipe to read."""
    read_fd, write_fd = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # Linux only, and only up to fs.pipe-max-size
        fcntl.fcntl(read_fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return pid, read_fd
    os.close(read_fd)
    code = 0
    try:
        # The collector would walk every object inherited from the parent, writing to each and so
        # copying the parent's whole heap page by page; what the child makes is all it need collect.
        gc.freeze()
        _die_with_parent()
        os.setpgid(0, 0)
        resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory_bytes, limits.max_memory_bytes))

        def send(message: dict[str, Any]) -> None:
            payload = json.dumps(message).encode()
            write_all(write_fd, len(payload).to_bytes(HEADER, "big") + payload)

        body(send)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


class Frames:
    """Length-prefixed JSON messages from a child, each awaited until a deadline."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def _fill(self, size: int, deadline: float) -> bool:
        """Read until `size` bytes are buffered. False at end of file; TimeoutError at the deadline."""
        while len(self.buffer) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self.fd], [], [], None if left == float("inf") else left)
            if not ready:
                continue
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return False
            self.buffer += chunk
        return True

    def raw(self, deadline: float) -> bytes | None:
        """The next frame's bytes, or None at end of file."""
        if not self._fill(HEADER, deadline):
            return None
        size = int.from_bytes(self.buffer[:HEADER], "big")
        if not self._fill(HEADER + size, deadline):
            return None
        frame = bytes(self.buffer[HEADER:HEADER + size])
        del self.buffer[:HEADER + size]
        return frame

    def next(self, deadline: float) -> dict[str, Any] | None:
        frame = self.raw(deadline)
        return None if frame is None else load_json(frame)  # a result per document: orjson reads it fastest


def answer_of(message: dict[str, Any]) -> dict[str, Any]:
    if "ok" in message:
        return dict(message["ok"])
    if "error" in message:
        raise PipelineError(message["error"]["code"], message["error"]["message"])
    # A reader bug triggered by this file: the user gets a named error, the operator gets the details.
    log.warning("pipeline failed on a file: %s", message["crash"])
    log.debug("%s", message.get("trace", ""))
    raise PipelineError("corrupt", f"The file could not be read ({message['crash'].split(':')[0]}).")


def _run(tasks: Sequence[Callable[[], dict[str, Any]]],
         limits: Limits) -> Generator[tuple[int, dict[str, Any] | PipelineError]]:
    """Each task's answer or PipelineError, in order, from as few children as the tasks allow."""
    start = 0
    while start < len(tasks):
        def body(send: Send, first: int = start) -> None:
            for task in tasks[first:]:
                send(outcome_of(task))

        pid, fd = spawn(body, limits)
        # True once every task has its answer: the child then has nothing left to do but exit, and is
        # left to (`reap_soon`); one that timed out or stopped early is killed (`end_child`).
        frames, index, answered = Frames(fd), start, False
        try:
            while index < len(tasks):
                try:
                    message = frames.next(time.monotonic() + limits.timeout_seconds + GRACE_SECONDS)
                except TimeoutError:
                    yield index, reading_timeout(limits.timeout_seconds)
                    index += 1
                    break
                if message is None:
                    yield index, reader_stopped()
                    index += 1
                    break
                try:
                    outcome: dict[str, Any] | PipelineError = answer_of(message)
                except PipelineError as exc:
                    outcome = exc
                # Set before the last answer is handed over: a caller that stops there (`_single`)
                # closes this generator at that yield.
                answered = index + 1 == len(tasks)
                yield index, outcome
                index += 1
        finally:
            if answered:
                os.close(fd)
                reap_soon(pid)
            else:
                end_child(pid, None, fd)
        start = index


def _single(task: Callable[[], dict[str, Any]], limits: Limits) -> dict[str, Any]:
    for _, outcome in _run([task], limits):
        if isinstance(outcome, PipelineError):
            raise outcome
        return outcome
    raise AssertionError("unreachable: one task gives one outcome")


def process_isolated(data: bytes, limits: Limits, ctx: CheckContext) -> Result:
    """`process` in a child process. Raises PipelineError (including `timeout`) like `process` does."""
    return Result.from_dict(_single(lambda: process(data, limits, ctx).to_dict(), limits))


def write_all(fd: int, payload: bytes, deadline: float | None = None) -> bool:
    """Write all of `payload`; False if the reader went away or did not take it by the deadline."""
    view = memoryview(payload)
    try:
        while view:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([], [fd], [], left)[1]:
                    return False
            view = view[os.write(fd, view):]
    except (BrokenPipeError, OSError):
        return False
    return True


_EXITING: list[int] = []  # children that sent their last answer and are ending, not yet reaped
_EXITING_LOCK = threading.Lock()  # page previews read in isolation from several web threads at once


def reap_soon(pid: int) -> None:
    """Reap a child that has sent its last answer, without waiting while the kernel takes its memory
    down (a millisecond or more): it is reaped here if it has ended, else by a later call. Only children
    with nothing left to do but exit come here; any other is killed and reaped at once (`end_child`)."""
    with _EXITING_LOCK:
        _EXITING.append(pid)
        for child in list(_EXITING):
            try:
                ended, _ = os.waitpid(child, os.WNOHANG)
            except ChildProcessError:
                ended = child
            if ended:
                _EXITING.remove(child)
        while len(_EXITING) > 8:  # never more than a few left behind
            child = _EXITING.pop(0)
            try:
                os.waitpid(child, 0)
            except ChildProcessError:
                pass


def end_child(pid: int, task_fd: int | None, answer_fd: int) -> None:
    """Close a child's pipes, kill what is left of it and reap it."""
    for fd in (task_fd, answer_fd):
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass
    _kill_group(pid)
    os.waitpid(pid, 0)


def analyse_one_isolated(pages: list[PageText], mime: str, ctx: CheckContext, limits: Limits) -> Result:
    """`analyse` of one document's cached pages in a child process."""
    return Result.from_dict(_single(lambda: analyse(pages, mime, ctx).to_dict(), limits))


def _analysed(task: AnalyseTask) -> dict[str, Any]:
    """A cached document's reading, without its pages' words: the caller has them already (they are what
    it sent), and a page's words and boxes are most of the answer's bytes, encoded, piped and decoded
    again for every document of a re-processing batch."""
    answer = analyse(*task).to_dict()
    for page in answer["page_texts"]:
        page["words"] = []
    return answer


def analyse_isolated(tasks: Sequence[AnalyseTask], limits: Limits) -> Generator[tuple[int, Result | PipelineError]]:
    """`analyse` for many documents' cached pages, in one child while it behaves. Closing this closes
    the child too (the caller holds it in `contextlib.closing`)."""
    with closing(_run([partial(_analysed, task) for task in tasks], limits)) as outcomes:
        for index, outcome in outcomes:
            yield index, outcome if isinstance(outcome, PipelineError) else Result.from_dict(outcome)


def call_isolated(work: Callable[[], dict[str, Any]], limits: Limits) -> dict[str, Any]:
    """Any other work on untrusted bytes (drawing a page preview) in a child under the same limits.

    `work` returns a small JSON-able answer; anything large (a PNG) is better written to disk by the
    child than sent through the pipe. Raises PipelineError like the pipeline does, `timeout` included.
    """
    return _single(work, limits)


def _load_libc() -> ctypes.CDLL | None:
    """libc, looked up once: `find_library` runs `ldconfig`, which cost every forked child 1-3 ms."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc()


def _die_with_parent() -> None:
    """If the process that forked us is killed (a SIGKILLed RQ work horse), end too, not run on orphaned."""
    try:
        if _LIBC is not None:
            _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except AttributeError:
        pass


def _kill_group(pid: int) -> None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except ProcessLookupError:
            pass
