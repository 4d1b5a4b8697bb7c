# Reports facts about the interpreter running it, as one JSON line. Must run on any Python (2.7 too), so
# that an old interpreter is rejected for its version rather than for a syntax error.
import json
import os
import sys

info = {
    "executable": sys.executable,
    "realpath": os.path.realpath(sys.executable),
    "version": "%d.%d.%d" % tuple(sys.version_info[:3]),
    "implementation": getattr(getattr(sys, "implementation", None), "name", "cpython"),
    "prefix": sys.prefix,
    "basePrefix": getattr(sys, "base_prefix", sys.prefix),
}
for name in ("venv", "ensurepip"):
    try:
        __import__(name)
        info[name] = True
    except Exception:
        info[name] = False
try:
    import pip
    info["pip"] = pip.__version__
except Exception:
    info["pip"] = None
sys.stdout.write(json.dumps(info) + "\n")
