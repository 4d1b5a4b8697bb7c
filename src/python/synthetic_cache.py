"""Builds a Hugging Face Hub cache of RANDOM weights for the installed pocket-tts (run by pocket-tts-runtime).

THE SPEECH IT PRODUCES IS NOISE. The model code that runs on it is real; only the numbers are random. It is
for CI machines that cannot download the real weights.

Everything is read from the installed release, nothing is pinned here: the language's packaged YAML (its
`weights_path`, `weights_path_without_voice_cloning` and `lookup_table.tokenizer_path` pins and `n_bins`),
the catalog voices and where each one's state lives, and the default voice of a custom config.

Usage: python synthetic_cache.py --out DIR [--language english] [--voices all|default|none|a,b] [--seed N]
                                 [--work DIR] [--force]
stdout: one JSON object per line: {"event": "step", "message"} while it works, then {"event": "done", ...}
(the manifest) or {"event": "error", "error": "Type: message"} (exit 1). Logs go to stderr.
"""

import argparse
import hashlib
import importlib
import importlib.metadata
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

FORMAT = 2
NOTICE = ("SYNTHETIC CACHE: random weights. pocket-tts runs on it for real, but every voice and every "
          "generated WAV is noise, not speech. For CI only.")
HF_URL = re.compile(r"^hf://(?P<repo>[^/]+/[^/@]+)/(?P<path>[^@]+?)(?:@(?P<rev>[^@]+))?$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")


def main():
    events = _claim_stdout()
    args = _parse_args()
    started = time.monotonic()
    try:
        manifest = build(args, lambda message: _emit(events, "step", message=message))
    except Exception as error:  # noqa: BLE001 - reported as one event, the traceback on stderr
        import traceback

        traceback.print_exc()
        _emit(events, "error", error="".join(traceback.format_exception_only(type(error), error)).strip())
        return 1
    manifest["seconds"] = round(time.monotonic() - started, 1)
    _emit(events, "done", **manifest)
    return 0


