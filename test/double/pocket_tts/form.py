"""Form bodies of POST /tts: multipart/form-data (parsed with the stdlib `email` package) or urlencoded."""

from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from urllib.parse import parse_qsl


class FormError(Exception):
    """The body claims to be a form but cannot be parsed (FastAPI answers 400)."""


@dataclass
class Upload:
    filename: str
    content: bytes
    content_type: str


def parse_form(content_type: str, body: bytes) -> tuple:
    """(fields, files) from a request body; any other content type gives empty dicts, like Starlette."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "multipart/form-data":
        return _multipart(content_type, body)
    if media == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
        return {k.encode("latin-1").decode("utf-8", "replace"): v.encode("latin-1").decode("utf-8", "replace") for k, v in pairs}, {}
    return {}, {}


def _multipart(content_type: str, body: bytes) -> tuple:
    # Prepend the Content-Type header so `email` sees a complete MIME message.
    head = b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\nMIME-Version: 1.0\r\n\r\n"
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if not message.is_multipart() or not message.get_boundary():
        raise FormError("not a multipart body")
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name is None:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = Upload(filename, payload, part.get_content_type())  # last one wins, like Starlette
        else:
            fields[name] = payload.decode(part.get_content_charset() or "utf-8", "replace")
    return fields, files
