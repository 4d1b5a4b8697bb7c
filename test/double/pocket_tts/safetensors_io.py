"""Real safetensors files: 8-byte LE header length, JSON header, then the tensor bytes."""

import json
import os

from pocket_tts.errors import SafetensorError, missing_file
from pocket_tts.state import StateTensor, dtype_size

_MAX_HEADER = 100_000_000  # the limit the safetensors library enforces


def _ordered(tensors: dict):
    # safetensors lays tensors out by decreasing dtype alignment, then by name.
    return sorted(tensors.items(), key=lambda item: (-dtype_size(item[1].dtype), item[0]))


def serialize(tensors: dict, metadata=None) -> bytes:
    header = {"__metadata__": dict(metadata or {"format": "pt"})}
    offset = 0
    for name, tensor in _ordered(tensors):
        header[name] = {"dtype": tensor.dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(tensor.data)]}
        offset += len(tensor.data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)  # pad so the data starts 8-byte aligned
    body = b"".join(tensor.data for _, tensor in _ordered(tensors))
    return len(encoded).to_bytes(8, "little") + encoded + body


def save_file(tensors: dict, path) -> None:
    data = serialize(tensors)
    with open(path, "wb") as handle:
        handle.write(data)
    # Like safetensors 0.8's save_file (observed in the real-engine image): mode 0600 whatever the umask.
    os.chmod(path, 0o600)


def _header_error(kind: str) -> SafetensorError:
    return SafetensorError(f"Error while deserializing header: {kind}")


def _parse_header(blob: bytes) -> tuple:
    if len(blob) < 8:
        raise _header_error("HeaderTooSmall")
    size = int.from_bytes(blob[:8], "little")
    if size > _MAX_HEADER:
        raise _header_error("HeaderTooLarge")
    if 8 + size > len(blob):
        raise _header_error("InvalidHeaderLength")
    try:
        header = json.loads(blob[8 : 8 + size].decode("utf-8"))
    except UnicodeDecodeError:
        raise _header_error("InvalidHeader") from None
    except ValueError:
        raise _header_error("InvalidHeaderDeserialization") from None
    if not isinstance(header, dict):
        raise _header_error("InvalidHeaderDeserialization")
    return header, 8 + size


def deserialize(blob: bytes) -> dict:
    header, start = _parse_header(blob)
    tensors = {}
    data = blob[start:]
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            begin, end = info["data_offsets"]
            dtype, shape = info["dtype"], tuple(info["shape"])
            width = dtype_size(dtype)
        except (KeyError, TypeError, ValueError):
            raise _header_error("InvalidHeaderDeserialization") from None
        count = 1
        for dim in shape:
            count *= dim
        if not (0 <= begin <= end <= len(data)) or end - begin != count * width:
            raise SafetensorError(f"Error while deserializing header: InvalidOffset({name!r})".replace("'", '"'))
        tensors[name] = StateTensor(dtype, shape, data[begin:end])
    return tensors


def load_file(path) -> dict:
    if not os.path.exists(path):
        raise missing_file(path)
    with open(path, "rb") as handle:
        return deserialize(handle.read())
