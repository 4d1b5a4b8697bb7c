"""The `generate` and `export-voice` commands (the CLI layer calls these with parsed parameters)."""

import logging
import sys

from pocket_tts import languages, release, trace
from pocket_tts.knobs import read_knobs
from pocket_tts.logs import enable_logging
from pocket_tts.model import TTSModel, export_model_state
from pocket_tts.wav import StreamingWavWriter, stream_writer

logger = logging.getLogger("pocket_tts.main")
GARBAGE_HEADER = b"contract double: garbage, not a WAV stream\n"


class Exit(Exception):
    """End the command with this exit code and no traceback (typer.Exit)."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _log_level(params: dict) -> int:
    return logging.ERROR if params.get("quiet") else logging.INFO


def generate(params: dict) -> None:
    """Generate speech from text to a WAV file or stdout."""
    knobs = read_knobs()
    steps = params.get("sampler_decode_steps", params["lsd_decode_steps"])
    if "sampler_decode_steps" in params and params["lsd_decode_steps"] is not None:
        # 3.3.0 on: logged before pocket-tts's logging is set up, so Python prints the bare message.
        sys.stderr.write("--lsd-decode-steps is deprecated, use --sampler-decode-steps\n")
        steps = params["lsd_decode_steps"]
    with enable_logging(_log_level(params)):
        text = params["text"]
        if text is None:
            text = languages.default_text(params["language"])
        elif text == "-":
            text = sys.stdin.read()  # all of stdin
        voice = params["voice"] or languages.default_voice(params["language"])
        trace.record(knobs, "generate", params, trace.voice_entry(voice), len(text))
        if not text.strip():
            logger.error("No input received from stdin.")
            raise Exit(1)
        model = TTSModel.load_model(
            language=params["language"], config=params["config"], temp=params["temperature"],
            lsd_decode_steps=steps, noise_clamp=params["noise_clamp"],
            eos_threshold=params["eos_threshold"], quantize=params["quantize"],
        )
        model.to(params["device"])
        state = model.get_state_for_audio_prompt(voice, truncate=True)
        frames = model.generate_audio_stream(
            state, text, max_tokens=params["max_tokens"], frames_after_eos=params["frames_after_eos"], knobs=knobs
        )
        write_audio(params["output_path"], frames, knobs.fails("garbage"))
        if params["output_path"] != "-":
            logger.info("Results written in %s", params["output_path"])
        logger.info("-" * 20)
        logger.info("If you want to try multiple voices and prompts quickly, try the `serve` command.")
        logger.info("If you like Kyutai projects, comment, like, subscribe at https://x.com/kyutai_labs")


def write_audio(output_path: str, frames, garbage: bool) -> None:
    """Stream frames as WAV to stdout (`-`, never flushed explicitly) or to a file (sizes patched from 3.3.0 on)."""
    stream = sys.stdout.buffer if output_path == "-" else None
    if stream is None:
        stream = open(output_path, "wb")
    try:
        write = stream_writer(stream)
        if garbage:
            _write_garbage(write, frames)
            return
        writer = StreamingWavWriter(write)
        for pcm in frames:
            writer.write_frame(pcm)
        writer.finish()
        if output_path != "-" and release.at_least_3():
            _patch_sizes(stream)
    finally:
        if output_path != "-":
            stream.close()


def _patch_sizes(stream) -> None:
    # 3.3.0+: a seekable output gets its true RIFF and data sizes (pipes and HTTP keep the placeholders).
    stream.flush()
    total = stream.seek(0, 2)
    stream.seek(4)
    stream.write((total - 8).to_bytes(4, "little"))
    stream.seek(40)
    stream.write((total - 44).to_bytes(4, "little"))


def _write_garbage(write, frames) -> None:
    # FAIL=garbage: a text line then headerless PCM, no RIFF anywhere, and a normal exit.
    write(GARBAGE_HEADER)
    for pcm in frames:
        write(pcm)


def export_voice(params: dict) -> None:
    """Encode the first 30 s of one audio file (or a catalog voice) to a `.safetensors` voice state."""
    knobs = read_knobs()
    with enable_logging(_log_level(params)):
        trace.record(knobs, "export-voice", params, trace.voice_entry(params["audio_path"]))
        model = TTSModel.load_model(language=params["language"], config=params["config"])
        state = model.get_state_for_audio_prompt(params["audio_path"], truncate=True)
        export_model_state(state, params["export_path"])
        logger.info("Voice state exported to %s", params["export_path"])
