"""Pure image helpers for scanned pages: binarise, despeckle, deskew, find ruling lines, build cells.

Everything here works on numpy arrays and plain tuples; nothing imports a page, a PDF or a stage.
Images are 8-bit greyscale (0 = black ink, 255 = paper); an "ink mask" is uint8 with 255 = ink.
Coordinates are pixels, x to the right and y downwards (the same orientation as pdfplumber's
``top``), so converting to PDF points is one multiplication by ``72 / dpi``.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

PxBox = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Otsu threshold: 255 where there is ink. Otsu adapts to the paper tone of each scan."""
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return mask


def speck_mask(ink: np.ndarray, max_area: int) -> np.ndarray:
    """Connected ink blobs of at most ``max_area`` pixels (scanner dust, toner specks).

    The limit must stay below the smallest real mark (a full stop is ~16 px at 200 dpi for 11 pt
    type), so callers scale it with the resolution.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.zeros(count, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= max_area
    return (small[labels] * 255).astype(np.uint8)


def whiten(gray: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A copy of ``gray`` with the masked pixels set to paper white."""
    out = gray.copy()
    out[mask > 0] = 255
    return out


def estimate_skew(ink: np.ndarray, max_degrees: float = 3.0, step: float = 0.05) -> float:
    """The page's skew in degrees (positive = content rotated counter-clockwise, as cv2 angles).

    Projection-profile method: text lines and ruling lines make the row sums of the ink peaky
    when the page is level, so the angle that maximises the variance of the row profile wins.
    It needs no ruling lines, so it works for plain body pages too. Searched coarse to fine on a
    half-size image to keep it fast.
    """
    small = cv2.resize(ink, (ink.shape[1] // 2, ink.shape[0] // 2), interpolation=cv2.INTER_AREA)
    if not small.any():
        return 0.0

    def score(angle: float) -> float:
        rotated = rotate(small, angle, border=0)
        return float(np.var(rotated.sum(axis=1, dtype=np.float64)))

    best = 0.0
    for span, stride in ((max_degrees, 0.5), (0.5, 0.1), (0.1, step)):
        candidates = np.arange(best - span, best + span + 1e-9, stride)
        best = float(max(candidates, key=score))
    return round(best, 3)


def rotate(image: np.ndarray, degrees: float, border: int = 255) -> np.ndarray:
    """Rotate about the centre keeping the size (a deskew moves content by a few pixels only)."""
    if abs(degrees) < 1e-3:
        return image.copy()
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling segment in pixels: horizontal ones have y0 == y1, vertical ones x0 == x1."""
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


def ruling_masks(ink: np.ndarray, min_length: int) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling pixels, by morphological opening with long thin kernels.

    Text strokes are far shorter than ``min_length``, so they vanish; rulings survive. A small
    closing first bridges the breaks that JPEG and thin printing leave in a line.
    """
    bridge = max(3, min_length // 20)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (min_length, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, min_length)))
    return horizontal, vertical


def ruling_segments(mask: np.ndarray, ink: np.ndarray, horizontal: bool, max_thickness: int,
                    max_side_ink: float = 0.25) -> tuple[list[Segment], np.ndarray]:
    """Segments (on each blob's centre line) of a ruling mask, and the mask of the kept blobs.

    Two kinds of blob are not rulings and are dropped:
    - blobs thicker than ``max_thickness``: solid areas (shading, a photo, a stamp);
    - blobs with ink packed along one side: the touching baseline serifs of a bold heading
      ("PEMILIHAN") survive the opening like a line, but a band just above them is full of letter
      stems, while the band beside a real ruling is mostly the cell's empty padding.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    segments = []
    height, width = ink.shape
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        thickness = h if horizontal else w
        if thickness > max_thickness:
            continue
        gap, band = 2, max(2, thickness)
        if horizontal:
            above = ink[max(0, y - gap - band):max(0, y - gap), x:x + w]
            below = ink[min(height, y + h + gap):min(height, y + h + gap + band), x:x + w]
        else:
            above = ink[y:y + h, max(0, x - gap - band):max(0, x - gap)]
            below = ink[y:y + h, min(width, x + w + gap):min(width, x + w + gap + band)]
        if max(_ink_share(above), _ink_share(below)) > max_side_ink:
            continue
        keep[label] = True
        if horizontal:
            segments.append(Segment(float(x), y + h / 2, float(x + w), y + h / 2))
        else:
            segments.append(Segment(x + w / 2, float(y), x + w / 2, float(y + h)))
    return segments, (keep[labels] * 255).astype(np.uint8)


def _ink_share(band: np.ndarray) -> float:
    return float(np.count_nonzero(band)) / band.size if band.size else 0.0


def segments_to_tables(segments: list[Segment], tolerance: float) -> list[list[tuple[float, float, float, float]]]:
    """Cells of each ruled table, as (x0, top, x1, bottom) boxes, largest table area first.

    Uses pdfplumber's own pure lattice functions (snap, join, intersect, smallest enclosing
    rectangle), so a scan's merged cells come out exactly as a text PDF's would: a cell is the
    smallest rectangle whose four sides are rulings, and a missing ruling segment between two
    rows therefore yields one taller, merged cell.
    """
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = [_edge_dict(s) for s in segments]
    if not edges:
        return []
    edges = merge_edges(edges, snap_x_tolerance=tolerance, snap_y_tolerance=tolerance,
                        join_x_tolerance=tolerance, join_y_tolerance=tolerance)
    intersections = edges_to_intersections(edges, x_tolerance=tolerance, y_tolerance=tolerance)
    cells = intersections_to_cells(intersections)
    tables = [list(t) for t in cells_to_tables(cells)]
    tables.sort(key=lambda cells: -_area(union_box(cells)))
    return tables


def _edge_dict(segment: Segment) -> dict:
    x0, x1 = sorted((segment.x0, segment.x1))
    top, bottom = sorted((segment.y0, segment.y1))
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "h" if segment.horizontal else "v", "object_type": "line"}


def union_box(boxes) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _area(box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])
