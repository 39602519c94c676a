"""Run the per-document function in isolated worker processes, locally or on a dask cluster.

Both executors share one contract: ``map(tasks)`` takes ``(path, options)`` pairs and yields one
outcome dict per task (see ``worker.extract_outcome``) in completion order. A document that
times out, crashes its worker or runs out of memory becomes a failure outcome; the run goes on.

``run_forked`` is the light form of the same isolation for one call (``rencana extract``): the
call runs in a forked child, so native code that crashes it cannot take the caller down.

Why not ``ProcessPoolExecutor``: it cannot kill one stuck task, and one dead worker breaks the
whole pool. Here each worker is a long-lived ``python -I -m rencana.corpus.worker`` that imports the
pipeline once and is replaced only after a timeout or crash. Workers are plain subprocesses
(not ``multiprocessing`` children) so that they can also be started from dask's daemonic
worker processes.
"""

from __future__ import annotations

import math
import os
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NoReturn, Optional, TypeVar

from rencana.core.lifetime import die_with_parent
from rencana.corpus.worker import PAGES, READY, Outcome, failure
from rencana.errors import ProcessDied, TimedOut
from rencana.options import ExtractOptions

if TYPE_CHECKING:
    from rencana.core.state import Extraction

T = TypeVar("T")

Task = tuple[str, Optional[ExtractOptions]]

GIB = 1 << 30
# A new worker's interpreter start and imports do not count against a document's time limit,
# but a worker that never gets ready is given up after this much extra time.
STARTUP_ALLOWANCE = 120.0
# Outcome kind of a worker that never got ready: the run fails, but no file is blamed for it.
STARTUP_FAILURE = "startup"


# A busy machine gives a document less of the CPU than its time limit assumes, and a scan's long
# OCR then failed for the load, not for the file. So the limit counts the CPU time the document's
# processes use (the worker or child, its page readers, their Tesseract runs); wall time counts
# only up to this multiple of the limit, for a process that waits without computing.
WALL_LIMIT_FACTOR = 4.0
MIN_RECHECK_SECONDS = 0.5


