"""POCKET_TTS_DOUBLE_TRACE_FILE: one JSON line per command and per /tts request."""

import json
import os
import sys

from pocket_tts.voices import voice_kind


def voice_entry(voice, kind=None) -> "dict | None":
    if voice is None:
        return None
    return {"kind": kind or voice_kind(voice), "value": str(voice)}


def record(knobs, command: str, params: dict, voice=None, text_chars=None) -> None:
    """Append the parsed parameters; a trace that cannot be written never breaks the command."""
    if not knobs.trace_file:
        return
    entry = {
        "command": command,
        "pid": os.getpid(),
        "argv": sys.argv[1:],
        "params": params,
        "voice": voice,
        "text_chars": text_chars,
    }
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8", "replace")
    try:
        # One O_APPEND write per line, so concurrent writers (threads, processes) never interleave.
        fd = os.open(knobs.trace_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError:
        pass
