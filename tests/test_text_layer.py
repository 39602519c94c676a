"""Judging a text layer (a scan's poor OCR layer is read again) and the plausibility of metadata.

Real values throughout: the Kediri ocrscan's page 1 (corpus/real/scans, copied with qpdf) has an
OCR layer that reads "I 88.45/34 st 4tS.0tt}0l7" and "PENNT'APAN … TTTAMA"; its page image reads
"NOMOR : 188.45/345/418.08/2017" and "PENETAPAN INDIKATOR KINERJA UTAMA (IKU) …" (rendered with
``pdftoppm -r 100 -png`` and read by eye; corpus/real/*kediri*.expected.json agrees).
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from rencana.contract.models import Metadata
from rencana.core.codes import WarningCode
from rencana.options import ExtractOptions
from rencana.runner import extract
from rencana.stages import clean
from rencana.stages.page import text
from rencana.stages.structure import plausible
from rencana.stages.structure.dates import parse_date
from rencana.stages.structure.legal import split_numbered_items
from rencana.stages.structure.wording import is_garbled, known_words, real_word_share, text_quality

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
KEDIRI_P1 = CORPUS / "real" / "scans" / "pemkab-kediri-2017-kepbup-penetapan-iku-ocrscan-p1.pdf"
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed"
)


def page_words(path: Path, number: int) -> tuple[bool, list]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        return text.is_scan(page), text.text_layer(page).words


def judged(path: Path, number: int) -> text.TextQuality | None:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        return text.poor_layer(page, text.text_layer(page).words, examples=5)


# ------------------------------------------------------------------ the word list and its signs


def test_word_list_is_shipped_and_knows_decree_words() -> None:
    words = known_words()
    assert 40_000 < len(words) < 50_000
    for word in ("menetapkan", "keputusan", "indikator", "kinerja", "sebagaimana", "akuntabilitas"):
        assert word in words


@pytest.mark.parametrize(
    ("word", "garbled"),
    [
        # as the Kediri ocrscan's layer prints them
        ("4tS.0tt}0l7", True),
        ("PENNT'APAN", True),
        ("l'}emerr'ntah", True),
        ("Kine{a", True),
        ("20r7", True),
        ("r4rg.0gr20r7", True),
        ("£3", True),  # Jombang's NOMOR as OCR reads it
        # designations and words as real decrees print them
        ("PER/09/M.PAN/5/2007", False),
        ("12/HK.03.1-Kpt/3320/KPU-Kab/II/2022", False),
        ("W.15.IMI.IMI.1-3252-1-PW.01.01", False),
        ("2011a", False),
        ("Rp5.000.000,00", False),
        ("(COVID-19)", False),
        ("Perundang-undangan;", False),
    ],
)
def test_garbled_words(word: str, garbled: bool) -> None:
    assert is_garbled(word) is garbled


def test_poor_words_are_garbled_or_unknown_lower_case_words() -> None:
    # Kediri's layer: 'kineria', 'sehagai', 'daram' are misreadings; names and abbreviations
    # (Capitalised, UPPER) are not judged by the word list.
    quality = text_quality(
        [
            "kinerja",
            "kineria",
            "sehagai",
            "daram",
            "Haryanti",
            "SAKIP",
            "4tS.0tt}0l7",
            "di",
            "2017",
        ],
        examples=5,
    )
    assert (quality.judged, quality.poor) == (7, 4)
    assert quality.examples == ("kineria", "sehagai", "daram", "4tS.0tt}0l7")


# ------------------------------------------------------------------ judging whole pages


def test_kediri_ocr_layer_is_judged_poor() -> None:
    scan, _ = page_words(KEDIRI_P1, 1)
    assert scan
    quality = judged(KEDIRI_P1, 1)
    assert quality is not None
    # share 0.112 against a bar of 0.01; 3 of the 23 are of a misread shape ("srAr", "rKu" for
    # "IKU", "tentangRapat")
    assert quality.judged == 205 and quality.poor == 23
    assert "4tS.0tt}0l7" in quality.examples


@pytest.mark.parametrize(
    ("path", "pages", "scan"),
    [
        # a scan whose OCR layer reads well on these pages (its page 1, with "omor" twice and
        # "l-!ari", is OCR'd again: tests/test_ocr_layers.py)
        ("real/kemenpanrb-2022-skb-libur-nasional-cuti-bersama.pdf", (3, 4), True),
        ("real/kemenpanrb-2022-skb-libur-nasional-cuti-bersama.pdf", (2,), False),  # born digital
        # hidden glyphs on a born-digital regulation
        ("real/pemprov-bali-2021-pergub-2-sotk.pdf", (1, 2, 3), False),
        # words of a font with a shifted ToUnicode map (page 12: 0.152 before they are left out)
        ("kpu-kab-jepara-2022.pdf", (4, 12), False),
        # overlapping table cells read as interleaved words (0.058)
        ("real/pemkab-pandeglang-2022-perbup-45-lampiran-iku.pdf", (5,), False),
        # a list of people's names
        ("real/imigrasi-surabaya-2019-kep-tim-zi.pdf", (5, 10), False),
    ],
)
def test_good_text_layers_are_kept(path: str, pages: tuple[int, ...], scan: bool) -> None:
    for number in pages:
        assert page_words(CORPUS / path, number)[0] is scan
        assert judged(CORPUS / path, number) is None, (path, number)


@needs_tesseract
def test_poor_layer_is_read_again_from_the_page_image() -> None:
    doc = extract(KEDIRI_P1)
    assert doc.source.ocr_pages == [1]
    meta = doc.metadata
    assert meta.number == "188.45/345/418.08/2017"
    assert meta.year == 2017
    assert meta.title is not None
    assert meta.title.upper().startswith("PENETAPAN INDIKATOR KINERJA UTAMA (IKU) PEMERINTAH")
    assert meta.kind == "Keputusan" and meta.issuer == "Bupati Kediri"
    poor = [w for w in doc.warnings if w.code == WarningCode.TEXT_LAYER_POOR]
    assert [w.page for w in poor] == [1]
    assert "23 of 205" in poor[0].message


def without_unicode_maps(source: Path, out: Path) -> Path:
    """The PDF with every font's ToUnicode map removed: pdfminer then names each glyph by its
    id, "(cid:8)", as it does for a real PDF whose generator wrote no map."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
        pdf.save(out)
    return out


