"""Which pocket-tts release the double imitates (POCKET_TTS_DOUBLE_VERSION, default 2.1.0).

Modelled from 3.3.0 on (RUNTIME.md, "Supported pocket-tts releases"): plain `french` and `dutch` are built-in
languages, `daan` is a catalog voice, the non-WAV voice error is worded "non-WAV or non-16-bit WAV", and a
file output carries real WAV sizes. NOT modelled: the releases' Hub pins (the double's placeholder cache keeps
2.1.0's), the new flags (`--sampler-decode-steps`, `--default-voice`), and `serve` loading its voice at start.
"""

import os

DEFAULT = "2.1.0"


def version(env=None) -> str:
    env = os.environ if env is None else env
    return (env.get("POCKET_TTS_DOUBLE_VERSION") or DEFAULT).strip() or DEFAULT


def at_least_3(env=None) -> bool:
    # A malformed value imitates 2.1.0, so a typo never changes behaviour silently.
    head = version(env).split(".", 1)[0]
    return head.isdigit() and int(head) >= 3
