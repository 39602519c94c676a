"""Bad input is an expected outcome, not a crash: one exception type with a one-line reason."""


class BadInput(Exception):
    """The file cannot be read as a decree. ``str(exc)`` is a one-line reason."""

    def __init__(self, reason: str):
        super().__init__(reason.splitlines()[0] if reason else "unreadable")
