"""Pure image helpers for scanned pages: binarise, despeckle, deskew, find ruling lines, build cells.

Everything here works on numpy arrays and plain tuples; nothing imports a page, a PDF or a stage.
Images are 8-bit greyscale (0 = black ink, 255 = paper); an "ink mask" is uint8 with 255 = ink.
Coordinates are pixels, x to the right and y downwards (the same orientation as pdfplumber's
``top``), so converting to PDF points is one multiplication by ``72 / dpi``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Optional

import cv2
import numpy as np

from rencana.core import geometry

PxBox = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels

# OpenCV's worker threads only add CPU time here: a worker process reads one page at a time, and
# ingest runs one worker per core (measured ~0.05 s CPU less per page with one thread). Set when
# this module loads, before any OpenCV call of the pipeline, so that OpenCV never starts its
# thread pool: a process forked after the pool started (``rencana extract``'s child, see
# ``executors.run_forked``) hangs in its next OpenCV call, waiting for threads it does not have.
cv2.setNumThreads(1)

# Sides beyond OpenCV's short-int coordinates are no page image (200 dpi: a 4 m long page).
MAX_SIDE = 32767


def cv_image(image: np.ndarray) -> Optional[np.ndarray]:
    """``image`` as OpenCV may be given it, or None when it has no pixels (callers return their
    empty answer then).

    Every array passes here before an OpenCV call: a crop of a word or cell box can be empty (a
    "|" read 0.8 px wide rounds to a 0-px-wide crop), and OpenCV 5's
    ``connectedComponentsWithStats`` dereferences the first row of an empty image — a segfault,
    not an exception — while its other functions raise on one. A view is made C-contiguous
    (OpenCV copies or rejects strided arrays depending on the function), a bool mask becomes
    0/255, and anything that is not a 2-D 8-bit image is a bug of the caller.
    """
    array = np.asarray(image)
    if array.ndim != 2:
        raise ValueError(f"not a 2-D image: shape {array.shape}")
    if array.size == 0:
        return None
    if max(array.shape) > MAX_SIDE:
        raise ValueError(f"image of {array.shape[1]}×{array.shape[0]} px is too large to process")
    if array.dtype == np.bool_:
        array = array.astype(np.uint8) * np.uint8(255)
    elif array.dtype != np.uint8:
        raise ValueError(f"not an 8-bit image: {array.dtype}")
    return np.ascontiguousarray(array)


Components = tuple[int, np.ndarray, np.ndarray]  # label count, label image, stats per label

# The components of the last few page-sized masks: the steps of one page ask for those of the
# same mask more than once (its x-height and its specks, its x-height and its pictures), ~10 ms
# each at 200 dpi. Kept read-only, as every caller only reads them; a crop is not kept. Two
# kept at 200 dpi hold ~45 MB (their label images and masks): a scan reader's peak RSS grows so.
_KEPT_COMPONENTS: list[tuple[np.ndarray, int, Components]] = []
KEPT_COMPONENTS = 2
KEPT_LEAST_PIXELS = 1_000_000


def components(mask: np.ndarray, connectivity: int = 8) -> Components:
    """``cv2.connectedComponentsWithStats`` of a mask: (label count, label image, stats per label).

    An empty mask has the background label only. A page-sized mask's arrays are read-only."""
    image = cv_image(mask)
    if image is None:
        return 1, np.zeros(np.shape(mask), np.int32), np.zeros((1, cv2.CC_STAT_MAX), np.int32)
    if image.size < KEPT_LEAST_PIXELS:
        return _labelled(image, connectivity)
    for kept_mask, kept_connectivity, found in _KEPT_COMPONENTS:
        if kept_connectivity == connectivity and np.array_equal(kept_mask, image):
            return found
    found = _labelled(image, connectivity)
    for array in found[1:]:
        array.flags.writeable = False
    _KEPT_COMPONENTS.insert(0, (image.copy(), connectivity, found))
    del _KEPT_COMPONENTS[KEPT_COMPONENTS:]
    return found


def blob_stats(mask: np.ndarray, connectivity: int = 8) -> np.ndarray:
    """The cv2 stats rows of a mask's blobs (``components``' stats less the background's),
    labelled within the box that holds the mask's ink only: a page-sized mask with a few small
    blobs (the unread patches) costs ~17 ms labelled whole at 200 dpi, under 1 ms so. The box
    starts on an even row and column, so the block-based labelling (2×2 blocks) meets the same
    blocks in the same order and numbers the blobs as on the whole mask."""
    image = cv_image(mask)
    if image is None:
        return np.zeros((0, cv2.CC_STAT_MAX), np.int32)
    x, y, w, h = cv2.boundingRect(image)
    x0, y0 = x - x % 2, y - y % 2
    _, _, stats = components(image[y0 : y + h, x0 : x + w], connectivity)
    stats = stats[1:].copy()
    stats[:, cv2.CC_STAT_LEFT] += x0
    stats[:, cv2.CC_STAT_TOP] += y0
    return stats


