"""Which pocket-tts release the double imitates (POCKET_TTS_DOUBLE_VERSION, else its wheel's version, else 2.1.0).

Modelled from 3.3.0 on (RUNTIME.md, "Supported pocket-tts releases"): plain `french` and `dutch` are built-in
languages, `daan` is a catalog voice, the non-WAV voice error is worded "non-WAV or non-16-bit WAV", a file
output carries real WAV sizes, `generate --sampler-decode-steps` (the old flag hidden, with its warning), no CLI
temperature default (the config's 0.3), and `serve --default-voice` with the voice loaded before binding.
NOT modelled: the releases' Hub pins (the double's placeholder cache keeps 2.1.0's) and the numerics.
"""

import functools
import os

DEFAULT = "2.1.0"


def version(env=None) -> str:
    """POCKET_TTS_DOUBLE_VERSION, else the installed wheel's release (`4.0.1+double` imitates 4.0.1)."""
    env = os.environ if env is None else env
    chosen = (env.get("POCKET_TTS_DOUBLE_VERSION") or "").strip()
    return chosen or _wheel_release()


@functools.lru_cache(maxsize=1)
def _wheel_release() -> str:
    try:
        from importlib.metadata import version as dist_version

        return dist_version("pocket-tts").split("+", 1)[0] or DEFAULT
    except Exception:  # not installed as a distribution (run from the source tree)
        return DEFAULT


def at_least_3(env=None) -> bool:
    # A malformed value imitates 2.1.0, so a typo never changes behaviour silently.
    head = version(env).split(".", 1)[0]
    return head.isdigit() and int(head) >= 3
