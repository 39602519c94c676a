"""Draw a plan (metadata + records, the gold shape) as a decree PDF in the Jepara layout.

F4 portrait; a first part with the decree's heading, Menimbang, Mengingat and dictums; then the
LAMPIRAN with the plan table: No. | Area Perubahan | Sub Kegiatan | Indikator Keberhasilan | Waktu,
area and activity cells merged over their rows and vertically centred, the header row repeated
on every page. Used by make_variant.py (``--pdf``) so that PDF -> compare can be tested.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

F4 = (612, 936)
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
HEAD = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold", alignment=TA_CENTER)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", alignment=TA_CENTER)


def _area_no(record: dict) -> int:
    return record.get("area_number", record.get("area_no"))


def _blocks(records: list[dict]) -> list[tuple[int, str, list[tuple[str, list[dict]]]]]:
    """Areas, each with its activities (runs of rows with the same activity and sequence)."""
    areas: list[tuple[int, str, list[tuple[str, list[dict]]]]] = []
    previous = None
    for record in records:
        if not areas or areas[-1][0] != _area_no(record):
            areas.append((_area_no(record), record["area"], []))
            previous = None
        key = (record["activity"], record.get("activity_seq"))
        if key != previous:
            areas[-1][2].append((record["activity"], []))
            previous = key
        areas[-1][2][-1][1].append(record)
    return areas


def plan_table(records: list[dict]) -> Table:
    """Activity cells are real spans (an activity fits on a page). An area can be longer than a
    page, which a span cannot be, so the area is drawn as a merged column instead: no rules
    inside it, and its number and name on the middle row, as a vertically centred cell prints."""
    data = [[Paragraph(t, HEAD) for t in ("No.", "Area Perubahan", "Sub Kegiatan", "Indikator Keberhasilan", "Waktu")]]
    style = [("GRID", (2, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
             ("LINEAFTER", (0, 0), (1, -1), 0.5, colors.black), ("LINEBELOW", (0, 0), (1, 0), 0.5, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9d9d9"))]
    for number, area, activities in _blocks(records):
        area_start = len(data)
        for activity, rows in activities:
            start = len(data)
            for i, row in enumerate(rows):
                data.append([Paragraph("", CELL), Paragraph("", CELL), Paragraph(activity if i == 0 else "", CELL),
                             Paragraph(row["indicator"], CELL), Paragraph(row["schedule_text"], CELL)])
            if len(rows) > 1:
                style.append(("SPAN", (2, start), (2, len(data) - 1)))
        middle = (area_start + len(data) - 1) // 2
        data[middle][0], data[middle][1] = Paragraph(f"{number}.", CELL), Paragraph(area, CELL)
        style.append(("LINEBELOW", (0, len(data) - 1), (1, len(data) - 1), 0.5, colors.black))
    table = Table(data, colWidths=[26, 104, 140, 160, 95], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def render(plan: dict, out: Path) -> None:
    meta = plan.get("metadata") or {}
    issuer = meta.get("issuer", "Komisi Pemilihan Umum")
    year = meta.get("plan_year")
    title = meta.get("title", f"Rencana Aksi Reformasi Birokrasi Tahun {year}")
    story = [Paragraph(f"KEPUTUSAN {issuer.upper()}", TITLE), Paragraph(f"NOMOR {meta.get('number', '')}", TITLE),
             Paragraph("TENTANG", TITLE), Paragraph(title.upper(), TITLE), Spacer(1, 12),
             Paragraph(f"KETUA {issuer.upper()},", TITLE), Spacer(1, 12),
             Paragraph("Menimbang : a. bahwa untuk mewujudkan kegiatan Program Reformasi Birokrasi berjalan lancar, "
                       "perlu ditetapkan rencana aksi reformasi birokrasi;", BODY),
             Paragraph("Mengingat : 1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;", BODY),
             Spacer(1, 8), Paragraph("MEMUTUSKAN:", TITLE),
             Paragraph(f"Menetapkan : KEPUTUSAN {issuer.upper()} TENTANG {title.upper()}.", BODY),
             Paragraph("KESATU : Menetapkan Rencana Aksi Reformasi Birokrasi sebagaimana tercantum dalam Lampiran "
                       "yang merupakan bagian tidak terpisahkan dari Keputusan ini.", BODY),
             Paragraph(f"KEDUA : Keputusan ini mulai berlaku sejak ditetapkan sampai dengan 31 Desember {year}.", BODY),
             Spacer(1, 12), Paragraph(f"Ditetapkan di {meta.get('enacted_place', '')}", BODY),
             Paragraph(f"pada tanggal {meta.get('enacted_date', '')}", BODY),
             PageBreak(),
             Paragraph("LAMPIRAN", BODY), Paragraph(f"KEPUTUSAN {issuer.upper()}", BODY),
             Paragraph(f"NOMOR {meta.get('number', '')}", BODY), Spacer(1, 10),
             Paragraph(f"RENCANA AKSI REFORMASI BIROKRASI<br/>{issuer.upper()}<br/>TAHUN {year}", TITLE),
             Spacer(1, 10), plan_table(plan["records"])]
    SimpleDocTemplate(str(out), pagesize=F4, leftMargin=45, rightMargin=40, topMargin=50, bottomMargin=50,
                      title=title, invariant=1).build(story)
