"""Spend CPU time as real work, the way a one-thread PyTorch generation occupies one core."""

import hashlib
import os
import signal
import time

# 64 KiB: far above hashlib's 2 KiB threshold, so every hash call releases the GIL.
_BUFFER = bytes(range(256)) * 256


def burn_until(deadline: float) -> None:
    """Hash until this thread's CPU clock (time.thread_time) reaches `deadline` (seconds)."""
    while time.thread_time() < deadline:
        hashlib.sha256(_BUFFER).digest()


def burn_ms(milliseconds: float) -> None:
    """Hash for `milliseconds` of this thread's CPU time; never sleeps."""
    if milliseconds > 0:
        burn_until(time.thread_time() + milliseconds / 1000.0)


EXIT_ABORT_LINE = "terminate called without an active exception"


def abort_like_upstream() -> None:
    """The exit abort (`exit-abort`, `abort`): libstdc++'s line on stderr, then SIGABRT, no core file.
    What was written to stdout stays written (Python's buffer is flushed first, as its teardown would)."""
    import resource
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.write(2, (EXIT_ABORT_LINE + "\n").encode())
    os.abort()


def kill_self() -> None:
    """SIGKILL ourselves (the `die` failures): no cleanup, no flush, like an OOM kill."""
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)  # SIGKILL is asynchronous; never run past this point.
