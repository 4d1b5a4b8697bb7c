"""torch.version: the version and CUDA version chosen when the wheel was built."""

from torch import _build

_SETTINGS = _build.settings()
__version__ = _SETTINGS["version"]
cuda = _SETTINGS["cuda"]  # None for a +cpu build
hip = None
debug = False
git_version = "0000000000000000000000000000000000000000"
