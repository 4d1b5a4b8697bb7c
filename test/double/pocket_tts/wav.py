"""The streaming WAV format of the contract, and reading WAV voice prompts with `wave`."""

import hashlib
import logging
import os
import struct
import wave

SAMPLE_RATE = 24000
FRAME_SAMPLES = 1920  # one 80 ms frame
SILENCE_SAMPLES = 4800  # 200 ms of zeros after a successful stream
PROMPT_SECONDS = 30
_DECLARED_FRAMES = 1_000_000_000  # upstream's placeholder frame count, never patched

logger = logging.getLogger("pocket_tts.data.audio")


def header_writes() -> tuple:
    """The 44-byte header as the three writes Python's `wave` makes: 4, 36 and 4 bytes."""
    data_size = _DECLARED_FRAMES * 2
    fmt = struct.pack(
        "<L4s4sLHHLLHH4s",
        36 + data_size, b"WAVE", b"fmt ", 16, 1, 1, SAMPLE_RATE, SAMPLE_RATE * 2, 2, 16, b"data",
    )
    return b"RIFF", fmt, struct.pack("<L", data_size)


def _first_chunk_bytes() -> int:
    # FIRST_CHUNK_LENGTH_SECONDS (default 0): audio buffered before the first write, like upstream.
    try:
        seconds = float(os.environ.get("FIRST_CHUNK_LENGTH_SECONDS", "0"))
    except ValueError:
        seconds = 0.0
    return int(SAMPLE_RATE * seconds) * 2


class StreamingWavWriter:
    """Writes the header with the first audio, one write per frame, silence on finish()."""

    def __init__(self, write):
        self._write = write  # a callable taking bytes (file/stdout writer or HTTP queue)
        self._pending = []
        self._pending_size = 0
        self._target = _first_chunk_bytes()
        self._header_done = False

    def _emit(self, data: bytes) -> None:
        if not self._header_done:
            for part in header_writes():
                self._write(part)
            self._header_done = True
        self._write(data)

    def write_frame(self, pcm: bytes) -> None:
        if self._pending is None:
            self._emit(pcm)
            return
        self._pending.append(pcm)
        self._pending_size += len(pcm)
        if self._pending_size >= self._target:
            self._flush_pending()

    def _flush_pending(self) -> None:
        if self._pending:
            self._emit(b"".join(self._pending))
        self._pending = None

    def finish(self) -> None:
        """Successful end: buffered audio, then 200 ms of silence in one write."""
        self._flush_pending()
        self._emit(bytes(SILENCE_SAMPLES * 2))


def stream_writer(stream):
    """A write callable for a binary stream that copes with partial writes of unbuffered stdout."""

    def write(data: bytes) -> None:
        written = stream.write(data)
        if written is None or written >= len(data):
            return
        view = memoryview(data)[written:]
        while view:
            count = stream.write(view)
            view = view[count or 0 :]

    return write


def read_prompt_wav(path, truncate: bool) -> bytes:
    """Read a WAV voice prompt with `wave` (its own errors) and return an identity digest of its audio."""
    with wave.open(str(path), "rb") as reader:
        rate, channels, width = reader.getframerate(), reader.getnchannels(), reader.getsampwidth()
        frames = reader.getnframes()
        if truncate and frames > PROMPT_SECONDS * rate:
            frames = PROMPT_SECONDS * rate
            logger.info("Audio truncated to first 30 seconds (%d samples)", frames)
        audio = reader.readframes(frames)
    digest = hashlib.sha256(b"wav|%d|%d|%d|" % (rate, channels, width))
    digest.update(audio)
    return digest.digest()
