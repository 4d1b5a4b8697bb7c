"""`pocket-tts serve`: a uvicorn look-alike (load, bind, serve HTTP/1.1 with a thread per connection, shut down)."""

import errno
import logging
import os
import signal
import socket
import socketserver
import sys
import threading
import time
from http.server import ThreadingHTTPServer

from pocket_tts import hub, languages, release, trace
from pocket_tts.knobs import read_knobs
from pocket_tts.logs import enable_logging
from pocket_tts.model import VOICE_CLONING_UNSUPPORTED, TTSModel
from pocket_tts.state import build_state
from pocket_tts.web import App, Handler, uvicorn_log

GRACE_SECONDS = 5.0  # how long SIGTERM/SIGINT waits for in-flight requests


class DoubleHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, family, handler):
        self.address_family = family
        super().__init__(address, handler)

    def server_bind(self):
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        # TCPServer's bind, skipping HTTPServer's getfqdn(): a reverse DNS look-up can take seconds.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]


class BindError(Exception):
    def __init__(self, message: str):
        super().__init__(message)


def _bind_message(error: OSError, sockaddr) -> str:
    # asyncio's wording, which uvicorn logs as is.
    return f"[Errno {error.errno}] error while attempting to bind on address {sockaddr!r}: {(error.strerror or '').lower()}"


def _addresses(host: str, port: int) -> list:
    try:
        infos = socket.getaddrinfo(host, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise BindError(f"[Errno {error.errno}] {error.strerror}") from None
    seen, result = set(), []
    for family, _, _, _, sockaddr in infos:
        if (family, sockaddr[:2]) not in seen and family in (socket.AF_INET, socket.AF_INET6):
            seen.add((family, sockaddr[:2]))
            result.append((family, sockaddr))
    return result


def bind_servers(host: str, port: int, handler, refuse: bool) -> list:
    """One listening server per address `host` resolves to (localhost: IPv4 and IPv6), like asyncio."""
    addresses = _addresses(host, port)
    if refuse:
        raise BindError(_bind_message(OSError(errno.EADDRINUSE, "Address already in use"), addresses[0][1]))
    servers = []
    for family, sockaddr in addresses:
        if servers and port == 0:
            sockaddr = (sockaddr[0], servers[0].server_address[1]) + tuple(sockaddr[2:])
        try:
            servers.append(DoubleHTTPServer(sockaddr, family, handler))
        except OSError as error:
            if family == socket.AF_INET6 and error.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) and len(addresses) > 1:
                continue  # no IPv6 loopback on this machine: serve IPv4 only
            for server in servers:
                server.server_close()
            raise BindError(_bind_message(error, sockaddr)) from None
    return servers


def _running_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


# 3.3.0 on, `serve --config` without `--default-voice` clones this prompt at start (unpinned; needs cloning).
CUSTOM_MODEL_VOICE = "hf://kyutai/tts-voices/alba-mackenna/casual.wav"


def _custom_model_voice(model, knobs):
    # Cloned from the Hub's audio prompt: from the cache offline, "downloaded" online (the double pretends,
    # as for the model's pinned files); the gated weights are needed either way.
    hub.must_be_reachable("kyutai/tts-voices", "alba-mackenna/casual.wav", None, knobs.fails("offline"))
    if not model.has_voice_cloning or knobs.fails("no-cloning"):
        raise ValueError(VOICE_CLONING_UNSUPPORTED)
    return build_state(b"audio|" + CUSTOM_MODEL_VOICE.encode())


def _load(params: dict, knobs):
    """Load the model before binding; from 3.3.0 on its default voice too (2.1.0 resolves it per request)."""
    with enable_logging(logging.INFO):
        model = TTSModel.load_model(language=params["language"], config=params["config"], quantize=params["quantize"])
        default_state = voice = None
        if release.at_least_3():
            # `--default-voice`, else the language's; a voice that cannot load fails the start (exit 1).
            voice = params.get("default_voice") or (languages.default_voice(model.language) if model.language is not None else CUSTOM_MODEL_VOICE)
            if voice == CUSTOM_MODEL_VOICE:
                default_state = _custom_model_voice(model, knobs)
            else:
                default_state = model.get_state_for_audio_prompt(voice, truncate=False, knobs=knobs)
    return model, default_state, voice


