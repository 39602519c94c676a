"""rencana: Indonesian decree PDFs to validated, structured plan records."""
from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["BadInput", "DecreeDocument", "ExtractOptions", "Record", "extract"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .errors import BadInput
    from .models import DecreeDocument, Record
    from .options import ExtractOptions
    from .runner import extract

_LAZY = {"BadInput": "errors", "DecreeDocument": "models", "Record": "models", "ExtractOptions": "options",
         "extract": "runner"}


def __getattr__(name: str):
    # Lazy, so that `import pipeline.models` (the CLI, ingest's parent process) does not pay for
    # importing every stage and spaCy; only code that runs extraction imports the runner.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
