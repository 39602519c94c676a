"""Real offices' PDFs (corpus/real): each metadata field of the hand-read expected file, one test
per (file, field), compared the way ../shared/tools/score.py compares them: texts with case and
white space folded, considerations and legal bases by count and by the folded text of each item,
dictums by label, dates as ISO strings. A field the expected file gives as null must come out
empty: a document that is not a decree keeps its metadata empty rather than wrong.

Only PDFs with a text layer that extract quickly are here, and they are read with OCR off; each is
extracted once per module.
"""

from __future__ import annotations

import pytest

from tests.real_corpus import (
    NAMES,
    SCANS,
    assert_gaps_name_real_fields,
    assert_metadata_field,
    metadata_cases,
    pdf_path,
)

# Fields not asserted yet, each with the reason. "<field>.text" leaves out only the item texts of
# a list field; its count is still asserted.
KNOWN_GAPS: dict[str, dict[str, str]] = {
    "diskominfo-ambon-2021-lakip-rencana-aksi": {
        # A report, not a decree: its office, year and signer are not read (they stay empty).
        "issuer": "a report's office is not read; stays empty",
        "year": "a report's year is not read; stays empty",
        "signatory": "a foreword's signer is not read; stays empty",
        "title": "the title is on the cover, an image without a text layer (needs OCR)",
    },
    "kemenpanrb-2022-skb-libur-nasional-cuti-bersama": {
        # The pages are scans under a poor OCR text layer ('KETENAGAKERJMN', 'MENTER!', 'HARi').
        "issuer": "OCR text layer reads 'AAN' as 'MN' (KETENAGAKERJMN, PENDAYAGUNMN)",
        "title": "OCR text layer: 'MENTER!', 'KETENAGAKERJMN', 'HARi'",
        "considerations.text": "OCR text layer: 'A.gama', ',N omor', 'l-!ari'",
        "legal_bases.text": "OCR text layer: 'tent ang', a soft hyphen for 'Hari-Hari'",
        "signatory": "the three names are not in the text layer (image only)",
    },
    "pemkab-banjarnegara-2025-perda-8-pajak-retribusi-p1-11": {
        "issuer": (
            "a Perda's heading names the region ('PERATURAN DAERAH KABUPATEN BANJARNEGARA'), read"
            " as its issuer; the hand-read file names the Bupati who enacts it"
        ),
    },
    "pemprov-bali-2021-pergub-2-sotk": {
        "legal_bases.text": "hidden glyphs in the text layer ('3Undang-Undang', '. Pembentukan')",
    },
}

# The text-layer PDFs; the scans' metadata is asserted in tests/test_real_scan_metadata.py.
TEXT_LAYER = [name for name in NAMES if pdf_path(name).parent != SCANS]


@pytest.mark.parametrize("name, check", metadata_cases(TEXT_LAYER, KNOWN_GAPS))
def test_metadata_field(name, check):
    assert_metadata_field(name, check)


def test_known_gaps_name_real_fields():
    assert_gaps_name_real_fields(KNOWN_GAPS, TEXT_LAYER)


# ---------------------------------------------------------------- the general fixes, on their own


def test_year_closing_a_number_without_tahun():
    from rencana.stages.structure.legal import year_of_number

    assert year_of_number("188/17/415.15/2020") == 2020
    assert year_of_number("W.15.IMI.IMI.1-3252-1-PW.01.01") is None


def test_ocr_capital_i_lookalikes_in_a_heading():
    from rencana.stages.structure.labels import kind_and_issuer

    assert kind_and_issuer("KEPUTUSAN KEPALA KANTOR IMIGRASI KELAS | KHUSUS TPI SURABAYA") == (
        "Keputusan",
        "Kantor Imigrasi Kelas I Khusus TPI Surabaya",
    )


def test_a_citation_in_running_prose_is_no_heading():
    from rencana.stages.structure.labels import find_heading

    prose = [
        "dalam rangka pelaksanaan sebagaimana diamanatkan dalam",
        "Peraturan Presiden Nomor 29",
    ]
    assert find_heading([*prose, "Tahun 2014 tentang Sistem Akuntabilitas"]) is None


def test_enacted_date_from_the_annex_header_when_the_body_leaves_the_day_blank():
    from rencana.stages.structure.metadata import annex_date

    header = [
        "LAMPIRAN KEPUTUSAN INSPEKTUR",
        "NOMOR : 188/17/415.15/2020",
        "TANGGAL : 17 Januari 2020",
    ]
    assert annex_date(header).isoformat() == "2020-01-17"
    assert annex_date(["LAMPIRAN", "TANGGAL : Januari 2020"]) is None


def test_signature_name_passes_over_what_ocr_made_of_a_signature():
    """The Kemenag ZI scan's closing as OCR reads it once its stamp is lifted: the signature's
    stroke reads "N", the paraf beside the name "£" (kemenag-2017-kma-186-juklak-zi-scan, p. 3)."""
    from rencana.stages.structure.labels import signature_name

    block = ["MENTERI AGAMA REPUBLIK INDONESIA,", "N", "LUKMAN HAKIM SAIFUDDIN £"]
    assert signature_name(block) == "LUKMAN HAKIM SAIFUDDIN"
    assert signature_name(["BUPATI JOMBANG,", "No", "MUNDJIDAH WAHAB"]) == "MUNDJIDAH WAHAB"
