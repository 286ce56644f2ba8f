"""Run the pipeline for one file in a forked child with a hard memory ceiling and a wall-clock limit.

In-process checks refuse the hostile files we know about (bombs, page floods). The child process is for
the ones we do not: a parser that loops or allocates without end is killed, with its Tesseract
grandchildren, and the caller gets a named error while the worker lives on.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
import os
import resource
import select
import signal
import time
import traceback

from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.limits import Limits
from workers.pipeline import process
from workers.result import Result

_GRACE_SECONDS = 5.0
_PR_SET_PDEATHSIG = 1
log = logging.getLogger(__name__)


def _child(write_fd: int, data: bytes, limits: Limits, ctx: CheckContext) -> None:
    """Body of the child: run the pipeline and write one JSON message. Never returns."""
    code = 0
    try:
        _die_with_parent()
        os.setpgid(0, 0)
        resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory_bytes, limits.max_memory_bytes))
        try:
            message = {"ok": process(data, limits, ctx).to_dict()}
        except PipelineError as exc:
            message = {"error": exc.as_dict()}
        except MemoryError:
            message = {"error": {"code": "too_large",
                                 "message": "Reading the file needs more memory than the limit allows."}}
        except Exception as exc:  # an unexpected failure must still reach the caller as data
            message = {"crash": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        payload = json.dumps(message).encode()
        view = memoryview(payload)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _die_with_parent() -> None:
    """If the process that forked us is killed (a SIGKILLed RQ work horse), end too, not run on orphaned."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def process_isolated(data: bytes, limits: Limits, ctx: CheckContext) -> Result:
    """`process` in a child process. Raises PipelineError (including `timeout`) like `process` does."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, data, limits, ctx)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + limits.timeout_seconds + _GRACE_SECONDS
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            _kill_group(pid)
        _, status = os.waitpid(pid, 0)
    if timed_out:
        raise PipelineError("timeout", f"Reading took longer than {limits.timeout_seconds:.0f} seconds.")
    if not chunks:
        raise PipelineError("corrupt", f"The reader stopped on this file ({_describe(status)}); it may be damaged.")
    message = json.loads(b"".join(chunks))
    if "ok" in message:
        return Result.from_dict(message["ok"])
    if "error" in message:
        raise PipelineError(message["error"]["code"], message["error"]["message"])
    # A reader bug triggered by this file: the user gets a named error, the operator gets the details.
    log.warning("pipeline failed on a file: %s", message["crash"])
    log.debug("%s", message.get("trace", ""))
    raise PipelineError("corrupt", f"The file could not be read ({message['crash'].split(':')[0]}).")


def _kill_group(pid: int) -> None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except ProcessLookupError:
            pass


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
