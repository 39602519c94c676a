"""Bad input is an expected outcome, not a crash: one exception type with a one-line reason."""


class BadInput(Exception):
    """The file cannot be read as a decree. ``str(exc)`` is a one-line reason."""

    def __init__(self, reason: str):
        super().__init__(reason.splitlines()[0] if reason else "unreadable")


class ProcessDied(Exception):
    """The process doing the work ended without an answer: native code crashed (a signal such as
    SIGSEGV) or something killed it. ``str(exc)`` is a one-line reason."""

    def __init__(self, reason: str):
        super().__init__(reason.splitlines()[0] if reason else "died")


class TimedOut(ProcessDied):
    """The process doing the work ran past its time limit and was killed."""
