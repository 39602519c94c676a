"""File identity, kept free of heavy imports so ingest's parent process stays light."""

from __future__ import annotations

import hashlib
from pathlib import Path


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
