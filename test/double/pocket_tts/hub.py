"""Read-only look-ups in the Hugging Face hub cache and in pocket_tts's URL cache (never writes)."""

import hashlib
import os
import re

from pocket_tts.errors import local_entry_not_found, requests_connection_error

_COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")


def _truthy(value) -> bool:
    # huggingface_hub's notion of a true environment value.
    return (value or "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def hf_offline() -> bool:
    return _truthy(os.environ.get("HF_HUB_OFFLINE"))


def hf_hub_cache() -> str:
    """HF_HUB_CACHE, else $HF_HOME/hub, HF_HOME defaulting to $XDG_CACHE_HOME/huggingface or ~/.cache/huggingface."""
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return os.path.expanduser(explicit)
    home = os.environ.get("HF_HOME")
    if not home:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
        home = os.path.join(xdg, "huggingface")
    return os.path.join(os.path.expanduser(home), "hub")


def _repo_dir(repo: str) -> str:
    return os.path.join(hf_hub_cache(), "models--" + repo.replace("/", "--"))


def _resolve_revision(repo: str, revision) -> "str | None":
    # A commit hash is used as is; a branch or tag goes through refs/ like huggingface_hub offline.
    revision = revision or "main"
    if _COMMIT_RE.match(revision):
        return revision
    try:
        with open(os.path.join(_repo_dir(repo), "refs", revision), "r", encoding="utf-8") as ref:
            return ref.read().strip() or None
    except OSError:
        return None


def cached_hf_file(repo: str, path: str, revision=None) -> "str | None":
    """The snapshot path of a cached file, or None when it is not in the cache."""
    commit = _resolve_revision(repo, revision)
    if commit is None:
        return None
    candidate = os.path.join(_repo_dir(repo), "snapshots", commit, *path.split("/"))
    return candidate if os.path.isfile(candidate) else None


def must_be_reachable(repo: str, path: str, revision, fail_offline: bool) -> "str | None":
    """A pinned file the model needs: cached path offline (or error); online the double pretends (None)."""
    if fail_offline:
        raise local_entry_not_found()
    if not hf_offline():
        return cached_hf_file(repo, path, revision)
    found = cached_hf_file(repo, path, revision)
    if found is None:
        raise local_entry_not_found()
    return found


def parse_hf_url(url: str):
    """hf://owner/repo/path/in/repo[@revision] -> (repo, path, revision)."""
    rest = url[len("hf://"):]
    parts = rest.split("/")
    repo = "/".join(parts[:2])
    filename = "/".join(parts[2:])
    revision = None
    if "@" in filename:
        filename, revision = filename.split("@", 1)
    return repo, filename, revision


def hf_url_file(url: str, fail_offline: bool) -> str:
    """An hf:// file: only ever from the local cache (the double has no network)."""
    repo, filename, revision = parse_hf_url(url)
    found = None if fail_offline else cached_hf_file(repo, filename, revision)
    if found is None:
        raise local_entry_not_found()
    return found


def url_cache_path(url: str) -> str:
    """~/.cache/pocket_tts/<sha256 of URL>.<text after the URL's last dot> (follows HOME)."""
    name = hashlib.sha256(url.encode()).hexdigest() + "." + url.split(".")[-1]
    return os.path.join(os.path.expanduser("~"), ".cache", "pocket_tts", name)


def http_url_file(url: str) -> str:
    """An http(s):// file: served from the pocket_tts URL cache, else a requests-like ConnectionError."""
    cached = url_cache_path(url)
    if os.path.isfile(cached):
        return cached
    raise requests_connection_error(url)