def build(args, step):
    version = importlib.metadata.version("pocket-tts")
    out = Path(args.out).resolve()
    manifest_file = out / f"pocket-tts-synthetic-{version}-{args.language}.json"
    inputs = {"format": FORMAT, "pocketTts": version, "torch": importlib.metadata.version("torch"), "language": args.language,
              "voices": args.voices, "seed": args.seed}
    previous = _read_json(manifest_file)
    if previous is not None and previous.get("inputs") == inputs and not args.force and _files_present(out, previous):
        step(f"reused: {manifest_file.name} matches and every file is present")
        return dict(previous, reused=True)
    import pocket_tts

    if getattr(pocket_tts, "IS_CONTRACT_DOUBLE", False):
        raise RuntimeError("this runtime holds the contract double, which reads no weights: "
                           "a synthetic cache needs the real pocket-tts")
    import torch
    import yaml

    configs = _configs_dir(pocket_tts)
    config_file = configs / f"{args.language}.yaml"
    if not config_file.is_file():
        known = sorted(p.stem for p in configs.glob("*.yaml"))
        raise ValueError(f"pocket-tts {version} has no built-in language {args.language!r}; it has: {', '.join(known)}")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    lookup = config["flow_lm"]["lookup_table"]
    n_bins = int(lookup["n_bins"])
    tokenizer_url = lookup["tokenizer_path"]
    tokenizer_kind = "json" if _hf(tokenizer_url)[1].endswith(".json") else "sentencepiece"
    for part in ("flow_lm", "mimi"):
        if (config.get(part) or {}).get("weights_path"):
            raise ValueError(f"{config_file.name}: {part}.weights_path is set; this builder writes one bundle only")

    out.mkdir(parents=True, exist_ok=True)
    hub = HubCache(out)
    work = Path(tempfile.mkdtemp(prefix=".synthetic-", dir=args.work or str(out)))
    try:
        step(f"pocket-tts {version}, language {args.language}: training a {n_bins}-piece tokenizer")
        tokenizer = _tokenizer(work, n_bins, tokenizer_kind, args.seed)
        local = dict(config)
        local.pop("weights_path", None)
        local.pop("weights_path_without_voice_cloning", None)
        local["flow_lm"] = dict(config["flow_lm"], lookup_table=dict(lookup, tokenizer_path=str(tokenizer)))
        # The file keeps the language's name: some releases guess defaults from the config's stem.
        local_yaml = work / f"{args.language}.yaml"
        local_yaml.write_text(yaml.safe_dump(local, sort_keys=False), encoding="utf-8")

        step("building the full-size model with random weights (EOS head disabled: audio length follows the text)")
        torch.manual_seed(args.seed)
        from pocket_tts import TTSModel

        model = TTSModel.load_model(config=str(local_yaml))
        with torch.no_grad():
            model.flow_lm.out_eos.weight.zero_()
            model.flow_lm.out_eos.bias.fill_(-1e4)
        weights = work / "model.safetensors"
        import safetensors.torch

        safetensors.torch.save_file(model.state_dict(), str(weights))
        # The same bundle at both pins: with voice cloning (gated upstream) and without.
        local_paths = {}
        for key, role in (("weights_path", "weights (with voice cloning)"), ("weights_path_without_voice_cloning", "weights")):
            if config.get(key):
                local_paths[key] = str(hub.put(config[key], weights, role))
        local_paths["tokenizer_path"] = str(hub.put(tokenizer_url, tokenizer, f"tokenizer ({tokenizer_kind})"))

        names, default_voice, voice_url = _catalog(args.language)
        wanted = _wanted(args.voices, names, default_voice, version)
        step(f"exporting {len(wanted)} catalog voice states from synthetic audio")
        export_model_state = _export_model_state()
        for name in wanted:
            state = model.get_state_for_audio_prompt(_voice_audio(torch, name, model.sample_rate))
            file = work / f"{name}.safetensors"
            export_model_state(state, file)
            hub.put(voice_url(name), file, f"catalog voice {name}" + (" (the default)" if name == default_voice else ""))
        custom_default = getattr(importlib.import_module("pocket_tts.default_parameters"), "DEFAULT_VOICE_FOR_CUSTOM_MODEL", None)
        if isinstance(custom_default, str) and custom_default.startswith("hf://"):
            wav = work / "custom-default.wav"
            _write_wav(torch, wav, _voice_audio(torch, "custom-default", model.sample_rate), model.sample_rate)
            hub.put(custom_default, wav, "default voice of a custom --config (audio)")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # The same model as a local --config (every path a file of this cache): the air-gapped way to run it.
    local_config = dict(config)
    for key in ("weights_path", "weights_path_without_voice_cloning"):
        if key in local_paths:
            local_config[key] = local_paths[key]
    local_config["flow_lm"] = dict(config["flow_lm"], lookup_table=dict(lookup, tokenizer_path=local_paths["tokenizer_path"]))
    config_out = out / f"pocket-tts-synthetic-{version}-{args.language}.yaml"
    _write_atomic(config_out, ("# " + NOTICE + "\n" + yaml.safe_dump(local_config, sort_keys=False)).encode())
    manifest = {
        "notice": NOTICE,
        "synthetic": True,
        "inputs": inputs,
        "pocketTtsVersion": version,
        "language": args.language,
        "defaultVoice": default_voice,
        "voices": wanted,
        "catalogVoices": names,
        "tokenizer": tokenizer_kind,
        "nBins": n_bins,
        "files": hub.files,
        "config": str(config_out),
        "builtAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    # The marker src/synthetic/marker.ts looks for.
    _write_atomic(out / "SYNTHETIC-NOISE-README.txt", (NOTICE + "\nBuilt by `pocket-tts-runtime synthetic-cache`; "
                  "each pocket-tts-synthetic-*.json lists what it wrote.\n").encode())
    _write_atomic(manifest_file, (json.dumps(manifest, indent=1) + "\n").encode())
    return dict(manifest, reused=False, manifest=str(manifest_file))


class HubCache:
    """The Hub's own layout: blobs/<sha256>, snapshots/<commit>/<path> as relative links, refs/<name> for
    a revision that is not a commit (a made-up commit, stable for the same repo and name)."""

    def __init__(self, root):
        self.root = root
        self.files = []

    def put(self, url, source, role):
        repo, path, rev = _hf(url)
        repo_dir = self.root / ("models--" + repo.replace("/", "--"))
        digest = _sha256(source)
        blob = repo_dir / "blobs" / digest
        if not blob.exists():
            blob.parent.mkdir(parents=True, exist_ok=True)
            tmp = blob.with_name(f".{digest}.{os.getpid()}.tmp")
            shutil.copyfile(source, tmp)
            os.replace(tmp, blob)
        if rev is not None and COMMIT.match(rev):
            commit = rev
        else:
            commit = hashlib.sha1(f"synthetic:{repo}:{rev or 'main'}".encode()).hexdigest()
            _write_atomic(repo_dir / "refs" / (rev or "main"), commit.encode())
        link = repo_dir / "snapshots" / commit / path
        link.parent.mkdir(parents=True, exist_ok=True)
        tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(os.path.relpath(blob, link.parent))
        os.replace(tmp, link)
        self.files.append({"role": role, "url": url, "repo": repo, "revision": rev, "path": path,
                           "cachePath": str(link.relative_to(self.root)), "sha256": digest, "size": blob.stat().st_size})
        return link


def _tokenizer(work, n_bins, kind, seed):
    """A sentencepiece unigram model with exactly n_bins pieces (pocket-tts asserts it), trained on
    pseudo-words; converted to a `tokenizers` JSON with the same pieces when the release wants one."""
    import sentencepiece as spm

    corpus = work / "corpus.txt"
    _pseudo_corpus(corpus, seed)
    prefix = work / "tokenizer"
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=n_bins, model_type="unigram",
        character_coverage=1.0, normalization_rule_name="identity", num_threads=2, minloglevel=2,
        shuffle_input_sentence=False,
        # Small seed set and one EM sub-iteration: seconds instead of a minute, still exactly n_bins pieces.
        seed_sentencepiece_size=50000, num_sub_iterations=1,
    )
    model = prefix.with_suffix(".model")
    if spm.SentencePieceProcessor(model_file=str(model)).vocab_size() != n_bins:
        raise RuntimeError(f"the trained tokenizer does not have exactly {n_bins} pieces")
    if kind == "sentencepiece":
        return model
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers

    sp = spm.SentencePieceProcessor(model_file=str(model))
    vocab = [(sp.id_to_piece(i), float(sp.get_score(i))) for i in range(sp.vocab_size())]
    tok = Tokenizer(models.Unigram(vocab, unk_id=sp.unk_id(), byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Replace(Regex(r"\s+"), " "), normalizers.Strip()])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    json_file = work / "tokenizer.json"
    tok.save(str(json_file))
    return json_file


