"""The web app `serve` runs (what FastAPI does upstream): routes, form parsing, statuses, streaming."""

import json
import os
import queue
import socket
import sys
import tempfile
import threading
import time
import traceback
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

from pocket_tts import languages, trace
from pocket_tts.form import FormError, parse_form
from pocket_tts.knobs import read_knobs
from pocket_tts.model import TTSModel
from pocket_tts.page import INDEX_HTML
from pocket_tts.wav import StreamingWavWriter

MISSING_TEXT = {"type": "missing", "loc": ["body", "text"], "msg": "Field required", "input": None}
BAD_VOICE_URL = "voice_url must start with http://, https://, or hf://"


def uvicorn_log(level: str, message: str, stream=None) -> None:
    """uvicorn's default format: `INFO:     message` (level and colon padded to 9 columns)."""
    stream = stream or sys.stderr
    stream.write(f"{(level + ':').ljust(9)} {message}\n")
    stream.flush()


class App:
    """What every request shares: the model, the default voice state and the in-flight count."""

    def __init__(self, model: TTSModel, default_state, default_voice=None):
        self.model = model
        self.default_state = default_state
        self.default_voice = default_voice  # 3.3.0 on: the voice loaded at start (what the trace names)
        self.stopping = False
        self._active = 0
        self._idle = threading.Condition()

    def begin(self) -> None:
        with self._idle:
            self._active += 1

    def end(self) -> None:
        with self._idle:
            self._active -= 1
            self._idle.notify_all()

    def in_flight(self) -> int:
        with self._idle:
            return self._active

    def wait_idle(self, timeout: float, force: threading.Event) -> None:
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._active and not force.is_set() and time.monotonic() < deadline:
                self._idle.wait(0.05)


class Sink:
    """The generation thread's output: a queue the request thread drains, or nothing once the client left."""

    def __init__(self):
        self.queue = queue.Queue()
        self.abandoned = False

    def put(self, data: bytes) -> None:
        if not self.abandoned:  # a gone client's audio is computed anyway, then dropped
            self.queue.put(data)

    def close(self) -> None:
        self.queue.put(None)


def write_to_queue(model: TTSModel, text: str, state, knobs, sink: Sink) -> None:
    """Generation thread (named like upstream's, so a crash prints `Exception in thread ... (write_to_queue)`)."""
    writer = StreamingWavWriter(sink.put)
    try:
        for pcm in model.generate_audio_stream(state, text, knobs=knobs):
            writer.write_frame(pcm)
        writer.finish()
    finally:
        sink.close()  # upstream closes its file-like queue even on error: the 200 response just ends


def _validation_errors(text, fields: dict) -> list:
    """FastAPI's 422 details: `text` missing, and/or `voice_wav` sent as a plain field instead of a file."""
    errors = [] if text is not None else [MISSING_TEXT]
    plain = _form_value(fields, "voice_wav")
    if plain is not None:
        errors.append({"type": "value_error", "loc": ["body", "voice_wav"],
                       "msg": "Value error, Expected UploadFile, received: <class 'str'>",
                       "input": plain, "ctx": {"error": {}}})
    return errors


