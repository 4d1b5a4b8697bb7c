"""Console-script entry point `pocket_tts.main:cli_app` (a Typer app upstream)."""

import os
import signal
import sys

from pocket_tts import commands, release
from pocket_tts.cli import Argument, Command, Option, TyperLikeApp
from pocket_tts.knobs import read_knobs

_LANGUAGE_HELP = (
    "Language of the built-in model: english, english_2026-01, english_2026-04, french_24l, german, "
    "german_24l, portuguese, portuguese_24l, italian, italian_24l, spanish, spanish_24l. Incompatible with --config."
)
_CONFIG_HELP = "Path to a custom YAML config of the model. Incompatible with --language."


def _language_options() -> list:
    return [
        Option("language", ("--language",), "text", None, _LANGUAGE_HELP),
        Option("config", ("--config",), "path", None, _CONFIG_HELP),
    ]


GENERATE_OPTIONS = [
    Option("text", ("--text",), "text", None, "Text to generate ('-' reads it from stdin)", "the language's demo sentence"),
    Option("voice", ("--voice",), "text", None,
           "Voice: a catalog name, a local audio or .safetensors file, an http(s):// or hf:// URL",
           "the language's default voice"),
    *_language_options(),
    *(
        # 3.3.0 on: renamed; the old name is hidden, still accepted, and warns (commands.generate).
        [Option("sampler_decode_steps", ("--sampler-decode-steps",), "integer", 1, "Number of generation steps", "1"),
         Option("lsd_decode_steps", ("--lsd-decode-steps",), "integer", None, "Deprecated", None, hidden=True)]
        if release.at_least_3()
        else [Option("lsd_decode_steps", ("--lsd-decode-steps",), "integer", 1, "Number of generation steps", "1")]
    ),
    # 3.3.0 on: no CLI default; the model's config gives it (0.3).
    (Option("temperature", ("--temperature",), "float", None, "Temperature for generation")
     if release.at_least_3() else Option("temperature", ("--temperature",), "float", 0.7, "Temperature for generation", "0.7")),
    Option("noise_clamp", ("--noise-clamp",), "float", None, "Noise clamp value"),
    Option("eos_threshold", ("--eos-threshold",), "float", -4.0, "EOS threshold", "-4.0"),
    Option("frames_after_eos", ("--frames-after-eos",), "integer", None,
           "Number of frames to generate after EOS (automatic from the text length if not set)"),
    Option("max_tokens", ("--max-tokens",), "integer", 50, "Maximum number of tokens per chunk.", "50"),
    Option("output_path", ("--output-path",), "text", "./tts_output.wav",
           "Output path for generated audio ('-' writes to stdout)", "./tts_output.wav"),
    Option("device", ("--device",), "text", "cpu", "Device to use", "cpu"),
    Option("quantize", ("--quantize",), "switch", False,
           "Apply int8 dynamic quantization (install torchao for the fastest kernels)", "no-quantize"),
    Option("quiet", ("-q", "--quiet"), "flag", False, "Disable logging output"),
]

EXPORT_OPTIONS = [*_language_options(), Option("quiet", ("-q", "--quiet"), "flag", False, "Disable logging output")]

SERVE_OPTIONS = [
    Option("host", ("--host",), "text", "localhost", "Host to bind to", "localhost"),
    Option("port", ("--port",), "integer", 8000, "Port to bind to", "8000"),
    *_language_options(),
    Option("quantize", ("--quantize",), "switch", False, "Apply int8 dynamic quantization", "no-quantize"),
    Option("reload", ("--reload",), "switch", False, "Enable auto-reload", "no-reload"),
    # 3.3.0 on: the voice loaded at start for requests that name none (a bad one fails the start).
    *([Option("default_voice", ("--default-voice",), "text", None,
              "Voice used by requests that don't ask for one: a built-in voice name, a local path to an audio "
              "file or to a .safetensors voice, an https:// URL, or an hf:// path. Defaults to the built-in voice of the language.")]
      if release.at_least_3() else []),
]


def _serve(params: dict) -> int:
    # Imported here: the HTTP stack costs every `generate` process ~20 ms of start-up otherwise.
    from pocket_tts import server

    # The server's threads may still be busy: flush and leave without waiting for them.
    code = server.run(params)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


COMMANDS = [
    Command("serve", "Start the FastAPI server.", _serve, SERVE_OPTIONS),
    Command("generate", "Generate speech using Kyutai Pocket TTS.", commands.generate, GENERATE_OPTIONS),
    Command(
        "export-voice",
        "Convert an audio file to a voice embedding in safetensors format, for fast loading.",
        commands.export_voice,
        EXPORT_OPTIONS,
        [
            Argument("audio_path", "AUDIO_PATH", "Path of the audio file or directory to convert."),
            Argument("export_path", "EXPORT_PATH", "Path of the safetensors file to export to."),
        ],
    ),
]


class _CliApp(TyperLikeApp):
    def __call__(self, args=None, prog_name=None, standalone_mode=True):
        # POCKET_TTS_DOUBLE_IGNORE_SIGTERM=1 holds for every command, from the first instant.
        if read_knobs().ignore_sigterm:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        return super().__call__(args, prog_name, standalone_mode)


cli_app = _CliApp("Kyutai Pocket TTS - Text-to-Speech generation tool", COMMANDS)

if __name__ == "__main__":
    cli_app()