def _pseudo_corpus(path, seed, lines=10000):
    rnd = random.Random(seed)
    onsets = ["", "b", "br", "c", "ch", "d", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "qu",
              "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "x", "y", "z"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "ie", "oo", "é", "è", "à", "ü", "ö", "ä", "ñ", "ç", "ø", "å"]
    codas = ["", "", "n", "r", "s", "t", "l", "m", "ng", "ck", "st", "x"]
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(lines):
            words = []
            for _ in range(rnd.randint(4, 14)):
                word = "".join(rnd.choice(onsets) + rnd.choice(vowels) + rnd.choice(codas) for _ in range(rnd.randint(1, 3)))
                if rnd.random() < 0.15:
                    word = word.capitalize()
                if rnd.random() < 0.05:
                    word = str(rnd.randint(0, 9999))
                words.append(word + (rnd.choice([",", ";", ":", "'s", "!", "?"]) if rnd.random() < 0.15 else ""))
            f.write(" ".join(words) + rnd.choice([".", "!", "?", "..."]) + "\n")
        f.write(" ".join(chr(c) for c in range(33, 127)) + "\n")


def _catalog(language):
    """Catalog names, the language's default voice, and name -> the hf:// URL of its state."""
    utils = importlib.import_module("pocket_tts.utils.utils")
    names = list(getattr(utils, "_ORIGINS_OF_PREDEFINED_VOICES"))
    defaults = importlib.import_module("pocket_tts.default_parameters")
    default_voice = defaults.get_default_voice_for_language(language)
    return names, default_voice, lambda name: utils.get_predefined_voice(language=language, name=name)


def _wanted(spec, names, default_voice, version):
    if spec == "all":
        return names
    if spec == "default":
        return [default_voice]
    if spec == "none":
        return []
    wanted = [v.strip() for v in spec.split(",") if v.strip()]
    unknown = [v for v in wanted if v not in names]
    if unknown:
        raise ValueError(f"not catalog voices of pocket-tts {version}: {', '.join(unknown)}; it has: {', '.join(names)}")
    return wanted


def _export_model_state():
    for module in ("pocket_tts", "pocket_tts.models.model_state", "pocket_tts.models.tts_model"):
        found = getattr(importlib.import_module(module), "export_model_state", None) if _importable(module) else None
        if found is not None:
            return found
    raise ImportError("export_model_state is not in this pocket-tts")


def _importable(module):
    try:
        importlib.import_module(module)
        return True
    except ImportError:
        return False


def _voice_audio(torch, name, sample_rate, seconds=3.0):
    """Speech-like noise: harmonic bursts at a per-name pitch, four syllables a second, a pause at the end."""
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    generator = torch.Generator().manual_seed(seed)
    n = int(seconds * sample_rate)
    t = torch.arange(n, dtype=torch.float32) / sample_rate
    f0 = 90.0 + (seed % 160)
    signal = sum(torch.sin(2 * math.pi * f0 * k * t) / k for k in range(1, 6))
    signal = signal * 0.5 * (1 - torch.cos(2 * math.pi * 4.0 * t)) + 0.05 * torch.randn(n, generator=generator)
    signal[int((seconds - 0.4) * sample_rate):] = 0.0
    return (0.3 * signal / signal.abs().max()).unsqueeze(0)


def _write_wav(torch, path, audio, sample_rate):
    import wave

    pcm = (audio.clamp(-1, 1) * 32767).to(torch.int16).numpy().tobytes()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm)


