"""TTSModel: the Python API stand-in (load, voice states, streaming generation) and export_model_state."""

import atexit
import collections
import logging
import os
import threading
import time
from pathlib import Path

import torch  # upstream imports PyTorch at import time: a runtime without it fails the same way

from pocket_tts import hub, languages, safetensors_io, synth, voices
from pocket_tts.burn import abort_like_upstream, burn_ms, burn_until, kill_self
from pocket_tts.config import ModelConfig, builtin_config_path, load_config_file
from pocket_tts.errors import LocalEntryNotFoundError, missing_file, requests_connection_error
from pocket_tts.knobs import Knobs, read_knobs
from pocket_tts.state import flatten_state, state_fingerprint

torch.set_num_threads(1)  # one core per generation, like upstream
logger = logging.getLogger("pocket_tts.models.tts_model")

DEFAULT_TEMPERATURE = 0.7
CONFIG_TEMPERATURE = 0.3  # `default_temperature` of every config shipped from 3.3.0 on
DEFAULT_LSD_DECODE_STEPS = 1
DEFAULT_NOISE_CLAMP = None
DEFAULT_EOS_THRESHOLD = -4.0
MAX_TOKEN_PER_CHUNK = 50
VOICE_CACHE_SIZE = 2  # upstream's lru_cache(maxsize=2) on voice_url states

VOICE_CLONING_UNSUPPORTED = (
    "We could not download the weights for the model with voice cloning, "
    "but you're trying to use voice cloning. "
    f"Without voice cloning, you can use our catalog of voices {list(languages.catalog_voices())}. "
    "If you want access to the model with voice cloning, go to "
    "https://huggingface.co/kyutai/pocket-tts and accept the terms, "
    "then make sure you're logged in locally with `uvx hf auth login`."
)
_DEVICE_TYPES = (
    "cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, "
    "mps, meta, hpu, mtia, privateuseone"
)