def test_glyph_ids_are_never_decoded_as_a_shifted_font() -> None:
    # "(cid:40)(cid:41)" shifted by +32 turns into letters ("HcidZ..."): a shift is no decoding
    texts = ["(cid:1)(cid:2)(cid:3)", "(cid:4)(cid:5)", "(cid:8)(cid:12)(cid:9)"] * 5
    assert clean.font_shift(texts) == 0


@needs_tesseract
def test_a_text_layer_without_unicode_maps_is_read_from_the_page_image(tmp_path: Path) -> None:
    source = CORPUS / "real" / "diskominfo-wonosobo-2017-kep-kadis-15-iku.pdf"
    original = extract(source)
    doc = extract(without_unicode_maps(source, tmp_path / "unmapped.pdf"))
    assert doc.source.ocr_pages == [1, 2, 3, 4]
    assert [w.page for w in doc.warnings if w.code == WarningCode.TEXT_LAYER_POOR] == [1, 2, 3, 4]
    assert not any(w.code == WarningCode.FONT_SHIFTED for w in doc.warnings)
    meta = doc.metadata
    assert (meta.kind, meta.number, meta.year) == ("Keputusan", "15", 2017)
    assert meta.title == "Penetapan Indikator Kinerja Utama Dinas Komunikasi dan Informatika"
    assert meta.issuer == "Dinas Komunikasi dan Informatika Kabupaten Wonosobo"
    assert len(meta.legal_bases) == len(original.metadata.legal_bases)
    assert [[level.text for level in r.levels] for r in doc.records] == [
        [level.text for level in r.levels] for r in original.records
    ]
    assert not doc.quality.needs_review


def test_ocr_never_keeps_the_layer_and_empties_what_is_implausible() -> None:
    doc = extract(KEDIRI_P1, ExtractOptions(ocr="never"))
    assert doc.source.ocr_pages == []
    assert not any(w.code == WarningCode.TEXT_LAYER_POOR for w in doc.warnings)
    # the layer's NOMOR "I 88.45/34 st 4tS.0tt}0l7" is never printed: empty, with a warning
    assert doc.metadata.number is None
    implausible = [w.message for w in doc.warnings if w.code == WarningCode.METADATA_IMPLAUSIBLE]
    assert any(m.startswith("number left empty") and "4tS.0tt}0l7" in m for m in implausible)


