"""Tesseract processes kept for a while: inside ``session()``, every Tesseract read of this process
goes to one process per language and options (``Reader``), ended and waited for on leaving.

Free of OpenCV and numpy, so that a caller that may never OCR a page can open a session at no cost.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import IO, Optional

from rencana.core.lifetime import die_with_parent
from rencana.errors import BadInput


def tesseract_env() -> dict[str, str]:
    """The environment of a Tesseract run: one OpenMP thread, whatever the caller's environment
    says. Threads inside one Tesseract only spin against each other on a shared machine (measured
    5.3 s CPU per page with them, 2.0 s with one thread, for the same words): parallelism comes
    from page readers and workers."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def last_line(stderr: str) -> str:
    return (stderr.strip().splitlines() or ["?"])[-1]


# A one-pixel white page: its row in the TSV output closes the rows of the image read before it.
_END_PAGE = b"P5\n1 1\n255\n\xff"


class Reader:
    """One Tesseract process for one language and set of options that reads a stream of image
    paths (``stream_filelist``): its engine starts once, where a process per sheet starts it per
    sheet (~0.1 s CPU with ``ind``, ~0.2 s with ``eng``, and its first image costs more than the
    next: the 12 pages of the Jepara scan read in one session cost 24 s CPU, in a session per
    page 28.6 s, in a process per sheet ~2 s more). LSTM recognition keeps nothing from one image
    to the next: each image's rows are those a process of its own gives.

    Each image is followed by ``end_page``. Tesseract writes an image's rows at once when it has
    read it, and flushes them; every page's rows start with its level-1 row, numbered in order,
    so the end page's row marks the end of the image's rows."""

    def __init__(self, lang: str, options: list[str], end_page: str) -> None:
        self.end_page = end_page
        self.pages = 0
        self.header = ""
        self.errors: IO[bytes] = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            ["tesseract", "-", "stdout", "-l", lang, *options, "-c", "stream_filelist=1", "tsv"],
            preexec_fn=partial(die_with_parent, os.getpid()),
            env=tesseract_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,  # a line per page: a pipe left unread would fill and block it
            text=True,
            encoding="utf-8",
            errors="replace",
        )

    def read(self, image_path: str) -> str:
        """The TSV output for one image file, its header line first."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.pages += 2
        try:
            self.process.stdin.write(f"{image_path}\n{self.end_page}\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise self.failure() from None
        end = f"1\t{self.pages}\t"
        rows = []
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise self.failure()
            if line.startswith(end):
                break
            if line.startswith("level\t"):
                self.header = line
            else:
                rows.append(line)
        return self.header + "".join(rows)

    def failure(self) -> BadInput:
        self.end()
        self.errors.seek(0)
        reason = last_line(self.errors.read().decode(errors="replace"))
        self.errors.close()
        return BadInput(f"tesseract failed: {reason}")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        self.end()
        self.errors.close()

    def end(self) -> None:
        """End the process and wait for it (its CPU time then counts as its caller's children's)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()  # end of the list: Tesseract exits
            except BrokenPipeError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@dataclass
class _Session:
    owner: int  # the process that opened it: a forked child starts its own
    folder: str
    readers: dict[tuple[str, ...], Reader]

    def reader(self, lang: str, options: list[str]) -> Reader:
        key = (lang, *options)
        reader = self.readers.get(key)
        if reader is None or not reader.alive:  # one that failed on an image is started again
            reader = self.readers[key] = Reader(lang, options, os.path.join(self.folder, "end.pgm"))
        return reader


_session: Optional[_Session] = None


@contextmanager
def session() -> Iterator[None]:
    """Inside, every Tesseract read of this process goes to one process per language and options
    (``Reader``), ended and waited for on leaving. Nested sessions use the outermost one's."""
    global _session
    if _session is not None and _session.owner == os.getpid():
        yield
        return
    outer = _session
    with tempfile.TemporaryDirectory(prefix="rencana-ocr-") as folder:
        with open(os.path.join(folder, "end.pgm"), "wb") as end_page:
            end_page.write(_END_PAGE)
        current = _session = _Session(owner=os.getpid(), folder=folder, readers={})
        try:
            yield
        finally:
            _session = outer
            for reader in current.readers.values():
                reader.close()


def reader_for(lang: str, options: list[str]) -> Optional[Reader]:
    """The open session's process for ``lang`` and ``options`` (started on first use), or None
    outside a session of this process."""
    if _session is None or _session.owner != os.getpid():
        return None
    return _session.reader(lang, options)
