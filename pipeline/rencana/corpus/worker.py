"""A long-lived extraction worker: imports the pipeline once, then extracts document after document.

``executors.IsolatedWorker`` starts it as
``python -I -m rencana.corpus.worker IN_FD OUT_FD MEMORY_BYTES [PARENT_PID [READERS]]``
and talks to it over two pipes wrapped as ``multiprocessing.connection.Connection`` objects.
Every request is ``(path, options)``; every answer is an outcome dict from ``extract_outcome``,
after a ``(PAGES, n)`` message once the PDF is open (the parent scales the time limit with it).
``None`` asks the worker to exit. The memory limit (RLIMIT_AS) applies to this process only,
so a hostile file can exhaust the worker but never the run. The worker dies with its parent.
With READERS > 1 (cores left idle by too few workers) a document's pages are read by that many
forked children, as ``rencana extract`` reads them.

``python -I -m rencana.corpus.worker --zygote SOCKET_FD PARENT_PID`` imports and warms the
pipeline once and then forks a worker for each request on its socket (``executors.Zygote``):
an ingest pays the start-up once, not once per worker or per replacement after a crash.
"""

from __future__ import annotations

import math
import os
import resource
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from rencana.core.lifetime import die_with_parent
from rencana.options import ExtractOptions

if TYPE_CHECKING:
    from rencana.contract.models import DecreeDocument

Outcome = dict[str, Any]
READY = "ready"  # sent once, after imports and before the first request is read
PAGES = "pages"  # (PAGES, page count): the document is open
_memory_limit = 0  # bytes, once set in this worker
_readers = 1  # forked page readers per document


def one_line(text: str, limit: int = 160) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def peak_rss_kib() -> int:
    """The largest peak of this worker and the page readers it forked (KiB on Linux)."""
    return max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )


def failure(path: str, kind: str, reason: str, **extra: Any) -> Outcome:
    """An outcome for a document that produced no decree. ``kind``: bad_input|memory|timeout|crash|error."""
    return {
        "path": path,
        "ok": False,
        "kind": kind,
        "reason": one_line(reason),
        "document": None,
        "pages": 0,
        "seconds": extra.pop("seconds", 0.0),
        "max_rss_kib": extra.pop("max_rss_kib", 0),
        "recycle": extra.pop("recycle", False),
        **extra,
    }


def file_stat(path: str) -> Optional[tuple[int, ...]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def extract_outcome(
    path: str, options: ExtractOptions | None, on_open: Optional[Callable[[int], None]] = None
) -> Outcome:
    """Run ``runner.extract`` on one file and turn every way it can end into a plain dict.

    The decree travels as its JSON text so that parent and worker never depend on pickling
    pydantic objects (the dask executor may run another interpreter). ``stat`` is the file's
    ``[size, mtime_ns]`` when it stayed the same all through the extraction (so the hash in the
    decree belongs to that stat), else None.
    """
    from rencana import runner

    started = time.perf_counter()
    before = file_stat(path)
    runner.page_count_listener = on_open
    try:
        outcome = _extract(path, options, started)
    finally:
        runner.page_count_listener = None
    after = file_stat(path)
    outcome["stat"] = [before[2], before[3]] if before is not None and before == after else None
    return outcome


def _read_and_finish(path: str, options: ExtractOptions) -> DecreeDocument:
    """``runner.extract``, its pages read by ``_readers`` forked children when there are more."""
    from rencana import runner

    if _readers <= 1 or not hasattr(os, "fork"):
        return runner.extract(path, options)
    from rencana.corpus.executors import Limits, read_in_shares

    # The parent's clock on this worker is the time limit; the readers die with the worker.
    limits = Limits(timeout=math.inf, memory_bytes=_memory_limit or Limits().memory_bytes)
    return runner.finish(
        read_in_shares(Path(path), options, _readers, limits, on_pages=runner.page_count_listener)
    )


def _extract(path: str, options: ExtractOptions | None, started: float) -> Outcome:
    from rencana.corpus.export import document_json
    from rencana.errors import BadInput, ProcessDied

    try:
        doc = _read_and_finish(path, options or ExtractOptions())
    except ProcessDied as exc:  # a page reader crashed in native code
        return failure(path, "crash", f"worker {exc}", seconds=time.perf_counter() - started)
    except BadInput as exc:
        return failure(
            path,
            "bad_input",
            str(exc),
            seconds=time.perf_counter() - started,
            max_rss_kib=peak_rss_kib(),
        )
    except MemoryError:
        # The heap may be fragmented or half-freed: ask for a fresh worker.
        return failure(
            path, "memory", out_of_memory(), seconds=time.perf_counter() - started, recycle=True
        )
    except RecursionError:
        return failure(
            path,
            "error",
            "too deeply nested PDF structure (recursion limit)",
            seconds=time.perf_counter() - started,
            recycle=True,
        )
    except Exception as exc:  # a bug or an unforeseen file: one line, never a traceback
        return failure(
            path,
            "error",
            f"internal error ({exc.__class__.__name__}: {exc})",
            seconds=time.perf_counter() - started,
            max_rss_kib=peak_rss_kib(),
        )
    return {
        "path": path,
        "ok": True,
        "kind": "ok",
        "reason": "",
        "document": document_json(doc),
        "pages": doc.source.pages,
        "seconds": time.perf_counter() - started,
        "max_rss_kib": peak_rss_kib(),
        "recycle": False,
    }


def warm_up() -> None:
    """Build what the stages build lazily on first use (spaCy and its matchers take most of a
    second), so the first document of each worker is not slower than the rest and start-up
    overlaps other work."""
    try:
        from rencana.runner import warm_up as warm_stages

        warm_stages()
    except Exception:  # warming is an optimisation; the stage reports real errors itself
        pass


def out_of_memory() -> str:
    limit = f"{_memory_limit / (1 << 30):.2g} GiB" if _memory_limit else "no limit set"
    return f"out of memory (worker memory limit: {limit})"


def limit_memory(max_bytes: int) -> None:
    global _memory_limit
    if max_bytes <= 0:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))
    _memory_limit = max_bytes


