"""Batch voice export with one model load, through pocket-tts's public API (run by pocket-tts-runtime).

Protocol. stdin: one JSON line {"jobs": [{"name", "source", "out", "language", "config"}]}, jobs grouped
by (language, config); stdin then stays open, and its end (the parent died or gave up) stops this process
at once. stdout: one JSON object per line, in order:
  {"event": "loading", "language", "config"} / {"event": "loaded", "language", "config", "ms"}
  {"event": "started", "name"} then {"event": "exported", "name", "ms"} or {"event": "failed", "name", "error"}
  {"event": "done"} at the end, or {"event": "unsupported", "error"} (exit 3) when the API cannot be imported.
"error" is the exception's last line, "Type: message". Logs and tracebacks go to stderr.
"""

import json
import logging
import os
import sys
import threading
import time
import traceback

UNSUPPORTED_EXIT = 3
_current_out = [None]  # the output being written, removed if the parent goes away mid-write


def main():
    events = _claim_stdout()
    request = json.loads(sys.stdin.readline() or "{}")
    _exit_when_stdin_closes()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s", stream=sys.stderr)
    try:
        from pocket_tts import TTSModel, export_model_state
    except ImportError as error:
        traceback.print_exc()
        _emit(events, "unsupported", error=_describe(error))
        return UNSUPPORTED_EXIT
    models = {}
    for job in request.get("jobs", []):
        _export(events, job, models, TTSModel, export_model_state)
    _emit(events, "done")
    return 0


def _export(events, job, models, TTSModel, export_model_state):
    """One voice: encode its source, write the state to job["out"]; any exception fails this voice only."""
    name = job["name"]
    _emit(events, "started", name=name)
    try:
        model = _model(events, models, TTSModel, job.get("language"), job.get("config"))
        started = time.monotonic()
        state = model.get_state_for_audio_prompt(job["source"], truncate=True)
        _current_out[0] = job["out"]
        export_model_state(state, job["out"])
        _current_out[0] = None
        _emit(events, "exported", name=name, ms=_ms(started))
    except Exception as error:  # noqa: BLE001 - every failure is reported per voice
        traceback.print_exc()
        _current_out[0] = None
        _remove(job["out"])
        _emit(events, "failed", name=name, error=_describe(error))


def _model(events, models, TTSModel, language, config):
    """The model for a language/config, loaded once; only one is kept (jobs arrive grouped)."""
    key = (language, config)
    if key not in models:
        models.clear()
        _emit(events, "loading", language=language, config=config)
        started = time.monotonic()
        try:
            models[key] = TTSModel.load_model(language=language, config=config)
        except Exception as error:  # noqa: BLE001 - remembered: every voice of this model fails the same way
            models[key] = error
            raise
        _emit(events, "loaded", language=language, config=config, ms=_ms(started))
    model = models[key]
    if isinstance(model, Exception):
        raise model
    return model


def _claim_stdout():
    """Events get a private copy of stdout; anything else printed to stdout goes to stderr instead."""
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return events


def _exit_when_stdin_closes():
    """The parent keeps stdin open while it waits: its end means nobody wants the results any more."""
    def watch():
        try:
            while sys.stdin.read(4096):
                pass
        except Exception:  # noqa: BLE001 - a broken stdin is an end too
            pass
        _remove(_current_out[0])
        os._exit(1)

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def _emit(events, event, **fields):
    events.write(json.dumps(dict(event=event, **fields)) + "\n")
    events.flush()


def _describe(error):
    lines = traceback.format_exception_only(type(error), error)
    return "".join(lines).strip()


def _remove(path):
    if path:
        try:
            os.remove(path)
        except OSError:
            pass


def _ms(started):
    return int((time.monotonic() - started) * 1000)


if __name__ == "__main__":
    sys.exit(main())
