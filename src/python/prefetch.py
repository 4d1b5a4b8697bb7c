# Downloads pinned Hugging Face files into the cache the runtime uses (HF_HOME / HF_HUB_CACHE come from the
# environment), one JSON line per file on stdout. Jobs arrive on stdin as a JSON list of
# {"repo", "revision", "path", "required"}.
import json
import sys


def emit(event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def installed_is_double():
    try:
        from importlib import metadata
        return "+double" in metadata.version("pocket-tts")
    except Exception:  # not installed as a distribution: nothing to say
        return False


def main():
    jobs = json.load(sys.stdin)
    if installed_is_double():
        emit({"event": "double"})
        return 0
    try:
        from huggingface_hub import hf_hub_download
    except ImportError as error:
        emit({"event": "unavailable", "error": "%s: %s" % (type(error).__name__, error)})
        return 3
    failed_required = 0
    for job in jobs:
        try:
            local = hf_hub_download(repo_id=job["repo"], filename=job["path"], revision=job["revision"])
            emit({"event": "fetched", "repo": job["repo"], "path": job["path"], "file": local})
        except Exception as error:  # any failure is reported per file; the batch goes on
            failed_required += 1 if job.get("required", True) else 0
            emit({"event": "failed", "repo": job["repo"], "path": job["path"], "required": job.get("required", True),
                  "error": "%s: %s" % (type(error).__name__, str(error).splitlines()[0] if str(error) else "")})
    return 1 if failed_required else 0


if __name__ == "__main__":
    sys.exit(main())