class TTSModel:
    """Stand-in for pocket_tts.TTSModel 2.1.0: same entry points, synthetic audio."""

    def __init__(self, config: ModelConfig, temp, lsd_decode_steps, noise_clamp, eos_threshold,
                 quantize: bool, has_voice_cloning: bool, knobs: Knobs):
        self.config = config
        self.origin = config.origin
        self.language = config.language
        self.temp = float(temp)
        self.lsd_decode_steps = int(lsd_decode_steps)
        self.noise_clamp = noise_clamp
        self.eos_threshold = float(eos_threshold)
        self.quantize = bool(quantize)
        self.has_voice_cloning = has_voice_cloning
        self.knobs = knobs
        self._voice_cache = collections.OrderedDict()
        self._voice_cache_lock = threading.Lock()

    @property
    def sample_rate(self) -> int:
        return 24000

    @property
    def device(self) -> str:
        return "cpu"

    # ---------------------------------------------------------------- loading
    @classmethod
    def load_model(cls, language=None, config=None, temp=DEFAULT_TEMPERATURE,
                   lsd_decode_steps=DEFAULT_LSD_DECODE_STEPS, noise_clamp=DEFAULT_NOISE_CLAMP,
                   eos_threshold=DEFAULT_EOS_THRESHOLD, quantize=False):
        """Load the model for a built-in language or a custom YAML config (pays LOAD_MS of CPU)."""
        knobs = read_knobs()
        model_config = _model_config(language, config)
        logger.info("Loading model from config at %s...", model_config.origin)
        burn_ms(knobs.load_ms / 2)
        if knobs.fails("die-on-load"):
            kill_self()
        has_cloning = _fetch_weights(model_config, knobs)
        burn_ms(knobs.load_ms / 2)
        if knobs.fails("exit-abort"):
            # Upstream's abort happens at interpreter teardown of a process that had the model: same here.
            atexit.register(abort_like_upstream)
        if not has_cloning:
            logger.warning(
                "Could not download the weights of the model with voice cloning: loaded the model "
                "without voice cloning (catalog voices and exported .safetensors states still work)."
            )
        if temp is None:  # 3.3.0 on: the CLI's default is None, and every shipped config says 0.3
            temp = CONFIG_TEMPERATURE
        return cls(model_config, temp, lsd_decode_steps, noise_clamp, eos_threshold, quantize,
                   has_cloning, knobs)

    def to(self, device):
        """Only the CPU exists: other devices fail like a CPU build of PyTorch."""
        name = str(device)
        kind = name.split(":", 1)[0]
        if kind == "cpu":
            return self
        if kind == "cuda":
            if getattr(getattr(torch, "version", None), "cuda", None) is None:
                raise AssertionError("Torch not compiled with CUDA enabled")
            raise RuntimeError(
                "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU "
                "and installed a driver from http://www.nvidia.com/Download/index.aspx"
            )
        if kind in _DEVICE_TYPES.split(", "):
            raise RuntimeError(f"PyTorch is not linked with support for {kind} devices")
        raise RuntimeError(f"Expected one of {_DEVICE_TYPES} device type at start of device string: {name}")

    # ---------------------------------------------------------------- voices
    def get_state_for_audio_prompt(self, audio_conditioning, truncate=False, *, knobs=None):
        """A voice state from a catalog name, an audio file/URL (encoded: ENCODE_MS) or a `.safetensors` state."""
        knobs = knobs or self.knobs
        offline = knobs.fails("offline")
        text = str(audio_conditioning)
        if isinstance(audio_conditioning, (str, Path)) and text.endswith(".safetensors"):
            source = voices.fetch(text, offline) if isinstance(audio_conditioning, str) else text
            return voices.load_exported_state(source)
        if isinstance(audio_conditioning, str) and text in languages.catalog_voices():
            if self.language is None:
                raise ValueError(
                    "Cannot use predefined voices when the model is not loaded from a config "
                    f"associated with a language.Here the origin is {self.origin}"
                )
            return voices.catalog_state(self.language, text, offline)
        if not self.has_voice_cloning or knobs.fails("no-cloning"):
            raise ValueError(VOICE_CLONING_UNSUPPORTED)
        source = voices.fetch(text, offline) if isinstance(audio_conditioning, str) else text
        return voices.encode_audio_file(source, truncate, knobs.encode_ms)

    def _cached_get_state_for_audio_prompt(self, audio_conditioning, truncate=False, *, knobs=None):
        """The server's voice_url path: an in-process LRU of 2 states (failures are not cached)."""
        key = (audio_conditioning, truncate)
        with self._voice_cache_lock:
            if key in self._voice_cache:
                self._voice_cache.move_to_end(key)
                return self._voice_cache[key]
        state = self.get_state_for_audio_prompt(audio_conditioning, truncate, knobs=knobs)
        with self._voice_cache_lock:
            self._voice_cache[key] = state
            self._voice_cache.move_to_end(key)
            while len(self._voice_cache) > VOICE_CACHE_SIZE:
                self._voice_cache.popitem(last=False)
        return state

    # ---------------------------------------------------------------- generation
    def generate_audio_stream(self, model_state, text_to_generate, max_tokens=MAX_TOKEN_PER_CHUNK,
                              frames_after_eos=None, copy_state=True, *, knobs=None):
        """Yield int16 LE PCM, one 80 ms frame (3,840 bytes) at a time, spending FRAME_MS of CPU each."""
        knobs = knobs or self.knobs
        pieces = synth.split_pieces(text_to_generate, max_tokens)
        if not pieces:
            raise ValueError("Text prompt cannot be empty")
        voice_fp = state_fingerprint(model_state)
        sampling = synth.Sampling(self.temp, self.lsd_decode_steps, self.noise_clamp, self.quantize, knobs.seed)
        frame_cost = knobs.frame_ms * max(1, self.lsd_decode_steps) * (0.8 if self.quantize else 1.0) / 1000.0
        written = 0
        for piece in pieces:
            n_speech = synth.speech_frames(piece, knobs.ms_per_char)
            n_frames = n_speech + synth.tail_frames(frames_after_eos, self.eos_threshold)
            voice = synth.PieceVoice(piece, voice_fp, sampling, n_speech)
            started = time.monotonic()
            for index in range(n_frames):
                if written == knobs.fail_after_frames:
                    _strike(knobs)
                begin = time.thread_time()
                pcm = voice.frame(index)
                burn_until(begin + frame_cost)
                yield pcm
                written += 1
            _log_generated(n_frames, started)

    def generate_audio(self, model_state, text_to_generate, max_tokens=MAX_TOKEN_PER_CHUNK,
                       frames_after_eos=None, copy_state=True) -> bytes:
        """All frames as one int16 LE PCM buffer (upstream returns a tensor)."""
        return b"".join(self.generate_audio_stream(model_state, text_to_generate, max_tokens, frames_after_eos))


