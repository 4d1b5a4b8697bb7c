# Preflight's single probe: every Python-side fact about a pocket-tts runtime, as one JSON line on stdout.
# Nothing here may raise: each failure (a missing module, a broken shared library) is reported as data.
# Written without f-strings or annotations so an out-of-range interpreter still reports its version.
import json
import os
import re
import sys
import time
import traceback

_clock = getattr(time, "perf_counter", time.time)
_started = _clock()

try:
    from importlib import metadata
except ImportError:  # Python < 3.8: no metadata API; the version check reports the interpreter anyway.
    metadata = None


def error_info(exc):
    """The exception's type and its last `Type: message` line, as Python prints it."""
    lines = "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()
    return {"type": type(exc).__name__, "line": lines[-1].strip() if lines else type(exc).__name__}


def release(version):
    """(3, 10, 0) from '3.10.0rc1+local': the numeric release part only."""
    match = re.match(r"^\s*v?(\d+(?:\.\d+)*)", version or "")
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def _padded(a, b):
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)), b + (0,) * (width - len(b))


def _clause_holds(op, want, have):
    # Approximate PEP 440 on release numbers (pre/post/local labels ignored): enough for `>=2.5.0`-style pins.
    if want.endswith(".*"):
        prefix = release(want[:-2]) or ()
        equal = have[: len(prefix)] == prefix
        return equal if op == "==" else not equal if op == "!=" else None
    target = release(want)
    if target is None:
        return None
    a, b = _padded(have, target)
    if op == "~=":
        return a >= b and have[: max(1, len(target) - 1)] == target[: max(1, len(target) - 1)]
    return {"==": a == b, "===": a == b, "!=": a != b, ">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}.get(op)


def satisfies(version, specifier):
    """True/False when every clause of `>=3.10,<3.15` holds/fails for the version; None when unknown."""
    have = release(version)
    if have is None:
        return None
    verdict = True
    for clause in [c.strip() for c in (specifier or "").split(",") if c.strip()]:
        match = re.match(r"^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$", clause)
        holds = _clause_holds(match.group(1), match.group(2), have) if match else None
        if holds is None:
            return None
        verdict = verdict and holds
    return verdict


REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?([^;()]*)\)?\s*(?:;(.*))?$")


def marker_applies(marker):
    """Extras-only requirements are skipped; other markers are evaluated when `packaging` is at hand."""
    if not marker or not marker.strip():
        return True
    if re.search(r"\bextra\b", marker):
        return False
    for module in ("packaging.markers", "pip._vendor.packaging.markers"):
        try:
            return __import__(module, fromlist=["Marker"]).Marker(marker).evaluate()
        except Exception:
            continue
    return True  # Cannot evaluate: assume it applies (a missing module then shows as such).


