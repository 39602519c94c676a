"""A child process that dies with its parent, on Linux: no worker, reader or Tesseract run is
left behind at 100 % of a core when the process that started it is killed (even by SIGKILL)."""

from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1


def _load_libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


# Loaded at import, in the parent: a ``preexec_fn`` runs between fork and exec, where loading a
# library could wait on a lock another thread held at the fork.
_LIBC = _load_libc()


def die_with_parent(parent_pid: int, sig: int = signal.SIGKILL) -> None:
    """Ask Linux to send ``sig`` to this process when its parent dies (PR_SET_PDEATHSIG), so a
    parent killed by SIGKILL leaves no worker behind at 100 % of a core. If the parent died
    before the request took effect, exit now. Elsewhere (no prctl) the pipes' EOF still ends an
    idle worker."""
    if _LIBC is None:
        return
    try:
        _LIBC.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except AttributeError:  # no prctl here
        return
    if parent_pid and os.getppid() != parent_pid:
        os._exit(1)
