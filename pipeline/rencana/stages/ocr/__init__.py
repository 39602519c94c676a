"""The OCR engine: an image-only page becomes the same PageContent a text page does."""

from __future__ import annotations

from types import ModuleType


def load_engine() -> ModuleType:
    """The engine module; without OpenCV (the ``[ocr]`` extra) a page that needs OCR is bad
    input with a one-line reason saying what to install."""
    try:
        from rencana.stages.ocr import engine
    except ModuleNotFoundError as exc:
        if exc.name not in ("cv2", "numpy"):
            raise
        from rencana.errors import BadInput
        from rencana.messages import t

        raise BadInput(t("err.extra_missing", feature=t("feature.ocr"), extra="ocr")) from None
    return engine
