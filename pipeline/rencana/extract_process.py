"""The document child of ``rencana extract``: it builds spaCy and the rule matchers while forked
readers read the pages, then runs the document stages on what they send it.

Its chain (spaCy's import, the matchers, the document stages) is the longest of a cold extract,
so ``rencana.entry`` forks it before the CLI itself (typer, rich) is imported: ``start_early``
there, ``take_document_child`` in the command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from rencana.core.state import Extraction
    from rencana.corpus.executors import ForkedCall

DocumentText = tuple[str, list[str], list[tuple[str, Optional[int]]]]

_early: Optional[ForkedCall[DocumentText]] = None


def start_early() -> None:
    global _early
    _early = _start()


def take_document_child() -> ForkedCall[DocumentText]:
    """The child forked at start-up, or a new one (the CLI called in-process, as tests do)."""
    global _early
    child, _early = _early, None
    return child or _start()


def _start() -> ForkedCall[DocumentText]:
    from rencana.corpus.executors import Limits, start_forked

    return start_forked(document_text_of_sent, limits=Limits(), takes_input=True)


def document_text_of_sent(inbox: Connection) -> DocumentText:
    """``document_text`` on the (pages, format) ``inbox`` delivers, with spaCy and the matchers
    built while the pages are read."""
    from rencana.runner import warm_up

    warm_up()
    state, fmt = inbox.recv()
    return document_text(state, fmt)


def document_text(state: Extraction, fmt: str) -> DocumentText:
    """The document stages: the text ``extract`` writes (``fmt`` json or csv), every warning as
    "code: message", and the quality verdict's reasons as (check, page)."""
    from rencana.corpus.export import document_json, records_csv
    from rencana.runner import finish

    doc = finish(state)
    warnings = [f"{w.code}: {w.message}" for w in doc.warnings]
    warnings += [text for record in doc.records for text in record.warnings]
    text = document_json(doc) if fmt == "json" else records_csv(doc.records)
    return text, warnings, [(reason.check, reason.page) for reason in doc.quality.reasons]
