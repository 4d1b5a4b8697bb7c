"""Built-in languages, their default voice and text, the voice catalog and the pinned HF files."""

from pocket_tts import release

LANGUAGES = (
    "english",
    "english_2026-01",
    "english_2026-04",
    "french_24l",
    "german",
    "german_24l",
    "portuguese",
    "portuguese_24l",
    "italian",
    "italian_24l",
    "spanish",
    "spanish_24l",
)
DEFAULT_LANGUAGE = "english"

CATALOG_VOICES = (
    "alba", "marius", "javert", "jean", "fantine", "cosette", "eponine", "azelma", "anna",
    "vera", "charles", "paul", "george", "mary", "jane", "michael", "eve", "bill_boerst",
    "peter_yearsley", "stuart_bell", "caro_davy", "giovanni", "lola", "juergen", "rafael",
    "estelle",
)

# 3.3.0 and later (POCKET_TTS_DOUBLE_VERSION): plain French (6 layers), Dutch and the voice `daan`.
LATER_LANGUAGES = ("french", "dutch", "dutch_24l")
LATER_VOICES = ("daan",)


def languages() -> tuple:
    return LANGUAGES + LATER_LANGUAGES if release.at_least_3() else LANGUAGES


def catalog_voices() -> tuple:
    return CATALOG_VOICES + LATER_VOICES if release.at_least_3() else CATALOG_VOICES


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

# Pinned Hugging Face files (the contract's last table).
GATED_REPO = "kyutai/pocket-tts"
GATED_COMMIT = "39592ff23c9ef80098bb74895d104c26275fe2c9"
GATED_COMMIT_2026_04 = "19f95fe2df36e79fbd9f10008595cc4c977a0fcc"
OPEN_REPO = "kyutai/pocket-tts-without-voice-cloning"
OPEN_COMMIT = "d29db7978e464fb90cb3359ee0c69a273b9142cc"
VOICES_COMMIT = "e041936c75475d350b405bc870bcf7c22da4e9e6"


def family(language) -> str:
    # "german_24l" -> "german"; a custom config (None) speaks English by default.
    name = (language or "english").split("_", 1)[0]
    return name if name in _DEFAULTS else "english"  # unknown languages fail later, in load_model


def default_voice(language) -> str:
    return _DEFAULTS[family(language)][0]


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


def gated_weights(language: str):
    commit = GATED_COMMIT_2026_04 if language == "english_2026-04" else GATED_COMMIT
    return GATED_REPO, f"languages/{language}/model.safetensors", commit


def open_weights(language: str):
    return OPEN_REPO, f"languages/{language}/model.safetensors", OPEN_COMMIT


def tokenizer(language: str):
    if language == "english_2026-01":
        return OPEN_REPO, "tokenizer.model", OPEN_COMMIT
    return OPEN_REPO, f"languages/{language}/tokenizer.model", OPEN_COMMIT


def catalog_voice(language: str, name: str):
    return OPEN_REPO, f"languages/{language}/embeddings/{name}.safetensors", VOICES_COMMIT
