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


def kill_self() -> None:
    """SIGKILL ourselves (the `die` failures): no cleanup, no flush, like an OOM kill."""
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)  # SIGKILL is asynchronous; never run past this point.
