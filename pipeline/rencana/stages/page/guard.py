"""Limits on what one PDF may make pdfminer do: bytes out of every filter chain, CMap entries,
reference chains. Checked where the work happens, so no shape of bomb slips past a pre-scan.

pdfminer decodes a stream's filters one after another with unbounded ``zlib.decompress`` and
``lzwdecode``, expands a CMap range entry by entry, and follows ``6 0 R`` until it finds no
reference. ``install()`` swaps those calls for bounded ones (once per process); ``budget()``
sets the limits for one document. Past a limit the call raises ``HostileInput``; pdfminer may
catch that inside, so the first trip is also kept and ``Budget.check()`` raises it again.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any, Optional

from rencana.errors import BadInput

MIB = 1 << 20
# A reference to a reference is legal; a chain this long is a loop or an attack.
MAX_REFERENCE_HOPS = 32


class HostileInput(BadInput):
    """A file built to exhaust memory or time: refused whole, never degraded page by page."""


class Budget:
    def __init__(self, stream_bytes: int, total_bytes: int, cmap_entries: int):
        self.stream_bytes = stream_bytes
        self.total_bytes = total_bytes
        self.cmap_entries = cmap_entries
        self.decoded = 0
        self.tripped: Optional[str] = None  # the first refusal's reason

    def refuse(self, reason: str) -> HostileInput:
        # A new exception each time: one instance raised again while it is being handled gets
        # itself as __context__, a cycle that exception picklers (tblib) recurse into.
        self.tripped = self.tripped or f"hostile PDF: {reason}"
        return HostileInput(self.tripped)

    def room(self) -> int:
        """Bytes the next filter may still produce."""
        if self.tripped:
            raise HostileInput(self.tripped)
        return min(self.stream_bytes, self.total_bytes - self.decoded)

    def spend(self, produced: int) -> None:
        if produced > self.stream_bytes:
            raise self.refuse(f"a stream decodes to more than {self.stream_bytes // MIB} MiB")
        self.decoded += produced
        if self.decoded > self.total_bytes:
            raise self.refuse(
                f"its streams decode to more than {self.total_bytes // MIB} MiB in all"
            )

    def check(self) -> None:
        if self.tripped:
            raise HostileInput(self.tripped)


_local = threading.local()


def current() -> Budget:
    """The document's budget; outside ``budget()`` (a caller of pdfplumber of its own) a fresh one
    each time, with the per-stream cap only, so nothing adds up or stays tripped across calls."""
    return getattr(_local, "budget", None) or Budget(64 * MIB, 1 << 62, 1 << 20)


@contextmanager
def budget(stream_bytes: int, total_bytes: int, cmap_entries: int) -> Iterator[Budget]:
    """The limits for one document (thread-local: dask may run two documents in one process)."""
    install()
    before = getattr(_local, "budget", None)
    _local.budget = Budget(stream_bytes, total_bytes, cmap_entries)
    try:
        yield _local.budget
    finally:
        _local.budget = before


# --- bounded decoders ---------------------------------------------------------------------------
def inflate(data: bytes) -> bytes:
    """``zlib.decompress`` that stops one byte past the budget instead of filling memory."""
    spending = current()
    room = spending.room()
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, room + 1)
    if len(out) > room or inflater.unconsumed_tail:
        spending.spend(max(len(out), room + 1))
    if not inflater.eof:  # as zlib.decompress: pdfminer then tries its lenient path
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    spending.spend(len(out))
    return out


class _BoundedInflater:
    """``zlib.decompressobj()`` for pdfminer's byte-by-byte path over a corrupted stream."""

    def __init__(self, *args: Any) -> None:
        self._inflater = zlib.decompressobj(*args)
        self._room = current().room()
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        chunk = self._inflater.decompress(data, self._room + 1 - self._out)
        self._out += len(chunk)
        if self._out > self._room or self._inflater.unconsumed_tail:
            current().spend(max(self._out, self._room + 1))
        return chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inflater, name)


class _BoundedZlib:
    """What pdfminer.pdftypes sees as ``zlib``."""

    error = zlib.error
    decompress = staticmethod(inflate)
    decompressobj = _BoundedInflater

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def lzw_decode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    spending = current()
    room = spending.room()
    parts, size = [], 0
    for part in LZWDecoder(BytesIO(data)).run():
        size += len(part)
        if size > room:
            spending.spend(max(size, room + 1))
        parts.append(part)
    spending.spend(size)
    return b"".join(parts)


def _counting(add):
    """A CMap's ``add_*`` method that refuses a map past the entry budget (``<00000000>
    <FFFFFFFF>`` in one bfrange is four billion entries)."""

    def bounded(self, *args: Any) -> None:
        count = self.__dict__.get("_rencana_entries", 0) + 1
        self.__dict__["_rencana_entries"] = count
        spending = current()
        if count > spending.cmap_entries:
            raise spending.refuse(f"a CMap maps more than {spending.cmap_entries} codes")
        add(self, *args)

    return bounded


def _resolve(self, default: object = None) -> Any:
    """``PDFObjRef.resolve`` that follows a chain of references itself, so pdfminer's own
    ``while isinstance(x, PDFObjRef)`` loops end on ``6 0 obj 6 0 R``."""
    from pdfminer.pdftypes import PDFObjectNotFound, PDFObjRef

    target: Any = self
    for _ in range(MAX_REFERENCE_HOPS):
        try:
            target = target.doc.getobj(target.objid)
        except PDFObjectNotFound:
            return default
        if not isinstance(target, PDFObjRef):
            return target
    raise current().refuse(f"object {self.objid} is a loop of references")


_installed = False
_install_lock = threading.Lock()


def install() -> None:
    global _installed
    with _install_lock:
        if _installed:
            return
        from pdfminer import cmapdb, pdftypes

        pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
        pdftypes.lzwdecode = lzw_decode
        pdftypes.PDFObjRef.resolve = _resolve  # type: ignore[method-assign]
        cmapdb.FileUnicodeMap.add_cid2unichr = _counting(cmapdb.FileUnicodeMap.add_cid2unichr)  # type: ignore[method-assign]
        cmapdb.FileCMap.add_code2cid = _counting(cmapdb.FileCMap.add_code2cid)  # type: ignore[method-assign]
        _installed = True
