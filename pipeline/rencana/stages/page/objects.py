"""pdfplumber's page objects, with its per-character step done in one pass.

pdfplumber turns every pdfminer ``LTChar`` into a dict through ``Page.process_object``, which
resolves each attribute recursively (``resolve_all``) in case it is an indirect reference. A
character's attributes are plain numbers, strings and tuples of numbers, so that walk is nearly
half of a page's parse time. ``fast_chars`` gives a page a ``process_object`` that builds the
same dict directly, and hands anything it does not recognise (an indirect reference, a byte-coded
font name, any other object type) to pdfplumber's own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTItem
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils.pdfinternals import resolve_and_decode

_PLAIN = frozenset({int, float, str, bool, type(None)})


@lru_cache(maxsize=64)
def _colour_space_name(name: str) -> Any:
    return resolve_and_decode(name)


def _plain_tuple(value: tuple[Any, ...]) -> bool:
    return all(type(item) in _PLAIN for item in value)


def char_object(page: Page, obj: LTChar) -> dict[str, Any] | None:
    """The dict pdfplumber makes of ``obj``, or None where only pdfplumber's own walk will do."""
    attr: dict[str, Any] = {}
    for key, value in obj.__dict__.items():
        if key in ALL_ATTRS:
            kind = type(value)
            if kind not in _PLAIN and not (kind is tuple and _plain_tuple(value)):
                return None
            attr[key] = value
    attr["object_type"] = "char"
    attr["page_number"] = page.page_number
    for space in ("ncs", "scs"):
        if hasattr(obj, space):
            name = getattr(obj, space).name
            if type(name) is not str:
                return None
            attr[space] = _colour_space_name(name)
    text = obj.get_text()
    norm = page.pdf.unicode_norm
    attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    state = obj.graphicstate
    attr["stroking_color"] = state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
    attr["non_stroking_color"] = (
        state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
    )
    if not isinstance(attr.get("fontname"), str):
        return None
    mb_x0, mb_top = page.mediabox[:2]
    attr["top"] = (page.height - attr["y1"]) + mb_top
    attr["bottom"] = (page.height - attr["y0"]) + mb_top
    attr["doctop"] = page.initial_doctop + attr["top"]
    if mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def fast_chars(page: Page) -> Page:
    """``page`` with characters turned into dicts by ``char_object``; the same objects result."""
    general: Callable[[LTItem], dict[str, Any]] = page.process_object

    def process_object(obj: LTItem) -> dict[str, Any]:
        if type(obj) is LTChar:
            made = char_object(page, obj)
            if made is not None:
                return made
        return general(obj)

    page.process_object = process_object  # type: ignore[method-assign]
    return page