# ------------------------------------------------------------------ plausibility of metadata

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("field", "value", "kept"),
    [
        ("enacted_date", date(2620, 9, 24), False),  # Jombang scan: "2020" read "2620"
        ("enacted_date", date(2017, 8, 15), True),  # Kediri
        ("enacted_date", date(1945, 8, 18), True),
        ("enacted_date", date(1944, 12, 31), False),
        ("enacted_date", date(2027, 12, 31), True),  # next year: dated ahead
        ("enacted_date", date(2028, 1, 1), False),
        ("year", 2620, False),
        ("year", 2020, True),
        ("valid_until", date(2030, 12, 31), True),  # validity looks ahead
        ("valid_until", date(2620, 1, 1), False),
        ("plan_year", 2025, True),
        ("number", "£3", False),  # Jombang scan's NOMOR 63
        ("number", "I 88.45/34 st 4tS.0tt}0l7", False),  # Kediri's OCR layer
        ("number", "188.45/345/418.08/2017", True),
        ("number", "12/HK.03.1-Kpt/3320/KPU-Kab/II/2022", True),
        ("number", "W.15.IMI.IMI.1-3252-1-PW.01.01", True),
        ("number", "188 / 520 /415.15/2019", True),
        ("number", "433/M/2021", True),
        ("number", "63", True),
        ("title", "Pennt'apan Indikator Kinerja Tttama OKtil Pemerintah Kabupaten Kediri", False),
        (
            "title",
            "Penetapan Indikator Kinerja Utama (IKU) Pemerintah Kabupaten Kediri dan Perangkat "
            "Daerah di Lingkungan Pemerintah Kabupaten Kediri",
            True,
        ),
        ("title", "PENCEGAHAN DAN PENANGGULANGAN CORONA VIRUS DISEASE 2019 (COVID-19)", True),
        (
            "title",
            "Kedudukan, Susunan Organisasi, Tugas Pokok dan Fungsi serta Tata Kerja Inspektorat "
            "Kabupaten Jombang",
            True,
        ),
    ],
)
def test_implausible_metadata_is_left_empty_with_a_warning(
    field: str, value: object, kept: bool
) -> None:
    meta = Metadata(**{field: value})
    warnings = plausible.checked(meta, today=TODAY)
    assert (getattr(meta, field) == value) is kept
    if kept:
        assert warnings == []
    else:
        assert getattr(meta, field) is None
        [(code, message)] = warnings
        assert code == WarningCode.METADATA_IMPLAUSIBLE and message.startswith(
            f"{field} left empty"
        )


def test_title_word_shares() -> None:
    assert real_word_share("PENNT'APAN INDIKATOR KINERJA TTTAMA OKtil") == pytest.approx(0.4)
    assert real_word_share("PEDOMAN PENYUSUNAN SURVEI KEPUASAN MASYARAKAT") == 1.0
    assert real_word_share("2019") is None


# The Mengingat lines of the Kediri ocrscan's page 2 as OCR reads its image: "1" and "9" without
# their full stop, "7." lost, ";" read as "," or ":".
KEDIRI_LEGAL_BASES = [
    "1 Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggaraan Negara",
    "yang Bersih dan Bebas dari Korupsi, Kolusi dan Nepotisme,",
    "2. Undang-Undang Nomor 12 Tahun 2011 tentang Pembentukan Peraturan",
    "Perundang-Undangan,",
    "3. Undang-Undang Nomor 5 Tahun 2014 tentang Aparatur Sipil Negara,",
    "4. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "sebagaimana beberapakali telah diubah terakhir dengan Undang-Undang",
    "Nomor 9 Tahun 2015,",
    "5. Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi",
    "Pemerintahan,",
    "6. Peraturan Pemerintah Nomor 79 Tahun 2005 tentang Pedoman",
    "Pembinaan dan Pengawasan Penyelengaraan Pemerintahan Daerah:",
    "Peraturan Pemerintah Nomor 8 Tahun 2006 tentang Pelaporan Keuangan",
    "dan Kinerja Instansi Pemerintah,",
    "8. Peraturan Pemerintah Nomor 39 Tahun 2006 tentang Tata Cara",
    "Pengendalian dan Evaluasi Pelaksanaan Rencana Pembangunan,",
    "9 Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah:",
    "10. Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas",
    "Kinerja Instansi Pemerintah (SAKIP):",
    "11. Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor",
    "PER/09/M.PAN/5/2007 tentang Penetapan Kinerja Utama di Lingkungan",
    "Instansi Pemerintah,",
    "12. Peraturan Menteri Dalam Negeri Nomor 80 Tahun 2015 tentang",
    "Pembentukan Produk Hukum Daerah,",
    "13. Peraturan Daerah Kabupaten Kediri Nomor 4 Tahun 2016 tentang",
    "Rencana Pembangunan Jangka Menengah Daerah Kabupaten Kediri",
    "Tahun 2016 — 2021,",
    "14. Peraturan Daerah Kabupaten Kediri Nomor 5 Tahun 2016 tentang",
    "Pembentukan dan Susunan Perangkat Daerah Kabupaten Kediri,",
]


