# Proves a runtime can import what pocket-tts needs, and reports the installed versions as one JSON line.
import json
import sys
from importlib import metadata

import torch  # noqa: F401  (the import itself is the check)
import pocket_tts  # noqa: F401

sys.stdout.write(json.dumps({
    "python": "%d.%d.%d" % tuple(sys.version_info[:3]),
    "torch": str(torch.__version__),
    "cuda": getattr(getattr(torch, "version", None), "cuda", None),
    "pocketTts": metadata.version("pocket-tts"),
}) + "\n")
