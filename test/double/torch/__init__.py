"""Contract double of PyTorch: just what pocket-tts and a preflight check look at (no tensors)."""

from torch import _build

_SETTINGS = _build.settings()
if _SETTINGS["import_error"]:
    # A broken install chosen when the wheel was built (e.g. a missing libtorch_cpu.so).
    raise _build.import_error(_SETTINGS["import_error"])

from torch import cuda, version  # noqa: E402

__version__ = version.__version__
IS_CONTRACT_DOUBLE = True
_num_threads = [1]


def set_num_threads(count: int) -> None:
    _num_threads[0] = max(1, int(count))


def get_num_threads() -> int:
    return _num_threads[0]


__all__ = ["__version__", "cuda", "version", "set_num_threads", "get_num_threads", "IS_CONTRACT_DOUBLE"]