def legal_openers() -> tuple[str, ...]:
    from rencana.stages.structure.legal import item_openers

    return item_openers()["legal_bases"]


def test_ocr_read_legal_bases_split_into_their_fourteen_items() -> None:
    items, missing = split_numbered_items(KEDIRI_LEGAL_BASES, legal_openers())
    assert len(items) == 14 and missing == []
    assert items[6].startswith("Peraturan Pemerintah Nomor 8 Tahun 2006")
    assert items[8] == "Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah:"


@pytest.mark.parametrize(
    ("dropped", "missing"),
    [
        ((), []),
        (("10.", "11."), ["10", "11"]),  # items 1 … 9, 12 …: 10 and 11 are missing
        (("13.",), ["13"]),
    ],
)
def test_legal_bases_numbered_with_a_gap_name_the_missing_items(
    dropped: tuple[str, ...], missing: list[str]
) -> None:
    lines, skipping = [], False
    for line in KEDIRI_LEGAL_BASES:
        marker = re.match(r"(\d{1,2})[. ]", line)
        if marker:
            skipping = f"{marker[1]}." in dropped
        if not skipping:
            lines.append(line)
    items, found = split_numbered_items(lines, legal_openers())
    assert found == missing
    assert len(items) == 14 - len(missing)
    warnings = plausible.checked(Metadata(), found, today=TODAY)
    if missing:
        [(code, message)] = warnings
        assert code == WarningCode.ITEMS_MISSING
        assert f"skip item(s) {', '.join(missing)}" in message
    else:
        assert warnings == []


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("pada tanggal 15 -08 - 2017", date(2017, 8, 15)),  # Kediri, as OCR reads it
        ("pada tanggal 15 - 08 - 2017", date(2017, 8, 15)),  # as printed
        ("8-2-2022", date(2022, 2, 8)),
        ("Tahun 2016 — 2021", None),
    ],
)
def test_spaced_numeric_dates(printed: str, read: date | None) -> None:
    assert parse_date(printed) == read


def test_two_texts_printed_over_each_other_are_parted() -> None:
    """'Penyelenggaraan' run over its cell's edge onto the next cell's 'Desember': the text layer
    reads one word, its glyphs interleaved in x order; each text is a run of glyphs drawn one
    after another."""

    def glyphs(word: str, x0: float, width: float) -> list[dict]:
        return [
            {"text": ch, "x0": x0 + i * width, "x1": x0 + (i + 1) * width}
            for i, ch in enumerate(word)
        ]

    first, second = glyphs("Penyelenggaraan", 0.0, 5.0), glyphs("Desember", 60.0, 5.0)
    chars = sorted(first + second, key=lambda c: c["x0"])
    word = {"text": "".join(c["text"] for c in chars), "x0": 0.0, "x1": 75.0, "chars": chars}
    order = {id(c): i for i, c in enumerate(first + second)}
    parts = text.split_overprinted([word], order)
    assert [(w["text"], w["x0"], w["x1"]) for w in parts] == [
        ("Penyelenggaraan", 0.0, 75.0),
        ("Desember", 60.0, 100.0),
    ]
    kerned = glyphs("Desember", 0.0, 5.0)  # glyphs that abut are one text, whatever their order
    plain = {"text": "Desember", "x0": 0.0, "x1": 40.0, "chars": kerned}
    assert text.split_overprinted([plain], {id(c): i for i, c in enumerate(kerned)}) == [plain]


