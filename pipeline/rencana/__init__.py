"""rencana: Indonesian decree PDFs to validated, structured plan records."""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["BadInput", "DecreeDocument", "ExtractOptions", "Record", "extract"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from rencana.contract.models import DecreeDocument, Record
    from rencana.errors import BadInput
    from rencana.options import ExtractOptions
    from rencana.runner import extract

_LAZY = {
    "BadInput": "errors",
    "DecreeDocument": "contract.models",
    "Record": "contract.models",
    "ExtractOptions": "options",
    "extract": "runner",
}


def __getattr__(name: str):
    # Lazy, so that `import rencana.contract.models` (the CLI, ingest's parent process) does not pay for
    # importing every stage and spaCy; only code that runs extraction imports the runner.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
