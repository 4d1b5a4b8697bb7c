"""A custom `--config` YAML file, read with simple line parsing (only the file paths matter here)."""

import os
from dataclasses import dataclass, field


@dataclass
class ModelConfig:
    origin: str
    language: "str | None"  # set for built-in configs only (what unlocks catalog voices)
    weights_path: "str | None" = None
    weights_path_without_voice_cloning: "str | None" = None
    other_paths: list = field(default_factory=list)  # tokenizer and sub-model weights


def _scalar(raw: str):
    # Strip an inline comment and quotes; YAML's null spellings become None.
    text = raw.strip()
    if text[:1] in "\"'" and text[-1:] == text[:1] and len(text) >= 2:
        return text[1:-1]
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip()
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    return text


def parse_yaml_paths(text: str) -> dict:
    """Flatten `key: value` lines to dotted keys (nesting by indentation); lists are skipped."""
    values = {}
    stack = []  # (indent, key)
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("-") or ":" not in stripped:
            continue
        indent = len(line) - len(line.lstrip(" "))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        key, _, rest = stripped.partition(":")
        key = key.strip().strip("\"'")
        value = _scalar(rest)
        if value is None and not rest.strip():
            stack.append((indent, key))  # a mapping opens here
            continue
        values[".".join([k for _, k in stack] + [key])] = value
    return values


def load_config_file(path: str) -> ModelConfig:
    """Read a custom config; a missing file raises open()'s FileNotFoundError like upstream."""
    with open(path, "r", encoding="utf-8") as handle:
        values = parse_yaml_paths(handle.read())
    others = [
        value
        for key, value in values.items()
        if value and (key.endswith("tokenizer_path") or key in ("flow_lm.weights_path", "mimi.weights_path"))
    ]
    return ModelConfig(
        origin=str(path),
        language=None,
        weights_path=values.get("weights_path"),
        weights_path_without_voice_cloning=values.get("weights_path_without_voice_cloning"),
        other_paths=others,
    )


def builtin_config_path(language: str) -> str:
    # Where upstream keeps its built-in YAML files (shown in the "Loading model" log line).
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "config", f"{language}.yaml")
