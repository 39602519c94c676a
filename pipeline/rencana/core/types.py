"""Internal, typed objects passed between stages (not the public contract: see models.py).

Every page arrives here the same way whether it was read from a text layer or through OCR,
so the later stages never ask how a page was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from rencana.core.bbox import BBox as BBox  # re-exported: stages take every internal type from here
from rencana.core.codes import RecordWarning
from rencana.core.roles import Role


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    fontname: str = ""
    size: float = 0.0
    upright: bool = True
    confidence: Optional[float] = None  # 0..1, OCR only

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(slots=True)
class Rect:
    """A filled or stroked rectangle (shaded grid cells live here)."""

    x0: float
    top: float
    x1: float
    bottom: float
    fill: Optional[tuple[float, ...]] = None  # non-stroking colour when filled, else None


@dataclass(slots=True)
class FoundTable:
    """A table found by pdfplumber's table finder (or by image morphology for scans).

    ``cells`` are the bboxes of the real (possibly merged) cells; ``rows`` and ``cols``
    are the grid's boundaries, sorted.
    """

    bbox: BBox
    cells: list[BBox]
    strategy: str = "lines"  # the name of the finder that found it: lines | image | text
    # What the finder could not settle, each the name of the quality check that flags its page.
    doubts: list[str] = field(default_factory=list)
    # How a table without rulings sets its parents' text, where its page shows it ("top",
    # "centred"; "either" where it cannot tell): another page of the table may settle a doubt.
    parents: str = ""
    # A table without rulings whose page opens with rows under no parent's text: its cells read
    # as centring parents over them, for the page where the table begins (none goes on there).
    first_page_cells: Optional[list[BBox]] = None
    # ... and its doubts there, where they differ: read as a centring, the rows at the page's
    # top may be the tail of a cell from a page before, which the table's first page has not.
    first_page_doubts: Optional[list[str]] = None


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    rects: list[Rect] = field(default_factory=list)
    tables: list[FoundTable] = field(default_factory=list)
    rotation: int = 0
    ocr: bool = False
    # The words are a scan's own text layer: some OCR engine's reading of its image, kept.
    ocr_layer: bool = False
    # An OCR'd page's tall single strokes of ink, taller than two lines of text: signatures,
    # emblems (coloured ones were lifted before; a black pen's stay).
    drawn: list[BBox] = field(default_factory=list)
    # The cells of each ruled table the OCR engine found in the page image (for the image finder).
    image_tables: list[list[BBox]] = field(default_factory=list)
    # The horizontal rules of a text page outside its lattice tables, (x0, y, x1): the rows of a
    # table ruled between its rows only (tables/borderless.py).
    rules: list[tuple[float, float, float]] = field(default_factory=list)
    # Why the page's own text layer was set aside for OCR (it read as poor Indonesian), if it was.
    layer_set_aside: Optional[str] = None
    # Why a page with a good text layer was OCR'd: a table on it is a picture, if one is.
    picture_read: Optional[str] = None
    # OCR'd words respelled from the Indonesian word list, (as read, as respelled).
    respelled: list[tuple[str, str]] = field(default_factory=list)
    # Glyphs of the text layer drawn over other glyphs (a page printed over another).
    overprints: list[BBox] = field(default_factory=list)
    # OCR readings dropped as a photocopy's toner specks ("-", "'" read from round dots).
    specks: int = 0
    # Designations OCR read whose look-alike glyphs (a Roman "I", a "1", a stop) the page image
    # did not settle, as read ("12/HK.03.1-Kpt/3320/KPU-Kab/I1/2022").
    unsure_designations: list[str] = field(default_factory=list)
    # OCR'd words that a second reading of their own did not bear out ("anu" read alone "ant":
    # "anti" printed), as read: left so, pointed out on their records.
    unsure_words: list[str] = field(default_factory=list)
    # OCR'd words doubted on the page and read alike on their own (a typo printed so).
    read_alike: list[str] = field(default_factory=list)
    # Glyphs printed past the page's edge on lines that run over it (a table wider than its
    # page): text no reader sees, left out of ``words``.
    cut_at_edge: int = 0


@dataclass(slots=True)
class TextLine:
    """A line of body text after cleaning, with its position for provenance."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class TableRow:
    """One logical row of a plan table, after merged cells are spread and page splits rejoined.

    ``cells`` maps a column role (number, area, activity, indicator, schedule, pic …) to text.
    ``months_marked`` holds month numbers marked in a month grid; ``quarter_marks`` maps a
    quarter to its printed mark for a quarter grid.
    """

    cells: dict[Role, str]
    pages: list[int]
    bbox: BBox
    months_marked: Optional[list[int]] = None
    quarter_marks: Optional[dict[int, str]] = None
    confidence: Optional[float] = None
    warnings: list[RecordWarning] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # header → text of a column with no role
    # The banner over the row in a table that also has an area column: the level above the area.
    banner: Optional[tuple[Optional[int], str]] = None
    banner_label: str = ""  # the banner's number as printed ('C', 'II', '3.')
    # A numbered banner under the area's banner, numbered otherwise ("6. Sarana dan Prasarana"
    # under "I PENDIDIKAN"): the level between the area and the row's first column, as
    # (number as printed, text).
    heading: Optional[tuple[str, str]] = None
    # Levels printed in a column above the row's own cell there, by role, as (number, text): a
    # lettered item under a numbered one ("5. Daya tampung Mahasiswa baru :" over "a. Diploma").
    parents: dict[Role, list[tuple[str, str]]] = field(default_factory=dict)
    # Texts in the row's month-grid cells that are not marks (the quality stage judges them).
    grid_texts: list[str] = field(default_factory=list)
    # Months whose cell on this row a fill covers in part only (the row it marks is in doubt).
    shaded_in_part: list[int] = field(default_factory=list)
    # Roles whose cell on this row is set in bold type (a stacked column's levels are told so).
    bold: set[Role] = field(default_factory=set)
    # A level's number printed at the start of its own cell ("2. Persentase …"), by role.
    numbers: dict[Role, str] = field(default_factory=dict)


@dataclass(slots=True)
class PlanTable:
    roles: list[str]  # column roles in order, as mapped from the header vocabulary ('' for none)
    rows: list[TableRow]
    pages: list[int]
    header: list[str] = field(default_factory=list)
    grid: Optional[str] = None  # None | "months" | "quarters" | "semesters"
    column_headers: list[str] = field(default_factory=list)  # per column, its header text
    title: Optional[str] = None  # the caption printed above the table ("Tabel 3.5 …")
    # Per hierarchy role, the name of the level a stacked column gave it ("Kegiatan").
    level_headers: dict[str, str] = field(default_factory=dict)
    # A stacked column's rows of one run whose amounts found no parents (stacked.settle).
    levels_unsettled: bool = False
    # Lettered headings over the table's parts, as (index of the part's first row, letter, text).
    sections: list[tuple[int, str, str]] = field(default_factory=list)
    # Line breaks at a cell's right edge that may have split a word, as (page, "end / start").
    split_doubts: list[tuple[int, str]] = field(default_factory=list)