def _form_value(fields: dict, name: str):
    # FastAPI treats an empty form field like a missing one.
    value = fields.get(name)
    return None if value == "" else value


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "uvicorn"
    sys_version = ""
    app: App = None  # set on the subclass made per server

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # chunks leave as written

    def log_message(self, format, *args):  # noqa: A002 - uvicorn-style access log is written by _access
        pass

    def handle_one_request(self):
        if self.app.stopping:  # after SIGTERM no new request is served
            self.close_connection = True
            return
        super().handle_one_request()

    # ------------------------------------------------------------ routing
    def do_GET(self):
        self._route()

    def do_POST(self):
        self._route()

    def do_HEAD(self):
        self._route()

    def do_PUT(self):
        self._route()

    def do_DELETE(self):
        self._route()

    def do_PATCH(self):
        self._route()

    def do_OPTIONS(self):
        self._route()

    def _route(self):
        self.app.begin()
        try:
            body = self._read_body()
            path = urlsplit(self.path).path
            routes = {"/health": ("GET", self._health), "/": ("GET", self._index), "/tts": ("POST", self._tts)}
            if path not in routes:
                return self._json(404, {"detail": "Not Found"})
            method, action = routes[path]
            if self.command != method:
                return self._json(405, {"detail": "Method Not Allowed"}, [("allow", method)])
            action(body)
        finally:
            self.app.end()

    def _read_body(self) -> bytes:
        # Content-Length or chunked request bodies (fetch() with a stream sends chunked).
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    # ------------------------------------------------------------ responses
    def _access(self, status: int) -> None:
        # uvicorn logs the access line on stdout when the response starts.
        host, port = self.client_address[:2]
        version = self.request_version.split("/", 1)[-1]
        line = f'{host}:{port} - "{self.command} {self.path} HTTP/{version}" {status} {HTTPStatus(status).phrase}'
        uvicorn_log("INFO", line, sys.stdout)

    def _start(self, status: int, headers: list) -> None:
        self._access(status)
        self.send_response_only(status)
        self.send_header("date", formatdate(usegmt=True))
        self.send_header("server", "uvicorn")
        for name, value in headers:
            self.send_header(name, value)
        if self.app.stopping:
            self.send_header("connection", "close")
            self.close_connection = True
        self.end_headers()

    def _send(self, status: int, body: bytes, content_type: str, extra=()) -> None:
        self._start(status, [("content-length", str(len(body))), ("content-type", content_type), *extra])
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload, extra=()) -> None:
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        self._send(status, body, "application/json", extra)

    def _server_error(self, error: BaseException) -> None:
        # Starlette's plain 500, then uvicorn's "Exception in ASGI application" traceback on stderr.
        self._send(500, b"Internal Server Error", "text/plain; charset=utf-8")
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        uvicorn_log("ERROR", "Exception in ASGI application\n" + text.rstrip("\n"))

    # ------------------------------------------------------------ endpoints
    def _health(self, body: bytes) -> None:
        self._json(200, {"status": "healthy"})

    def _index(self, body: bytes) -> None:
        self._send(200, INDEX_HTML.encode(), "text/html; charset=utf-8")

    def _tts(self, body: bytes) -> None:
        knobs = read_knobs()  # per request: FAIL_FILE may have changed
        try:
            fields, files = parse_form(self.headers.get("content-type", ""), body)
        except FormError:
            return self._json(400, {"detail": "There was an error parsing the body"})
        text, voice_url, upload = _form_value(fields, "text"), _form_value(fields, "voice_url"), files.get("voice_wav")
        _trace_request(self.app.model, knobs, text, voice_url, upload, self.app.default_voice)
        errors = _validation_errors(text, fields)
        if errors:
            return self._json(422, {"detail": errors})
        if not text.strip():
            return self._json(400, {"detail": "Text cannot be empty"})
        if voice_url is not None and upload is not None:
            return self._json(400, {"detail": "Cannot provide both voice_url and voice_wav"})
        if voice_url is not None and not (voice_url.startswith(("http://", "https://", "hf://")) or voice_url in languages.catalog_voices()):
            return self._json(400, {"detail": BAD_VOICE_URL})
        try:
            state = self._voice_state(voice_url, upload, knobs)
        except Exception as error:  # noqa: BLE001 - any failure is a 500, like an unhandled FastAPI error
            return self._server_error(error)
        self._stream(text, state, knobs)

    def _voice_state(self, voice_url, upload, knobs):
        model = self.app.model
        if voice_url is not None:
            state = model._cached_get_state_for_audio_prompt(voice_url, truncate=True, knobs=knobs)
            sys.stderr.write(f"Using voice from URL: {voice_url}\n")  # upstream's root-logger warning
            return state
        if upload is not None:
            return _state_from_upload(model, upload, knobs)
        if self.app.default_state is not None:
            return self.app.default_state
        return model.get_state_for_audio_prompt(languages.default_voice(model.language), knobs=knobs)

    def _stream(self, text: str, state, knobs) -> None:
        """200 audio/wav, chunked, one chunk per write of the generation thread, as generated."""
        sink = Sink()
        worker = threading.Thread(target=write_to_queue, args=(self.app.model, text, state, knobs, sink), daemon=True)
        worker.start()
        self._start(200, [
            ("content-disposition", "attachment; filename=generated_speech.wav"),
            ("transfer-encoding", "chunked"),
            ("content-type", "audio/wav"),
        ])
        while True:
            data = sink.queue.get()
            try:
                if data is None:
                    self.wfile.write(b"0\r\n\r\n")
                    return
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            except OSError:
                sink.abandoned = True  # the client left: the generation still runs to its end
                self.close_connection = True
                return


def _state_from_upload(model: TTSModel, upload, knobs):
    # The uploaded FILE NAME's suffix picks the format; the bytes go through a temporary file.
    suffix = Path(upload.filename).suffix if upload.filename else ".wav"
    handle = tempfile.NamedTemporaryFile(delete=False, suffix=suffix)
    try:
        with handle:
            handle.write(upload.content)
        return model.get_state_for_audio_prompt(Path(handle.name), truncate=True, knobs=knobs)
    finally:
        os.unlink(handle.name)


def _trace_request(model: TTSModel, knobs, text, voice_url, upload, default_voice=None) -> None:
    if upload is not None:
        voice = trace.voice_entry(upload.filename, kind="upload")
    else:  # neither given: the language's default (catalog) voice
        voice = trace.voice_entry(voice_url or default_voice or languages.default_voice(model.language))
    params = {"voice_url": voice_url, "voice_wav": None if upload is None else upload.filename,
              "voice_wav_bytes": None if upload is None else len(upload.content),
              "language": model.language, "config": None if model.language else model.origin}
    trace.record(knobs, "tts", params, voice, None if text is None else len(text))