def export_model_state(model_state, dest) -> None:
    """Write a voice state as `.safetensors` (tensors named "<module>/<key>"), like upstream."""
    safetensors_io.save_file(flatten_state(model_state), dest)


def _model_config(language, config) -> ModelConfig:
    # The checks upstream's load_model makes before anything is loaded.
    if config is not None and language is not None:
        raise ValueError(languages.BOTH_CONFIG_AND_LANGUAGE)
    if config is None:
        language = language or languages.DEFAULT_LANGUAGE
        languages.check_language(language)
        return ModelConfig(origin=builtin_config_path(language), language=language)
    if Path(config).suffix not in (".yaml", ".yml"):
        raise ValueError("Config should be a path to a YAML file ending with .yaml")
    return load_config_file(str(config))


def _fetch_weights(config: ModelConfig, knobs: Knobs) -> bool:
    """Make sure the files the model needs are reachable; True when voice cloning is available."""
    offline = knobs.fails("offline")
    if config.language is not None:
        hub.must_be_reachable(*languages.tokenizer(config.language), offline)
        try:
            hub.must_be_reachable(*languages.gated_weights(config.language), offline)
            gated = not knobs.fails("no-cloning")
        except LocalEntryNotFoundError:
            gated = False
        if not gated:
            hub.must_be_reachable(*languages.open_weights(config.language), offline)
        return gated
    for path in config.other_paths:
        _reach_config_path(path, offline)
    if config.weights_path is None:
        if not config.other_paths:
            logger.warning("No weights_path specified for FlowLM or TTSModel, model is uninitialized!")
        return not knobs.fails("no-cloning")
    gated = not knobs.fails("no-cloning")
    try:
        _reach_config_path(config.weights_path, offline)
    except FileNotFoundError:
        raise  # a missing local file is not a download failure
    except Exception:  # upstream falls back on ANY error while fetching the gated file
        gated = False
    if not gated and config.weights_path_without_voice_cloning:
        _reach_config_path(config.weights_path_without_voice_cloning, offline)
    return gated


def _reach_config_path(path: str, offline: bool) -> None:
    # hf:// like the pinned files, http(s):// from the URL cache (or pretend online), local must exist.
    if path.startswith("hf://"):
        repo, filename, revision = hub.parse_hf_url(path)
        hub.must_be_reachable(repo, filename, revision, offline)
    elif path.startswith(("http://", "https://")):
        if offline and not os.path.isfile(hub.url_cache_path(path)):
            raise requests_connection_error(path)
    elif not os.path.exists(path):
        raise missing_file(path)


def _strike(knobs: Knobs) -> None:
    """The mid-stream failures, after FAIL_AFTER_FRAMES frames were handed out."""
    if knobs.fails("crash"):
        raise RuntimeError("contract double: simulated crash mid-stream")
    if knobs.fails("die"):
        kill_self()
    if knobs.fails("abort"):
        abort_like_upstream()
    if knobs.fails("hang"):
        threading.Event().wait()  # idle forever, no CPU


def _log_generated(n_frames: int, started: float) -> None:
    audio_ms = n_frames * synth.FRAME_MS
    spent_ms = max(1, int((time.monotonic() - started) * 1000))
    logger.info(
        "Generated: %d ms of audio in %d ms so %.2fx faster than real-time", audio_ms, spent_ms, audio_ms / spent_ms
    )