def _labelled(image: np.ndarray, connectivity: int) -> Components:
    if not cv2.countNonZero(image):  # no ink: cv2's answer without its pass over the pixels
        height, width = image.shape
        return (
            1,
            np.zeros(image.shape, np.int32),
            np.array([[0, 0, width, height, image.size]], np.int32),
        )
    # Grana's block-based algorithm (SAUF for 4-connectivity): the same labels as the default
    # (Spaghetti) in the same order, 3× faster on one thread on a 200 dpi page full of glyphs.
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        image, connectivity, cv2.CV_32S, cv2.CCL_BBDT
    )
    return count, labels, stats


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Otsu threshold: 255 where there is ink. Otsu adapts to the paper tone of each scan."""
    image = cv_image(gray)
    if image is None:
        return np.zeros(np.shape(gray), np.uint8)
    _, mask = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return mask


def drop_colour(
    bgr: np.ndarray,
    min_fill_side: int,
    gray: Optional[np.ndarray] = None,
    min_marked: int = 0,
    faint_chroma: int = 25,
    strong_chroma: int = 50,
) -> np.ndarray:
    """The page as greyscale with coloured strokes (stamps, ballpoint signatures) lifted to paper.

    A coloured pixel takes the value of its lightest channel: the paper as the coloured ink leaves
    it, so a purple stamp or a blue scribble fades while black print stays black — also where the
    stamp lies over it (black under purple is dark in every channel). Chroma (max - min channel)
    between ``faint_chroma`` and ``strong_chroma`` blends in gradually: a colour scan's JPEG
    fringes around black letters stay mostly below the faint level, and a page with fewer
    than ``min_marked`` strongly coloured pixels has no stamp nor signature and is left as it is
    (lifting its few fringes would only move its measured x-height). A page whose dark print is
    itself coloured (a scanner's colour cast) is balanced first (``print_balanced``), or left
    grey where it cannot be. Solid coloured areas (a tinted
    banner, a coloured schedule mark; a ``min_fill_side`` square fits in them) keep their plain
    grey, so the shading steps still see them. A stamp fainter than ``faint_chroma`` goes by the
    colour of its neighbourhood (``tinted_strokes``). Every other pixel keeps its grey from
    ``gray`` (default: BGR to grey), and a grey page (no chroma) comes back as it."""
    image = np.asarray(bgr)
    if image.ndim == 2:
        return image.copy()
    image = np.ascontiguousarray(image[:, :, :3])
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if gray is None else gray.copy()
    print_threshold = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]
    lightest, chroma = lightest_and_chroma(image)
    # Colour tells stamp from print where print is black. A scan that gives its print a colour
    # cast (its darkest pixels of chroma 60-110, where a stamped page's are below 10) is first
    # balanced so that its print and paper come out grey; one that cannot be is left grey. A
    # stamp and a blue pen stroke are lighter than the cores of printed letters.
    printed = chroma[gray < 0.3 * print_threshold]
    if printed.size and np.median(printed) >= faint_chroma:
        balanced = print_balanced(image, gray, print_threshold, faint_chroma, strong_chroma)
        if balanced is None:
            return gray
        image, paper_grey = balanced
        # On white paper, as the steps below expect (they lift strokes to 255).
        gray = np.clip(gray.astype(np.float32) * (255.0 / paper_grey) + 0.5, 0, 255)
        gray = gray.astype(np.uint8)
        print_threshold *= 255.0 / paper_grey
        lightest, chroma = lightest_and_chroma(image)
    strong = cv2.threshold(chroma, strong_chroma - 1, 255, cv2.THRESH_BINARY)[1]
    # Stamps and pen strokes are strokes; a colour scan's JPEG noise is single pixels.
    stroked = cv2.morphologyEx(strong, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    if cv2.countNonZero(stroked) < max(1, min_marked):
        return gray
    coloured = cv2.threshold(chroma, faint_chroma - 1, 255, cv2.THRESH_BINARY)[1]
    # A fill, and the letters and rulings inside it: opened, then grown back over its holes.
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (min_fill_side,) * 2)
    fills = cv2.dilate(cv2.morphologyEx(coloured, cv2.MORPH_OPEN, square), square)
    weight = np.clip(
        (chroma.astype(np.float32) - faint_chroma) / (strong_chroma - faint_chroma), 0.0, 1.0
    )
    weight[fills > 0] = 0.0
    lifted = np.clip(gray + (lightest.astype(np.float32) - gray) * weight + 0.5, 0, 255)
    lifted = lifted.astype(np.uint8)
    # JPEG keeps colour at half resolution and rings at edges: the rim of a stamp stroke comes
    # out a dull grey of little chroma. Next to strongly coloured pixels, anything lifted above
    # clearly dark print (3/4 of the ink threshold of the uncoloured pixels, Otsu over print and
    # paper) is the stroke's core or rim, and becomes paper. Beside black print (a letter the
    # stamp runs over) the stamp's pixels are told by their own grey instead, so the letter
    # keeps its strokes.
    strong[fills > 0] = 0
    near = cv2.dilate(strong, np.ones((7, 7), np.uint8)) > 0
    plain = np.ascontiguousarray(gray[coloured == 0]).reshape(-1, 1)
    ink_threshold = 0.75 * cv2.threshold(plain, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]
    black = ((gray < 0.5 * ink_threshold) & (coloured == 0)).astype(np.uint8)
    by_print = cv2.dilate(black, np.ones((5, 5), np.uint8)) > 0
    tone = np.where(by_print, gray, lifted)
    # Where two coloured inks cross (a blue signature over a purple stamp) the pixel is dark but
    # deeply saturated, one channel near zero; so is the grey edge of a letter under the ink,
    # which stays with its letter, and a thin ruling under it, darker in every channel than
    # two inks make (JPEG gives it the ink's colour: lifted, the ruling was cut in two).
    deep = (chroma.astype(np.uint16) * 4 >= lightest.astype(np.uint16) * 3) & (strong > 0)
    deep &= ~by_print & (lightest > 0.5 * print_threshold)
    lifted[((near & (tone > ink_threshold)) | deep) & (fills == 0)] = 255
    # A stamp too faint for the steps above: where no strong colour is near (there they tell
    # stamp from the print under it better), told by its neighbourhood's colour. Over a fifth of
    # a fill's side: a stroke and its surroundings, not the next line of print.
    faint = tinted_strokes(
        image, gray, print_threshold, strong, min_fill_side / 5, 4 * min_fill_side
    )
    lifted[(faint > 0) & ~near & ~by_print & (fills == 0)] = 255
    # Over a dark fill the ink's own colour tells the grey under it: a stamp over a schedule's
    # marked cells keeps their grey (lifted by chroma alone it stayed a darker stroke there,
    # thickened the rulings it crossed and the grid lost them). Over print on paper the steps
    # above tell better (divided by an ink's colour measured on a real scan, letters faded).
    under, known = under_the_ink(
        image, cv2.bitwise_and(stroked, cv2.bitwise_not(fills)), max(1, min_marked), print_threshold
    )
    # JPEG leaves a stroke and the pixels beside it a little darker than what they lie on (a
    # fill's grey, raised to it); a ruling under them is far darker than their neighbourhood.
    rim = cv2.dilate(known.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    under[rim & ~known] = lifted[rim & ~known]
    # Their neighbourhood's paper or tint: uncoloured (a logo's or a coloured heading's own ink
    # is none of it), lighter than ink (nor is a ruling).
    around = _mean_around(lifted, ~rim & (coloured == 0) & (gray >= DARKEST_TINT), min_fill_side)
    raised = rim & (under.astype(np.float32) >= 0.75 * around)
    under[raised] = np.maximum(under[raised], around[raised])
    # Taken only where, so restored, they are part of a fill: a tint a fifth of a coloured
    # fill's side wide (text strokes are thinner),
    restored = np.where(rim, np.maximum(lifted, under), lifted)
    # the neighbourhood is a tint itself (a copier's black border is none) and the stroke comes
    # out as its grey (a coloured paper edge's does not).
    fill = shade_mask(restored, max(3, min_fill_side // 2))
    over_fill = rim & (cv2.dilate(fill, np.ones((3, 3), np.uint8)) > 0) & (around >= DARKEST_TINT)
    over_fill &= np.abs(restored.astype(np.float32) - around) <= 0.2 * around
    lifted[over_fill] = restored[over_fill]
    return lifted


def lightest_and_chroma(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's lightest channel (the paper a coloured ink leaves) and its chroma (max - min
    channel). Pure."""
    blue, green, red = cv2.split(bgr)
    lightest = cv2.max(cv2.max(blue, green), red)
    return lightest, cv2.subtract(lightest, cv2.min(cv2.min(blue, green), red))


def print_balanced(
    bgr: np.ndarray,
    gray: np.ndarray,
    print_threshold: float,
    cast_chroma: int,
    strong_chroma: int,
    least_contrast: int = 40,
    most_coloured_ink: float = 1 / 3,
) -> Optional[tuple[np.ndarray, float]]:
    """``bgr`` with each channel stretched so that the page's print comes out grey and its paper
    white (a scanner's colour cast: dark blue print on a bluish grey), and the paper's grey
    before. Print is the median colour of the ink (most of a page's ink is print), paper the
    median colour above the ink threshold; a stamp or a pen stroke of another colour than the
    print keeps a colour.

    None where the print has no cast of ``cast_chroma`` or more (black print whose darkest pixels
    are a stamp's), where a channel keeps too little contrast between print and paper to
    stretch, or where more than ``most_coloured_ink`` of the ink keeps ``strong_chroma`` once
    stretched: a page printed in several colours (a report's cover, its title in colour over a
    photograph), whose coloured print a stamp's lifting would wipe out."""
    ink = gray < 0.75 * print_threshold
    paper = gray > print_threshold
    if not ink.any() or not paper.any():
        return None
    ink_colour = np.median(bgr[ink], axis=0).astype(np.float32)
    paper_colour = np.median(bgr[paper], axis=0).astype(np.float32)
    contrast = paper_colour - ink_colour
    if np.ptp(ink_colour) < cast_chroma or contrast.min() < least_contrast:
        return None
    paper_grey = float(paper_colour.mean())
    ink_grey = float(ink_colour.mean()) * 255.0 / paper_grey
    stretched = (bgr.astype(np.float32) - ink_colour) * ((255.0 - ink_grey) / contrast) + ink_grey
    balanced = np.clip(stretched + 0.5, 0, 255).astype(np.uint8)
    ink_chroma = balanced[ink].max(axis=1).astype(np.int16) - balanced[ink].min(axis=1)
    if np.count_nonzero(ink_chroma >= strong_chroma) > most_coloured_ink * ink_chroma.size:
        return None
    return balanced, paper_grey


def _mean_around(gray: np.ndarray, counted: np.ndarray, side: int) -> np.ndarray:
    """Each pixel's mean grey over the ``counted`` pixels of the ``side`` square around it
    (paper where none is)."""
    weight = cv2.blur(counted.astype(np.float32), (side, side))
    total = cv2.blur(np.where(counted, gray, 0).astype(np.float32), (side, side))
    return np.where(weight > 0, total / np.maximum(weight, 1e-6), 255.0).astype(np.uint8)


def under_the_ink(
    bgr: np.ndarray,
    seeds: np.ndarray,
    least_seeds: int,
    paper_threshold: float,
    hue_reach: int = 8,
    least_chroma: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """The grey under coloured ink strokes, and where it is known: an ink multiplies what it
    lies on, so a stroke's brightest channel is the paper's (or the fill's, or the print's) grey
    times the ink's own brightest channel, and hue and saturation stay the ink's over any grey.

    Each ink is a peak of the hues of ``seeds`` (clearly coloured stroke pixels, at least
    ``least_seeds`` of a hue within ``hue_reach``), with its brightest channel and saturation
    where it lies on paper (the seeds at its own saturation brighter than ``paper_threshold``).
    A stroke's pixels are those of its hue, as saturated as the ink over a quarter of it,
    connected to a seed (or as saturated as the ink and as large as a stroke); where partly
    covered (a stroke's rim) the ink counts for as much as the saturation around the pixel
    says."""
    known = np.zeros(seeds.shape, bool)
    under = np.zeros(seeds.shape, np.uint8)
    hsv = cv2.cvtColor(np.ascontiguousarray(bgr), cv2.COLOR_BGR2HSV)
    hue, saturation, value = cv2.split(hsv)
    seeded = seeds > 0
    counts = np.bincount(hue[seeded].ravel(), minlength=180).astype(np.float64)
    window = np.ones(2 * hue_reach + 1)
    circular = np.concatenate([counts[-hue_reach:], counts, counts[:hue_reach]])
    within_reach = np.convolve(circular, window, "valid")
    # Per hue, the nearest ink within reach: (brightest channel 0..1, saturation 0..1).
    ink_light = np.zeros(180, np.float32)
    ink_saturation = np.zeros(180, np.float32)
    distance = np.full(180, hue_reach + 1)
    for peak in range(180):
        neighbours = [(peak + d) % 180 for d in (-1, 1)]
        if within_reach[peak] < least_seeds or any(
            within_reach[n] > within_reach[peak] for n in neighbours
        ):
            continue
        hues = [(peak + d) % 180 for d in range(-hue_reach, hue_reach + 1)]
        own = seeded & np.isin(hue, hues)
        s = float(np.median(saturation[own]))
        on_paper = own & (saturation >= s) & (value >= paper_threshold)
        if not on_paper.any():
            continue
        light = float(np.median(value[on_paper])) / 255.0
        for d in range(-hue_reach, hue_reach + 1):
            h = (peak + d) % 180
            if abs(d) < distance[h]:
                distance[h], ink_light[h], ink_saturation[h] = abs(d), light, s / 255.0
    if not ink_saturation.any():
        return under, known
    ink_s = ink_saturation[hue]
    chroma = value.astype(np.float32) * saturation / 255.0  # max - min channel
    stroke = (ink_s > 0) & (saturation >= 0.25 * ink_s * 255) & (chroma >= least_chroma)
    count, labels, stats = components(stroke.astype(np.uint8) * np.uint8(255))
    linked = np.zeros(count, bool)
    linked[np.unique(labels[seeded & stroke])] = True
    # A stroke wholly over a dark fill (a stamp's star inside a shaded cell) has no clearly
    # coloured pixel; as saturated as its ink and as large as a stroke, it is one.
    on = labels > 0
    pixels = np.maximum(np.bincount(labels[on], minlength=count), 1)
    mean_chroma = np.bincount(labels[on], weights=chroma[on], minlength=count) / pixels
    share = saturation[on] / 255.0 / np.maximum(ink_s[on], 1e-3)  # of the ink's saturation
    mean_share = np.bincount(labels[on], weights=share, minlength=count) / pixels
    linked |= (
        (stats[:, cv2.CC_STAT_AREA] >= least_seeds / 8)
        & (mean_chroma >= 2 * least_chroma)
        & (mean_share >= 0.75)
    )
    linked[0] = False
    known = linked[labels]
    # JPEG keeps colour at half resolution: a stroke's saturation is its neighbourhood's best.
    saturation = cv2.dilate(saturation, np.ones((3, 3), np.uint8))
    coverage = np.minimum(1.0, saturation[known] / np.maximum(ink_s[known] * 255, 1.0))
    light = 1.0 - coverage * (1.0 - ink_light[hue[known]])
    under[known] = np.clip(value[known] / np.maximum(light, 0.05) + 0.5, 0, 255).astype(np.uint8)
    return under, known


def evened_light(gray: np.ndarray, square: int, least_spread: int) -> np.ndarray:
    """``gray`` with the light evened out where it falls off across the page (a sheet
    photographed under a lamp: its far corner at 60 %, where Otsu's one threshold made the
    shadowed paper ink and the shading steps whitened it in blotches), or as it is.

    The paper's grey is the lightest grey of each ``square`` (text, rulings and fills narrower
    than it are darker than the paper around them), smoothed; each pixel is divided by it. A page
    whose paper spreads over fewer than ``least_spread`` levels is left as it is (an even scan,
    a copier's border narrower than the square)."""
    image = cv_image(gray)
    if image is None or min(image.shape) < 2 * square:
        return gray
    step = max(1, square // 16)  # measured on a reduced page: the light changes slowly
    small = cv2.resize(
        image, (image.shape[1] // step, image.shape[0] // step), interpolation=cv2.INTER_AREA
    )
    side = max(3, square // step) | 1
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    paper = cv2.GaussianBlur(paper, (0, 0), side / 2)
    low, high = np.percentile(paper, [2, 98])
    if high - low < least_spread:
        return gray
    paper = cv2.resize(paper, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_LINEAR)
    evened = image.astype(np.float32) * 255.0 / np.maximum(paper.astype(np.float32), 1.0)
    return np.clip(evened + 0.5, 0, 255).astype(np.uint8)


def tinted_strokes(
    bgr: np.ndarray,
    gray: np.ndarray,
    ink_level: float,
    strong: np.ndarray,
    blur_sigma: float,
    least_side: int,
    least_tint: float = 0.12,
) -> np.ndarray:
    """255 on the ink of a stamp too faint in colour to be told pixel by pixel: a 65-dpi JPEG
    keeps colour at half its resolution, so a stamp's ring has chroma 0-30 where the print has
    0-20. Over a neighbourhood (a Gaussian of ``blur_sigma`` px) a stamp's colour adds up, one
    hue, while a black letter's JPEG fringes (red on one side, blue on the other) cancel.

    A blob of ink in a tinted neighbourhood, ``least_side`` px or more across, whose ink holds
    ``least_tint`` colour per unit of ink on average (or 0.08 more than the page's print: a
    scanner's tint) is a stamp, and goes whole: a dashed remainder of a stamp confuses Tesseract
    more than the stamp does. Print under a stamp is darker than the stamp's own ink (the inks
    multiply, ``strong`` marks the stamp's clearly coloured pixels) and stays, and so do rulings
    twice ``least_side`` long."""
    # Page-sized float planes, made in place and let go as soon as used: a colour page at
    # 200 dpi is 5 Mpx, 20 MB a plane.
    blue, green, red = (plane.astype(np.float32) for plane in cv2.split(bgr))
    red_minus_green = red - green
    red += green
    red /= 2
    blue -= red  # blue - (red + green) / 2
    del red, green
    yellow_blue = cv2.GaussianBlur(blue, (0, 0), blur_sigma)
    del blue
    red_green = cv2.GaussianBlur(red_minus_green, (0, 0), blur_sigma)
    del red_minus_green
    lightness = gray.astype(np.float32)
    darkness = cv2.GaussianBlur(np.subtract(255.0, lightness, out=lightness), (0, 0), blur_sigma)
    del lightness
    tint = np.hypot(yellow_blue, red_green)
    del yellow_blue, red_green
    tint /= np.maximum(darkness, 20.0, out=darkness)
    del darkness
    ink = gray < ink_level
    if not ink.any():
        return np.zeros(gray.shape, np.uint8)
    least = max(least_tint, float(np.median(tint[ink])) + 0.08)  # most ink is print
    stamp_ink = gray[strong > 0]
    darkest = float(np.percentile(stamp_ink, 10)) if stamp_ink.size else 0.0
    tinted = (ink & (tint >= least / 2) & (gray >= darkest)).astype(np.uint8) * np.uint8(255)
    # A stamp's ring and lettering break where they cross print: their pieces are one blob.
    reach = round(2 * blur_sigma) | 1
    count, labels, stats = components(cv2.dilate(tinted, np.ones((reach, reach), np.uint8)))
    on = tinted > 0
    pixels = np.bincount(labels[on], minlength=count)
    mean_tint = np.bincount(labels[on], weights=tint[on], minlength=count) / np.maximum(pixels, 1)
    keep = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= least_side
    keep &= mean_tint >= least
    keep[0] = False
    stamp = cv2.bitwise_and(label_mask(labels, keep, stats), tinted)
    # A table's rulings run on under the stamp (a stamp's own straight strokes are shorter).
    horizontal, vertical = ruling_masks(ink.astype(np.uint8) * np.uint8(255), 2 * least_side)
    rulings = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    return erase(stamp, rulings)


def margin_artefacts(ink: np.ndarray, solid_side: int, margin: int) -> np.ndarray:
    """Punch holes and photocopy borders: 255 on the ink of solid dark blobs that touch the page's
    edge or lie wholly within ``margin`` pixels of it, and of bands along an edge.

    Solid means a ``solid_side`` square fits inside (thicker than any stroke of text or ruling, so
    an opening keeps only such areas). An edge-touching blob is only its solid part, widened by
    the opening's rim (a band can touch a table's rulings, which stay); a blob inside the margin
    band must also be round-ish (a disc fills ~79 % of its box; a heavy letter's solid strokes
    much less) and nearly all of its own ink (a heavy letter's or a letterhead logo's solid parts
    are a part of their strokes only). A photocopy's border is often a speckled texture, solid
    only once closed, and the paper's own edge shows as one inside the image: closed, a blob in
    the margin band that runs along an edge for a quarter of it is a border too."""
    image = cv_image(ink)
    if image is None:
        return np.zeros(np.shape(ink), np.uint8)
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (solid_side,) * 2)
    rim = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (solid_side + 1,) * 2)
    blobs = cv2.bitwise_or(_edge_bands(image, square, margin), _holes(image, square, margin))
    if not blobs.any():
        return blobs
    return cv2.bitwise_and(cv2.dilate(blobs, rim), image)


def _touching(stats: np.ndarray, width: int, height: int) -> np.ndarray:
    x0, y0 = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    x1, y1 = x0 + stats[:, cv2.CC_STAT_WIDTH], y0 + stats[:, cv2.CC_STAT_HEIGHT]
    return (x0 == 0) | (y0 == 0) | (x1 == width) | (y1 == height)


def _edge_bands(image: np.ndarray, square: np.ndarray, margin: int) -> np.ndarray:
    height, width = image.shape
    banded = cv2.morphologyEx(
        cv2.morphologyEx(image, cv2.MORPH_CLOSE, square), cv2.MORPH_OPEN, square
    )
    if not banded.any():
        return banded
    _, labels, stats = components(banded)
    x0, y0 = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    side = ((x0 + w <= margin) | (x0 >= width - margin)) & (h >= height / 4)
    top_or_bottom = ((y0 + h <= margin) | (y0 >= height - margin)) & (w >= width / 4)
    keep = side | top_or_bottom
    keep[0] = False
    return label_mask(labels, keep, stats)


def _holes(image: np.ndarray, square: np.ndarray, margin: int) -> np.ndarray:
    height, width = image.shape
    solid = cv2.morphologyEx(image, cv2.MORPH_OPEN, square)
    if not solid.any():
        return solid
    _, labels, stats = components(solid)
    x0, y0 = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    box_w, box_h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    x1, y1 = x0 + box_w, y0 + box_h
    touching = _touching(stats, width, height)
    in_margin = (x1 <= margin) | (y1 <= margin) | (x0 >= width - margin) | (y0 >= height - margin)
    round_ish = (stats[:, cv2.CC_STAT_AREA] >= 0.6 * box_w * box_h) & (
        np.maximum(box_w, box_h) <= 2 * np.minimum(box_w, box_h)
    )
    keep = touching | (in_margin & round_ish)
    keep[0] = False
    if (keep & ~touching)[1:].any():
        _, ink_labels, ink_stats = components(image)
        for label in np.flatnonzero(keep & ~touching):
            blob = labels[y0[label] : y1[label], x0[label] : x1[label]] == label
            owner = ink_labels[y0[label] : y1[label], x0[label] : x1[label]][blob]
            owner_area = ink_stats[np.bincount(owner).argmax(), cv2.CC_STAT_AREA]
            keep[label] = stats[label, cv2.CC_STAT_AREA] >= 0.75 * owner_area
    return label_mask(labels, keep, stats)


def picture_boxes(ink: np.ndarray, min_height: int) -> list[PxBox]:
    """Boxes of single ink blobs taller than ``min_height``: signatures, logos, emblems.

    No glyph of running text is that tall (callers pass about two lines of body text), and the
    rulings that are were erased from ``ink`` before; a scribble or an emblem's outline is one
    connected stroke across several text lines."""
    _, _, stats = components(ink)
    tall = np.flatnonzero(stats[1:, cv2.CC_STAT_HEIGHT] > min_height) + 1
    return [
        (int(x), int(y), int(x + w), int(y + h))
        for x, y, w, h in (stats[label, :4] for label in tall)
    ]


def speck_mask(ink: np.ndarray, max_area: int) -> np.ndarray:
    """Connected ink blobs of at most ``max_area`` pixels (scanner dust, toner specks).

    The limit must stay below the smallest real mark (a full stop is ~16 px at 200 dpi for 11 pt
    type), so callers scale it with the resolution.
    """
    count, labels, stats = components(ink)
    small = np.zeros(count, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= max_area
    return label_mask(labels, small, stats)


def dot_count(ink: np.ndarray, max_side: float) -> Optional[int]:
    """How many blobs ``ink`` (a crop) holds when each is a round dot no wider or taller than
    ``max_side`` (a full stop's shape, or a toner speck's), else None. A dash is a bar, a quote
    or a comma is taller than wide."""
    count, _, stats = components(ink)
    if count < 2:
        return None
    widths, heights = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    longer, shorter = np.maximum(widths, heights), np.minimum(widths, heights)
    return count - 1 if bool(((longer <= max_side) & (longer <= 1.8 * shorter)).all()) else None


def all_bars(ink: np.ndarray, least_ratio: float = 1.5) -> bool:
    """Whether ``ink`` (a crop) holds ink and each of its blobs is a level bar (a dash's shape):
    at least ``least_ratio`` times as wide as tall."""
    count, _, stats = components(ink)
    widths, heights = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    return count > 1 and bool((widths >= least_ratio * heights).all())


def end_strip(ink: np.ndarray, left: bool) -> Optional[tuple[int, int]]:
    """The columns (x0, x1) of ``ink`` (a word's crop) its first blob (``left``) or its last
    spans: where the word's first or last glyph stands, over the crop's whole height (a colon's
    two dots share theirs)."""
    count, _, stats = components(ink)
    if count < 2:
        return None
    lefts = stats[1:, cv2.CC_STAT_LEFT]
    rights = lefts + stats[1:, cv2.CC_STAT_WIDTH]
    blob = int(np.argmin(lefts)) if left else int(np.argmax(rights))
    return int(lefts[blob]), int(rights[blob])


def label_mask(labels: np.ndarray, keep: np.ndarray, stats: np.ndarray) -> np.ndarray:
    """255 where a pixel's connected-component label is kept (``keep``: one bool per label;
    ``stats``: cv2's per-label boxes).

    A few kept blobs (rulings) are painted within their boxes; many (specks) take one uint8
    lookup over the label image."""
    kept = np.flatnonzero(keep)
    if len(kept) > 256:
        lookup = np.where(keep, np.uint8(255), np.uint8(0)).astype(np.uint8)
        out = np.empty(labels.shape, np.uint8)
        # In bands of rows: ``take`` first turns its labels into 64-bit indices, and a page's at
        # once is a fresh 35 MB array (~8 ms a page at 200 dpi, in bands ~3 ms).
        for top in range(0, labels.shape[0], 256):
            lookup.take(labels[top : top + 256], out=out[top : top + 256])
        return out
    out = np.zeros(labels.shape, np.uint8)
    for label in kept:
        x, y, w, h = stats[label, :4]
        window = out[y : y + h, x : x + w]
        window[labels[y : y + h, x : x + w] == label] = 255
    return out


def whiten(gray: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A copy of ``gray`` with the masked pixels set to paper white."""
    out = gray.copy()
    out[mask > 0] = 255
    return out


def estimate_skew(
    ink: np.ndarray, max_degrees: float = 5.0, step: float = 0.05, strip: int = 16
) -> float:
    """The page's skew in degrees (positive = content rotated counter-clockwise, as cv2 angles).

    Projection-profile method: text lines and ruling lines make the row sums of the ink peaky
    when the page is level, so the angle that maximises the variance of the row profile wins.
    It needs no ruling lines, so it works for plain body pages too. Searched coarse to fine.

    Within a few degrees a rotation is, for the row profile, a shear: each narrow column strip
    moves up or down by its distance from the centre times the sine. So the row profile of every
    strip is summed once and each candidate angle only shifts and adds those profiles, instead of
    rotating the whole image (~30 rotations of the page took ~0.13 s CPU on a 200 dpi page; this
    takes ~0.01 s).
    """
    if not ink.any():
        return 0.0
    height, width = ink.shape
    strips = width // strip
    if strips < 2:
        return 0.0
    profiles = (
        (ink[:, : strips * strip] > 0).reshape(height, strips, strip).sum(axis=2, dtype=np.int32).T
    )
    centres = (np.arange(strips) + 0.5) * strip - width / 2
    margin = int(np.ceil(abs(centres).max() * np.sin(np.radians(max_degrees + 1.0)))) + 1
    # Running sums over the strips, padded: strips i to j summed are one difference of two rows.
    running = np.zeros((strips + 1, height + 2 * margin), np.int64)
    np.cumsum(profiles, axis=0, out=running[1:, margin : margin + height])

    def score(angle: float) -> float:
        # cv2's rotation by ``angle`` maps (x, y) to y' = y - x·sin(angle) about the centre.
        shifts = np.rint(centres * np.sin(np.radians(angle))).astype(np.int64)
        # Neighbouring strips move by the same whole row (near level, dozens of them): each run
        # of them is summed at once and shifted once. The sums are whole numbers, so the
        # profile and its variance are exactly those of shifting every strip on its own.
        ends = [*np.flatnonzero(np.diff(shifts)) + 1, strips]
        profile = np.zeros(height, np.int64)
        first = 0
        for last in ends:
            rows = slice(margin + shifts[first], margin + shifts[first] + height)
            profile += running[last, rows]
            profile -= running[first, rows]
            first = last
        return float(np.var(profile))

    best = 0.0
    for span, stride in ((max_degrees, 0.5), (0.5, 0.1), (0.1, step)):
        candidates = np.arange(best - span, best + span + 1e-9, stride)
        best = float(max(candidates, key=score))
    return round(best, 3)


def x_height(ink: np.ndarray, min_letters: int = 50) -> Optional[float]:
    """The typical height in pixels of lower-case letters without ascenders, or None with too few letters.

    Such letters (a, e, m, n, r, s, u) are the commonest blobs of running text, so the most
    frequent blob height among letter-shaped blobs is the x-height; capitals, ascenders and
    descenders spread over larger heights, rulings and specks are not letter-shaped. A letter
    stands on its line beside another of its height; a photocopy's toner specks (as many as the
    letters on a dusty copy, and as round) stand alone.
    """
    _, _, stats = components(ink)
    heights, widths = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    shaped = (heights >= 4) & (heights <= 80) & (widths >= 2) & (widths <= 1.5 * heights)
    letters = heights[shaped & _beside_a_like_blob(stats[1:])]
    if letters.size < min_letters:
        return None
    counts = np.bincount(letters).astype(np.float64)
    # Smooth over neighbouring heights: JPEG and skew spread one letter height over two bins.
    smoothed = np.convolve(counts, [1.0, 1.0, 1.0], mode="same")
    peak = int(np.argmax(smoothed))
    window = np.arange(max(0, peak - 1), min(len(counts), peak + 2))
    return float((counts[window] * window).sum() / max(1.0, counts[window].sum()))


def _beside_a_like_blob(stats: np.ndarray) -> np.ndarray:
    """Per blob (cv2 stats rows): whether another blob of its height (±1 px) stands on the same
    bottom line (±1 px) within one and a half heights of it to the right or the left."""
    x, width = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_WIDTH]
    height = stats[:, cv2.CC_STAT_HEIGHT]
    bottom = stats[:, cv2.CC_STAT_TOP] + height
    beside = np.zeros(len(stats), dtype=bool)
    for shift in (0, 1):  # bottoms one pixel apart share a bin in one of the two binnings
        line = (bottom + shift) // 2
        order = np.lexsort((x, line))
        left, right = order[:-1], order[1:]
        like = (
            (line[left] == line[right])
            & (np.abs(height[left] - height[right]) <= 1)
            & (x[right] - (x[left] + width[left]) <= 1.5 * height[left])
        )
        beside[left[like]] = True
        beside[right[like]] = True
    return beside


def enlarged(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``image`` (grey or colour) enlarged to ``size`` (width, height) with Lanczos interpolation.

    A low-resolution scan reads better so than as pdfium smooths it to the same size: measured
    on pages 1 of four scans brought down to 65 dpi, the words Tesseract read matched the 200-dpi
    reading 0.94 on average (0.86-0.98), pdfium's 0.90 (0.81-0.95); at 100 dpi pdfium's was as
    good or better."""
    array = np.ascontiguousarray(image)
    if array.size == 0 or min(size) < 1:
        return array
    if max(size) > MAX_SIDE:
        raise ValueError(f"image of {size[0]}×{size[1]} px is too large to process")
    return cv2.resize(array, size, interpolation=cv2.INTER_LANCZOS4)


def rotate(image: np.ndarray, degrees: float, border: int = 255) -> np.ndarray:
    """Rotate about the centre keeping the size (a deskew moves content by a few pixels only)."""
    source = cv_image(image)
    if abs(degrees) < 1e-3 or source is None:
        return image.copy()
    height, width = source.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(
        source,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )


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
    image = cv_image(ink)
    if image is None:
        return np.zeros(np.shape(ink), np.uint8), np.zeros(np.shape(ink), np.uint8)
    bridge = max(3, min_length // 20)
    horizontal = cv2.morphologyEx(
        image, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1))
    )
    horizontal = cv2.morphologyEx(
        horizontal, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (min_length, 1))
    )
    vertical = cv2.morphologyEx(
        image, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge))
    )
    vertical = cv2.morphologyEx(
        vertical, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, min_length))
    )
    return horizontal, vertical


