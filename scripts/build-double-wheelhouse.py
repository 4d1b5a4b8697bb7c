#!/usr/bin/env python3
"""Build the contract double's wheelhouse: pocket-tts 2.1.0+double and a torch double, stdlib only.

    python3 scripts/build-double-wheelhouse.py --out DIR [--torch-version 2.13.0+cpu]
                                              [--torch-import-error "OSError: ..."]

Writes two wheels to DIR and prints {"pocket_tts": path, "torch": path, "wheels": [...]} as JSON.
The output is deterministic (fixed timestamps and order): repeated builds are byte-identical.
Exit 2 on bad usage.
"""

import argparse
import base64
import csv
import hashlib
import io
import json
import os
import re
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DOUBLE_DIR = os.path.normpath(os.path.join(HERE, "..", "test", "double"))

POCKET_NAME = "pocket-tts"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date zip can store: no build-time leaks into the bytes
GENERATOR = "pocket-tts-runtime build-double-wheelhouse"

# PEP 440 public version with an optional local label (2.6.0, 2.6.0+cpu, 2.6.0+cu124, 2.7.0rc1+cpu).
VERSION_RE = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?(\+[A-Za-z0-9]+(\.[A-Za-z0-9]+)*)?$")
IMPORT_ERROR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*: .+", re.S)


def _urlsafe_digest(data: bytes) -> str:
    # RECORD's hash format: urlsafe base64 of the sha256, without padding.
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _source_files(package: str) -> list:
    """(archive name, bytes) of a double package's sources, sorted, caches and bytecode excluded."""
    root = os.path.join(DOUBLE_DIR, package)
    if not os.path.isdir(root):
        raise SystemExit(f"error: double sources not found: {root}")
    files = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")) or name == "_double_build.json":
                continue
            path = os.path.join(directory, name)
            archive = os.path.relpath(path, DOUBLE_DIR).replace(os.sep, "/")
            with open(path, "rb") as handle:
                files.append((archive, handle.read()))
    return files


def _zip_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever OS builds it
    info.external_attr = 0o100644 << 16
    archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def _wheel_bytes(dist_info: str, files: list) -> bytes:
    """A wheel: files, then dist-info files, then RECORD listing every hash."""
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files:
            _zip_entry(archive, name, data)
            writer.writerow([name, _urlsafe_digest(data), len(data)])
        writer.writerow([f"{dist_info}/RECORD", "", ""])
        _zip_entry(archive, f"{dist_info}/RECORD", record.getvalue().encode())
    return buffer.getvalue()


def _wheel_file() -> bytes:
    return (
        f"Wheel-Version: 1.0\nGenerator: {GENERATOR}\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    ).encode()


def _metadata(name: str, version: str, summary: str, extra_lines: list) -> bytes:
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", f"Summary: {summary}"]
    return ("\n".join(lines + extra_lines) + "\n").encode()


def build_pocket_tts(out_dir: str, release: str = "2.1.0") -> str:
    # The wheel's version says which release the double imitates (test/double/pocket_tts/release.py).
    version = f"{release}+double"
    dist_info = f"pocket_tts-{version}.dist-info"
    files = _source_files("pocket_tts")
    metadata = _metadata(
        POCKET_NAME,
        version,
        f"Contract double of Kyutai pocket-tts {release} (synthetic audio, standard library only)",
        [
            "Requires-Python: >=3.10,<3.15",
            "Requires-Dist: torch>=2.5.0",
            "Provides-Extra: audio",
            'Requires-Dist: soundfile; extra == "audio"',
            "Provides-Extra: quantize",
            'Requires-Dist: torchao; extra == "quantize"',
        ],
    )
    files += [
        (f"{dist_info}/METADATA", metadata),
        (f"{dist_info}/WHEEL", _wheel_file()),
        (f"{dist_info}/entry_points.txt", b"[console_scripts]\npocket-tts = pocket_tts.main:cli_app\n"),
        (f"{dist_info}/top_level.txt", b"pocket_tts\n"),
    ]
    return _write(out_dir, f"pocket_tts-{version}-py3-none-any.whl", _wheel_bytes(dist_info, files))


def cuda_version(torch_version: str):
    """+cpu -> None, +cu124 -> "12.4", +cu118 -> "11.8", +rocm… -> None, no label -> "12.4" (PyPI's Linux build)."""
    local = torch_version.partition("+")[2]
    match = re.fullmatch(r"cu(\d+)(\d)", local)
    if match:
        return f"{int(match.group(1))}.{match.group(2)}"
    if local:
        return None
    return "12.4"


def build_torch(out_dir: str, version: str, import_error) -> str:
    dist_info = f"torch-{version}.dist-info"
    settings = {"version": version, "cuda": cuda_version(version), "import_error": import_error}
    files = _source_files("torch")
    files.append(("torch/_double_build.json", (json.dumps(settings, indent=2, sort_keys=True) + "\n").encode()))
    files.sort()
    files += [
        (f"{dist_info}/METADATA", _metadata("torch", version, "Contract double of PyTorch (no tensors)", ["Requires-Python: >=3.8"])),
        (f"{dist_info}/WHEEL", _wheel_file()),
        (f"{dist_info}/top_level.txt", b"torch\n"),
    ]
    return _write(out_dir, f"torch-{version}-py3-none-any.whl", _wheel_bytes(dist_info, files))


def _write(out_dir: str, name: str, data: bytes) -> str:
    path = os.path.abspath(os.path.join(out_dir, name))
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def _arguments(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build-double-wheelhouse.py",
        description="Write the pocket-tts contract double's two wheels (pocket-tts, torch) to a directory.",
    )
    parser.add_argument("--out", required=True, help="directory to write the wheels to (created if missing)")
    parser.add_argument("--torch-version", default="2.13.0+cpu", help="version of the torch double (default: 2.13.0+cpu)")
    parser.add_argument(
        "--torch-import-error",
        default=None,
        help='make `import torch` raise this, as "Type: message" (e.g. "OSError: libtorch_cpu.so: ...")',
    )
    parser.add_argument("--pocket-tts-version", default="2.1.0", help="the release the double imitates and its wheel's version (default: 2.1.0)")
    args = parser.parse_args(argv)  # argparse exits 2 on bad usage
    if not re.match(r"^\d+\.\d+\.\d+$", args.pocket_tts_version):
        parser.error(f"invalid --pocket-tts-version {args.pocket_tts_version!r} (want a release like 4.0.1)")
    if not VERSION_RE.match(args.torch_version):
        parser.error(f"invalid --torch-version {args.torch_version!r} (want a PEP 440 version like 2.6.0+cpu)")
    if args.torch_import_error is not None and not IMPORT_ERROR_RE.match(args.torch_import_error):
        parser.error('invalid --torch-import-error (want "ExceptionType: message")')
    return args


def main(argv=None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as error:
        print(f"error: cannot create {args.out}: {error}", file=sys.stderr)
        return 2
    pocket = build_pocket_tts(args.out, args.pocket_tts_version)
    torch = build_torch(args.out, args.torch_version, args.torch_import_error)
    print(json.dumps({"pocket_tts": pocket, "torch": torch, "wheels": [pocket, torch]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
