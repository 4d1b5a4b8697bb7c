"""Turning a voice argument (catalog name, file, URL, exported state) into a voice state."""

import logging
import time
from pathlib import Path

from pocket_tts import hub, languages, safetensors_io
from pocket_tts.burn import burn_ms
from pocket_tts.errors import raise_soundfile_missing
from pocket_tts.state import build_state, state_size, unflatten_state
from pocket_tts.wav import read_prompt_wav

logger = logging.getLogger("pocket_tts.models.tts_model")


def voice_kind(voice) -> str:
    """How the trace file labels a voice: catalog, file, safetensors, http, hf (uploads: upload)."""
    text = str(voice)
    if isinstance(voice, str) and text in languages.catalog_voices():
        return "catalog"
    if text.startswith(("http://", "https://")):
        return "http"
    if text.startswith("hf://"):
        return "hf"
    return "safetensors" if text.endswith(".safetensors") else "file"


def fetch(source: str, fail_offline: bool) -> str:
    """A local path for a URL (caches only) or the path itself."""
    if source.startswith(("http://", "https://")):
        return hub.http_url_file(source)
    if source.startswith("hf://"):
        return hub.hf_url_file(source, fail_offline)
    return source


def load_exported_state(path) -> dict:
    """An exported `.safetensors` voice state (fast: no encoding)."""
    return unflatten_state(safetensors_io.load_file(path))


def catalog_state(language: str, name: str, fail_offline: bool) -> dict:
    """A catalog voice: its pinned embedding must be reachable (HF cache offline); content is synthetic."""
    repo, path, commit = languages.catalog_voice(language, name)
    hub.must_be_reachable(repo, path, commit, fail_offline)
    return build_state(f"catalog|{language}|{name}".encode())


def encode_audio_file(path, truncate: bool, encode_ms: float) -> dict:
    """Encode an audio prompt: `.wav` via `wave`, anything else needs soundfile (never present)."""
    if Path(path).suffix.lower() != ".wav":
        raise_soundfile_missing()
    identity = read_prompt_wav(path, truncate)
    started = time.monotonic()
    burn_ms(encode_ms)
    logger.info("Encoding audio prompt took %d ms", int((time.monotonic() - started) * 1000))
    state = build_state(b"audio|" + identity)
    logger.info("Size of the model state for audio prompt: %d MB", state_size(state) // 1_000_000)
    return state
