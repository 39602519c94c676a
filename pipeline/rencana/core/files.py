"""File identity, kept free of heavy imports so ingest's parent process stays light."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

# A file that keeps changing while it is read (a sync client writing it) is read this often at most.
READ_ATTEMPTS = 3


class FileChanged(Exception):
    """The file changed while it was being read; ``str(exc)`` is a one-line reason."""


class NotRegularFile(Exception):
    """A FIFO, a socket, a device or a folder: reading it could block or never end."""


@dataclass(frozen=True)
class FileBytes:
    """A file's bytes as read once, the hash of exactly those bytes, and the stat they belong to."""

    data: bytes
    sha256: str
    size: int
    mtime_ns: int


def kind_of(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a FIFO (named pipe)",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
    }
    return next((name for test, name in kinds.items() if test(mode)), "not a regular file")


def _identity(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def read_once(path: Path | str, max_bytes: int | None = None) -> FileBytes:
    """Read a file whole, for its bytes to be hashed and parsed with nothing read twice.

    The stat before and after the read must agree (inode, size, mtime, ctime): a file replaced or
    rewritten meanwhile is read again, up to ``READ_ATTEMPTS`` times, then ``FileChanged``.
    Raises ``NotRegularFile`` without opening a FIFO or device, and ``OSError`` as ``open`` does.
    """
    for _ in range(READ_ATTEMPTS):
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise NotRegularFile(kind_of(before.st_mode))
        if max_bytes is not None and before.st_size > max_bytes:
            return FileBytes(b"", "", before.st_size, before.st_mtime_ns)  # the caller refuses it
        with open(path, "rb") as handle:
            opened = os.fstat(handle.fileno())
            data = handle.read()
        after = os.stat(path)
        if (
            _identity(before) == _identity(opened) == _identity(after)
            and len(data) == after.st_size
        ):
            return FileBytes(data, hashlib.sha256(data).hexdigest(), len(data), after.st_mtime_ns)
    raise FileChanged(f"file kept changing while it was read ({READ_ATTEMPTS} attempts)")


def sha256_of(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pipeline_fingerprint() -> str:
    """A hash of the extractor itself: its code, its vocabulary and the PDF libraries' versions.

    Ingest re-extracts every decree when this changes, so outputs never mix what an older
    version of the pipeline read with what the current one reads.
    """
    from importlib import metadata

    package = Path(__file__).resolve().parents[1]  # the whole rencana package
    digest = hashlib.sha256()
    for path in sorted(
        p
        for p in package.rglob("*")
        if p.is_file() and p.suffix in {".py", ".yaml", ".json", ".jsonl"}
    ):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    for library in ("pdfplumber", "pdfminer.six", "pypdfium2", "opencv-python-headless", "spacy"):
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            pass
    digest.update(_tesseract_version().encode())
    return digest.hexdigest()


def _tesseract_version() -> str:
    """The OCR engine's version line: a new Tesseract reads scans differently."""
    import shutil
    import subprocess

    binary = shutil.which("tesseract")
    if binary is None:
        return "no tesseract"
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "tesseract unknown"
    return (
        (done.stdout or done.stderr).splitlines()[0]
        if (done.stdout or done.stderr)
        else "tesseract unknown"
    )