def cpu_seconds(pid: int, with_descendants: bool = True) -> Optional[float]:
    """CPU seconds used by process ``pid`` (and the children it reaped) and, with
    ``with_descendants``, by every descendant still running; None where /proc does not tell."""
    stats = {}
    names = [entry.name for entry in os.scandir("/proc")] if with_descendants else [str(pid)]
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                text = stat.read()
        except OSError:
            continue
        fields = text[text.rindex(b")") + 2 :].split()  # past "pid (command) "
        # ppid; utime, stime, cutime, cstime in clock ticks
        stats[int(name)] = (int(fields[1]), sum(int(field) for field in fields[11:15]))
    if pid not in stats:
        return None
    ticks, family, frontier = 0, {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        ticks += stats[parent][1]
        children = [p for p, (ppid, _) in stats.items() if ppid == parent and p not in family]
        family.update(children)
        frontier.extend(children)
    return ticks / os.sysconf("SC_CLK_TCK")


def later_deadline(
    pid: int, cpu_at_start: Optional[float], started: float, now: float, budget: float
) -> Optional[float]:
    """Past its wall-clock budget: when to look again at a task that has not used its budget in
    CPU seconds since ``cpu_at_start``, or None when it is out of time."""
    used = cpu_seconds(pid)
    cap = started + WALL_LIMIT_FACTOR * budget
    if used is None or cpu_at_start is None or now >= cap:
        return None
    extra = budget - (used - cpu_at_start)
    return min(now + max(extra, MIN_RECHECK_SECONDS), cap) if extra > 0 else None


@dataclass(frozen=True)
class Limits:
    timeout: float = 120.0  # seconds per document, at least
    memory_bytes: int = int(1.5 * GIB)  # RLIMIT_AS of each worker process
    # ... and this much per page once the page count is known: OCR costs ~3.7 s a page, so a
    # 36-page scan needs ~135 s, past a flat 120 s.
    page_seconds: float = 10.0

    def seconds_for(self, pages: int) -> float:
        return max(self.timeout, self.page_seconds * pages)


def parse_size(text: str) -> int:
    """'1.5GiB', '800MiB', '2G', '1000000' -> bytes."""
    units = {
        "": 1,
        "b": 1,
        "k": 1 << 10,
        "kb": 10**3,
        "kib": 1 << 10,
        "m": 1 << 20,
        "mb": 10**6,
        "mib": 1 << 20,
        "g": 1 << 30,
        "gb": 10**9,
        "gib": 1 << 30,
        "t": 1 << 40,
        "tb": 10**12,
        "tib": 1 << 40,
    }
    cleaned = text.strip().lower().replace(" ", "")
    number = cleaned.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = cleaned[len(number) :]
    try:
        size = int(float(number) * units[unit])
    except (KeyError, ValueError, OverflowError):
        raise ValueError(f"not a size: {text!r} (try 1.5GiB or 800MiB)") from None
    if size <= 0:  # 0 or a negative size would silently remove the limit
        raise ValueError(f"must be more than 0: {text!r} (try 1.5GiB or 800MiB)")
    return size


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    # One thread per worker process: parallelism comes from processes, and BLAS thread pools
    # would both fight over the cores and reserve address space against RLIMIT_AS.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_THREAD_LIMIT"):
        env[name] = "1"
    return env


def _start_session_process(args: list[str], pass_fds: tuple[int, ...]) -> subprocess.Popen:
    """``python -I -m rencana.corpus.worker ARGS``: its own session (Ctrl-C reaches only us, and
    we stop it ourselves), no stdio, one thread per BLAS pool."""
    return subprocess.Popen(
        # -I: nothing in the current folder (a user's own ``rencana.py``) or in PYTHON* variables
        # can shadow or redirect the worker's imports.
        [sys.executable, "-I", "-m", "rencana.corpus.worker", *args],
        pass_fds=pass_fds,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        # Library chatter and any last-gasp traceback stay out of the user's terminal.
        stderr=subprocess.DEVNULL,
        env=_worker_env(),
        start_new_session=True,
    )


class Zygote:
    """One process that imports and warms the pipeline once, then forks every worker of an
    ingest (``worker.zygote``): a second worker, or one that replaces a crashed or timed-out
    worker, starts warm in milliseconds instead of paying a second of imports. It dies with us.

    Requests are sent at once and answered in order once the zygote is ready, so starting
    workers never waits for its imports; a worker's pid is read when first needed."""

    def __init__(self) -> None:
        import socket

        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = _start_session_process(
                ["--zygote", str(theirs.fileno()), str(os.getpid())], (theirs.fileno(),)
            )
        finally:
            theirs.close()
        self._answers: dict[int, dict] = {}  # by request number
        self._sent = self._read = 0

    def _request(self, message: dict, fds: tuple[int, ...] = ()) -> int:
        import json
        import socket

        socket.send_fds(self.sock, [json.dumps(message).encode()], list(fds))
        self._sent += 1
        return self._sent

    def answer(self, number: int, timeout: float = STARTUP_ALLOWANCE) -> Optional[dict]:
        """The answer to request ``number``, or None when it has not come within ``timeout``
        seconds (OSError when the zygote has ended)."""
        import json

        while number not in self._answers:
            if self.process.poll() is not None:
                raise OSError("the worker zygote ended")
            ready, _, _ = select.select([self.sock], [], [], timeout)
            if not ready:
                return None
            data = self.sock.recv(4096)
            if not data:
                raise OSError("the worker zygote ended")
            self._read += 1
            self._answers[self._read] = json.loads(data)
        return self._answers.pop(number)

    def fork(self, child_in: int, child_out: int, memory_bytes: int, readers: int) -> ZygoteChild:
        number = self._request(
            {"op": "fork", "memory": memory_bytes, "readers": readers}, (child_in, child_out)
        )
        return ZygoteChild(self, number)

    def poll(self, pid: int) -> Optional[int]:
        answer = self.answer(self._request({"op": "poll", "pid": pid}))
        if answer is None:
            raise OSError("the worker zygote does not answer")
        return answer["code"]

    def close(self) -> None:
        """After the workers are closed: the zygote may still be importing, so it is killed, not
        asked (a worker it forked late dies with it)."""
        self.sock.close()
        self.process.kill()
        self.process.wait()


class ZygoteChild:
    """A worker forked by the zygote, with the part of ``subprocess.Popen`` a worker uses."""

    def __init__(self, zygote: Zygote, request: int) -> None:
        self.zygote, self.request = zygote, request
        self._pid: Optional[int] = None
        self.returncode: Optional[int] = None

    @property
    def pid(self) -> int:
        """The worker's pid, once the zygote has forked it (it waits for the zygote's imports);
        -1 when it never will."""
        return self._known_pid(STARTUP_ALLOWANCE)

    def _known_pid(self, timeout: float) -> int:
        if self._pid is None:
            try:
                answer = self.zygote.answer(self.request, timeout)
            except OSError:
                answer = {}
            if answer is None:  # not forked yet
                return 0
            self._pid = int(answer.get("pid", -1))
            if self._pid < 0:
                self.returncode = 1  # as a worker that failed to start
        return self._pid

    def poll(self) -> Optional[int]:
        if self.returncode is None and self._known_pid(0) > 0:
            try:
                self.returncode = self.zygote.poll(self._pid or 0)
            except OSError:  # the zygote is gone, and its workers with it (PR_SET_PDEATHSIG)
                self.returncode = -signal.SIGKILL
        return self.returncode

    def kill(self) -> None:
        """Without waiting for the zygote: a worker not forked yet is given up (forked later,
        it finds its pipes closed and exits)."""
        pid = self._known_pid(0)
        if pid == 0:
            self.returncode = -signal.SIGKILL
        elif pid > 0 and self.returncode is None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def wait(self, timeout: Optional[float] = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("worker", timeout or 0)
            time.sleep(0.005)
        assert self.returncode is not None
        return self.returncode


class IsolatedWorker:
    """One worker process (``python -I -m rencana.corpus.worker``, or forked by a ``Zygote``) with
    a request pipe and an answer pipe."""

    def __init__(self, limits: Limits, readers: int = 1, zygote: Optional[Zygote] = None):
        self.limits = limits
        parent_in, child_out = os.pipe()
        child_in, parent_out = os.pipe()
        self.process: subprocess.Popen | ZygoteChild
        try:
            if zygote is not None:
                self.process = zygote.fork(child_in, child_out, limits.memory_bytes, readers)
            else:
                self.process = _start_session_process(
                    [
                        str(child_in),
                        str(child_out),
                        str(limits.memory_bytes),
                        str(os.getpid()),  # the worker dies with us (PR_SET_PDEATHSIG)
                        str(readers),
                    ],
                    (child_in, child_out),
                )
        finally:
            os.close(child_in)
            os.close(child_out)
        self.answers = Connection(parent_in, writable=False)
        self.requests = Connection(parent_out, readable=False)
        self.path: Optional[str] = None
        self.deadline = 0.0
        self.started_at = 0.0
        self.cpu_at_start: Optional[float] = None
        self.pages = 0  # of the document in hand, once the worker has opened it
        self.ready = False  # past its imports and listening

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def busy(self) -> bool:
        return self.path is not None

    def send(self, path: str, options: Optional[ExtractOptions]) -> None:
        self.path = path
        self._start_clock()
        try:
            self.requests.send((path, options))
        except (BrokenPipeError, OSError):
            pass  # the worker is dead; recv() reports it as a crash

    def _start_clock(self) -> None:
        self.started_at = time.perf_counter()
        # Once ready: the clock of a worker still starting restarts at its ready signal.
        self.cpu_at_start = cpu_seconds(self.pid, with_descendants=False) if self.ready else None
        self.pages = 0
        self.deadline = (
            self.started_at + self.limits.timeout + (0 if self.ready else STARTUP_ALLOWANCE)
        )

    def out_of_time(self) -> bool:
        """Past the deadline: true when the task has used its time limit in CPU seconds (or
        several times it in wall time); otherwise the deadline moves to when it might have."""
        if not self.ready:  # start-up: wall time
            return True
        budget = self.limits.seconds_for(self.pages)
        later = later_deadline(
            self.pid, self.cpu_at_start, self.started_at, time.perf_counter(), budget
        )
        if later is None:
            return True
        self.deadline = later
        return False

    def recv(self) -> Optional[Outcome]:
        """The answer to the current task, a crash outcome if the worker died, or None when the
        message was the worker's ready signal (the task's clock restarts then)."""
        try:
            message = self.answers.recv()
        except (EOFError, OSError, ValueError) as exc:
            path, self.path = self.path or "", None
            return self._died(path, exc)
        if message == READY:
            self.ready = True
            if self.busy:
                self._start_clock()
            return None
        if isinstance(message, tuple) and message[0] == PAGES:  # a long document gets more time
            self.pages = int(message[1])
            self.deadline = self.started_at + self.limits.seconds_for(self.pages)
            return None
        self.path = None
        message["worker_pid"] = self.pid
        return message

    def timed_out(self) -> Outcome:
        path, self.path = self.path or "", None
        reason = (
            f"timed out after {self.limits.seconds_for(self.pages):g} s"
            + (
                f" ({self.pages} pages)"
                if self.limits.seconds_for(self.pages) > self.limits.timeout
                else ""
            )
            if self.ready
            else f"worker did not start within {STARTUP_ALLOWANCE:g} s"
        )
        self.kill()
        return failure(
            path,
            "timeout" if self.ready else STARTUP_FAILURE,
            reason,
            seconds=time.perf_counter() - self.started_at,
            worker_pid=self.pid,
        )

    def _died(self, path: str, exc: BaseException) -> Outcome:
        self.kill()
        code = self.process.returncode
        if not self.ready and code is not None and code > 0:
            why = f"worker failed to start (exit code {code}; run `python -I -m rencana.corpus.worker` to see why)"
            # The file was never read: not its failure, so it is not cached as one.
            return failure(
                path,
                STARTUP_FAILURE,
                why,
                seconds=time.perf_counter() - self.started_at,
                worker_pid=self.pid,
            )
        elif code is not None and code < 0:
            name = signal.Signals(-code).name
            why = f"worker crashed ({name})" + (
                ", probably out of memory" if name == "SIGKILL" else ""
            )
        else:
            why = f"worker exited unexpectedly (code {code})"
        return failure(
            path, "crash", why, seconds=time.perf_counter() - self.started_at, worker_pid=self.pid
        )

    def run_one(self, path: str, options: Optional[ExtractOptions]) -> Outcome:
        """Blocking: send one task and wait for it under the time limit."""
        self.send(path, options)
        while True:
            while self.answers.poll(max(0.0, self.deadline - time.perf_counter())):
                outcome = self.recv()
                if outcome is not None:
                    return outcome
            if self.out_of_time():
                return self.timed_out()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close_pipes()

    def close(self, grace: float = 0.5) -> None:
        """Ask the worker to exit; kill it if it does not within ``grace`` seconds (an idle worker
        holds no state, so killing one that is still importing loses nothing)."""
        if self.process.poll() is None and self.ready and not self.busy:
            try:
                self.requests.send(None)
                self.process.wait(timeout=grace)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def _close_pipes(self) -> None:
        for conn in (self.answers, self.requests):
            try:
                conn.close()
            except OSError:
                pass


class LocalExecutor:
    """N reusable worker processes on this machine."""

    name = "local"

    def __init__(self, workers: int = 1, limits: Limits = Limits()):
        self.workers_wanted = max(1, workers)
        self.limits = limits
        self.workers: list[IsolatedWorker] = []
        # Cores that fewer workers would leave idle read the pages of each worker's document.
        self.readers = max(1, available_cores() // self.workers_wanted)
        self.zygote: Optional[Zygote] = None
        self.zygote_failed = False

    def _new_worker(self) -> IsolatedWorker:
        if self.zygote is None and not self.zygote_failed and hasattr(os, "fork"):
            self.zygote = Zygote()
        if self.zygote is not None:
            try:
                return IsolatedWorker(self.limits, self.readers, self.zygote)
            except OSError:  # the zygote is gone: workers start on their own from now on
                self._drop_zygote()
        return IsolatedWorker(self.limits, self.readers)

    def _drop_zygote(self) -> None:
        if self.zygote is not None:
            self.zygote.close()
        self.zygote, self.zygote_failed = None, True

    def start(self) -> LocalExecutor:
        # Started early so that interpreter start and imports overlap with the parent's scanning.
        while len(self.workers) < self.workers_wanted:
            self.workers.append(self._new_worker())
        return self

    def map(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        self.start()
        pending = deque(tasks)
        while pending or any(w.busy for w in self.workers):
            for index, worker in enumerate(self.workers):
                if pending and not worker.busy:
                    if not worker.alive:  # replaced only after a timeout or crash
                        worker = self.workers[index] = self._new_worker()
                    worker.send(*pending.popleft())
            busy = [w for w in self.workers if w.busy]
            now = time.perf_counter()
            ready = wait(
                [w.answers for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - now)
            )
            for worker in busy:
                if worker.answers in ready:
                    outcome = worker.recv()
                    if outcome is None:  # the ready signal, or the page count
                        continue
                    if outcome.get("recycle"):
                        worker.kill()
                    yield outcome
                elif time.perf_counter() >= worker.deadline and worker.out_of_time():
                    yield worker.timed_out()

    def abort(self) -> None:
        """Stop the tasks in flight (Ctrl-C): their workers are killed and replaced when needed."""
        for worker in self.workers:
            if worker.busy:
                worker.path = None
                worker.kill()

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
        self.workers = []
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None

    def __enter__(self) -> LocalExecutor:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.abort()  # on Ctrl-C or an error, tasks in flight stay undone
        self.close()


# --- one call in a forked child ----------------------------------------------------------------
# Signals that mean the process's own (native) code failed, not that someone stopped it.
NATIVE_CRASHES = (
    signal.SIGSEGV,
    signal.SIGBUS,
    signal.SIGILL,
    signal.SIGFPE,
    signal.SIGABRT,
    signal.SIGTRAP,  # pdfium ends itself with a trap instruction when an allocation fails
)


CHILD_GRACE = 2.0  # seconds an interrupted child has to finish before it is killed


class RemoteTraceback(Exception):
    """The child's traceback, chained as the cause of an exception re-raised in the parent."""

    def __str__(self) -> str:
        return f'\n"""\n{self.args[0]}"""'


def death_reason(exit_code: int) -> str:
    """Why a process ended without an answer, from its exit code (negative: killed by that signal)."""
    if exit_code >= 0:
        return f"exited unexpectedly (code {exit_code})"
    number = -exit_code
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = "unknown signal"
    if number in NATIVE_CRASHES:
        return f"crashed in native code (signal {number}, {name})"
    hint = ", probably out of memory" if number == signal.SIGKILL else ""
    return f"killed (signal {number}, {name}){hint}"


def run_forked(function: Callable[..., T], *args: Any, limits: Optional[Limits] = None) -> T:
    """``function(*args)`` run in a forked child: its result comes back, or the exception it raised
    (with the child's traceback as its cause); a child that dies without answering (a segfault in
    OpenCV, pdfium or Tesseract bindings, the OOM killer) raises ``ProcessDied`` here instead of
    killing the caller.

    With ``limits`` the child runs as an ingest worker does: under its memory limit (RLIMIT_AS,
    so running out is a ``MemoryError`` raised here), killed past its time limit (``TimedOut``;
    the limit grows with the page count the child reports), dying with its parent, and with its
    stderr sent to /dev/null, so library chatter never comes before the one-line reason.

    A fork costs a few milliseconds and no imports (a fresh interpreter would import the pipeline
    again), and the child inherits every module, option and test patch the caller has. The
    answer travels pickled over a pipe, so the caller's own stdout (a terminal, a file, a test
    runner's capture) is written by the caller only. Without ``os.fork`` the call runs in-process.

    Only the calling thread lives on in the child, and locks other threads held at the fork stay
    held there: ``rencana extract`` forks before it starts any thread, and the pipeline keeps
    OpenCV from starting its thread pool (``imaging``), so a caller that called the pipeline
    before is safe too.
    """
    return start_forked(function, *args, limits=limits).result()


class ForkedCall(Generic[T]):
    """A call running in a forked child (see ``run_forked``); ``result()`` waits for it. The
    time limit runs from the fork, or, for a call that ``takes_input``, from ``send``.

    A call that ``takes_input`` gets a connection as its first argument and may start work that
    needs no input (imports, warm-up) before it calls ``recv()`` on it for the value ``send`` hands
    over."""

    def __init__(
        self,
        function: Callable[..., T],
        args: tuple,
        limits: Optional[Limits] = None,
        takes_input: bool = False,
        on_pages: Optional[Callable[[int], None]] = None,
    ) -> None:
        self._on_pages = on_pages
        self._inline: Optional[tuple[Callable[..., T], tuple]] = None
        self._input: Optional[Connection] = None
        if not hasattr(os, "fork"):
            self._inline = (function, args)
            return
        read_fd, write_fd = os.pipe()
        input_fds = os.pipe() if takes_input else None
        for stream in (sys.stdout, sys.stderr):  # nothing buffered before the fork is written twice
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        parent = os.getpid()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(read_fd)
            if input_fds is not None:
                os.close(input_fds[1])
                args = (Connection(input_fds[0], writable=False), *args)
            outbox = Connection(write_fd, readable=False)
            if limits is not None:
                _confine(outbox, limits, parent)
            _serve_one_call(outbox, function, args)
        os.close(write_fd)
        if input_fds is not None:
            os.close(input_fds[0])
            self._input = Connection(input_fds[1], readable=False)
        self._answers = Connection(read_fd, writable=False)
        self._limits = limits
        self._started = time.monotonic()
        self._cpu_at_start: Optional[float] = 0.0  # a forked child's counters start at zero

    def send(self, value: Any) -> None:
        """Hand the child its input; its time limit starts now."""
        if self._inline is not None:
            function, args = self._inline
            self._inline = (function, (_Given(value), *args))
            return
        assert self._input is not None, "this call takes no input"
        try:
            self._input.send(value)
        except OSError:  # the child ended without its input: ``result`` says how
            pass
        finally:
            self._input.close()
        self._started = time.monotonic()
        self._cpu_at_start = cpu_seconds(self._pid, with_descendants=False)

    def cancel(self) -> None:
        """End the child now (its result is no longer wanted)."""
        if self._inline is not None:
            return
        if self._input is not None:
            self._input.close()
        self._answers.close()
        _end_child(self._pid, grace=0)

    def result(self) -> T:
        if self._inline is not None:
            function, args = self._inline
            return function(*args)
        limits, answers, pid = self._limits, self._answers, self._pid
        budget = limits.timeout if limits is not None and math.isfinite(limits.timeout) else None
        try:
            deadline = self._started + budget if budget is not None else math.inf
            while True:
                if budget is not None and not answers.poll(max(0.0, deadline - time.monotonic())):
                    later = later_deadline(
                        pid, self._cpu_at_start, self._started, time.monotonic(), budget
                    )
                    if later is not None:
                        deadline = later
                        continue
                    _end_child(pid, grace=0)
                    raise TimedOut(f"timed out after {budget:g} s")
                message = answers.recv()
                if message[0] == PAGES:
                    if budget is not None and limits is not None:
                        budget = limits.seconds_for(int(message[1]))
                        deadline = self._started + budget
                    if self._on_pages is not None:
                        self._on_pages(int(message[1]))
                    continue
                kind, payload = message
                break
        except EOFError:  # the child died before answering
            kind, payload = "died", None
        except TimedOut:
            raise
        except BaseException:  # Ctrl-C (the child got it too) or an error here: it goes with us
            _end_child(pid, grace=CHILD_GRACE)
            raise
        finally:
            answers.close()
        exit_code = _end_child(pid)
        if kind == "ok":
            return payload
        if kind == "raised":
            error, remote = payload
            raise error from RemoteTraceback(remote)
        raise ProcessDied(death_reason(exit_code))


def start_forked(
    function: Callable[..., T],
    *args: Any,
    limits: Optional[Limits] = None,
    takes_input: bool = False,
    on_pages: Optional[Callable[[int], None]] = None,
) -> ForkedCall[T]:
    """``run_forked`` without the wait: the caller works on while the child runs (see
    ``ForkedCall`` for ``takes_input``). ``on_pages`` is told the page count the child reports
    (under ``limits``), once ``result()`` waits for it."""
    return ForkedCall(function, args, limits, takes_input, on_pages)


def read_in_shares(
    pdf: Path,
    options: ExtractOptions,
    readers: int,
    limits: Limits,
    on_pages: Optional[Callable[[int], None]] = None,
) -> Extraction:
    """The page stages on ``pdf`` in ``readers`` forked children that share its pages
    (interleaved), joined and settled as ``runner.read_pages`` would give them. A reader that
    crashes in native code raises ``ProcessDied`` here; the first bad input found, ``BadInput``.
    ``on_pages`` is told the page count once."""
    from rencana.runner import join_shares

    told: list[int] = []

    def tell_once(pages: int) -> None:
        if on_pages is not None and not told:
            told.append(pages)
            on_pages(pages)

    calls = [
        start_forked(_read_share, pdf, options, index, readers, limits=limits, on_pages=tell_once)
        for index in range(readers)
    ]
    return join_shares(results_of(calls))


def _read_share(pdf: Path, options: ExtractOptions, index: int, of: int) -> Extraction:
    """Share ``index`` of ``of`` of the pages of ``pdf`` (runs in a reading child)."""
    from rencana import runner
    from rencana.core.state import Extraction

    return runner.read_share(
        Extraction(path=pdf, options=options),
        runner.Share(index, of),
        on_open=runner.page_count_listener,  # the time limit grows with the page count
    )


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class _Given:
    """The input of a call run in-process (no ``os.fork``): ``recv`` returns what was sent."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def recv(self) -> Any:
        return self._value


def results_of(calls: list[ForkedCall[T]]) -> list[T]:
    """Every call's result, in order. Every child is waited for before the first error (in call
    order) is raised, so none is left running."""
    results: list[T] = []
    errors: list[BaseException] = []
    for call in calls:
        try:
            results.append(call.result())
        except Exception as exc:
            errors.append(exc)
    if errors:
        raise errors[0]
    return results


def _confine(outbox: Connection, limits: Limits, parent: int) -> None:
    """In the forked child: the limits an ingest worker has."""
    from rencana import runner
    from rencana.corpus.worker import limit_memory

    die_with_parent(parent)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    # The limit is on what the work adds: the child inherits its caller's address space (a test
    # runner's can be larger than the limit itself), where a worker starts from its imports.
    limit_memory(_address_space() + limits.memory_bytes)
    runner.page_count_listener = lambda pages: outbox.send((PAGES, pages))


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _end_child(pid: int, grace: Optional[float] = None) -> int:
    """Reap the child and return its exit code. With ``grace``, a child still running after that
    many seconds is killed: time for one interrupted by the same Ctrl-C to reap its own children
    (a Tesseract run) rather than leave them behind."""
    if grace is not None:
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return 0
            if done:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.02)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status)
        except InterruptedError:
            continue
        except ChildProcessError:
            return 0


def _serve_one_call(outbox: Connection, function: Callable[..., Any], args: tuple) -> NoReturn:
    """The forked child: call, send the answer, and leave by ``os._exit`` so that nothing of the
    parent's (its atexit handlers, a test runner's frames) ever runs twice."""
    code = 0
    try:
        try:
            message: tuple[str, Any] = ("ok", function(*args))
        except KeyboardInterrupt:  # Ctrl-C reached both processes: the parent reports it
            os._exit(130)
        except BaseException as exc:
            message = ("raised", (_picklable(exc), traceback.format_exc()))
        try:
            outbox.send(message)
        except Exception as exc:  # an answer that does not pickle, or the parent is gone
            try:
                outbox.send(("raised", (_picklable(exc), traceback.format_exc())))
            except Exception:
                code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def _picklable(exc: BaseException) -> BaseException:
    import pickle

    # The child's traceback travels as text; a chain of causes can be a cycle (an exception
    # wrapped in another's args and raised again), which picklers such as tblib recurse into.
    exc.__context__ = exc.__cause__ = exc.__traceback__ = None
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{exc.__class__.__name__}: {exc}")


# --- dask ------------------------------------------------------------------------------------
# On each dask worker the task borrows an IsolatedWorker from a small per-process pool, so a
# document gets exactly the same isolation (time and memory limit, crash containment) as locally.
_POOL: list[IsolatedWorker] = []
_POOL_LOCK = threading.Lock()


def isolated_extract(path: str, options: Optional[ExtractOptions], limits: Limits) -> Outcome:
    """The dask task: one document through a reusable isolated worker on the dask worker's host."""
    with _POOL_LOCK:
        worker = next((w for w in _POOL if w.limits == limits), None)
        if worker is not None:
            _POOL.remove(worker)
    if worker is None or not worker.alive:
        worker = IsolatedWorker(limits)
    outcome = worker.run_one(path, options)
    if worker.alive and not outcome.get("recycle"):
        with _POOL_LOCK:
            _POOL.append(worker)
    else:
        worker.kill()
    outcome["host"] = os.uname().nodename
    return outcome


class DaskExecutor:
    """The same per-document function on a dask.distributed cluster.

    Without ``scheduler`` a ``LocalCluster`` of ``workers`` processes is started. Paths are sent
    as they are, so remote workers must see the corpus at the same path (a shared file system).
    """

    name = "dask"

    def __init__(
        self, workers: int = 1, limits: Limits = Limits(), scheduler: Optional[str] = None
    ):
        self.workers_wanted = max(1, workers)
        self.limits = limits
        self.scheduler = scheduler
        self.client: Any = None  # dask.distributed.Client, imported only when this executor starts
        self.cluster: Any = None
        self.futures: dict = {}  # in flight: future -> path

    def start(self) -> DaskExecutor:
        if self.client is not None:
            return self
        try:
            import logging

            from dask.distributed import Client, LocalCluster
        except ImportError:
            from rencana.messages import t

            raise RuntimeError(
                t("err.extra_missing", feature=t("feature.dask"), extra="dask")
            ) from None
        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=self.workers_wanted,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
        return self

    def map(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        from dask.distributed import as_completed

        self.start()
        futures = self.futures = {}
        for path, options in tasks:
            future = self.client.submit(isolated_extract, path, options, self.limits, pure=False)
            futures[future] = path
        for future in as_completed(list(futures)):
            path = futures.pop(future)
            try:
                yield future.result()
            except (
                Exception
            ) as exc:  # the dask worker itself died (KilledWorker) or the task was lost
                yield failure(path, "crash", f"dask task failed ({exc.__class__.__name__}: {exc})")
            finally:
                future.release()

    def abort(self) -> None:
        if self.client is not None and self.futures:
            self.client.cancel(list(self.futures))
        self.futures = {}

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def __enter__(self) -> DaskExecutor:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


def make_executor(kind: str, workers: int, limits: Limits, scheduler: Optional[str] = None):
    if kind == "local":
        return LocalExecutor(workers, limits)
    if kind == "dask":
        return DaskExecutor(workers, limits, scheduler)
    raise ValueError(f"unknown executor {kind!r} (local or dask)")
