"""Built-in languages, their default voice and text, the voice catalog and the pinned HF files, per release."""

import functools
import json
import os

from pocket_tts import release

DEFAULT_LANGUAGE = "english"


@functools.lru_cache(maxsize=None)
def _releases() -> dict:
    # Written from the package's supported rows (npm run double:releases): languages, Hub pins, catalog.
    with open(os.path.join(os.path.dirname(__file__), "releases.json"), encoding="utf-8") as handle:
        return json.load(handle)


def _row() -> dict:
    """The imitated release's row: its own, else the newest (3.x and later) or 2.1.0 (older, or malformed)."""
    rows = _releases()
    chosen = release.version()
    if chosen in rows:
        return rows[chosen]
    ordered = sorted(rows, key=lambda v: tuple(int(p) for p in v.split(".")))
    return rows[ordered[-1]] if release.at_least_3() else rows[ordered[0]]


def languages() -> tuple:
    return tuple(_row()["languages"])


def catalog_voices() -> tuple:
    return tuple(_row()["catalogVoices"])


FRENCH_REFUSED = (
    "For technical reasons, only a larger 24-layer model is available for French. "
    "Please use the 'french_24l' language instead."
)
BOTH_CONFIG_AND_LANGUAGE = "Cannot specify both config and language, please choose one or the other."

_DEFAULTS = {
    # family: (default voice, built-in demo sentence)
    "english": (
        "alba",
        "Hello world. I am Kyutai's Pocket TTS. I'm fast enough to run on small CPUs. "
        "I hope you'll like me.",
    ),
    "french": (
        "estelle",
        "Bonjour à tous. Je suis Pocket TTS de Kyutai. Je suis assez rapide pour tourner "
        "sur de petits processeurs.",
    ),
    "dutch": ("daan", "Hallo allemaal. Ik ben Pocket TTS van Kyutai."),
    "german": (
        "juergen",
        "Hallo Welt. Ich bin Pocket TTS von Kyutai. Ich bin schnell genug für kleine Prozessoren.",
    ),
    "portuguese": (
        "rafael",
        "Olá a todos. Eu sou o Pocket TTS da Kyutai. Sou rápido o suficiente para processadores "
        "pequenos.",
    ),
    "italian": (
        "giovanni",
        "Ciao a tutti. Sono Pocket TTS di Kyutai. Sono abbastanza veloce per piccoli processori.",
    ),
    "spanish": (
        "lola",
        "Hola a todos. Soy Pocket TTS de Kyutai. Soy lo bastante rápido para procesadores "
        "pequeños.",
    ),
}

# Pinned Hugging Face files (the contract's last table; later releases: RUNTIME.md's version table).
GATED_REPO = "kyutai/pocket-tts"
OPEN_REPO = "kyutai/pocket-tts-without-voice-cloning"


def family(language) -> str:
    # "german_24l" -> "german"; a custom config (None) speaks English by default.
    name = (language or "english").split("_", 1)[0]
    return name if name in _DEFAULTS else "english"  # unknown languages fail later, in load_model


def default_voice(language) -> str:
    row = _row()["languages"].get(language) if language is not None else None
    return row["defaultVoice"] if row is not None else _DEFAULTS[family(language)][0]


def default_text(language) -> str:
    return _DEFAULTS[family(language)][1]


def unknown_language_error(language: str) -> ValueError:
    return ValueError(
        f"Unknown language {language!r}: there is no built-in config for it. "
        f"Available languages: {', '.join(languages())}."
    )


def check_language(language: str) -> None:
    """Raise the ValueError upstream gives for `french`, and a clear one for unknown names."""
    if language == "french" and not release.at_least_3():
        raise ValueError(FRENCH_REFUSED)
    if language not in languages():
        raise unknown_language_error(language)


def _pins(language: str) -> dict:
    return _row()["languages"][language]


def gated_weights(language: str):
    return GATED_REPO, f"languages/{language}/model.safetensors", _pins(language)["gated"]


def open_weights(language: str):
    return OPEN_REPO, f"languages/{language}/model.safetensors", _pins(language)["open"]


def tokenizer(language: str):
    pins = _pins(language)
    return OPEN_REPO, pins["tokenizer"], pins["tokenizerRevision"]


def catalog_voice(language: str, name: str):
    return OPEN_REPO, f"languages/{language}/embeddings/{name}.safetensors", _row()["voicePin"]
