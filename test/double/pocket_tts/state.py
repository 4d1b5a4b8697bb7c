"""Voice states: upstream-shaped dicts {module: {"cache": tensor, "offset": tensor}} of plain tensors."""

import hashlib
import struct
from dataclasses import dataclass

_DTYPE_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}

# Shape of the stand-in KV caches: 6 layers x [2, 1, 42, 16, 64] float32 is about 2 MB, like upstream.
N_LAYERS = 6
PROMPT_FRAMES = 42
N_HEADS = 16
HEAD_DIM = 64


@dataclass(frozen=True)
class StateTensor:
    """A minimal tensor: safetensors dtype name, shape and little-endian bytes."""

    dtype: str
    shape: tuple
    data: bytes

    def element_size(self) -> int:
        return _DTYPE_SIZES[self.dtype]

    def numel(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count


def dtype_size(dtype: str) -> int:
    return _DTYPE_SIZES[dtype]


def _float_bytes(identity: bytes, size: int) -> bytes:
    """`size` bytes of float32 values in +-[0.5, 1), derived from `identity` (C-speed big-int masks)."""
    raw = int.from_bytes(hashlib.shake_256(identity).digest(size), "little")
    words = size // 4
    keep = int.from_bytes(b"\xff\xff\x7f\x80" * words, "little")  # sign + mantissa
    exponent = int.from_bytes(b"\x00\x00\x00\x3f" * words, "little")  # exponent 126
    return ((raw & keep) | exponent).to_bytes(size, "little")


def build_state(identity: bytes) -> dict:
    """A deterministic voice state for an identity (audio digest, catalog name...)."""
    shape = (2, 1, PROMPT_FRAMES, N_HEADS, HEAD_DIM)
    size = 4 * 2 * PROMPT_FRAMES * N_HEADS * HEAD_DIM
    state = {}
    for layer in range(N_LAYERS):
        module = f"transformer.layers.{layer}.self_attn"
        state[module] = {
            "cache": StateTensor("F32", shape, _float_bytes(identity + b"|%d" % layer, size)),
            "offset": StateTensor("I64", (1,), struct.pack("<q", PROMPT_FRAMES)),
        }
    return state


def flatten_state(state: dict) -> dict:
    """{"module/key": tensor}, the names upstream's export_model_state stores."""
    return {f"{module}/{key}": tensor for module, tensors in state.items() for key, tensor in tensors.items()}


def unflatten_state(flat: dict) -> dict:
    state = {}
    for name, tensor in flat.items():
        module, _, key = name.rpartition("/")
        state.setdefault(module, {})[key] = tensor
    return state


def state_fingerprint(state: dict) -> bytes:
    """A digest of everything in the state: what the synthetic audio is keyed on."""
    digest = hashlib.sha256()
    for name, tensor in sorted(flatten_state(state).items()):
        digest.update(f"{name}|{tensor.dtype}|{list(tensor.shape)}|".encode())
        digest.update(tensor.data)
    return digest.digest()


def state_size(state: dict) -> int:
    return sum(len(t.data) for t in flatten_state(state).values())