def test_capitals_kerned_by_a_browser_stay_one_word() -> None:
    """Chromium kerns 'PA' and 'AT' in a 12-pt heading's 'KABUPATEN' by 1.1 and 1.3 pt, over
    the 1-pt kerning allowed at any size: the issuer read 'Kabup A Ten Sragen'. A kerning pair
    overlaps by up to a fifth of the type size."""
    xs = [(366.71, 375.38), (375.38, 384.05), (384.05, 392.05), (392.05, 400.72)]
    xs += [(400.72, 407.39), (406.29, 414.96), (413.62, 420.96), (420.96, 428.29)]
    xs += [(428.29, 436.95)]
    chars = [
        {"text": ch, "x0": x0, "x1": x1, "size": 12.0} for ch, (x0, x1) in zip("KABUPATEN", xs)
    ]
    word = {"text": "KABUPATEN", "x0": 366.71, "x1": 436.95, "chars": chars}
    order = {id(c): i for i, c in enumerate(chars)}
    assert text.split_overprinted([word], order) == [word]


@needs_tesseract
def test_a_table_pasted_as_a_picture_is_read_inside_the_picture(tmp_path: Path) -> None:
    """A typed annex page whose plan table is a screenshot (no text over it): the table is
    OCR'd inside the picture, the typed heading stays the layer's. Drawn from the Demak
    reference's page 3 (its table rendered at 150 dpi and pasted under the typed heading)."""
    import pikepdf
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from tests.test_scan_artefacts import render_page

    demak = CORPUS / "kpu-kab-demak-2023-grid.pdf"
    page = Image.fromarray(render_page(3, demak, 150))
    top, bottom = 360, 1160  # the table's rows, in pixels, under the page's typed heading
    scale = 72 / 150
    width, height = 936, 612
    annex = tmp_path / "annex.pdf"
    drawing = canvas.Canvas(str(annex), pagesize=(width, height))
    drawing.setFont("Times-Roman", 11)
    heading = ["LAMPIRAN", "KEPUTUSAN KOMISI PEMILIHAN UMUM", "KABUPATEN DEMAK"]
    for i, line in enumerate(heading + ["NOMOR 21/PL.01-Kpt/3321/2023"]):
        drawing.drawString(470, height - 45 - 15 * i, line)
    drawing.setFont("Times-Bold", 11)
    drawing.drawCentredString(width / 2, height - 140, "RENCANA AKSI REFORMASI BIROKRASI")
    drawing.drawCentredString(
        width / 2, height - 155, "KOMISI PEMILIHAN UMUM KABUPATEN DEMAK TAHUN 2023"
    )
    picture = page.crop((0, top, page.width, bottom))
    drawing.drawImage(
        ImageReader(picture),
        0,
        height - bottom * scale,
        width=page.width * scale,
        height=(bottom - top) * scale,
    )
    drawing.showPage()
    drawing.save()
    pasted = tmp_path / "pasted.pdf"
    with pikepdf.open(demak) as body, pikepdf.open(annex) as typed, pikepdf.new() as out:
        out.pages.extend([body.pages[0], body.pages[1], typed.pages[0]])
        out.save(pasted)

    def key(record):
        return (record.area, record.activity, record.indicator, record.months, record.pic)

    doc = extract(pasted)
    want = [key(r) for r in extract(demak).records if r.pages == [3]]
    assert len(want) == 8
    assert [key(r) for r in doc.records] == want
    assert doc.source.ocr_pages == [3]
    assert [w.page for w in doc.warnings if w.code == WarningCode.TABLE_PICTURE_READ] == [3]
    assert doc.metadata.number == "21/PL.01-Kpt/3321/2023" and not doc.quality.needs_review
    # with OCR off the picture stays unread, and the decree says it found no plan table
    assert extract(pasted, ExtractOptions(ocr="never")).records == []