def ruling_segments(
    mask: np.ndarray,
    ink: np.ndarray,
    horizontal: bool,
    max_thickness: int,
    max_side_ink: float = 0.25,
) -> tuple[list[Segment], np.ndarray]:
    """Segments (on each blob's centre line) of a ruling mask, and the mask of the kept blobs.

    Two kinds of blob are not rulings and are dropped:
    - blobs thicker than ``max_thickness`` along most of their length: solid areas (shading, a
      photo, a stamp); a ruling that a stroke runs along for a stretch (a stamp's ring crossing
      it at a slant) is thicker there only;
    - blobs with ink packed along one side: the touching baseline serifs of a bold heading
      ("PEMILIHAN") survive the opening like a line, but a band just above them is full of letter
      stems, while the band beside a real ruling is mostly the cell's empty padding.
    """
    count, labels, stats = components(mask)
    keep = np.zeros(count, dtype=bool)
    segments = []
    height, width = ink.shape
    trimmed: list[tuple[int, int, int, int, int]] = []  # label, and the box of its ruling
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if (h if horizontal else w) > max_thickness:
            y, h, x, w = _typical_span(labels, label, (x, y, w, h), horizontal)
            trimmed.append((label, x, y, w, h))
        thickness = h if horizontal else w
        if thickness > max_thickness:
            continue
        gap, band = 2, max(2, thickness)
        if horizontal:
            above = ink[max(0, y - gap - band) : max(0, y - gap), x : x + w]
            below = ink[min(height, y + h + gap) : min(height, y + h + gap + band), x : x + w]
        else:
            above = ink[y : y + h, max(0, x - gap - band) : max(0, x - gap)]
            below = ink[y : y + h, min(width, x + w + gap) : min(width, x + w + gap + band)]
        if max(_ink_share(above), _ink_share(below)) > max_side_ink:
            continue
        keep[label] = True
        if horizontal:
            segments.append(Segment(float(x), y + h / 2, float(x + w), y + h / 2))
        else:
            segments.append(Segment(x + w / 2, float(y), x + w / 2, float(y + h)))
    kept = label_mask(labels, keep, stats)
    for label, x, y, w, h in trimmed:  # the ruling only: not the stroke that ran along it
        if keep[label]:
            x0, y0, x1, y1 = stats[label, 0], stats[label, 1], x + w, y + h
            x1, y1 = max(x1, x0 + stats[label, 2]), max(y1, y0 + stats[label, 3])
            window = kept[y0:y1, x0:x1]
            ruling = np.zeros(window.shape, bool)
            ruling[max(0, y - 1 - y0) : y + h + 1 - y0, max(0, x - 1 - x0) : x + w + 1 - x0] = True
            window[~ruling & (labels[y0:y1, x0:x1] == label)] = 0
    return segments, kept


