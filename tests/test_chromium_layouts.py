"""Fuzz seeds printed by another producer: Chromium from HTML (tests/fixtures/html_layouts.py).

The same seed's decree as the layout fuzzer draws it, laid out and printed by a browser engine
(its own line breaks, row heights, page breaks and merged-cell placement). Each PDF here once
read wrong on a class the reportlab drawings never showed; each must now read whole, with no
review flag. `python -m tests.fuzz --producer chromium` measures any range of seeds so; the PDFs
are kept, not printed at test time, because another Chromium may lay them out otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rencana.runner import extract
from tests.fuzz import judged, read_whole

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

import fuzz_layouts  # noqa: E402

PRINTED = FIXTURES / "chromium"

# seed -> the class it read wrong before
CLASSES = {
    24: "a short plan set smaller than the page's text: the header band, spaced by the page's "
    "type size, took in the first row (0 records)",
    93: "a bold header with a row's tail close under it on the next page: the tail was read "
    "as a header line (the page gave no records, flagged)",
    113: "a table ruled between rows whose last row a page break cuts: the row under the last "
    "rule was dropped and its tail joined to the row above (flagged)",
    125: "a heading between a plan ruled between rows and a ruled team list under it: the "
    "list's top rule, a fraction of a point outside its cells' box, was taken for the plan's, "
    "and the heading for a row (flagged)",
    148: "a signature block cut by the page break: 'ttd.' and the name on the next page read "
    "as a row going on from the table (silently wrong)",
    177: "'e-commerce' broken at its hyphen: joined as 'ecommerce' (silently wrong)",
    186: "a parent centred over rows that a page break cuts: its text's place on the page "
    "told nothing, and the rows above it went to the wrong parent (silently wrong)",
    3600: "a ruled row cut by the page break whose merged parent's last line Chromium prints "
    "over the rule closing the page's part of the table: its centre below the rule, the line "
    "was left out and the parent lost its end (silently wrong)",
    3645: "without rulings, the column numbers ('1 2 3 4 5 6') printed again over a page's "
    "first lines, the rest of a row cut by the break: set close above it, they ran into its "
    "cells ('… data) 2', '3', '4 statistik …') (silently wrong)",
    5008: "without rulings and the header printed once, a leaf cut by the page break: its rest "
    "alone in one column over the group's total on the next page was not read as the table's, "
    "and the record lost its last words (silently wrong)",
    3566: "a ruled row cut by the page break where a parent's cell set the row's height: the "
    "leaf, ending with room to spare above the break, goes on under it ('Monitoring "
    "pelaksanaan' + 'rekomendasi hasil SPI 2024'), and its rest read as a row of its own "
    "(flagged)",
    5095: "without rulings, the column numbers printed again over a page's first row whose "
    "parent's text starts a point above its leaf's: the parent's cell took in the numbers' "
    "row, the numbers were read as a record and the levels kept their dotted numbers as text "
    "(flagged)",
    5159: "a ruled IKU matrix without a schedule, a row cut by the page break: its rest in "
    "capitals ('WONOSALAM, KEC BARENG …', no targets) read as a row of its own (silently wrong)",
    5333: "without rulings, the column numbers printed again over a page's first lines, the "
    "rest of a row cut by the break in two columns (a parent's and a PIC's), a line's height "
    "above the next row: the numbers' row cut was moved up over the rest as over a parent "
    "set a point high, and the PIC's rest ('pengelola E-Lapkin') went to the next row "
    "(silently wrong)",
    5345: "a dotted item number filling a narrow No cell without rulings, a point from the "
    "indicator's first word: the text layer glued them ('1.2.1Jumlah') (silently wrong)",
    5540: "without rulings, a bold banner merged over the columns whose words the browser "
    "kerns over a column boundary to 0.93 of its other spaces ('DTT DINAS'): taken for two "
    "cells' texts a narrow margin apart, the banner read as a record ('PEMERIKSAAN DTT') "
    "(silently wrong)",
    5594: "without rulings, dotted numbers ('1.1', '1.2') at their rows' top beside one area "
    "centred over all and activities centred over theirs: centred on rows themselves, '1.2' "
    "named the first activity's second row (flagged numbering_breaks)",
    5602: "a ruled row cut by the page break where no cell's text reached the break (the "
    "browser keeps a paragraph's last two lines together): the note's rest ('oleh "
    "masing-masing pegawai'), alone on the next page, was read as a row that made no record, "
    "and lost (silently wrong)",
    5725: "a ruled row cut by the page break: the note's rest opening with a capital "
    "('BerAKHLAK dan budaya kerja') beside a cut indicator, alone on the next page, read as a "
    "row of its own that made no record, and lost (silently wrong)",
    5783: "a header whose 'NO' is centred on three lines: the band from 'NO' down read the last "
    "lines of other cells alone ('Kegiatan' of 'Penanggung Jawab Kegiatan' named an activity) "
    "and columns_lost flagged a table read right",
    5818: "without rulings, a banner merged over the activity and indicator columns whose word "
    "'Sumber' reaches over their boundary, the next ('Daya') kerned to 0.93 of a space: taken "
    "for two cells' texts set close, 'Daya Manusia' read as a record of its own under the "
    "banner read as an activity (silently wrong)",
}


@pytest.mark.parametrize("seed", sorted(CLASSES))
def test_a_seed_printed_by_chromium_reads_whole_and_is_not_flagged(seed):
    whole, result = read_whole(seed, PRINTED / f"fuzz-{seed:04d}-html.pdf")
    assert whole, (CLASSES[seed], result)


# seed -> the class it reads wrong still, flagged since (silently wrong before)
FLAGGED = {
    3561: "a grid row cut by the page break, each part closed by its own rule: the rest "
    "('Dokumentasi dan Informasi Hukum BPS.', no schedule, the parents of the row above) reads "
    "as a row of its own; row_split_at_page_break points at it",
}


@pytest.mark.parametrize("seed", sorted(FLAGGED))
def test_a_seed_printed_by_chromium_read_wrong_is_flagged(seed):
    pdf = PRINTED / f"fuzz-{seed:04d}-html.pdf"
    document = extract(pdf).model_dump(mode="json")
    result = judged(seed, fuzz_layouts.generate(seed).expected, document)
    assert result["f1"] < 1.0 and result["flagged"], (FLAGGED[seed], result)


def test_every_printed_seed_has_its_class():
    printed = {int(p.stem[5:9]) for p in PRINTED.glob("fuzz-*-html.pdf")}
    assert printed == set(CLASSES) | set(FLAGGED)
