"""Fuzz seeds typed as Word documents and printed by LibreOffice (tests/fixtures/docx_layouts.py).

The same seed's decree as the layout fuzzer draws it, written as a DOCX and laid out by Writer:
cells without padding above and below their text (a line's type box reaches over the rule
above it; rows as close as the lines in them), Writer's own line breaks, merged cells and page
breaks. Each PDF here once read wrong on a class our drawings and Chromium's never showed; each
must now read whole, with no review flag. `python -m tests.fuzz --producer docx` measures any
range of seeds so; the PDFs are kept, not printed at test time, because another LibreOffice
may lay them out otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz import read_whole

PRINTED = Path(__file__).resolve().parent / "fixtures" / "docx"

# seed -> the class it read wrong before
CLASSES = {
    0: "a table ruled between rows: the header's type box reaches over the top rule and the "
    "first banner's over the rule under the header, so the banner was read into the header "
    "('NO 1.') and the next banner as an activity (silently wrong)",
    12: "'Bulan' over 1 … 12, set over two of them, its cell closed by a rule that the labels' "
    "type boxes reach over: it stood over '6' and '7' only (no table, flagged)",
    17: "a table with neither rulings nor spacing: rows as close as the lines in them, one "
    "block of text per column (one record per column's text, flagged)",
    64: "a banner ('A Pelaksanaan …') as close under the header as a wrapped header line: read "
    "into the header (no table, flagged)",
    73: "a banner merged over the columns ending a tenth of a point short of the next "
    "column's text: that sliver was taken for the gutter (no table, flagged)",
    95: "a table ruled between rows, parents merged: the rows' type boxes reach over the rules "
    "between them, and the rows ran together (silently wrong)",
    242: "a table with neither rulings nor spacing, banners set bold ('II Pelaksanaan SAKIP "
    "Terintegrasi') at the line pitch under a row's text: each ran into the row above, and "
    "'3' over 'III' in the No column read as one number (silently wrong)",
    263: "a monospaced face in cells with narrow margins: two cells' texts 0.89 of a space "
    "apart, read as one phrase over the gutter ('2025-2029 Tahunan'; silently wrong)",
    264: "a table with neither rulings nor spacing, parents at their rows' top: a parent's text "
    "opening where the leaf's next row starts after a gap ran on from the parent above at the "
    "line pitch (two activities read as one, silently wrong)",
    301: "a table with neither rulings nor spacing: a bold banner's text over a level's column "
    "ran on at the line pitch into the level's next cell ('KOMUNIKASI PUBLIK' + 'Penyusunan "
    "revisi produk hukum'), which then took the centred level under it ('Pembangunan "
    "instrument …') as its own (silently wrong)",
    448: "a monospaced table ruled between rows only, its targets set flush left 4 pt right of "
    "the output's text (closer than a space) under a centred 'Target Kinerja': the boundary "
    "was placed under the header, and '4', '12', '100%' read into the outputs ('Data mutasi "
    "100%', silently wrong)",
    503: "a table with neither rulings nor spacing, areas in a column beside letters set at "
    "their text's top: the next area's text ('B | RKPD P 2021') under a line that fills the "
    "column ran on from the area above ('… Penyelesaian Pengaduan Masyarakat') though a "
    "letter of its own stands beside it (silently wrong)",
    553: "a table with neither rulings nor spacing, a banner's text over the columns set at the "
    "line pitch above the next row: the quarter, target and unit columns' text ran on from the "
    "banner's line into that row's ('… berkelanjutan' over '25%', '100%', '12', 'Kasubbag …'), "
    "so the banner merged over both rows took those values and the row lost its first months "
    "(silently wrong)",
    609: "a table ruled between rows only, Word's cell margins 1.9 of a space apart: 'SK', the "
    "unit column's text starting where that column's cells start theirs, read with "
    "'Melakukan pengembangan' as one phrase over the gutter, into the indicator ('Melakukan "
    "pengembangan SK dan penyempurnaan …', silently wrong)",
    627: "a table ruled between rows only, its header repeated on a page where the unit "
    "column's one text ('Persen') is set 0.9 of a space after the indicator's ('Evaluasi "
    "berkala atas'): no gutter showed, the boundary went to the middle of the stretch between "
    "the header groups, 0.8 pt inside 'Persen', which read into the indicator (silently wrong)",
    628: "a table with neither rulings nor spacing, banners numbered '1.', '2.' beside the "
    "rows' '1', '2' in the No column: the banner '2. Digitalisasi', in the face of the rows, "
    "set at the line pitch under the short row '2 | DISNAKER', ran into it ('DISNAKER "
    "Digitalisasi') and its number was lost (silently wrong)",
}


@pytest.mark.parametrize("seed", sorted(CLASSES))
def test_a_seed_typed_in_word_reads_whole_and_is_not_flagged(seed):
    whole, result = read_whole(seed, PRINTED / f"fuzz-{seed:04d}-docx.pdf")
    assert whole, (CLASSES[seed], result)


# seed -> the class it reads wrong still, and the flag that says so (it was silently wrong): a
# parent's (or a leaf's) line under a line filling the column may open the next parent's (or
# row's) text or go on with its own; the page does not tell, so the table is flagged
FLAGGED = {
    43: (
        "a table with neither rulings nor spacing, parents at their rows' top: the rows part "
        "right, but a parent whose wrapped text runs on into the next parent's at the line pitch "
        "(the break no narrower than a wrap) reads as one, and rows go to the wrong parent",
        "parents_may_run_together",
    ),
    246: (
        "the same as 43 on a level under the area: 'Persentase … mendukung kebijakan' and "
        "'Pelatihan SDM …' at the line pitch, the first line filling the column",
        "parents_may_run_together",
    ),
    339: (
        "a table with neither rulings nor spacing: two indicators at the line pitch ('Pemeriksaan "
        "Non PKPT', 'Indeks Pelayanan Publik …') beside two one-line schedules ('Triwulan II', "
        "'Januari'), each line too long for the next one's first word: a wrap or a new row, the "
        "page does not tell (silently wrong before)",
        "rows_may_run_together",
    ),
    112: (
        "the same where months' marks ('v') each open after a gap beside indicators at the line "
        "pitch ('Tindak lanjut …', 'Penggunaan aplikasi kepemiluan', 'Identifikasi kebutuhan'): "
        "silently wrong once the bold banner above no longer ran into the levels (flagged "
        "text_in_two_levels on main for that)",
        "rows_may_run_together",
    ),
    375: (
        "the same with a schedule that would have fitted on the line above ('Pebruari', 'TW "
        "III') beside an indicator's line that would not ('Terisinya aplikasi E-Lapkin', "
        "'Adanya rencana …'): a new row, or a cell of two paragraphs beside a wrapped text "
        "(silently wrong before)",
        "rows_may_run_together",
    ),
    559: (
        "Writer broke words too long for a narrow cell at its right edge without a hyphen "
        "('mengimplementasika' / 'n', now joined: together a known word, apart none); a place "
        "name broken so ('BDRKEDUNGMULY' / 'O,') is no known word joined or apart: either "
        "reading may be wrong (silently wrong before, both read apart)",
        "word_split_unsure",
    ),
}


@pytest.mark.parametrize("seed", sorted(FLAGGED))
def test_a_seed_typed_in_word_read_wrong_is_flagged(seed):
    whole, result = read_whole(seed, PRINTED / f"fuzz-{seed:04d}-docx.pdf")
    why, check = FLAGGED[seed]
    assert not whole and any(r.startswith(check + " ") for r in result["reasons"]), (why, result)


def test_every_printed_seed_has_its_class():
    printed = {int(p.stem[5:9]) for p in PRINTED.glob("fuzz-*-docx.pdf")}
    assert printed == set(CLASSES) | set(FLAGGED)


def test_a_word_writer_split_at_a_cells_edge_reads_joined():
    """Seed 559's 'mengimplementasika' / 'n' (the line fills its cell to the edge; the pieces
    are no words, together a known one) reads as one word in the records."""
    from rencana import extract

    texts = [
        level.text
        for record in extract(PRINTED / "fuzz-0559-docx.pdf").records
        for level in record.levels
    ]
    assert any("mengimplementasikan KBLI" in text for text in texts)
    assert not any("mengimplementasika n" in text for text in texts)
