"""The double's environment knobs (POCKET_TTS_DOUBLE_*), read at start and per /tts request."""

import os
from dataclasses import dataclass, field

PREFIX = "POCKET_TTS_DOUBLE_"

# Every failure the README documents; unknown words in FAIL are ignored.
FAIL_VALUES = frozenset(
    ["offline", "no-cloning", "crash", "die", "die-on-load", "hang", "refuse-bind", "garbage", "exit-abort", "abort"]
)


@dataclass(frozen=True)
class Knobs:
    load_ms: float = 150.0
    frame_ms: float = 4.0
    encode_ms: float = 100.0
    ms_per_char: float = 65.0
    seed: str = "0"
    fail: frozenset = field(default_factory=frozenset)
    fail_after_frames: int = 3
    ignore_sigterm: bool = False
    shutdown_ms: float = 200.0
    trace_file: "str | None" = None
    # uvicorn before 0.54: exit 1 on a bind failure and exit 0 after SIGTERM (now: 3, and SIGTERM re-raised).
    legacy_uvicorn: bool = False

    def fails(self, name: str) -> bool:
        return name in self.fail


def _number(env, name: str, default: float) -> float:
    # A malformed value falls back to the default so a typo never crashes the double.
    raw = env.get(PREFIX + name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value >= 0 else default


def parse_fail_list(text: str) -> frozenset:
    # Comma (or whitespace) separated, case-insensitive.
    words = text.replace(",", " ").lower().split()
    return frozenset(w for w in words if w in FAIL_VALUES)


def _read_fail_file(path: str) -> str:
    # A missing or unreadable file means "no failure", so tests can delete it to heal the server.
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def read_knobs(env=None) -> Knobs:
    """Read every knob now (FAIL_FILE content included)."""
    env = os.environ if env is None else env
    fail_text = env.get(PREFIX + "FAIL", "")
    fail_file = env.get(PREFIX + "FAIL_FILE")
    if fail_file:
        fail_text += "," + _read_fail_file(fail_file)
    return Knobs(
        load_ms=_number(env, "LOAD_MS", 150.0),
        frame_ms=_number(env, "FRAME_MS", 4.0),
        encode_ms=_number(env, "ENCODE_MS", 100.0),
        ms_per_char=_number(env, "MS_PER_CHAR", 65.0),
        seed=env.get(PREFIX + "SEED", "0").strip() or "0",
        fail=parse_fail_list(fail_text),
        fail_after_frames=int(_number(env, "FAIL_AFTER_FRAMES", 3.0)),
        ignore_sigterm=env.get(PREFIX + "IGNORE_SIGTERM", "").strip() == "1",
        shutdown_ms=_number(env, "SHUTDOWN_MS", 200.0),
        trace_file=env.get(PREFIX + "TRACE_FILE") or None,
        legacy_uvicorn=env.get(PREFIX + "UVICORN", "").strip().lower() == "legacy",
    )