def _configs_dir(pocket_tts):
    try:
        return Path(importlib.import_module("pocket_tts.utils.config").CONFIGS_DIR)
    except (ImportError, AttributeError):
        return Path(pocket_tts.__file__).parent / "config"


def _hf(url):
    match = HF_URL.match(url)
    if match is None:
        raise ValueError(f"not an hf:// URL: {url}")
    return match["repo"], match["path"], match["rev"]


def _files_present(root, manifest):
    files = [root / f["cachePath"] for f in manifest.get("files", [])]
    return all(f.exists() for f in files) and Path(manifest.get("config", root / "missing")).exists()


def _read_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomic(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _parse_args():
    parser = argparse.ArgumentParser(description="Synthetic Hub cache (random weights: the speech is noise).")
    parser.add_argument("--out", required=True)
    parser.add_argument("--language", default="english")
    parser.add_argument("--voices", default="all")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--work", default=None)
    parser.add_argument("--force", action="store_true")
    return parser.parse_args()


def _claim_stdout():
    """Events get a private copy of stdout; anything else printed to stdout goes to stderr instead."""
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return events


def _emit(events, event, **fields):
    events.write(json.dumps(dict(event=event, **fields)) + "\n")
    events.flush()


if __name__ == "__main__":
    sys.exit(main())
