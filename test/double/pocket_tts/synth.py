"""Synthetic "speech": text pieces -> frame counts -> deterministic shaped noise, 1,920 samples a frame."""

import hashlib
import math
import re
from dataclasses import dataclass

from pocket_tts.wav import FRAME_SAMPLES, SAMPLE_RATE

FRAME_MS = 80
CHARS_PER_TOKEN = 4  # the double's tokenizer: 1 token ~ 4 characters
AUTO_FRAMES_AFTER_EOS = 2
_BLOCK = 20  # samples per gain step (0.83 ms, fine enough to pulse at the pitch)
_NOISE_STD = 11000.0  # noise std at full gain, in int16 units
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_sentences(text: str) -> list:
    """Sentences end after . ! or ? followed by white space; inner white space is collapsed."""
    pieces = (" ".join(part.split()) for part in _SENTENCE_END.split(text.strip()))
    return [piece for piece in pieces if piece]


def _cut_long(sentence: str, max_chars: int) -> list:
    # Greedy word packing; a single over-long word stays whole.
    pieces, current = [], ""
    for word in sentence.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) > max_chars:
            pieces.append(current)
            current = word
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def split_pieces(text: str, max_tokens: int) -> list:
    """The internal chunks: one per sentence, sentences over max_tokens tokens cut at word boundaries."""
    max_chars = max(1, max_tokens) * CHARS_PER_TOKEN
    pieces = []
    for sentence in split_sentences(text):
        pieces.extend(_cut_long(sentence, max_chars) if len(sentence) > max_chars else [sentence])
    return pieces


def speech_frames(piece: str, ms_per_char: float) -> int:
    return max(1, math.ceil(len(piece) * ms_per_char / FRAME_MS))


def tail_frames(frames_after_eos, eos_threshold: float) -> int:
    # frames generated after "EOS": explicit or auto, plus what a higher threshold keeps going.
    after = AUTO_FRAMES_AFTER_EOS if frames_after_eos is None else max(0, int(frames_after_eos))
    return after + max(0, round(eos_threshold + 4))


@dataclass(frozen=True)
class Sampling:
    temperature: float
    lsd_decode_steps: int
    noise_clamp: "float | None"
    quantize: bool
    seed: str


class PieceVoice:
    """Everything a piece's frames depend on: (piece text, voice state, sampling parameters, seed)."""

    def __init__(self, piece: str, voice_fp: bytes, sampling: Sampling, n_speech: int):
        key = "|".join(
            [
                "pocket-tts-double-v1",
                sampling.seed,
                voice_fp.hex(),
                repr(float(sampling.temperature)),
                str(int(sampling.lsd_decode_steps)),
                repr(None if sampling.noise_clamp is None else float(sampling.noise_clamp)),
                str(bool(sampling.quantize)),
                piece,
            ]
        )
        self.key = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
        self.n_speech = n_speech
        amp = min(0.9, max(0.02, 0.2 + 0.5 * float(sampling.temperature)))
        self.amp = amp * (0.98 if sampling.quantize else 1.0)
        self.clamp = None if sampling.noise_clamp is None else max(0.0, float(sampling.noise_clamp))
        self.rate = 3.0 + self.key[0] / 85.0  # "syllables" per second, from the text
        self.phase = self.key[1] / 255.0 * math.pi
        self.f0 = 85 + voice_fp[0] % 140  # pitch in Hz, from the voice
        self.brightness = 0.35 + voice_fp[1] / 255.0 * 0.5  # share of pitched vs flat noise

    def _gain(self, frame_index: int, block: int) -> float:
        # Syllable-like swells while speaking, a fading tail after EOS, pulsed at the voice's pitch.
        t = (frame_index * FRAME_SAMPLES + block * _BLOCK + _BLOCK // 2) / SAMPLE_RATE
        pulse = (0.5 + 0.5 * math.cos(2 * math.pi * self.f0 * t)) ** 2
        voiced = (1 - self.brightness) + self.brightness * pulse
        if frame_index >= self.n_speech:
            return self.amp * voiced * 0.12 * 0.6 ** (frame_index - self.n_speech)
        return self.amp * voiced * (0.2 + 0.8 * math.sin(math.pi * self.rate * t + self.phase) ** 2)

    def frame(self, frame_index: int) -> bytes:
        """int16 LE PCM of one frame: gaussian-shaped noise bytes mapped through per-gain tables."""
        noise = hashlib.shake_256(self.key + frame_index.to_bytes(4, "big")).digest(FRAME_SAMPLES)
        out = bytearray(2 * FRAME_SAMPLES)
        for block in range(FRAME_SAMPLES // _BLOCK):
            low, high = _tables(int(self._gain(frame_index, block) * _LEVELS), self.clamp)
            start = block * _BLOCK
            segment = noise[start : start + _BLOCK]
            out[2 * start : 2 * (start + _BLOCK) : 2] = segment.translate(low)
            out[2 * start + 1 : 2 * (start + _BLOCK) : 2] = segment.translate(high)
        return bytes(out)


_LEVELS = 128  # gain quantization steps (0.8 % each)
_TABLES = {}


def _quantile(byte: int) -> float:
    # A std-1 logistic approximation of the normal quantile of (byte + 0.5) / 256.
    p = (byte + 0.5) / 256.0
    return math.log(p / (1.0 - p)) * (math.sqrt(3.0) / math.pi)


_QUANTILES = [_quantile(byte) for byte in range(256)]  # computed once: tables are cheap to build


def _tables(level: int, clamp) -> tuple:
    """Low- and high-byte translation tables mapping a noise byte to int16 at this gain (cached)."""
    key = (level, clamp)
    found = _TABLES.get(key)
    if found is None:
        zs = _QUANTILES if clamp is None else [max(-clamp, min(clamp, z)) for z in _QUANTILES]
        scale = _NOISE_STD * level / _LEVELS
        values = [max(-32767, min(32767, int(z * scale))) & 0xFFFF for z in zs]
        found = (bytes(v & 0xFF for v in values), bytes(v >> 8 for v in values))
        _TABLES[key] = found
    return found
