"""Exception classes named like the ones upstream's dependencies raise, so tracebacks read the same."""

import os


class LocalEntryNotFoundError(Exception):
    """Stand-in for huggingface_hub.errors.LocalEntryNotFoundError."""


# Python prints "<module>.<qualname>" on the traceback's last line: make it read like huggingface_hub.
LocalEntryNotFoundError.__module__ = "huggingface_hub.errors"

LOCAL_ENTRY_NOT_FOUND_MESSAGE = (
    "An error happened while trying to locate the file on the Hub and we cannot find the requested"
    " files in the local cache. Please check your connection and try again or make sure your"
    " Internet connection is on."
)


def local_entry_not_found() -> LocalEntryNotFoundError:
    return LocalEntryNotFoundError(LOCAL_ENTRY_NOT_FOUND_MESSAGE)


class SafetensorError(Exception):
    """Stand-in for safetensors_rust.SafetensorError."""


SafetensorError.__module__ = "safetensors_rust"

# requests.exceptions.ConnectionError (its name shadows a builtin, hence type()).
RequestsConnectionError = type("ConnectionError", (Exception,), {"__module__": "requests.exceptions"})


def requests_connection_error(url: str) -> Exception:
    """The error `requests.get(url)` gives without a network."""
    scheme, _, rest = url.partition("://")
    host_port, _, path = rest.partition("/")
    host, _, port = host_port.partition(":")
    port = port or ("443" if scheme == "https" else "80")
    pool = "HTTPSConnectionPool" if scheme == "https" else "HTTPConnectionPool"
    conn = "HTTPSConnection" if scheme == "https" else "HTTPConnection"
    return RequestsConnectionError(
        f"{pool}(host='{host}', port={port}): Max retries exceeded with url: /{path} "
        f"(Caused by NameResolutionError(\"<urllib3.connection.{conn} object>: Failed to resolve "
        f"'{host}' ([Errno -3] Temporary failure in name resolution)\"))"
    )


def missing_file(path) -> FileNotFoundError:
    """The exact FileNotFoundError open() raises: `[Errno 2] No such file or directory: '<path>'`."""
    return FileNotFoundError(2, os.strerror(2), str(path))


SOUNDFILE_MESSAGE = (
    "soundfile is required to read non-WAV audio files. "
    "Install with: `pip install soundfile` or `uvx --with soundfile`"
)


# 3.3.0 and later word it so (the 16-bit WAV reader is their own).
SOUNDFILE_MESSAGE_3 = SOUNDFILE_MESSAGE.replace("non-WAV audio files", "non-WAV or non-16-bit WAV audio files")


def raise_soundfile_missing():
    """Raise ImportError chained from the ModuleNotFoundError (the double never ships soundfile)."""
    from pocket_tts import release

    try:
        raise ModuleNotFoundError("No module named 'soundfile'", name="soundfile")
    except ModuleNotFoundError as error:
        raise ImportError(SOUNDFILE_MESSAGE_3 if release.at_least_3() else SOUNDFILE_MESSAGE) from error