def run(params: dict) -> int:
    """The serve command; returns the exit code."""
    knobs = read_knobs()
    trace.record(knobs, "serve", params)
    model, default_state, voice = _load(params, knobs)
    app = App(model, default_state, voice)
    handler = type("BoundHandler", (Handler,), {"app": app})
    starter = _start_with_reloader if params["reload"] else _start
    servers = starter(params, handler, knobs.fails("refuse-bind"))
    if servers is None:
        return 1 if knobs.legacy_uvicorn else 3  # uvicorn's STARTUP_FAILURE since 0.54
    stop, force = _install_signal_handlers(knobs)
    for server in servers:
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    while not stop.wait(0.2):
        pass
    _shutdown(app, servers, knobs, force, os.getpid())
    if knobs.fails("exit-abort"):
        abort_like_upstream()
    if stop.signum == signal.SIGTERM and not knobs.legacy_uvicorn:
        _reraise(signal.SIGTERM)  # uvicorn re-raises the signal it caught: the process ends by SIGTERM
    return 0


def _startup_lines() -> None:
    uvicorn_log("INFO", f"Started server process [{os.getpid()}]")
    uvicorn_log("INFO", "Waiting for application startup.")
    uvicorn_log("INFO", "Application startup complete.")


def _running_line(params: dict, servers: list) -> None:
    port = servers[0].server_address[1]
    uvicorn_log("INFO", f"Uvicorn running on {_running_url(params['host'], port)} (Press CTRL+C to quit)")


def _start(params: dict, handler, refuse: bool):
    """uvicorn's order: startup lines, then the bind (an error here ends with the shutdown lines)."""
    _startup_lines()
    try:
        servers = bind_servers(params["host"], params["port"], handler, refuse)
    except BindError as error:
        uvicorn_log("ERROR", str(error))
        uvicorn_log("INFO", "Waiting for application shutdown.")
        uvicorn_log("INFO", "Application shutdown complete.")
        return None
    _running_line(params, servers)
    return servers


def _start_with_reloader(params: dict, handler, refuse: bool):
    """`--reload`: uvicorn's reloader binds first and prints its lines; the double serves in-process."""
    uvicorn_log("INFO", f"Will watch for changes in these directories: [{os.getcwd()!r}]")
    try:
        servers = bind_servers(params["host"], params["port"], handler, refuse)
    except BindError as error:
        uvicorn_log("ERROR", str(error))
        return None
    _running_line(params, servers)
    uvicorn_log("INFO", f"Started reloader process [{os.getpid()}] using StatReload")
    _startup_lines()
    return servers


def _install_signal_handlers(knobs) -> tuple:
    stop, force = threading.Event(), threading.Event()
    stop.signum = None

    def on_signal(signum, frame):
        stop.signum = signum
        if stop.is_set():
            force.set()  # a second signal skips the wait for in-flight requests
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    if not knobs.ignore_sigterm:
        signal.signal(signal.SIGTERM, on_signal)
    return stop, force


def _reraise(signum) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    time.sleep(60)  # delivery is asynchronous; never run past this point


def _shutdown(app: App, servers: list, knobs, force: threading.Event, pid: int) -> None:
    """uvicorn's graceful shutdown: stop accepting, let in-flight requests finish (then the caller re-raises)."""
    uvicorn_log("INFO", "Shutting down")
    app.stopping = True
    for server in servers:
        server.shutdown()
        server.server_close()
    if app.in_flight():
        uvicorn_log("INFO", "Waiting for connections to close. (CTRL+C to force quit)")
        app.wait_idle(GRACE_SECONDS, force)
    uvicorn_log("INFO", "Waiting for application shutdown.")
    time.sleep(knobs.shutdown_ms / 1000.0)  # idle shutdown work, not compute
    uvicorn_log("INFO", "Application shutdown complete.")
    uvicorn_log("INFO", f"Finished server process [{pid}]")
