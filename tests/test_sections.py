"""Lettered section headings over the parts of one plan table (tables/sections.py): two or more,
lettered in order, are the table's areas; a single one is its title."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import rencana
from rencana.core.roles import Role
from rencana.core.types import PlanTable, TableRow, Word
from rencana.stages.tables.sections import heading_above, take_sections_as_areas

COLUMNS = [30, 200, 90]  # No | Kegiatan | Waktu
HEADER = ["No", "Kegiatan", "Waktu"]
ROW_HEIGHT = 18


def draw_parts(path: Path, parts: list[tuple[str, list[list[str]]]]) -> Path:
    """One page: each part's heading (if any), then its table with the header repeated."""
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 10)
    y = height - 50
    for line in ("LAMPIRAN", "KEPUTUSAN KEPALA DINAS CONTOH TAHUN 2024"):
        pdf.drawString(60, y, line)
        y -= 14
    y -= 10
    for heading, rows in parts:
        if heading:
            pdf.drawString(52, y, heading)
            y -= 16
        for cells in [HEADER, *rows]:
            x = 60.0
            for text, w in zip(cells, COLUMNS):
                pdf.rect(x, y - ROW_HEIGHT + 12, w, ROW_HEIGHT, stroke=1, fill=0)
                pdf.drawString(x + 3, y - 1, text)
                x += w
            y -= ROW_HEIGHT
        y -= 20
    pdf.showPage()
    pdf.save()
    return path


PREPARATION = [["1.", "Rapat persiapan", "Januari"], ["2.", "Penyusunan panduan", "Februari"]]
EXECUTION = [["1.", "Pelaksanaan survei", "2-3 Mei"], ["2.", "Pelaporan hasil", "Semester I/II"]]


def keys(document) -> list[tuple]:
    return [
        (r.area_number, r.area, r.activity_number, r.activity, r.months) for r in document.records
    ]


def test_two_lettered_headings_over_one_tables_parts_are_its_areas(tmp_path):
    pdf = draw_parts(
        tmp_path / "parts.pdf",
        [("A. KEGIATAN PERSIAPAN", PREPARATION), ("B. KEGIATAN PELAKSANAAN", EXECUTION)],
    )
    assert keys(rencana.extract(pdf)) == [
        (1, "KEGIATAN PERSIAPAN", "1.", "Rapat persiapan", [1]),
        (1, "KEGIATAN PERSIAPAN", "2.", "Penyusunan panduan", [2]),
        (2, "KEGIATAN PELAKSANAAN", "1.", "Pelaksanaan survei", [5]),
        (2, "KEGIATAN PELAKSANAAN", "2.", "Pelaporan hasil", list(range(1, 13))),
    ]


def test_a_single_lettered_heading_is_the_tables_title_not_an_area(tmp_path):
    pdf = draw_parts(tmp_path / "one.pdf", [("A. Jadwal Kegiatan", PREPARATION + EXECUTION)])
    assert [(r.area_number, r.area) for r in rencana.extract(pdf).records] == [(None, "")] * 4


def test_headings_out_of_order_make_no_areas(tmp_path):
    pdf = draw_parts(
        tmp_path / "order.pdf", [("A. KEGIATAN PERSIAPAN", PREPARATION), ("C. LAINNYA", EXECUTION)]
    )
    assert [r.area_number for r in rencana.extract(pdf).records] == [None] * 4


def words(line: str, top: float, x0: float = 50.0) -> list[Word]:
    out, x = [], x0
    for text in line.split():
        out.append(Word(text, x, top, x + 6 * len(text), top + 10))
        x += 6 * len(text) + 4
    return out


TABLE = (50.0, 100.0, 400.0, 300.0)


@pytest.mark.parametrize(
    "lines,heading",
    [
        ([("A. HARI LIBUR NASIONAL", 84)], ("A", "HARI LIBUR NASIONAL")),
        ([("B) Cuti Bersama", 80)], ("B", "Cuti Bersama")),
        ([("A. Jadwal", 40), ("Tabel 1 Rencana", 84)], None),  # the nearest line is no heading
        ([("A. Jadwal", 40)], None),  # too far above
        ([("a. bahwa sesuai", 84)], None),  # a list item of the body text
        ([("Z. Lain", 84)], None),
    ],
)
def test_the_heading_is_the_lettered_line_right_above_the_table(lines, heading):
    page_words = [w for text, top in lines for w in words(text, top)]
    assert heading_above(page_words, TABLE) == heading


def test_a_heading_far_left_of_the_table_is_not_its_own():
    assert heading_above(words("A. Catatan", 84, x0=420.0), TABLE) is None


def table_of(sections, areas=None) -> PlanTable:
    rows = [
        TableRow(
            cells={Role.ACTIVITY: f"kegiatan {i}", **({Role.AREA: areas[i]} if areas else {})},
            pages=[1],
            bbox=(0, 0, 1, 1),
        )
        for i in range(4)
    ]
    return PlanTable(roles=["number", "activity"], rows=rows, pages=[1], sections=sections)


def test_sections_set_the_area_of_their_rows():
    table = table_of([(0, "A", "Satu"), (3, "B", "Dua")])
    take_sections_as_areas(table)
    assert [(r.cells[Role.AREA_NUMBER], r.cells[Role.AREA]) for r in table.rows] == [
        ("A", "Satu"),
        ("A", "Satu"),
        ("A", "Satu"),
        ("B", "Dua"),
    ]


@pytest.mark.parametrize(
    "sections,areas",
    [
        ([(0, "A", "Satu")], None),  # one heading: the title
        ([(2, "A", "Satu"), (3, "B", "Dua")], None),  # rows before the first heading
        ([(0, "B", "Satu"), (3, "A", "Dua")], None),  # out of order
        ([(0, "A", "Satu"), (3, "B", "Dua")], ["x", "x", "y", "y"]),  # areas of its own
    ],
)
def test_sections_that_are_not_areas_change_nothing(sections, areas):
    table = table_of(sections, areas)
    take_sections_as_areas(table)
    assert [r.cells.get(Role.AREA_NUMBER) for r in table.rows] == [None] * 4


def test_lettered_headings_over_parts_on_successive_pages_are_areas(tmp_path):
    """Part A on one page, part B (its header repeated) on the next."""
    from .plan_pdf import Cell, Page, draw

    def part(heading: str, rows: list[list[str]]) -> Page:
        cells = [Cell(0, 1, c, c + 1, [text]) for c, text in enumerate(HEADER)]
        cells += [
            Cell(r, r + 1, c, c + 1, [text])
            for r, row in enumerate(rows, start=1)
            for c, text in enumerate(row)
        ]
        return Page(cells=cells, row_heights=[18.0] * (len(rows) + 1), text_above=[heading])

    pdf = draw(
        tmp_path / "pages.pdf",
        COLUMNS,
        [part("A. KEGIATAN PERSIAPAN", PREPARATION), part("B. KEGIATAN PELAKSANAAN", EXECUTION)],
    )
    assert [(r.area_number, r.area, r.pages) for r in rencana.extract(pdf).records] == [
        (1, "KEGIATAN PERSIAPAN", [1]),
        (1, "KEGIATAN PERSIAPAN", [1]),
        (2, "KEGIATAN PELAKSANAAN", [2]),
        (2, "KEGIATAN PELAKSANAAN", [2]),
    ]