def serve(inbox: Connection, outbox: Connection) -> None:
    while True:
        try:
            request = inbox.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if request is None:
            return
        path, options = request
        try:
            outcome = extract_outcome(path, options, lambda pages: outbox.send((PAGES, pages)))
        except MemoryError:  # even building the outcome failed
            outcome = failure(path, "memory", out_of_memory(), recycle=True)
        outbox.send(outcome)


def zygote(sock_fd: int) -> int:
    """Serve ``executors.Zygote``'s requests, one JSON message each on a SOCK_SEQPACKET socket:
    ``fork`` (with the new worker's two pipe ends as SCM_RIGHTS) answers its pid, ``poll`` a
    child's exit code (None while it runs). Ends when the parent closes the socket."""
    import json
    import socket

    warm_up()
    codes: dict[int, int] = {}
    with socket.socket(fileno=sock_fd) as sock:
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(sock, 4096, 2)
            except OSError:
                return 0
            if not data:  # the parent is gone
                return 0
            request = json.loads(data)
            if request["op"] == "fork":
                pid = os.fork()
                if pid == 0:  # a worker, warm from its first instruction
                    sock.close()
                    code = 1
                    try:
                        die_with_parent(os.getppid())  # the zygote, which dies with the ingest
                        code = serve_worker(fds[0], fds[1], request["memory"], request["readers"])
                    finally:
                        os._exit(code)
                for fd in fds:
                    os.close(fd)
                answer: dict[str, Any] = {"pid": pid}
            else:
                answer = {"code": _exit_code(int(request["pid"]), codes)}
            sock.send(json.dumps(answer).encode())


def _exit_code(pid: int, codes: dict[int, int]) -> Optional[int]:
    """``subprocess``'s returncode of a child (negative: the signal that ended it), or None."""
    if pid not in codes:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not (or no longer) ours to wait for
            done, status = pid, 0
        if not done:
            return None
        codes[pid] = os.waitstatus_to_exitcode(status)
    return codes[pid]


def serve_worker(in_fd: int, out_fd: int, max_bytes: int, readers: int) -> int:
    """Warm up, take the memory limit, say ready and serve requests until the parent ends."""
    global _readers
    _readers = readers
    warm_up()  # already done in a worker forked by the zygote: its builders are cached
    limit_memory(max_bytes)
    inbox, outbox = Connection(in_fd, writable=False), Connection(out_fd, readable=False)
    outbox.send(READY)  # the parent starts a document's clock from here, not from our start-up
    serve(inbox, outbox)
    return 0


def main(argv: list[str]) -> int:
    as_zygote = argv[:1] == ["--zygote"]
    parent = argv[2] if as_zygote and len(argv) == 3 else argv[3] if len(argv) >= 4 else None
    if parent is not None:  # first, so that a parent killed during our imports takes us along
        die_with_parent(int(parent))
    # Import the whole pipeline once, before the limit, so its import cost is paid once per worker.
    import rencana.corpus.export
    import rencana.runner  # noqa: F401

    if as_zygote and len(argv) == 3:
        return zygote(int(argv[1]))
    if len(argv) not in (3, 4, 5):
        print(
            "usage: python -I -m rencana.corpus.worker IN_FD OUT_FD MEMORY_BYTES [PARENT_PID [READERS]] (started by rencana ingest)",
            file=sys.stderr,
        )
        return 2
    readers = int(argv[4]) if len(argv) == 5 else 1
    return serve_worker(int(argv[0]), int(argv[1]), int(argv[2]), readers)


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # Every answer is sent: skip the interpreter's teardown (freeing spaCy's tables takes half a
    # second, and the parent waits for our exit).
    os._exit(code)