def _typical_span(
    labels: np.ndarray, label: int, box: tuple[int, int, int, int], horizontal: bool
) -> tuple[int, int, int, int]:
    """A ruling blob's box with its cross-extent the median one along its length: (y, h, x, w)
    for a horizontal blob, the box's own x and w kept (and the other way round)."""
    x, y, w, h = (int(v) for v in box)
    own = labels[y : y + h, x : x + w] == label
    if not horizontal:
        own = own.T
    along = own.any(axis=0)
    first = np.argmax(own[:, along], axis=0)
    extent = own[:, along].sum(axis=0)
    start = (y if horizontal else x) + int(np.median(first))
    size = int(np.median(extent))
    return (start, size, x, w) if horizontal else (y, h, start, size)


def _ink_share(band: np.ndarray) -> float:
    return float(np.count_nonzero(band)) / band.size if band.size else 0.0


def segments_to_tables(
    segments: list[Segment], tolerance: float
) -> list[list[tuple[float, float, float, float]]]:
    """Cells of each ruled table, as (x0, top, x1, bottom) boxes, largest table area first.

    Uses pdfplumber's own pure lattice functions (snap, join, intersect, smallest enclosing
    rectangle), so a scan's merged cells come out exactly as a text PDF's would: a cell is the
    smallest rectangle whose four sides are rulings, and a missing ruling segment between two
    rows therefore yields one taller, merged cell.
    """
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    edges = [edge_dict(s) for s in segments]
    if not edges:
        return []
    edges = merge_edges(
        edges,
        snap_x_tolerance=tolerance,
        snap_y_tolerance=tolerance,
        join_x_tolerance=tolerance,
        join_y_tolerance=tolerance,
    )
    intersections = edges_to_intersections(edges, x_tolerance=tolerance, y_tolerance=tolerance)
    cells = intersections_to_cells(intersections)
    tables = [list(t) for t in cells_to_tables(cells)]
    tables.sort(key=lambda cells: -geometry.area(geometry.hull(cells)))
    return tables