def normalize(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def top_level_module(dist, name):
    """The module a distribution provides (`python-multipart` -> `multipart`), from its metadata files."""
    names = []
    try:
        names = [line.strip() for line in (dist.read_text("top_level.txt") or "").splitlines() if line.strip()]
    except Exception:
        names = []
    if not names:
        for path in dist.files or []:
            first = str(path).replace("\\", "/").split("/")[0]
            if first.endswith(".py"):
                first = first[:-3]
            if "." in first or first in ("__pycache__", "..") or first in names:
                continue
            names.append(first)
    public = [n for n in names if not n.startswith("_")] or names
    for candidate in public:
        if normalize(candidate) == normalize(name):
            return candidate
    return sorted(public, key=len)[0] if public else normalize(name)


def module_version(module):
    version = getattr(module, "__version__", None)
    return str(version) if version is not None else None


def probe_dependency(requirement):
    match = REQUIREMENT.match(requirement)
    if match is None:
        return None
    name, specifier, marker = match.group(1), (match.group(2) or "").strip(), match.group(3)
    if not marker_applies(marker):
        return None
    fact = {"name": name, "requirement": requirement.strip(), "specifier": specifier, "module": normalize(name),
            "version": None, "satisfied": None, "error": None}
    try:
        dist = metadata.distribution(name)
        fact["version"] = dist.version
        fact["module"] = top_level_module(dist, name)
    except Exception as exc:
        fact["error"] = {"type": type(exc).__name__, "line": "%s is not installed" % name}
        return fact
    fact["satisfied"] = satisfies(fact["version"], specifier) if specifier else True
    try:
        __import__(fact["module"])
    except BaseException as exc:
        fact["error"] = error_info(exc)
    return fact


def python_facts():
    return {
        "version": "%d.%d.%d" % tuple(sys.version_info[:3]),
        "executable": sys.executable,
        "realpath": os.path.realpath(sys.executable),
        "prefix": sys.prefix,
        "basePrefix": getattr(sys, "base_prefix", sys.prefix),
        "implementation": getattr(getattr(sys, "implementation", None), "name", "cpython"),
        "pythonpath": bool(os.environ.get("PYTHONPATH")),
    }


def dist_version(name):
    try:
        return metadata.version(name) if metadata else None
    except Exception:
        return None


def torch_facts():
    fact = {"version": None, "distVersion": dist_version("torch"), "cuda": None, "cudaAvailable": None,
            "file": None, "double": False, "error": None}
    try:
        import torch
    except BaseException as exc:
        fact["error"] = error_info(exc)
        return fact
    fact["version"] = module_version(torch) or fact["distVersion"]
    fact["file"] = getattr(torch, "__file__", None)
    fact["double"] = bool(getattr(torch, "IS_CONTRACT_DOUBLE", False))
    fact["cuda"] = getattr(getattr(torch, "version", None), "cuda", None)
    try:
        fact["cudaAvailable"] = bool(torch.cuda.is_available())
    except BaseException:
        fact["cudaAvailable"] = None
    return fact


def entry_point_facts():
    fact = {"value": None, "error": None}
    try:
        found = [ep for ep in metadata.entry_points().select(group="console_scripts") if ep.name == "pocket-tts"]
    except AttributeError:  # Python < 3.10: the dict-shaped API.
        found = [ep for ep in metadata.entry_points().get("console_scripts", []) if ep.name == "pocket-tts"]
    if not found:
        fact["error"] = {"type": "LookupError", "line": "LookupError: no `pocket-tts` console script is registered"}
        return fact
    fact["value"] = found[0].value
    try:
        found[0].load()
    except BaseException as exc:
        fact["error"] = error_info(exc)
    return fact


def pocket_tts_facts():
    fact = {"distVersion": dist_version("pocket-tts"), "version": None, "double": False, "file": None,
            "requiresPython": None, "requiresPythonSatisfied": None, "error": None, "entryPoint": None}
    if fact["distVersion"] is None:
        fact["error"] = {"type": "PackageNotFoundError", "line": "PackageNotFoundError: pocket-tts is not installed"}
        return fact
    fact["requiresPython"] = metadata.metadata("pocket-tts").get("Requires-Python")
    if fact["requiresPython"]:
        fact["requiresPythonSatisfied"] = satisfies("%d.%d.%d" % tuple(sys.version_info[:3]), fact["requiresPython"])
    try:
        import pocket_tts
    except BaseException as exc:
        fact["error"] = error_info(exc)
        return fact
    fact["version"] = module_version(pocket_tts)
    fact["file"] = getattr(pocket_tts, "__file__", None)
    fact["double"] = bool(getattr(pocket_tts, "IS_CONTRACT_DOUBLE", False))
    fact["entryPoint"] = entry_point_facts()
    return fact


def dependency_facts():
    if metadata is None or dist_version("pocket-tts") is None:
        return []
    found = [probe_dependency(r) for r in (metadata.requires("pocket-tts") or [])]
    return [fact for fact in found if fact is not None]


def main():
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # Whatever an import prints must not corrupt the JSON line.
    report = {"schemaVersion": 1, "python": python_facts(), "metadata": metadata is not None}
    if metadata is not None:
        report["torch"] = torch_facts()
        report["pocketTts"] = pocket_tts_facts()
        report["dependencies"] = dependency_facts()
    report["durationMs"] = round((_clock() - _started) * 1000, 3)
    sys.stdout = real_stdout
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()


main()
