"""Build-time settings of the torch double, from `_double_build.json` written into the wheel."""

import builtins
import json
import os

_DEFAULTS = {"version": "2.13.0+cpu", "cuda": None, "import_error": None}


def settings() -> dict:
    # Outside a built wheel (source tree) the defaults apply.
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_double_build.json")
    try:
        with open(path, "r", encoding="utf-8") as handle:
            loaded = json.load(handle)
    except (OSError, ValueError):
        loaded = {}
    return {**_DEFAULTS, **{k: v for k, v in loaded.items() if k in _DEFAULTS}}


def import_error(spec: str) -> BaseException:
    """"OSError: libtorch_cpu.so: ..." -> OSError("libtorch_cpu.so: ..."); unknown types become ImportError."""
    name, sep, message = spec.partition(": ")
    candidate = getattr(builtins, name, None)
    if sep and isinstance(candidate, type) and issubclass(candidate, Exception):
        return candidate(message)
    return ImportError(spec)
