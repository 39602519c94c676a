"""Output problems as one line each, and the output folder's lock.

Writing can fail for reasons that are no fault of any input file: ``--out`` names a file, the
folder is read-only, the disk is full, another program holds ``plans.sqlite``. Each becomes an
``OutputError`` whose text names the place and the reason in one line (no traceback).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from pathlib import Path
from typing import Optional

# Per-file errors: that one output cannot be written, the others can.
PER_FILE = {errno.ENAMETOOLONG, errno.EINVAL, errno.EILSEQ}


class OutputError(Exception):
    """An output cannot be written. ``target`` is the place, ``str(exc)`` the one-line reason."""

    def __init__(self, target: str | Path, reason: str):
        super().__init__(reason)
        self.target = str(target)


_REASONS = {
    errno.ENOSPC: "disk full (no space left on device)",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "is a file, not a folder",
    errno.ENAMETOOLONG: "file name too long",
    errno.EIO: "input/output error on the disk",
}


def describe(exc: BaseException, fallback: str | Path) -> OutputError:
    """``exc`` (an OSError or an sqlite3 error met while writing) as one line about a place."""
    if isinstance(exc, OutputError):
        return exc
    if isinstance(exc, sqlite3.Error):
        return _describe_sqlite(exc, Path(fallback))
    if isinstance(exc, OSError):
        # A rename names the destination second; a temp file (".name.XXXX") is no user's path.
        named = exc.filename2 or exc.filename
        target = named if named and not Path(str(named)).name.startswith(".") else fallback
        reason = _REASONS.get(exc.errno or 0) or exc.strerror or exc.__class__.__name__
        return OutputError(target, reason)
    return OutputError(fallback, f"{exc.__class__.__name__}: {exc}")


def _describe_sqlite(exc: sqlite3.Error, database: Path) -> OutputError:
    message = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        holders = lock_holders(database)
        who = f" by {', '.join(holders)}" if holders else " by another program"
        return OutputError(
            database, f"database is locked{who}; close it (or wait for it) and run again"
        )
    if "full" in lowered:
        return OutputError(database, "disk full while writing the database")
    if "readonly" in lowered or "read-only" in lowered:
        return OutputError(database, "read-only: the database cannot be written")
    if "unable to open" in lowered:
        return OutputError(database, "cannot open the database (is the folder writable?)")
    return OutputError(database, f"database error ({message})")


def lock_holders(database: Path) -> list[str]:
    """Other processes with the database (or its journal) open, as 'sqlite3 (pid 123)', read
    from /proc/*/fd; empty where /proc cannot tell (another OS, another user's process)."""
    wanted = {str(database.resolve()) + suffix for suffix in ("", "-journal", "-wal", "-shm")}
    me = os.getpid()
    found: list[str] = []
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return found
    for pid in pids:
        if pid == me:
            continue
        try:
            links = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        except OSError:
            continue
        if links & wanted:
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                name = "a process"
            found.append(f"{name} (pid {pid})")
    return found


# --- the output folder's lock ---------------------------------------------------------------
LOCK_NAME = ".rencana.lock"


class FolderLock:
    """One ingest at a time per output folder (flock on ``.rencana.lock``, released by the kernel
    when its holder dies, even by SIGKILL). The holder's pid is written in the file."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_NAME
        self.fd: Optional[int] = None

    def acquire(self) -> FolderLock:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise OutputError(
                self.path.parent,
                "another ingest is writing to this folder"
                + (f" (pid {holder})" if holder.isdigit() else "")
                + "; wait for it to finish",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing drops the flock
            self.fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def remove_stale_temp_files(folder: Path, names: list[str], older_than: float = 0.0) -> int:
    """Temp files ``.NAME.XXXXXXXX`` that ``write_atomic`` leaves when it is killed mid-write.
    Called under the folder's lock, so no other ingest is writing one right now."""
    removed = 0
    now = time.time()
    for name in names:
        for temp in Path(folder).glob(f".{name}.*"):
            try:
                if temp.is_file() and now - temp.stat().st_mtime >= older_than:
                    temp.unlink()
                    removed += 1
            except OSError:
                pass
    return removed
