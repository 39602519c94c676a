"""pdfplumber's page objects, with its per-object step done in one pass.

pdfplumber turns every pdfminer character and path into a dict through ``Page.process_object``,
which resolves each attribute recursively (``resolve_all``) in case it is an indirect reference.
The attributes of characters, rectangles, lines and curves are plain numbers, strings and tuples
or lists of them, so that walk is nearly half of a page's parse time. ``fast_objects`` gives a
page a ``process_object`` that builds the same dicts directly, and hands anything it does not
recognise (an indirect reference, a byte-coded font name, images, containers) to pdfplumber's own.

Characters, by far the most numerous objects, go further: the page is interpreted by a device
that writes each character's dict as pdfminer draws it (``CharDevice``), without building
pdfminer's LTChar object first and reading it back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTCurve, LTItem, LTLine, LTPage, LTRect
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
from pdfminer.utils import Matrix, apply_matrix_rect
from pdfplumber.page import ALL_ATTRS, Page, PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import PdfminerException
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


def _placed(page: Page, attr: dict[str, Any]) -> dict[str, Any]:
    """``attr`` placed on its page as pdfplumber places objects: top-down, MediaBox offsets."""
    mb_x0, mb_top = page.mediabox[:2]
    attr["top"] = (page.height - attr["y1"]) + mb_top
    attr["bottom"] = (page.height - attr["y0"]) + mb_top
    attr["doctop"] = page.initial_doctop + attr["top"]
    if mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


class DrawnChar:
    """A character as ``plain_object`` gives it, made as it is drawn."""

    __slots__ = ("attr",)

    def __init__(self, attr: dict[str, Any]):
        self.attr = attr


class CharDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's page device, drawing a horizontal character as a ``DrawnChar``: the values
    pdfminer's LTChar computes (text, advance, box, orientation) and pdfplumber's marked-content
    hook adds (mcid, tag), straight into the dict. Vertical writing and anything that is not
    plain takes pdfminer's own path."""

    def __init__(self, page: Page, **kwargs: Any):
        super().__init__(page.pdf.rsrcmgr, **kwargs)
        self.page = page

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        fontname, space = font.fontname, ncs.name
        if (
            font.is_vertical()
            or type(fontname) is not str
            or type(space) is not str
            or not _SCALARS.issuperset(map(type, matrix))
            or type(self.cur_mcid) not in _SCALARS
            or type(self.cur_tag) not in _SCALARS
        ):
            return super().render_char(
                matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate
            )
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv = font.char_width(cid) * fontsize * scaling
        descent = font.get_descent() * fontsize
        a, b, c, d, _, _ = matrix
        x0, y0, x1, y1 = apply_matrix_rect(
            matrix, (0, descent + rise, adv, descent + rise + fontsize)
        )
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        scolor, ncolor = graphicstate.scolor, graphicstate.ncolor
        page, norm = self.page, self.page.pdf.unicode_norm
        attr = {
            "matrix": tuple(matrix),
            "fontname": fontname,
            "adv": adv,
            "upright": a * d * scaling > 0 and b * c <= 0,
            "x0": x0,
            "y0": y0,
            "x1": x1,
            "y1": y1,
            "width": x1 - x0,
            "height": y1 - y0,
            "size": y1 - y0,
            "mcid": self.cur_mcid,
            "tag": self.cur_tag,
            "object_type": "char",
            "page_number": page.page_number,
            "ncs": _colour_space_name(space),
            "text": normalize_unicode(norm, text) if norm is not None else text,
            "stroking_color": scolor if isinstance(scolor, tuple) else (scolor,),
            "non_stroking_color": ncolor if isinstance(ncolor, tuple) else (ncolor,),
        }
        self.cur_item.add(DrawnChar(_placed(page, attr)))  # type: ignore[arg-type]
        return adv


class CharDevicePage(Page):
    """A pdfplumber page interpreted through ``CharDevice`` (pdfplumber's ``layout`` otherwise)."""

    @property
    def layout(self) -> LTPage:
        if hasattr(self, "_layout"):
            return self._layout
        device = CharDevice(self, pageno=self.page_number, laparams=self.pdf.laparams)
        try:
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        except Exception as e:
            raise PdfminerException(e) from e
        self._layout = device.get_result()
        return self._layout


def plain_object(page: Page, obj: LTItem) -> dict[str, Any] | None:
    """The dict pdfplumber makes of a character or path ``obj``, or None where only pdfplumber's
    own walk will do."""
    kind = type(obj)
    attr: dict[str, Any] | None
    if kind is DrawnChar:
        return obj.attr  # type: ignore[attr-defined]
    if kind is LTChar:
        attr = _plain_attributes(page, obj, "char")
        if attr is None or not _char_parts(page, obj, attr):  # type: ignore[arg-type]
            return None
    elif kind in _PATHS:
        attr = _plain_attributes(page, obj, _PATHS[kind])
        if attr is None or "pts" not in attr or not _path_parts(page, obj, attr):  # type: ignore[arg-type]
            return None
    else:
        return None
    return _placed(page, attr)


def fast_objects(page: Page) -> Page:
    """``page`` with characters and paths turned into dicts by ``plain_object``; the same objects
    result."""
    general: Callable[[LTItem], dict[str, Any]] = page.process_object
    if type(page) is Page and page.pdf.laparams is None:  # layout analysis needs real LTChars
        page.__class__ = CharDevicePage

    def process_object(obj: LTItem) -> dict[str, Any]:
        made = plain_object(page, obj)
        return made if made is not None else general(obj)

    page.process_object = process_object  # type: ignore[method-assign]
    return page
