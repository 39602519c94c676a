"""Real offices' scans (corpus/real/scans): each metadata field of the hand-read expected file, one
test per (file, field), compared as tests/test_real_metadata.py compares the text-layer PDFs.

Every scan of ../shared/real-world is here, read through OCR as ``rencana extract`` reads it by
default (``--ocr auto``): a scan of a few pages whole, a long one by the pages of its decree body,
opening to signature (``<name>-p1-3.pdf``, cut with ``qpdf --empty --pages <name>.pdf 1-3 --``).
Each is extracted once per test session (OCR costs seconds a page).
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest

from tests.real_corpus import (
    REAL,
    SCAN_BODIES,
    SCANS,
    assert_gaps_name_real_fields,
    assert_metadata_field,
    body_extract,
    extracted,
    metadata_cases,
)

# Fields not read right yet, each with the reason. "<field>.text" leaves out only the item texts of
# a list field; its count is still asserted.
KNOWN_GAPS: dict[str, dict[str, str]] = {
    "distamhut-dki-2022-sk-07-ppid-scan-p1-2": {
        # flagged metadata_unsure (test_a_month_numeral_the_scan_cannot_settle_is_flagged)
        "number": "OCR reads the month numeral I as '1' ('OT.01/1/2022')",
        "signatory": "the stamp over the name reads 'HA PP O, S.H., M.Hum.' (left empty)",
    },
    "inspektorat-jombang-2020-kepbup-pkpt-2021-scan-p1-3": {
        "number": "the stamped '441' inside the typed number reads '41 '",
    },
    "pemkab-jombang-2020-perbup-63-sotk-inspektorat-scan-p1-2,12": {
        "number": "the handwritten '63' reads '£3' (left empty as implausible)",
    },
    "pemkab-wonosobo-2018-se-bupati-usaha-pariwisata-scan-p1-2": {
        "enacted_date": "the handwritten day of 'Wonosobo, 6 April 2018' reads '£' (left empty)",
    },
    "pemkab-wonosobo-2020-kepbup-gugus-tugas-covid-scan-p1-2": {
        "number": "the handwritten number reads '44 32 c1 /os2/ 2020' (left empty as implausible)",
        # OCR gives no line below 'Ditetapkan di Wonosobo' (a green signature stroke crosses them).
        "enacted_date": "the handwritten date '17-3-2020' is not in the OCR lines",
        "signatory": "the signature block is not in the OCR lines",
    },
    "rsu-tangsel-2022-sk-direktur-standar-pelayanan-scan-p1-4": {
        "legal_bases.text": "a 65-dpi scan: OCR reads 'Nomor 51' as 'Nomor S1', '116' as '16'",
        # The faint stamp is lifted (imaging.tinted_strokes); the pen stroke crosses the day.
        "enacted_date": "the day under the pen stroke reads 'Pada T? . D-Ienuari 2022' (left empty)",
        "signatory": "the name under the stamp and the pen stroke is not in the OCR lines",
    },
}


@pytest.mark.parametrize("name, check", metadata_cases(SCAN_BODIES, KNOWN_GAPS))
def test_scan_metadata_field(name, check):
    assert_metadata_field(name, check)


def test_a_month_numeral_the_scan_cannot_settle_is_flagged():
    """Distamhut's 'OT.01/I/2022' reads 'OT.01/1/2022': January either way, so its date of
    enactment (3 January) cannot tell, and in the scan the 'I' touches a slash broken into
    pieces, so its glyphs cannot either. The number is not left silently wrong: it is flagged.
    Numbers the image bears out (Tangsel's '445.1/Kep.112-Huk/2015') are not."""
    document = extracted("distamhut-dki-2022-sk-07-ppid-scan-p1-2")
    assert document["metadata"]["number"] == "07/KPN/SK/OT.01/1/2022"
    assert [r["check"] for r in document["quality"]["reasons"]].count("metadata_unsure") == 1
    tangsel = extracted("pemkot-tangsel-2015-kepwal-blud-rsu-ocrspaced-p1-4")
    assert tangsel["metadata"]["number"] == "445.1/Kep.112-Huk/2015"
    assert "metadata_unsure" not in {w["code"] for w in tangsel["warnings"]}


def test_known_gaps_name_real_fields():
    assert_gaps_name_real_fields(KNOWN_GAPS, SCAN_BODIES)


def test_every_scan_with_a_hand_read_file_is_here():
    """A scan's expected file (``*-scan``, ``*-ocrscan``, ``*-ocrspaced``) has its PDF or its
    body's extract in corpus/real/scans."""
    scans = {
        p.name.removesuffix(".expected.json")
        for p in REAL.glob("*.expected.json")
        if re.search(r"-(?:scan|ocrscan|ocrspaced)\.expected\.json$", p.name)
    }
    assert scans == {body_extract(name) or name for name in SCAN_BODIES}


def test_a_low_resolution_scan_is_read_with_fills_its_own_pixels_can_show():
    """The RSU SK is a 65-dpi scan: rendered at 200 dpi, the gaps inside its bold letters blur
    into grey patches the size of a shade, and deshading them wiped out the letters' edges
    (the whole page read as noise). A page below 100 dpi takes only fills a few of its own
    pixels wide as shades; a page of 100 dpi and more keeps the settings as they are."""
    from rencana.options import OcrSettings

    settings = OcrSettings()
    assert settings.at_scan_resolution(65).min_shade_pt == pytest.approx(7.5 * 72 / 65)
    for dpi in (None, 100, 150, 300):
        assert settings.at_scan_resolution(dpi) is settings
    heading = extracted("rsu-tangsel-2022-sk-direktur-standar-pelayanan-scan-p1-4")["metadata"]
    assert heading["number"] == "188.4/Kep.0035.a-TU/2022"


def test_a_low_resolution_scan_keeps_its_bars_as_read():
    """At 65 dpi a "1"'s flag is a pixel at most: its shape tells it from an "I" no longer (the
    glyph test had turned the RSU SK's legal basis 'Nomor 445.1/Kep.112-Huk/2015' into
    '445.I'). Below 100 dpi designations keep OCR's reading."""
    from rencana.options import OcrSettings

    assert OcrSettings().glyph_shapes and not OcrSettings().at_scan_resolution(65).glyph_shapes
    bases = extracted("rsu-tangsel-2022-sk-direktur-standar-pelayanan-scan-p1-4")["metadata"][
        "legal_bases"
    ]
    assert any("Nomor 445.1/Kep.112-Huk/2015 tentang" in basis["text"] for basis in bases)


def test_a_low_resolution_scan_is_enlarged_by_lanczos_not_smoothed_by_pdfium():
    """Below 100 dpi the page is rendered at the scan's own resolution and enlarged (Lanczos)."""
    from rencana.options import OcrSettings
    from rencana.stages.ocr import engine

    path = SCANS / "rsu-tangsel-2022-sk-direktur-standar-pelayanan-scan-p1-4.pdf"
    settings = OcrSettings()
    smoothed = engine.render(path, 1, 200, settings)
    enlarged = engine.render(path, 1, 200, settings, scan_dpi=65)
    assert enlarged.shape == smoothed.shape
    assert not np.array_equal(enlarged[:100, :100], smoothed[:100, :100])
    # From 100 dpi on, pdfium's rendering is kept as it is.
    assert np.array_equal(engine.render(path, 1, 200, settings, scan_dpi=100), smoothed)


# ------------------------------------------- the general fixes, on the scans' own OCR lines


def test_stray_stops_after_an_item_marker():
    """OCR doubles a marker's stop (distamhut-dki-2022-sk-07-ppid-scan p1, item 4; the Jombang
    PKPT scan p2, items 11 and 12)."""
    from rencana.stages.structure.legal import item_openers, split_numbered_items

    lines = [
        "3. Undang-Undang Republik Indonesia Nomor 48 tahun 2009",
        "tentang Kekuasaan Kehakiman;",
        "4. . Surat Edaran Ketua Mahkamah Agung Nomor 13 tahun 2010",
        "tentang Pembuatan SOP (Standar Operasional Prosedur);",
        "5. .Peraturan Menteri Dalam Negeri Nomor 23 Tahun 2007;",
        "6, .Peraturan Menteri Dalam Negeri Nomor 23 Tahun 2020;",
    ]
    items, missing = split_numbered_items(lines, item_openers()["legal_bases"])
    assert [item.split(" ", 1)[0] for item in items] == [
        "Undang-Undang",
        "Surat",
        "Peraturan",
        "Peraturan",
    ]
    assert missing == []


def test_a_label_colon_read_as_one_before_an_item_letter():
    """'Menimbang : a. bahwa' reads 'Menimbang 1 a. bahwa' (rsu-tangsel-2022 SK p1, 65 dpi); a
    numbered first item after a label without its colon stays an item."""
    from rencana import vocab
    from rencana.stages.structure.labels import read_section_label

    labels = vocab.load("decree_words.yaml")["sections"]
    assert read_section_label("Menimbang 1 a. bahwa dalam rangka", labels, fuzzy=True) == (
        "considerations",
        "a. bahwa dalam rangka",
    )
    assert read_section_label("Mengingat 1. Undang-Undang Nomor 5", labels, fuzzy=True) == (
        "legal_bases",
        "1. Undang-Undang Nomor 5",
    )
    # The Jepara scan's page 1 turned by 1.7° with punch holes reads its colon as '>'.
    assert read_section_label("Mengingat > 1. Undang-Undang Nomor 28", labels, fuzzy=True) == (
        "legal_bases",
        "1. Undang-Undang Nomor 28",
    )


def test_an_item_number_read_as_its_look_alike_letter():
    """OCR reads the marker "5." as "S." (the scan fuzz, seed 3, 300 dpi): where item 5 is due
    and item 4 has ended, it opens item 5; the list skips nothing."""
    from rencana.stages.structure.legal import item_openers, split_numbered_items

    lines = [
        "4. Peraturan Menteri Nomor 25 Tahun 2020 (Berita Negara Tahun 2020 Nomor 441):",
        "S. Peraturan Menteri Nomor 26 Tahun 2020 tentang Pedoman Evaluasi",
        "Pelaksanaan Reformasi Birokrasi (Berita Negara Tahun 2020 Nomor 442):",
        "6. Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019;",
    ]
    items, missing = split_numbered_items(lines, item_openers()["legal_bases"], ocr=True)
    assert [item.split(" Tahun")[0] for item in items] == [
        "Peraturan Menteri Nomor 25",
        "Peraturan Menteri Nomor 26",
        "Peraturan Komisi Pemilihan Umum Nomor 8",
    ]
    assert missing == []


def test_an_item_letter_read_as_an_ampersand():
    """At 65 dpi OCR reads the markers 'a.' and 'g.' as '&' (rsu-tangsel-2022 SK p1-2): where a
    letter is due and the item before has ended, '&' before a legal form is that letter."""
    from rencana.stages.structure.legal import item_openers, split_numbered_items

    lines = [
        "& Undang-Undang Nomor 29 Tahun 2004",
        "tentang Praktik Kedokteran;",
        "b, Undang-Undang Nomor 36 Tahun 2009 tentang Kesehatan;",
        "& Peraturan Daerah Nomor 1 Tahun 2022;",
        "d. Peraturan Walikota Nomor 46 Tahun 2015",
    ]
    items, missing = split_numbered_items(lines, item_openers()["legal_bases"])
    assert [item.split(" Nomor")[0] for item in items] == [
        "Undang-Undang",
        "Undang-Undang",
        "Peraturan Daerah",
        "Peraturan Walikota",
    ]
    assert missing == []
    # Without a "b." after it, an "&" opening a list is text.
    assert split_numbered_items(["& Co. dan rekan"]) == (["& Co. dan rekan"], [])


def test_item_letters_as_ocr_reads_them_at_low_resolution():
    """RSU Tangsel's 65-dpi SK, p2-3: 'f' and 'i' lose their stop, 'j.' reads 'j-', 'l.' reads '|',
    and item h ends without its ';' as printed; a lone brace or bar between words is no text."""
    from rencana.stages.structure.legal import item_openers, split_numbered_items

    lines = [
        "e. Peraturan Menteri Nomor 36 Tahun 2012;",
        "f Keputusan Menteri Kesehatan Nomor 129 Tahun 2008;",
        "g. Peraturan Walikota Nomor 46 Tahun 2015 | tentang Pengelolaan",
        "Keuangan Daerah",
        "h Peraturan Walikota Nomor 51 Tahun 2015;",
        "i- Peraturan Walikota Nomor 2 Tahun 2017;",
        "j. Peraturan Walikota Nomor 27 Tahun 2018;",
        "k. Peraturan Walikota Nomor 45 Tahun 2019;",
        "| Peraturan Walikota Nomor 60 Tahun 2019.",
    ]
    items, _ = split_numbered_items(lines, item_openers()["legal_bases"])
    assert len(items) == 8
    assert items[2] == "Peraturan Walikota Nomor 46 Tahun 2015 tentang Pengelolaan Keuangan Daerah"
    # "e-Government" opens no item: a hyphen stands for the stop only before a space.
    wrapped = ["a. Peraturan tentang Sistem", "e-Government Daerah;", "b. Peraturan Daerah"]
    assert len(split_numbered_items(wrapped, item_openers()["legal_bases"])[0]) == 2


def test_a_single_unlettered_consideration_after_a_label_without_its_colon():
    """'Menimbang bahwa …': OCR lost the colon of a Menimbang with one unlettered item
    (pemkab-jombang-2020-perbup-63-sotk-inspektorat-scan p1)."""
    from rencana import vocab
    from rencana.stages.structure.labels import read_section_label

    labels = vocab.load("decree_words.yaml")["sections"]
    line = "Menimbang bahwa untuk melaksanakan ketentuan Pasal 4 Peraturan"
    assert read_section_label(line, labels, at_left=True, fuzzy=True) == (
        "considerations",
        "bahwa untuk melaksanakan ketentuan Pasal 4 Peraturan",
    )


def test_digit_lookalikes_in_a_designation():
    """A scanner's OCR layer reads '112' as 'll2' (pemkot-tangsel-2015-kepwal-blud-rsu-ocrspaced
    p1); codes and month numerals keep their letters."""
    from rencana.stages.structure.legal import repaired_number_digits

    assert repaired_number_digits("445.1/Kep.ll2-Huk/2015") == "445.1/Kep.112-Huk/2015"
    for number in ("W.15.IMI.IMI.1-3252-1-PW.01.01", "07/KPN/SK/OT.01/I/2022", "e-0049"):
        assert repaired_number_digits(number) == number


def test_a_handwritten_number_misread_is_left_empty():
    """'443.52/052/2020' handwritten reads '44 32 c1 /os2/ 2020'
    (pemkab-wonosobo-2020-kepbup-gugus-tugas-covid-scan p1)."""
    from rencana.stages.structure.plausible import number_problem

    assert number_problem("44 32 c1 /os2/ 2020", date.today())
    for number in ("188.4/Kep.0035.a-TU/2022", "12/HK.03.1-Kpt/3320/KPU-Kab/II/2022", "e-0049"):
        assert number_problem(number, date.today()) is None


def test_an_impossible_enactment_year_one_digit_off_the_decree_year():
    """'Pada tanggal 24 September 2620' under 'NOMOR .. TAHUN 2020'
    (pemkab-jombang-2020-perbup-63-sotk-inspektorat-scan p12): a decree is enacted in the year
    its number names; a year two digits off, or a possible one, is not touched."""
    from rencana.stages.structure.plausible import year_repaired

    today = date(2026, 11, 26)
    assert year_repaired(date(2620, 9, 24), 2020, today) == date(2020, 9, 24)
    assert year_repaired(date(2620, 9, 24), 2021, today) is None
    assert year_repaired(date(2019, 9, 24), 2020, today) is None
    assert year_repaired(date(2620, 9, 24), None, today) is None


def test_a_letter_names_its_issuer_and_place_above_its_heading():
    """A Surat Edaran: the letterhead's office, the date line 'Wonosobo, 6 April 2018' whose
    handwritten day OCR reads '£' (pemkab-wonosobo-2018-se-bupati-usaha-pariwisata-scan p1)."""
    from rencana.stages.structure.labels import letterhead_issuer
    from rencana.stages.structure.metadata import letter_date

    above = ["BUPATI WONOSOBO", "Wonosobo, £ April 2018", "Kepada :", "Yth. PEMILIK/PELAKU"]
    assert letterhead_issuer(above) == "Bupati Wonosobo"
    assert letter_date(above) == ("Wonosobo", None)
    assert letter_date(["Wonosobo, 6 April 2018"]) == ("Wonosobo", date(2018, 4, 6))
    assert letterhead_issuer(["PEMERINTAH KABUPATEN WONOSOBO"]) is None


def test_plan_year_from_the_deadline_set_for_the_schedule():
    """An Instruksi's KETIGA ties its tasks to the annex schedule and a deadline
    (pemprov-dki-2024-instruksi-sekda-e0049-rth-scan p3); a deadline without the schedule is none."""
    from rencana.stages.structure.labels import schedule_deadline_year

    operative = (
        "KETIGA Pelaksanaan keseluruhan tugas sebagaimana dimaksud dalam diktum KEDUA untuk"
        " diselesaikan paling lambat tanggal 31 Desember 2024 dengan jadwal kegiatan sebagaimana"
        " tercantum dalam huruf A Lampiran yang merupakan bagian tidak terpisahkan."
    )
    assert schedule_deadline_year(operative) == 2024
    assert (
        schedule_deadline_year("Laporan disampaikan paling lambat tanggal 10 Januari 2025.") is None
    )


def test_a_month_numeral_read_as_digits_in_a_number():
    """The Jepara decree's 'KPU-Kab/II/2022' reads 'KPU-Kab/11/2022' on a copy of its page 1 turned
    by 0.8° or compressed harder (tests/test_scan_perturbed.py): enacted in February, whose
    numeral in digits is '2', '11' there is 'II'. A '1' in January may be either numeral."""
    from rencana.stages.structure.legal import month_numeral_repaired

    number = "12/HK.03.1-Kpt/3320/KPU-Kab/11/2022"
    assert month_numeral_repaired(number, 2) == "12/HK.03.1-Kpt/3320/KPU-Kab/II/2022"
    assert month_numeral_repaired("800/111/2021", 3) == "800/III/2021"
    assert month_numeral_repaired(number, 11) is None
    assert month_numeral_repaired("07/KPN/SK/OT.01/1/2022", 1) is None
    assert month_numeral_repaired("188.4/Kep.0035.a-TU/2022", 1) is None


def test_a_mark_before_the_enactment_place_is_no_part_of_it():
    """The Distamhut SK turned by 2.2° with a dark border band reads 'DITETAPKAN DI : > KASONGAN'."""
    from rencana.stages.structure.dates import enactment_place

    assert enactment_place("DITETAPKAN DI : > KASONGAN") == "KASONGAN"
    assert enactment_place("Ditetapkan di Jakarta, 8 Februari 2022") == "Jakarta"
    assert enactment_place("Ditetapkan di : ,") is None


def test_a_rank_under_a_lost_name_is_no_signer_name():
    """The RSU SK's 65-dpi scan: the stamp and the pen stroke hide 'dr. UMI KULSUM', and the
    rank printed under it ('Pembina') was read as the signatory; a rank is never the name."""
    from rencana.stages.structure.labels import signature_name

    block = ["DIREKTUR RUMAH SAKIT UMUM KOTA TANGERANG SELATAN,", "Pembina", "NIP 19821215"]
    assert signature_name(block) is None
    assert signature_name(["KEPALA DINAS,", "Penata Muda Tk. I (III/b)"]) is None
    named = ["DIREKTUR,", "dr. UMI KULSUM", "Pembina Tk. I", "NIP. 198212152010012011"]
    assert signature_name(named) == "dr. UMI KULSUM"


def test_degrees_alone_are_no_signer_name():
    """The Distamhut SK turned by 1.2°: the stamped name is lost and only its degrees 'M.Hum.' are
    read; they are left empty, not printed as the signatory."""
    from rencana.stages.structure.labels import signature_name

    assert signature_name(["KETUA PENGADILAN NEGERI KASONGAN,", "M.Hum."]) is None
    for name in (
        "HARIS BUDIARSO, S.H., M.Hum.",
        "Drs. Ec. I NYOMAN SWARDANA, M.Si.",
        "dr. UMI KULSUM",
    ):
        assert signature_name(["KETUA,", name]) == name


def test_an_item_number_ocr_left_as_a_dash_opens_its_item():
    """Scanned fuzz seed 330 (200 dpi, JPEG q53): the markers "1." and "2." lost, "3." and "4."
    read "-": after an item that ended, "- Peraturan …" opens the next item, its dash dropped; a
    dash inside an item's wrap stays."""
    from rencana.stages.structure.legal import item_openers, split_numbered_items

    lines = [
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan",
        "Umum (Lembaran Negara Republik Indonesia Tahun 2017 Nomor 182);",
        "- Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand",
        "Design Reformasi Birokrasi 2010-2025;",
        "- Peraturan Menteri Nomor 25 Tahun 2020 tentang Road Map",
        "- Reformasi Birokrasi;",
    ]
    items, missing = split_numbered_items(lines, item_openers()["legal_bases"], ocr=True)
    assert items == [
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara Republik "
        "Indonesia Tahun 2017 Nomor 182);",
        "Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand Design Reformasi Birokrasi "
        "2010-2025;",
        "Peraturan Menteri Nomor 25 Tahun 2020 tentang Road Map - Reformasi Birokrasi;",
    ]
    assert missing == []
