"""Real offices' scans (corpus/real/scans): each metadata field of the hand-read expected file, one
test per (file, field), compared as tests/test_real_metadata.py compares the text-layer PDFs.

Every scan of ../shared/real-world is here, read through OCR as ``rencana extract`` reads it by
default (``--ocr auto``): a scan of a few pages whole, a long one by the pages of its decree body,
opening to signature (``<name>-p1-3.pdf``, cut with ``qpdf --empty --pages <name>.pdf 1-3 --``).
Each is extracted once per test session (OCR costs seconds a page).
"""

from __future__ import annotations

import re

import pytest

from tests.real_corpus import (
    REAL,
    SCAN_BODIES,
    assert_gaps_name_real_fields,
    assert_metadata_field,
    body_extract,
    metadata_cases,
)

# Fields not read right yet, each with the reason. "<field>.text" leaves out only the item texts of
# a list field; its count is still asserted.
KNOWN_GAPS: dict[str, dict[str, str]] = {
    "distamhut-dki-2022-sk-07-ppid-scan-p1-2": {
        "number": "OCR reads the month numeral I as '1' ('OT.01/1/2022')",
        "considerations.text": "OCR reads 'teknis' as 'tcknis'",
        "legal_bases.text": "a stray '.' before item 4 ('. Surat Edaran …')",
        # The stamp's rim joins 'DI' to the verb ('DITETAPKAN-DI : KASONGAN'), which the enactment
        # line's pattern (stages/structure/dates.py) does not take; the name reads 'HA PP O, S.H.'.
        "enacted_place": "the enactment line reads 'DITETAPKAN-DI : KASONGAN'",
        "enacted_date": "the enactment line reads 'DITETAPKAN-DI : KASONGAN'",
        "signatory": "the stamp over the name: 'HA PP O, S.H., M.Hum.'",
    },
    "inspektorat-jombang-2020-kepbup-pkpt-2021-scan-p1-3": {
        "number": "the stamped '441' inside the typed number reads '41 '",
        "legal_bases.text": "stray '.' before items 9, 11 and 12 ('.Peraturan …')",
        "enacted_date": "the day under the purple stamp reads '39 Desember 2020' (no such date)",
    },
    "kemenag-2017-kma-186-juklak-zi-scan-p1-3": {
        "legal_bases.text": "OCR reads 'menuju' as 'menyju' in item 7",
        "enacted_date": "OCR reads the typewritten month 'Maret' as 'Meret'",
    },
    "pemkab-jombang-2020-perbup-63-sotk-inspektorat-scan-p1-2,12": {
        "number": "the handwritten '63' reads '£3' (left empty as implausible)",
        "considerations": "'Menimbang bahwa …': OCR lost the colon, the item is not read",
        "considerations.text": "'Menimbang bahwa …': OCR lost the colon, the item is not read",
        "enacted_date": "the stamped '2020' reads '2620' (left empty as implausible)",
    },
    "pemkab-wonosobo-2018-se-bupati-usaha-pariwisata-scan-p1-2": {
        "issuer": "a Surat Edaran names its issuer in the letterhead ('BUPATI WONOSOBO'), not read",
        "enacted_place": "the letter's date line 'Wonosobo, 6 April 2018' is not read",
        "enacted_date": "the handwritten day of 'Wonosobo, 6 April 2018' reads '£'",
    },
    "pemkab-wonosobo-2020-kepbup-gugus-tugas-covid-scan-p1-2": {
        "number": "the handwritten number reads '44 32 c1 /os2/ 2020'",
        # OCR gives no line below 'Ditetapkan di Wonosobo' (a green signature stroke crosses them).
        "enacted_date": "the handwritten date '17-3-2020' is not in the OCR lines",
        "signatory": "the signature block is not in the OCR lines",
    },
    "pemkot-tangsel-2015-kepwal-blud-rsu-ocrspaced-p1-4": {
        "number": "the scan's own OCR layer reads '112' as 'll2' ('Kep.ll2-Huk')",
    },
    "pemprov-dki-2024-instruksi-sekda-e0049-rth-scan-p1-3": {
        "plan_year": "an Instruksi's plan year (its deadline '31 Desember 2024') is not read",
    },
    "rsu-tangsel-2022-sk-direktur-standar-pelayanan-scan-p1-4": {
        field: "a 65-dpi scan that OCR reads as noise ('NOMOk 1\"4/alt p.GIAS'): no heading found"
        for field in (
            "kind",
            "issuer",
            "number",
            "year",
            "title",
            "considerations",
            "considerations.text",
            "legal_bases",
            "legal_bases.text",
            "enacted_place",
            "enacted_date",
            "signatory",
        )
    },
}


@pytest.mark.parametrize("name, check", metadata_cases(SCAN_BODIES, KNOWN_GAPS))
def test_scan_metadata_field(name, check):
    assert_metadata_field(name, check)


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
