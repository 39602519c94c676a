"""pdfplumber's page objects, with its per-object step done in one pass.

pdfplumber turns every pdfminer character and path into a dict through ``Page.process_object``,
which resolves each attribute recursively (``resolve_all``) in case it is an indirect reference.
The attributes of characters, rectangles, lines and curves are plain numbers, strings and tuples
or lists of them, so that walk is nearly half of a page's parse time. ``fast_objects`` gives a
page a ``process_object`` that builds the same dicts directly, and hands anything it does not
recognise (an indirect reference, a byte-coded font name, images, containers) to pdfplumber's own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTCurve, LTItem, LTLine, LTRect
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils.pdfinternals import resolve_and_decode

_SCALARS = frozenset({int, float, str, bool, type(None)})
_PATHS = {LTRect: "rect", LTLine: "line", LTCurve: "curve"}


@lru_cache(maxsize=64)
def _colour_space_name(name: str) -> Any:
    return resolve_and_decode(name)


def _plain(value: Any) -> bool:
    """A value ``resolve_all`` would return unchanged: a scalar, or a tuple or list of scalars or
    of tuples of scalars (a path's points)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is not tuple and kind is not list:
        return False
    return all(
        type(item) in _SCALARS
        or (type(item) is tuple and all(type(part) in _SCALARS for part in item))
        for item in value
    )


def _plain_attributes(page: Page, obj: LTItem, kind: str) -> dict[str, Any] | None:
    attr: dict[str, Any] = {}
    for key, value in obj.__dict__.items():
        if key in ALL_ATTRS:
            if not _plain(value):
                return None
            attr[key] = list(value) if type(value) is list else value
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    for space in ("ncs", "scs"):
        if hasattr(obj, space):
            name = getattr(obj, space).name
            if type(name) is not str:
                return None
            attr[space] = _colour_space_name(name)
    return attr


# An LTChar as pdfminer and pdfplumber's marked-content hook leave it: these attributes and no
# other. Anything else (a subclass's or another tool's extra attribute) takes the general path.
_CHAR_KEYS = frozenset(
    ("_text", "matrix", "fontname", "ncs", "graphicstate", "adv", "upright", "bbox", "size")
    + ("x0", "y0", "x1", "y1", "width", "height", "mcid", "tag")
)
_CHAR_SCALAR_KEYS: tuple[str, ...] = ("fontname", "adv", "upright", "x0", "y0", "x1", "y1")
_CHAR_SCALAR_KEYS += ("width", "height", "size", "mcid", "tag")


def _char_attributes(page: Page, obj: LTChar) -> dict[str, Any] | None:
    """``_plain_attributes`` of a character, with its fixed set of attributes read by name: a
    page holds thousands of characters, so the general loop over ``__dict__`` is a hot spot."""
    values = obj.__dict__
    if values.keys() != _CHAR_KEYS:
        return _plain_attributes(page, obj, "char")
    attr = {key: values[key] for key in _CHAR_SCALAR_KEYS}
    matrix = values["matrix"]
    if (
        not _SCALARS.issuperset(map(type, attr.values()))
        or type(matrix) is not tuple
        or not _SCALARS.issuperset(map(type, matrix))
    ):
        return None
    attr["matrix"] = matrix
    attr["object_type"] = "char"
    attr["page_number"] = page.page_number
    name = values["ncs"].name
    if type(name) is not str:
        return None
    attr["ncs"] = _colour_space_name(name)
    return attr


def _char_parts(page: Page, obj: LTChar, attr: dict[str, Any]) -> bool:
    text = obj.get_text()
    norm = page.pdf.unicode_norm
    attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    state = obj.graphicstate
    attr["stroking_color"] = state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
    attr["non_stroking_color"] = (
        state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
    )
    return isinstance(attr.get("fontname"), str)


def _path_parts(page: Page, obj: LTCurve, attr: dict[str, Any]) -> bool:
    if obj.original_path is None:
        return False
    point = page.point2coord
    attr["pts"] = [point(pt) for pt in attr["pts"]]
    # pdfminer types original_path's points as floats (pdfplumber ignores the same error)
    attr["path"] = [
        (command, *map(point, pts))  # type: ignore[arg-type]
        for command, *pts in obj.original_path
    ]
    attr["dash"] = obj.dashing_style
    return True


def plain_object(page: Page, obj: LTItem) -> dict[str, Any] | None:
    """The dict pdfplumber makes of a character or path ``obj``, or None where only pdfplumber's
    own walk will do."""
    kind = type(obj)
    if kind is LTChar:
        attr = _char_attributes(page, obj)  # type: ignore[arg-type]
        if attr is None or not _char_parts(page, obj, attr):  # type: ignore[arg-type]
            return None
    elif kind in _PATHS:
        attr = _plain_attributes(page, obj, _PATHS[kind])
        if attr is None or "pts" not in attr or not _path_parts(page, obj, attr):  # type: ignore[arg-type]
            return None
    else:
        return None
    mb_x0, mb_top = page.mediabox[:2]
    attr["top"] = (page.height - attr["y1"]) + mb_top
    attr["bottom"] = (page.height - attr["y0"]) + mb_top
    attr["doctop"] = page.initial_doctop + attr["top"]
    if mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def fast_objects(page: Page) -> Page:
    """``page`` with characters and paths turned into dicts by ``plain_object``; the same objects
    result."""
    general: Callable[[LTItem], dict[str, Any]] = page.process_object

    def process_object(obj: LTItem) -> dict[str, Any]:
        made = plain_object(page, obj)
        return made if made is not None else general(obj)

    page.process_object = process_object  # type: ignore[method-assign]
    return page