def fill_edges(
    shade: np.ndarray,
    min_side: int,
    tables: list[tuple[float, float, float, float]],
    tolerance: float,
    text: Optional[np.ndarray] = None,
) -> list[Segment]:
    """The straight sides of each fill that overlaps one of the ``tables`` boxes, as ruling segments.

    A fill is drawn inside its cells, so its sides are cell sides, as pdfplumber takes a filled
    rect's edges for a text PDF. On a scan the ruling beside a fill can be lost: blurred to the
    fill's own grey, it is whitened with the tint (the right edge of the Semarang grid where
    December is shaded, the DKI schedule whose shaded months run down a whole column). Cells
    shaded side by side make one fill of several rectangles (an L, a staircase): every straight
    side of its outline at least ``min_side`` long is a cell side; the rulings between its cells
    are hidden under the tint (``join_across_fills``). A fill is taken when it overlaps a table
    found from the rulings alone: a grey band away from any table gives no sides, and nor does
    one holding words (``text``: the ink that is no ruling).
    """
    count, labels, stats = components(shade, connectivity=4)
    grown = [
        (t[0] - tolerance, t[1] - tolerance, t[2] + tolerance, t[3] + tolerance) for t in tables
    ]
    reach = max(1, round(tolerance))
    segments = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if w < 2 * min_side or h < 2 * min_side:  # a letter's counter, a gap between letters
            continue
        box = (float(x), float(y), float(x + w), float(y + h))
        if not any(geometry.intersection(box, t) for t in grown):
            continue
        # A tinted band that holds words (a header) keeps its rulings in view, and its outline
        # follows the letters: only fills without text stand for cell sides lost to the tint
        # (letters cover 3 % of a box or more; OCR's specks on a grey cell are not ink).
        if text is not None and np.count_nonzero(text[y : y + h, x : x + w]) >= 0.03 * w * h:
            continue
        fill = np.zeros((h + 2 * reach + 2, w + 2 * reach + 2), np.uint8)
        inner = fill[reach + 1 : reach + 1 + h, reach + 1 : reach + 1 + w]
        inner[labels[y : y + h, x : x + w] == label] = 255
        # Notches the rulings and letters leave in the fill's outline are closed first.
        square = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1))
        fill = cv2.morphologyEx(fill, cv2.MORPH_CLOSE, square)
        origin = (x - reach - 1, y - reach - 1)
        # A letter stands 1.5-2 pt from the side it cuts (a header's 'Waktu' beside the tint
        # left of it, the scanned Magelang LAKIP layout); a cell's padding keeps text further.
        segments += [
            side
            for side in _outline_sides(fill, min_side, reach, origin)
            if text is None or not _letters_beside(text, side, max(2, 3 * reach // 4))
        ]
    return segments


def _letters_beside(text: np.ndarray, side: Segment, width: int, min_share: float = 0.15) -> bool:
    """Whether letters stand right against a fill's side, within ``width`` pixels on either
    hand for ``min_share`` of its length: the side is a letter's edge, where the tint around a
    word in a wide header cell was too thin for the fill to close over it ('Output' on the ZI
    plan's grey header read 'Dut out', cut by the sides its letters gave). A cell's side has its
    ruling and the cell's padding beside it."""
    length = max(1.0, abs(side.x1 - side.x0) + abs(side.y1 - side.y0))
    for hand in (-1, 1):
        if side.horizontal:
            y = round(side.y0)
            rows = (
                slice(max(0, y + 1), y + 1 + width)
                if hand > 0
                else slice(max(0, y - width - 1), max(0, y - 1))
            )
            strip = text[rows, max(0, round(side.x0)) : round(side.x1)]
            covered = np.count_nonzero(strip.any(axis=0))
        else:
            x = round(side.x0)
            cols = (
                slice(max(0, x + 1), x + 1 + width)
                if hand > 0
                else slice(max(0, x - width - 1), max(0, x - 1))
            )
            strip = text[max(0, round(side.y0)) : round(side.y1), cols]
            covered = np.count_nonzero(strip.any(axis=1))
        if covered >= min_share * length:
            return True
    return False


def _outline_sides(
    fill: np.ndarray, min_length: int, reach: int, origin: tuple[int, int]
) -> list[Segment]:
    """The horizontal and vertical runs of a filled shape's outline at least ``min_length`` long,
    each on the boundary between the fill's pixels and the paper's (pixel edges, as a rect's)."""
    solid = fill > 0
    sides = []
    for horizontal in (True, False):
        axis = 0 if horizontal else 1
        # Boundary pixels: filled with paper on the one side across the side's direction.
        before = solid & ~np.roll(solid, 1, axis=axis)
        after = solid & ~np.roll(solid, -1, axis=axis)
        for edge, offset in ((before, 0.0), (after, 1.0)):
            across = (1, 2 * reach + 1) if horizontal else (2 * reach + 1, 1)  # (width, height)
            odd = min_length | 1  # an even kernel's opening shifts the run by a pixel
            along = (odd, 1) if horizontal else (1, odd)
            band = cv2.morphologyEx(
                cv2.dilate(
                    (edge * 255).astype(np.uint8),
                    cv2.getStructuringElement(cv2.MORPH_RECT, across),
                ),
                cv2.MORPH_OPEN,
                cv2.getStructuringElement(cv2.MORPH_RECT, along),
            )
            _, _, stats = components(band, connectivity=4)
            for bx, by, bw, bh, _ in stats[1:]:
                if horizontal:
                    at = float(by + bh / 2 - 0.5 + offset + origin[1])
                    sides.append(Segment(float(bx + origin[0]), at, float(bx + bw + origin[0]), at))
                else:
                    at = float(bx + bw / 2 - 0.5 + offset + origin[0])
                    sides.append(Segment(at, float(by + origin[1]), at, float(by + bh + origin[1])))
    return sides


def join_broken_rulings(
    segments: list[Segment], tolerance: float, drawn: Callable[[Segment], bool]
) -> list[Segment]:
    """Segments over the stretches of rulings that ``drawn`` finds drawn but the ink mask lost:
    between two rulings in line (one ruling in pieces), and from a ruling's end on to the next
    ruling running the other way, past one it already meets (a pale stretch of a row ruling in
    the No column). A thin ruling of a low-resolution scan wavers by a pixel, its runs on one
    pixel row shorter than the ruling kernel, and a ruling across shaded cells is too pale
    against the grey to be ink. Pure, given ``drawn``."""
    joins = []
    for horizontal in (True, False):
        across = (lambda s: s.y0) if horizontal else (lambda s: s.x0)
        crossing = [s for s in segments if s.horizontal != horizontal]
        groups: list[list[Segment]] = []
        for s in sorted((s for s in segments if s.horizontal == horizontal), key=across):
            if groups and across(s) - across(groups[-1][-1]) <= tolerance:
                groups[-1].append(s)
            else:
                groups.append([s])
        for group in groups:
            at = float(round(sum(map(across, group)) / len(group)))
            stretch = partial(_stretch, horizontal, at)
            spans = sorted(
                (min(s.x0, s.x1), max(s.x0, s.x1))
                if horizontal
                else (min(s.y0, s.y1), max(s.y0, s.y1))
                for s in group
            )
            end = spans[0][1]
            for start, stop in spans[1:]:
                if start - end > tolerance and drawn(stretch(end, start)):
                    joins.append(stretch(end, start))
                end = max(end, stop)
            stops = sorted(
                {s.x0 if horizontal else s.y0 for s in crossing if _spans(s, at, tolerance)}
            )
            first, last = spans[0][0], end
            before = [x for x in stops if x < first - tolerance]
            if before and drawn(stretch(before[-1], first)):
                joins.append(stretch(before[-1], first))
            beyond = [x for x in stops if x > last + tolerance]
            if beyond and drawn(stretch(last, beyond[0])):
                joins.append(stretch(last, beyond[0]))
    return joins


def _stretch(horizontal: bool, at: float, low: float, high: float) -> Segment:
    """A segment from ``low`` to ``high`` along a line at ``at`` across it."""
    return Segment(low, at, high, at) if horizontal else Segment(at, low, at, high)


def stands_out(
    gray: np.ndarray, segment: Segment, min_contrast: int, share: float, beside: int = 4
) -> bool:
    """Whether a line runs along ``segment`` in ``gray``, darker by ``min_contrast`` than what
    lies beside it: at ``share`` of its length, the darkest pixel within 2 px across the line is
    that much darker than the lighter of its two sides (``beside`` to 2 × ``beside`` px away). A
    ruling across a shaded cell stands out from the grey, the fill's own inside does not; a fill's
    edge does (the paper beside it), as a fill's side is a cell side."""
    height, width = gray.shape
    lo, hi = (segment.x0, segment.x1) if segment.horizontal else (segment.y0, segment.y1)
    lo, hi = max(0, round(lo)), round(hi)
    at = round(segment.y0 if segment.horizontal else segment.x0)
    image = gray if segment.horizontal else gray.T
    limit = height if segment.horizontal else width
    if hi <= lo or at - 2 * beside < 0 or at + 2 * beside + 1 > limit:
        return False
    stretch = image[:, lo:hi]
    darkest = stretch[at - 2 : at + 3].min(axis=0).astype(int)
    before = np.median(stretch[at - 2 * beside : at - beside + 1], axis=0)
    after = np.median(stretch[at + beside : at + 2 * beside + 1], axis=0)
    background = np.maximum(before, after)
    if not np.size(darkest):
        return False
    return float(np.mean(darkest <= background - min_contrast)) >= share


def edge_dict(segment: Segment) -> dict:
    x0, x1 = sorted((segment.x0, segment.x1))
    top, bottom = sorted((segment.y0, segment.y1))
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "h" if segment.horizontal else "v",
        "object_type": "line",
    }


# ---------------------------------------------------------------- shading, grid columns, marks


# Greys darker than this are ink, never a tint (see ``shade_mask``).
DARKEST_TINT = 80


def shade_mask(
    gray: np.ndarray, min_side: int, paper_margin: int = 40, ink_below: int = DARKEST_TINT
) -> np.ndarray:
    """Solid tinted areas (shaded grid cells, grey header bands): 255 where the page is shaded.

    A pixel noticeably darker than the paper, but lighter than ink (``ink_below``), belongs to a
    shade when a ``min_side`` square of such pixels fits around it: text strokes and rulings are
    far thinner, so an opening removes them and keeps the fills (and the rulings and letters
    inside a fill, which the opening's square covers too). Black is never a tint: where a bold
    glyph sits on a ruling the two make a solid black patch, and whitening it as a shade cut the
    ruling in two (the Demak banner rows).
    """
    image = cv_image(gray)
    if image is None:
        return np.zeros(np.shape(gray), np.uint8)
    paper = int(np.percentile(gray, 90))
    # ink_below <= grey < paper - paper_margin, in one pass over the page
    tinted = cv2.inRange(image, ink_below, paper - paper_margin - 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (min_side, min_side))
    opened = cv2.morphologyEx(tinted, cv2.MORPH_OPEN, kernel)
    # The tint between a fill's strokes and its sides is the fill's too (narrower than the
    # square: left grey, it was ink beside the rulings, which grew too thick to be rulings).
    closed = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, kernel)
    return cv2.bitwise_or(opened, cv2.bitwise_and(closed, tinted))


