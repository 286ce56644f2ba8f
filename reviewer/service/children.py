"""Processes that must not outlive the process that started them.

A worker host runs `reviewer worker`, which starts a sweeper process and forks a work horse per job. When
only the main process is killed (`kill -9`, an OOM kill), both used to carry on with parent 1: the sweeper
for ever, and the horse finishing a document that another host's sweep had already sent again, so it was
read twice. Linux's parent-death signal ends them with their parent, however it ends.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(expected_parent: int | None = None, sig: signal.Signals = signal.SIGTERM) -> None:
    """Ask the kernel to send `sig` to this process when its parent dies. When the parent died already
    (between the fork and this call), the signal would never come, so this process ends now instead."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, sig)
    if expected_parent is not None and os.getppid() != expected_parent:
        os.kill(os.getpid(), sig)