def test_a_scan_stored_as_strips_is_a_scan_and_a_page_of_photos_is_not(tmp_path: Path) -> None:
    """Some scanners store a page as bands of its full width; a report's page of photos holds
    pictures as large together, but narrower."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from tests.test_scan_artefacts import render_page

    width, height = 612, 936  # F4, as the Demak decree's body pages
    sheet = Image.fromarray(render_page(1, CORPUS / "kpu-kab-demak-2023-grid.pdf", 100))
    path = tmp_path / "strips.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(width, height))
    bands = 8
    band_px = sheet.height // bands
    for i in range(bands):
        band = sheet.crop((0, i * band_px, sheet.width, (i + 1) * band_px))
        top = i * band_px * 72 / 100
        drawing.drawImage(
            ImageReader(band), 0, height - top - band_px * 72 / 100, width, band_px * 72 / 100
        )
    drawing.showPage()
    photo = sheet.crop((0, 0, 300, 300))
    for x, y in ((40, 80), (320, 80), (40, 500), (320, 500)):  # four photos, 2 x 2
        drawing.drawImage(ImageReader(photo), x, y, 250, 380)
    drawing.showPage()
    drawing.save()
    with pdfplumber.open(path) as pdf:
        strips, photos = pdf.pages
        assert text.is_scan(strips)
        assert text.scan_resolution(strips) == pytest.approx(100, rel=0.02)
        assert not text.is_scan(photos)


def _drawn_page(path: Path, draw) -> list:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(400, 200), invariant=1)
    draw(pdf)
    pdf.save()
    return page_words(path, 1)[1]


def test_white_text_on_white_paper_is_not_read_but_white_on_a_fill_is(tmp_path: Path) -> None:
    """Banjarnegara's Perda 8/2025 (corpus/real/bodies) prints a paraf box in white beside the
    signer's name: 'TELAH DITELITI OLEH PARAF … JFT' on the name's line, unseen on the page."""

    def draw(pdf) -> None:
        pdf.setFont("Times-Roman", 12)
        pdf.drawString(200, 150, "AMALIA DESIANA")
        pdf.setFillColorRGB(1, 1, 1)
        pdf.drawString(20, 150, "JFT PARAF")
        pdf.setFillGray(0.2)
        pdf.rect(20, 40, 120, 30, stroke=0, fill=1)
        pdf.setFillColorRGB(1, 1, 1)
        pdf.drawString(30, 50, "Kegiatan")

    words = [w.text for w in _drawn_page(tmp_path / "white.pdf", draw)]
    assert words == ["AMALIA", "DESIANA", "Kegiatan"]


def test_a_dash_in_a_font_of_its_own_stays_inside_its_word(tmp_path: Path) -> None:
    """The same Perda sets the '–' of 'Undang–Undang' in a font subset of its own; pdfplumber
    parts words where the font changes, and it came out 'Undang – Undang'. A dash with a space
    on either side stays a word of its own."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def draw(pdf) -> None:
        x = 20.0
        for word, font in [
            ("Undang", "Times-Roman"),
            ("–", "Helvetica"),
            ("Undang", "Times-Roman"),
        ]:
            pdf.setFont(font, 12)
            pdf.drawString(x, 150, word)
            x += stringWidth(word, font, 12)
        pdf.setFont("Times-Roman", 12)
        pdf.drawString(20, 100, "Januari")
        pdf.setFont("Helvetica", 12)
        pdf.drawString(20 + stringWidth("Januari ", "Times-Roman", 12), 100, "–")
        pdf.setFont("Times-Roman", 12)
        pdf.drawString(20 + stringWidth("Januari – ", "Times-Roman", 12), 100, "Desember")

    words = [w.text for w in _drawn_page(tmp_path / "dash.pdf", draw)]
    assert words == ["Undang–Undang", "Januari", "–", "Desember"]


def test_text_outside_the_crop_box_is_not_read(tmp_path: Path) -> None:
    """A viewer shows a page's crop box; text set beyond it (or off the page) is unseen."""
    import pikepdf

    def draw(pdf) -> None:
        pdf.setFont("Helvetica", 12)
        pdf.drawString(20, 150, "Menimbang")
        pdf.drawString(20, 30, "cropped")
        pdf.drawString(450, 150, "beyond")

    path = tmp_path / "cropped.pdf"
    _drawn_page(path, draw)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].CropBox = [0, 60, 400, 200]
        pdf.save(path)
    assert [w.text for w in page_words(path, 1)[1]] == ["Menimbang"]