def invert_dark_fills(
    gray: np.ndarray,
    min_side: int,
    min_dark_share: float,
    letter_stroke: int,
    rim: int = 2,
    ink_below: int = 80,
) -> np.ndarray:
    """``gray`` with each dark fill that holds light text (a white-on-dark banner row, a header
    printed reversed) turned into a light tint holding dark text, as a tinted banner is printed:
    OCR reads dark text on light paper only, and the shading steps find a tint's sides.

    A fill is a dark rectangle inside the page (its box at least ``min_side`` each way and nine
    tenths filled, at least ``min_dark_share`` of it dark) once its light letters are closed
    over (strokes up to ``letter_stroke`` wide), with light blobs inside it that do not reach
    its rim, a margin of fill on every side, and as dark as ink (below ``ink_below``, as for
    ``shade_mask``). Black type, however bold, is a fraction of its box and ragged at its rim; a
    round emblem is no rectangle; a grey tint is left to the shading steps; solid black with
    nothing light inside (a filled mark) and a photocopy's border are left as they are. The
    fill's rectangle is turned, and its outline stays dark, ``rim`` pixels wide: the rulings
    the fill covered."""
    image = cv_image(gray)
    if image is None:
        return gray
    _, dark = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    stroke = cv2.getStructuringElement(cv2.MORPH_RECT, (letter_stroke,) * 2)
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (min_side,) * 2)
    solid = cv2.morphologyEx(
        cv2.morphologyEx(dark, cv2.MORPH_CLOSE, stroke), cv2.MORPH_OPEN, square
    )
    if not solid.any():
        return gray
    _, labels, stats = components(solid)
    out = None
    # As light as a tinted banner: darker than the paper, lighter than ink.
    tint = max(120, int(np.percentile(image, 90)) - 70)
    at_edge = _touching(stats, image.shape[1], image.shape[0])  # a photocopy's border
    fills = [
        (label, *rectangle)
        for label, (x, y, w, h, _) in enumerate(stats[1:], start=1)
        if w >= min_side and h >= min_side and not at_edge[label]  # inside the page
        for rectangle in _rectangles(labels[y : y + h, x : x + w] == label, x, y, min_side)
    ]
    for label, x, y, w, h in fills:
        box = (slice(y, y + h), slice(x, x + w))
        if np.count_nonzero(dark[box]) < min_dark_share * w * h:
            continue
        # Letters lie inside the fill: light blobs that do not reach its box's rim.
        _, _, light = components(255 - dark[box])
        inside = ~_touching(light, w, h)
        inside[0] = False
        if light[inside, cv2.CC_STAT_AREA].sum() < min_side:  # nothing inside: a solid mark
            continue
        # The fill's rectangle: the rows and columns it spans for most of its box (closed over
        # letters, it also takes in the tips of letters standing just outside it).
        own = labels[box] == label
        rows = np.flatnonzero(own.mean(axis=1) >= 0.5)
        cols = np.flatnonzero(own.mean(axis=0) >= 0.5)
        if not len(rows) or not len(cols):
            continue
        top, bottom, left, right = y + rows[0], y + rows[-1] + 1, x + cols[0], x + cols[-1] + 1
        # Its letters stand inside it with a margin of fill on every side, as dark as ink: lines
        # of the box dark nearly all along above, below and beside them. A band of bold black
        # type, closed into a dark box too, has gaps between its letters on every line; a grey
        # tint is lighter than ink and left to the shading steps.
        inside_dark = dark[top:bottom, left:right] > 0
        if (
            not (_padded(inside_dark.mean(axis=1)) and _padded(inside_dark.mean(axis=0)))
            or np.median(image[top:bottom, left:right]) >= ink_below
        ):
            continue
        out = image.copy() if out is None else out
        inner = out[top + rim : bottom - rim, left + rim : right - rim]
        turned = np.minimum(255 - inner.astype(np.int16), tint).astype(np.uint8)
        out[top:bottom, left:right] = 0  # its outline: the rulings the fill covered
        out[top + rim : bottom - rim, left + rim : right - rim] = turned
    return gray if out is None else out


def _rectangles(own: np.ndarray, x: int, y: int, min_side: int) -> list[tuple[int, int, int, int]]:
    """The rectangles (x, y, width, height) a solid dark area at (``x``, ``y``) is made of: itself
    when it nearly fills its box, else its bands of rows (or of columns) over which it spans the
    same stretch, each nearly filling its own box: dark fills meeting in an L or a T (a banner row
    over shaded header cells), which together make up the area. A round or ragged area (an
    emblem, bold type) is no rectangle."""
    height, width = own.shape
    if own.mean() >= 0.9:
        return [(x, y, width, height)]
    for across in (own, own.T):  # bands of rows, else bands of columns
        spans = [
            (int(row.argmax()), len(row) - int(row[::-1].argmax())) if row.any() else (0, 0)
            for row in across
        ]
        bands, start = [], 0
        for i in range(1, len(spans) + 1):
            if (
                i == len(spans)
                or max(map(abs, np.subtract(spans[i], spans[start]))) > min_side // 2
            ):
                bands.append((start, i))
                start = i
        found = []
        for first, last in bands:
            left, right = spans[first]
            band = across[first:last, left:right]
            if last - first >= min_side and right - left >= min_side and band.mean() >= 0.9:
                found.append((left, first, right - left, last - first))
        # The rectangles make up the area: a band cut out of an emblem is not a fill.
        if len(bands) > 1 and sum(w * h for *_, w, h in found) >= 0.9 * own.sum():
            return [
                (x + a, y + b, w, h) if across is own else (x + b, y + a, h, w)
                for a, b, w, h in found
            ]
    return []


def _padded(dark_share: np.ndarray, solid: float = 0.9, least: int = 2) -> bool:
    """Both outer thirds of a profile hold ``least`` lines dark for ``solid`` of their length."""
    third = max(1, len(dark_share) // 3)
    return bool(
        np.count_nonzero(dark_share[:third] >= solid) >= least
        and np.count_nonzero(dark_share[-third:] >= solid) >= least
    )


def shade_level(gray: np.ndarray, shade: np.ndarray) -> Optional[int]:
    """The typical grey of the shaded pixels (the median: letters and rulings in it are few)."""
    values = gray[shade > 0]
    return int(np.median(values)) if values.size else None


def deshade(gray: np.ndarray, shade: np.ndarray, text_share: float = 0.6) -> np.ndarray:
    """Paper-white where the shade is, except strokes clearly darker than their own fill (text,
    rulings). Each fill is measured apart: a page holds light header bands and dark schedule
    marks (a PKPT's month cells at 35 % grey), and by the page's one typical grey (the bands')
    the dark fills were strokes, stayed ink and made the rulings they touch too thick to be
    rulings: the grid was lost."""
    count, labels, stats = components(shade)
    if count < 2:
        return gray
    out = gray.copy()
    for label in range(1, count):
        x, y, w, h = stats[label, :4]
        box = (slice(y, y + h), slice(x, x + w))
        own = labels[box] == label
        window = out[box]
        level = float(np.median(window[own]))
        window[own & (window > level * text_share)] = 255
    return out


def grid_columns(
    xs: list[float], max_width: float, min_run: int = 3, width_spread: float = 0.3
) -> list[int]:
    """Indices of the columns (between consecutive ``xs``) that form a schedule grid.

    A grid is a run of at least ``min_run`` adjacent narrow columns of about equal width (twelve
    months, four quarters); a lone narrow column (the row number) is not part of one.
    """
    widths = [b - a for a, b in zip(xs, xs[1:])]
    runs: list[list[int]] = []
    for index, width in enumerate(widths):
        if width > max_width:
            runs.append([])
            continue
        run = runs[-1] if runs else []
        typical = float(np.median([widths[i] for i in run])) if run else width
        if run and abs(width - typical) <= width_spread * typical:
            run.append(index)
        else:
            runs.append([index])
    return [index for run in runs if len(run) >= min_run for index in run]


@dataclass(frozen=True, slots=True)
class InkShape:
    """What the ink inside a grid cell looks like, from pixels alone."""

    pixels: int
    blobs: int  # connected pieces after bridging JPEG breaks
    box: Optional[PxBox]  # bounding box of all the ink, in the cell's coordinates
    has_hole: bool  # a closed loop (0, 6, 8, 9, %)

    def is_tick(self, max_side: float) -> bool:
        """One compact open stroke (√ ✓ v x •): not a digit with a loop, a bar (1, I) or a dash."""
        if self.blobs != 1 or self.box is None or self.has_hole:
            return False
        width, height = self.box[2] - self.box[0], self.box[3] - self.box[1]
        return max(width, height) <= max_side and 0.45 <= height / max(width, 1) <= 2.2

    def is_bar(self, max_side: float) -> bool:
        """One upright stroke without a loop, much taller than wide: a "1" (or "I", "l", "|")."""
        if self.blobs != 1 or self.box is None or self.has_hole:
            return False
        width, height = self.box[2] - self.box[0], self.box[3] - self.box[1]
        return height <= max_side and height / max(width, 1) > 2.2

    def is_dash(self, max_side: float) -> bool:
        if self.blobs != 1 or self.box is None:
            return False
        width, height = self.box[2] - self.box[0], self.box[3] - self.box[1]
        return width <= max_side and height <= 0.35 * width


def upright_bars(ink: np.ndarray, min_blob: int) -> Optional[int]:
    """How many separate upright strokes of one height the ink mask holds ("III" → 3), or None
    when any piece (above ``min_blob`` pixels) is something else: a bowl, a "V", a short mark."""
    count, _, stats = components(ink)
    pieces = [
        stats[label] for label in range(1, count) if stats[label, cv2.CC_STAT_AREA] >= min_blob
    ]
    if not pieces:
        return None
    heights = [int(p[cv2.CC_STAT_HEIGHT]) for p in pieces]
    tallest = max(heights)
    for piece, height in zip(pieces, heights):
        if height < 0.8 * tallest or height / max(1, int(piece[cv2.CC_STAT_WIDTH])) <= 2.2:
            return None
    return len(pieces)


# A hole the bridging closes is a loop's when it holds this share of the ink's box or more (a
# "0" broken at its top and foot: 0.3-0.4); the small loop of a bold "a" or "e" it fills holds
# far less, and a tick's strokes enclose nothing.
BROKEN_LOOP_SHARE = 0.15


def ink_shape(ink: np.ndarray, min_blob: int) -> InkShape:
    """Blobs, extent and holes of an ink mask (one cell's inside); pieces below ``min_blob`` pixels are noise."""
    image = cv_image(ink)
    if image is None:
        return InkShape(pixels=0, blobs=0, box=None, has_hole=False)
    bridged = cv2.morphologyEx(image, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, labels, stats = components(bridged)
    kept = [label for label in range(1, count) if stats[label, cv2.CC_STAT_AREA] >= min_blob]
    if not kept:
        return InkShape(pixels=0, blobs=0, box=None, has_hole=False)
    mask = np.isin(labels, kept).astype(np.uint8) * 255
    ys, xs = np.nonzero(mask)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    # Holes on the unbridged ink: the closing would fill the small loop of a bold "a" or "e".
    contours, hierarchy = cv2.findContours(
        cv2.bitwise_and(image, mask), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE
    )
    holes = hierarchy is not None and any(
        h[3] >= 0 and cv2.contourArea(c) >= 2 for c, h in zip(contours, hierarchy[0])
    )
    if not holes:
        # A loop that JPEG broke at a pixel or two is closed again by the bridging, and then
        # holds a good share of the ink's box: a "0" with its top and foot broken is no tick.
        contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
        area = (box[2] - box[0]) * (box[3] - box[1])
        holes = hierarchy is not None and any(
            h[3] >= 0 and cv2.contourArea(c) >= BROKEN_LOOP_SHARE * area
            for c, h in zip(contours, hierarchy[0])
        )
    return InkShape(
        pixels=int(np.count_nonzero(image[mask > 0])),
        blobs=len(kept),
        box=box,
        has_hole=bool(holes),
    )


def stroke_is_bold(ink: np.ndarray, min_kept: float = 0.4) -> bool:
    """Whether the strokes are thick (bold type): a 3×3 erosion keeps much of them, while it
    wipes out a regular stroke of one or two pixels."""
    image = cv_image(ink)
    total = np.count_nonzero(image) if image is not None else 0
    if image is None or not total:
        return False
    kept = np.count_nonzero(cv2.erode(image, np.ones((3, 3), np.uint8)))
    return bool(kept >= min_kept * total)


def thin_strokes(gray: np.ndarray) -> np.ndarray:
    """Peel one pixel off every dark stroke: bold letters that touch ("TW") come apart."""
    image = cv_image(gray)
    return gray.copy() if image is None else cv2.dilate(image, np.ones((2, 2), np.uint8))


def erase(ink: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The ink outside ``mask`` (both the same size)."""
    image, eraser = cv_image(ink), cv_image(mask)
    if image is None or eraser is None:
        return np.zeros(np.shape(ink), np.uint8)
    return cv2.bitwise_and(image, cv2.bitwise_not(eraser))


def close_corners(
    segments: list[Segment],
    gap: float,
    tolerance: float,
    drawn: Callable[[Segment], bool],
) -> list[Segment]:
    """Each ruling with an end that stops short of a ruling running the other way, by more than
    ``tolerance`` but at most ``gap``, extended to meet it where ``drawn`` finds the stretch
    between them drawn (pale, but there). Pure, given ``drawn``.

    A scan's pale stretch of a ruling falls below the ink threshold (the grey end of a table's
    frame above its bottom ruling), and a frame that stops short of the ruling it runs into
    loses its corner and with it the cell there. Only a ruling that the end runs into is met: one
    that spans the end's position across the ruling's own direction.
    """

    def reach(end: float, at: float, forward: bool, horizontal: bool) -> float:
        """Where a ruling's end at ``end`` (along it; ``at`` across it) should stop."""
        crossings = [
            other.x0 if horizontal else other.y0
            for other in segments
            if other.horizontal != horizontal and _spans(other, at, tolerance)
        ]
        if any(abs(position - end) <= tolerance for position in crossings):
            return end  # it meets one already
        ahead = [
            position
            for position in crossings
            if tolerance < (position - end if forward else end - position) <= gap
        ]
        if not ahead:
            return end
        nearest = min(ahead, key=lambda position: abs(position - end))
        stretch = (
            Segment(min(end, nearest), at, max(end, nearest), at)
            if horizontal
            else Segment(at, min(end, nearest), at, max(end, nearest))
        )
        return nearest if drawn(stretch) else end

    closed = []
    for seg in segments:
        if seg.horizontal:
            x0 = reach(min(seg.x0, seg.x1), seg.y0, False, True)
            x1 = reach(max(seg.x0, seg.x1), seg.y0, True, True)
            closed.append(Segment(x0, seg.y0, x1, seg.y1))
        else:
            y0 = reach(min(seg.y0, seg.y1), seg.x0, False, False)
            y1 = reach(max(seg.y0, seg.y1), seg.x0, True, False)
            closed.append(Segment(seg.x0, y0, seg.x1, y1))
    return closed


def drawn_line(
    gray: np.ndarray, segment: Segment, paper: int, min_contrast: int, share: float
) -> bool:
    """Whether a line runs along ``segment`` in ``gray``: at least ``share`` of its length is
    ``min_contrast`` darker than ``paper`` (the page's grey), within 2 px across it."""
    height, width = gray.shape
    if segment.horizontal:
        y = round(segment.y0)
        band = gray[
            max(0, y - 2) : min(height, y + 3), max(0, round(segment.x0)) : round(segment.x1)
        ]
        darkest = band.min(axis=0) if band.size else band
    else:
        x = round(segment.x0)
        band = gray[
            max(0, round(segment.y0)) : round(segment.y1), max(0, x - 2) : min(width, x + 3)
        ]
        darkest = band.min(axis=1) if band.size else band
    if not np.size(darkest):
        return False
    return float(np.mean(darkest <= paper - min_contrast)) >= share


def _spans(segment: Segment, at: float, tolerance: float) -> bool:
    """Whether ``segment`` runs past ``at`` (an x for a horizontal one, a y for a vertical one)."""
    low, high = (
        (min(segment.x0, segment.x1), max(segment.x0, segment.x1))
        if segment.horizontal
        else (min(segment.y0, segment.y1), max(segment.y0, segment.y1))
    )
    return low - tolerance <= at <= high + tolerance


def bridging_segments(
    candidates: list[Segment], across: list[Segment], tolerance: float
) -> list[Segment]:
    """The short candidate segments whose two ends both meet a ruling running the other way.

    A header row lower than the ruling kernel (the "TW I | TW II" row under a merged "Target")
    has its column rulings shorter than any safe kernel; a text stroke ("l", "I") never runs
    from the ruling above its line to the one below, a column ruling always does.
    """

    def meets(x: float, y: float) -> bool:
        return any(
            abs(s.y0 - y) <= tolerance
            and min(s.x0, s.x1) - tolerance <= x <= max(s.x0, s.x1) + tolerance
            for s in across
            if s.horizontal
        ) or any(
            abs(s.x0 - x) <= tolerance
            and min(s.y0, s.y1) - tolerance <= y <= max(s.y0, s.y1) + tolerance
            for s in across
            if not s.horizontal
        )

    return [s for s in candidates if meets(s.x0, s.y0) and meets(s.x1, s.y1)]


# A bar glyph's ends: the rows within these shares of its height from its top (a "1"'s flag
# reaches 40 % of the way down) or its bottom hold its serifs; its middle holds stems alone.
GLYPH_TOP_SHARE = 0.4
GLYPH_BOTTOM_SHARE = 0.2
# A stem's column is inked over at least this share of the glyph's height.
STEM_SHARE = 0.75
# A dot is at most this share of the capitals' height high, and sits on their baseline.
DOT_SHARE = 0.3


def glyph_readings(
    ink: np.ndarray, min_blob: int, rows: Optional[tuple[float, float]] = None
) -> list[str]:
    """The glyphs of one word's ink, left to right, as far as their shapes tell the look-alikes
    apart: "I" for an upright stem whose ends spread alike to both sides (a sans-serif bar, or
    serifs), "1" for a stem whose top leans out to the left alone (its flag), "." for a dot on
    the baseline, "x" for any other glyph. Stems a serif face joins ("II" in Bookman) give
    one reading each. Pieces above one another (the dot of an "i", a colon) are one glyph.
    ``rows``: the word's line; pieces centred outside it are the lines' above and below."""
    count, labels, stats = components(ink)
    low, high = rows if rows is not None else (0.0, float(ink.shape[0]))
    pieces = [
        label
        for label in range(1, count)
        if stats[label, cv2.CC_STAT_AREA] >= min_blob
        and low <= stats[label, cv2.CC_STAT_TOP] + stats[label, cv2.CC_STAT_HEIGHT] / 2 <= high
    ]
    if not pieces:
        return []
    # The capitals' and digits' height and their baseline (a "p" or a "/" reaches below it).
    heights = [int(stats[p, cv2.CC_STAT_HEIGHT]) for p in pieces]
    tall = [p for p, h in zip(pieces, heights) if h >= 0.6 * max(heights)]
    cap = float(np.median([stats[p, cv2.CC_STAT_HEIGHT] for p in tall]))
    baseline = float(
        np.median([stats[p, cv2.CC_STAT_TOP] + stats[p, cv2.CC_STAT_HEIGHT] for p in tall])
    )
    glyphs: list[list[int]] = []
    for piece in sorted(pieces, key=lambda p: int(stats[p, cv2.CC_STAT_LEFT])):
        left = int(stats[piece, cv2.CC_STAT_LEFT])
        right = left + int(stats[piece, cv2.CC_STAT_WIDTH])
        if glyphs and _x_overlap(stats, glyphs[-1], left, right) >= 0.5:
            glyphs[-1].append(piece)
        else:
            glyphs.append([piece])
    out: list[str] = []
    for glyph in glyphs:
        if len(glyph) > 1:
            out.append("x")
            continue
        x, y, w, h = (int(v) for v in stats[glyph[0], :4])
        if h <= DOT_SHARE * cap:
            out.append("." if abs(y + h - baseline) <= 0.1 * cap and w <= 2 * h else "x")
            continue
        out += _bar_readings((labels[y : y + h, x : x + w] == glyph[0]), cap)
    return out


def _x_overlap(stats: np.ndarray, glyph: list[int], left: int, right: int) -> float:
    g_left = min(int(stats[p, cv2.CC_STAT_LEFT]) for p in glyph)
    g_right = max(int(stats[p, cv2.CC_STAT_LEFT] + stats[p, cv2.CC_STAT_WIDTH]) for p in glyph)
    narrower = max(1, min(right - left, g_right - g_left))
    return max(0, min(right, g_right) - max(left, g_left)) / narrower


def _bar_readings(mask: np.ndarray, cap: float) -> list[str]:
    """One glyph's mask read as bars ("I", "1", one per stem) or ["x"]."""
    height, width = mask.shape
    if not 0.8 * cap <= height <= 1.15 * cap:
        return ["x"]
    columns = mask.sum(axis=0)
    stem = columns >= STEM_SHARE * height
    stems: list[tuple[int, int]] = []
    for x in range(width):
        if stem[x] and (not stems or stems[-1][1] != x):
            stems.append((x, x + 1))
        elif stem[x]:
            stems[-1] = (stems[-1][0], x + 1)
    if not stems:
        return ["x"]
    top, bottom = (
        max(1, round(GLYPH_TOP_SHARE * height)),
        max(1, round(GLYPH_BOTTOM_SHARE * height)),
    )
    middle = mask[top : height - bottom]
    stem_columns = np.zeros(width, bool)
    for a, b in stems:
        stem_columns[max(0, a - 1) : b + 1] = True
    if middle.size and middle[:, ~stem_columns].any():
        return ["x"]  # ink between or beside the stems mid-height: a crossbar, a bowl, a diagonal
    stem_width = max(b - a for a, b in stems)
    tolerance = max(1, round(0.25 * stem_width))

    def spread(rows: np.ndarray) -> tuple[int, int]:
        xs = np.nonzero(rows.any(axis=0))[0]
        return stems[0][0] - int(xs.min()), int(xs.max()) + 1 - stems[-1][1]

    top_left, top_right = spread(mask[:top])
    bottom_left, bottom_right = spread(mask[height - bottom :])
    if abs(bottom_left - bottom_right) > tolerance:
        return ["x"]  # a foot to one side: "L", "J", or no bar
    # A "1" leans out to the left at its top (its flag), and has no serif at its top right
    # where its foot may have one.
    if len(stems) == 1 and (
        top_left > top_right + tolerance or bottom_right > top_right + tolerance <= top_left
    ):
        return ["1"]
    serifs = min(top_left, top_right, bottom_left, bottom_right)
    # An "I" spreads alike at both ends ("T" at its top alone); stems joined are numerals' bars
    # only by their serifs (a sans-serif "U" is two stems joined by its bowl).
    alike = abs(top_left - bottom_left) <= tolerance and abs(top_right - bottom_right) <= tolerance
    if abs(top_left - top_right) <= tolerance and alike and (len(stems) == 1 or serifs >= 1):
        return ["I"] * len(stems)
    return ["x"]


# A comma's tail reaches this share of the letters' height below their baseline; a full stop or
# a colon's lower dot sits on it (JPEG and a tilt blur its bottom by a pixel or two).
TAIL_SHARE = 0.15
# A comma is this many times as high as a dot of its face at least (Helvetica at 150 dpi: 6 px
# to 3); a colon's dots are alike.
COMMA_SHARE = 1.6


def line_pieces(
    ink: np.ndarray, min_blob: int, rows: tuple[float, float]
) -> tuple[np.ndarray, list[int]]:
    """The connected pieces of ``ink`` (their stats, and the labels of those of ``min_blob``
    pixels or more whose middle lies within the line's ``rows``)."""
    count, _, stats = components(ink)
    low, high = rows
    pieces = [
        label
        for label in range(1, count)
        if stats[label, cv2.CC_STAT_AREA] >= min_blob
        and low <= stats[label, cv2.CC_STAT_TOP] + stats[label, cv2.CC_STAT_HEIGHT] / 2 <= high
    ]
    return stats, pieces


def ends_on_a_letter(ink: np.ndarray, min_blob: int, rows: tuple[float, float]) -> bool:
    """Whether the last glyph of ``ink`` (a word's crop, as for ``closing_stop``) is as tall as
    its letters: no dot or tail closes it."""
    stats, pieces = line_pieces(ink, min_blob, rows)
    if not pieces:
        return False
    tallest = max(int(stats[p, cv2.CC_STAT_HEIGHT]) for p in pieces)
    last = max(pieces, key=lambda p: int(stats[p, 0] + stats[p, 2]))
    return int(stats[last, cv2.CC_STAT_HEIGHT]) > DOT_SHARE * tallest


def closing_stop(ink: np.ndarray, min_blob: int, rows: tuple[float, float]) -> Optional[str]:
    """The stop that closes one word's ink, as its shape says: ";" for a dot over a tail (that
    reaches below the baseline, or is much taller than the dot), ":" for a dot over a dot on it, "," for a tail alone; None when
    the last glyph is none of them. ``rows``: the word's line, as for ``glyph_readings``."""
    stats, pieces = line_pieces(ink, min_blob, rows)
    if len(pieces) < 2:
        return None
    heights = [int(stats[p, cv2.CC_STAT_HEIGHT]) for p in pieces]
    letters = [p for p, h in zip(pieces, heights) if h > DOT_SHARE * max(heights)]
    if not letters:
        return None
    # Most letters stand on the baseline; the median ignores the few that reach below it.
    baseline = float(np.median([stats[p, 1] + stats[p, 3] for p in letters]))
    size = float(np.median([stats[p, 3] for p in letters]))
    last = max(pieces, key=lambda p: int(stats[p, 0] + stats[p, 2]))
    glyph = [
        p
        for p in pieces
        if _x_overlap(stats, [last], int(stats[p, 0]), int(stats[p, 0] + stats[p, 2])) >= 0.5
    ]
    if any(int(stats[p, 3]) > 0.8 * size for p in glyph) or len(glyph) > 2:
        return None  # a letter's stem, not a stop
    bottom = max(glyph, key=lambda p: int(stats[p, 1] + stats[p, 3]))
    tail = stats[bottom, 1] + stats[bottom, 3] - baseline >= TAIL_SHARE * size
    on_line = abs(stats[bottom, 1] + stats[bottom, 3] - baseline) < TAIL_SHARE * size
    if len(glyph) == 1:
        return "," if tail else None
    top = min(glyph, key=lambda p: int(stats[p, 1]))
    if top == bottom or stats[top, 1] + stats[top, 3] > stats[bottom, 1]:
        return None  # not one above the other
    # At 150-200 dpi the tail hardly passes the baseline, but a comma stays the taller piece.
    comma = stats[bottom, 3] >= COMMA_SHARE * stats[top, 3]
    return ";" if tail or comma else ":" if on_line else None


# A slash leans right by at least this share of its height (an upright stroke is a letter's stem
# or a ruling; a page tilted 1° leans 0.02), and reaches at least this share of its line's height.
SLASH_LEAN = 0.15
SLASH_HEIGHT_SHARE = 0.6


def is_slash(ink: np.ndarray, line_height: float) -> bool:
    """Whether ``ink`` (a crop as high as its line, between two words or around a word's last
    glyph) is one thin stroke leaning right as tall as a slash: rising from the baseline across
    most of the line, a pixel or three wide in each row."""
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0 or rows[-1] - rows[0] + 1 < SLASH_HEIGHT_SHARE * line_height:
        return False
    height = int(rows[-1] - rows[0] + 1)
    widths = np.count_nonzero(ink[rows], axis=1)
    if widths.max() > max(3, 0.25 * height):
        return False
    middles = np.array([np.flatnonzero(ink[r]).mean() for r in rows])
    third = max(1, height // 3)
    return bool(middles[:third].mean() - middles[-third:].mean() >= SLASH_LEAN * height)


def is_plus(ink: np.ndarray, line_height: float) -> bool:
    """Whether ``ink`` (a crop as high as its line, between two words) is one "+": an upright
    and a level stroke crossing at their middles, about as wide as high and smaller than the
    line's capitals, the corners between its arms empty."""
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0 or components(ink)[0] != 2:
        return False
    height, width = int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)
    if not (0.3 * line_height <= max(height, width) <= 0.9 * line_height):
        return False
    if max(height, width) > 1.5 * min(height, width) or min(height, width) < 5:
        return False
    box = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    across = np.count_nonzero(box, axis=1).max() >= 0.8 * width
    down = np.count_nonzero(box, axis=0).max() >= 0.8 * height
    third_h, third_w = max(1, height // 3), max(1, width // 3)
    corners = [
        box[:third_h, :third_w],
        box[:third_h, -third_w:],
        box[-third_h:, :third_w],
        box[-third_h:, -third_w:],
    ]
    return bool(across and down and not any(c.any() for c in corners))


def _small_last_glyph(
    ink: np.ndarray, min_blob: int, rows: tuple[float, float]
) -> tuple[np.ndarray, list[int], int, float] | None:
    """The pieces of ``ink`` on its line (stats, labels), the last one's label and the letters'
    baseline, where the last piece is smaller than a letter (a stop, a comma or a speck); None
    otherwise."""
    stats, pieces = line_pieces(ink, min_blob, rows)
    if len(pieces) < 2:
        return None
    heights = [int(stats[p, 3]) for p in pieces]
    letters = [p for p, h in zip(pieces, heights) if h > DOT_SHARE * max(heights)]
    last = max(pieces, key=lambda p: int(stats[p, 0] + stats[p, 2]))
    if last in letters or not letters:
        return None
    return stats, pieces, last, float(np.median([stats[p, 1] + stats[p, 3] for p in letters]))


def stop_on_the_baseline(ink: np.ndarray, min_blob: int, rows: tuple[float, float]) -> bool:
    """Whether the last glyph of ``ink`` (a word's crop and the gap after it, as for
    ``closing_stop``) is one small piece whose foot stands on the letters' baseline, or
    below it: where a printed stop or comma stands (a speck lies anywhere on the line)."""
    found = _small_last_glyph(ink, min_blob, rows)
    if found is None:
        return False
    stats, _, last, baseline = found
    foot = stats[last, 1] + stats[last, 3]
    return baseline - 1 <= foot <= baseline + stats[last, 3] + 1


def lone_comma(ink: np.ndarray, min_blob: int, rows: tuple[float, float]) -> bool:
    """Whether the last glyph of ``ink`` (a word's crop and the gap after it, as for
    ``closing_stop``) is one small piece taller than wide that reaches below the letters'
    baseline: a comma whose tail a 200-dpi scan shortens to a pixel or two (a full stop is as
    wide as high and sits on the line)."""
    found = _small_last_glyph(ink, min_blob, rows)
    if found is None:
        return False
    stats, pieces, last, baseline = found
    alone = [
        p
        for p in pieces
        if p != last and _x_overlap(stats, [last], int(stats[p, 0]), int(stats[p, 0] + stats[p, 2]))
    ]
    below = stats[last, 1] + stats[last, 3] - baseline >= 1
    return not alone and below and stats[last, 3] > stats[last, 2]
