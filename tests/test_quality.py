"""The quality verdict (issue 12): a decree read right is never flagged, one read wrong is.

Both directions on real values: every reference, layout and docx decree comes out clean (the
real-world and scanned ones are held in tests/test_real_tables.py, which extracts them anyway),
and each check fires on the trace a wrong reading leaves.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rencana.contract.models import LegalBasis, Level, Record
from rencana.core.roles import Role
from rencana.core.state import Extraction
from rencana.core.types import FoundTable, PageContent, PlanTable, TableRow, Word
from rencana.runner import extract
from rencana.stages.numbering import area_letters_in_their_case
from rencana.stages.quality import quality_of
from rencana.stages.tables.rows import area_number_of

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CLEAN = sorted(
    [p for p in CORPUS.glob("*.pdf") if "scan" not in p.name]
    + list((CORPUS / "layouts").glob("*.pdf"))
    + list((CORPUS / "docx").glob("*.pdf"))
)


@pytest.mark.parametrize("pdf", CLEAN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_decree_read_right_is_not_flagged(pdf):
    quality = extract(pdf).quality
    assert quality.records and not quality.needs_review, [r.message for r in quality.reasons]


def test_the_counts():
    quality = extract(CORPUS / "layouts" / "kpu-kab-pati-2023-page-breaks.pdf").quality
    # one open schedule ("Menyesuaikan") is counted, and is no reason to review
    assert (quality.records, quality.unparsed_schedules, quality.needs_review) == (18, 1, False)
    assert quality.complete_records == 16  # that record and one whose schedule is really empty


def record(indicator: str, page: int, **fields) -> Record:
    levels = [Level(role="area", text=fields["area"])] if fields.get("area") else []
    levels.append(Level(role="indicator", text=indicator))
    return Record(indicator=indicator, levels=levels, pages=[page], **fields)


def state_of(records=(), tables=(), pages=(), **metadata) -> Extraction:
    # a document whose heading was read (naming no plan: see plan_not_read), unless a test says
    # otherwise (see nothing_read)
    metadata.setdefault("title", "Tim Reformasi Birokrasi")
    state = Extraction(path=Path("x.pdf"))
    state.records, state.tables, state.pages = list(records), list(tables), list(pages)
    state.metadata = state.metadata.model_copy(update=metadata)
    return state


def checks(state: Extraction) -> list[tuple[str, int | None]]:
    return [(r.check, r.page) for r in quality_of(state).reasons]


def row(cells: dict, page: int = 3, **fields) -> TableRow:
    return TableRow(cells=cells, pages=[page], bbox=(0, 0, 1, 1), **fields)


def table(rows: list[TableRow], roles: list[str]) -> PlanTable:
    return PlanTable(roles=roles, rows=rows, pages=sorted({p for r in rows for p in r.pages}))


def test_a_banner_copied_into_the_quarter_targets_is_flagged():
    banner = "Penguatan Implementasi SPIP"
    copied = row(
        {Role.ACTIVITY: banner, Role.INDICATOR: "Tingkat Maturitas SPIP"},
        quarter_marks={q: banner for q in (1, 2, 3, 4)},
    )
    found = checks(state_of(tables=[table([copied], ["activity", "indicator"])]))
    assert ("long_grid_text", 3) in found and ("repeated_text", 3) in found
    fine = row({Role.INDICATOR: "Tingkat Maturitas SPIP"}, quarter_marks={1: "25%", 2: "1 Dokumen"})
    assert checks(state_of(tables=[table([fine], ["indicator"])])) == []


def test_a_word_in_a_month_cell_is_flagged():
    """'Setiap bulan' merged over the grid: no month was read from it."""
    every = row({Role.INDICATOR: "Laporan bulanan"}, grid_texts=["Setiap bulan"])
    assert checks(state_of(tables=[table([every], ["indicator"])])) == [("long_grid_text", 3)]
    ocr_tick = row({Role.INDICATOR: "Laporan bulanan"}, grid_texts=["Vv", "J"])
    assert checks(state_of(tables=[table([ocr_tick], ["indicator"])])) == []


def test_a_mark_the_vocabulary_lacks_in_a_read_month_grid_is_flagged():
    """A month grid read by its ticks, with a cell of 'o' (or two ticks and a rule read as one
    word 'VAN'): that month was dropped. Dashes, zeros and numbers are no lost marks."""

    def grid(*rows: TableRow) -> PlanTable:
        return PlanTable(roles=["indicator"], rows=list(rows), pages=[3], grid="months")

    ticked = row({Role.INDICATOR: "Laporan"}, months_marked=[1, 2])
    for text in ("o", "VAN", "+"):
        odd = row({Role.INDICATOR: "Dokumen"}, months_marked=[3], grid_texts=[text])
        assert checks(state_of(tables=[grid(ticked, odd)])) == [("grid_marks_unknown", 3)]
    plain = row({Role.INDICATOR: "Dokumen"}, months_marked=[3], grid_texts=["-", "0", "—", "12"])
    assert checks(state_of(tables=[grid(ticked, plain)])) == []
    # a grid with no mark read at all is grid_not_read's
    unread = row({Role.INDICATOR: "Dokumen"}, grid_texts=["o", "o"])
    assert ("grid_marks_unknown", 3) not in checks(state_of(tables=[grid(unread, unread)]))


def test_a_month_cell_a_fill_covers_in_part_only_is_flagged_unless_its_row_has_that_month():
    """Fuzz 3818 (silently wrong once): a fill over a month cell of a table without rulings,
    weighed against a row edge guessed wrong, marked no row: its row lost its months."""
    scheduled = row({Role.INDICATOR: "Laporan"}, months_marked=[4, 5])
    lost = row({Role.INDICATOR: "Indeks SPBE"}, months_marked=[], shaded_in_part=[2, 3])
    grid = PlanTable(roles=["indicator"], rows=[scheduled, lost], pages=[3], grid="months")
    assert checks(state_of(tables=[grid])) == [("grid_shading_unsure", 3)]
    read = row({Role.INDICATOR: "Indeks SPBE"}, months_marked=[2, 3], shaded_in_part=[2, 3])
    grid = PlanTable(roles=["indicator"], rows=[scheduled, read], pages=[3], grid="months")
    assert checks(state_of(tables=[grid])) == []


def test_a_record_of_numbers_without_a_word_is_flagged():
    """Fuzz 4240 (silently wrong once): the column numbers '(1)' '(2)' under a one-level plan's
    header read as a row."""
    scheduled = {"months": [1], "schedule_text": "Januari"}
    numbers = record("(1)", 3)
    plan = [record("Sosialisasi RB", 3, **scheduled), numbers]
    assert ("header_as_record", 3) in checks(state_of(plan, plan_year=2024))
    plan = [record("Sosialisasi RB", 3, **scheduled), record("Laporan 2024", 3)]
    assert ("header_as_record", 3) not in checks(state_of(plan, plan_year=2024))
    # a table without a schedule too: Tangsel's realisation table scanned, its column-number
    # row '2 | 3' under the header read as a record's levels
    numbers = record("3", 1, area="2")
    unscheduled = [numbers, record("Predikat SAKIP", 1, area="Program Penunjang")]
    assert ("header_as_record", 1) in checks(state_of(unscheduled))
    worded = [record("Persentase 100", 1, area="2"), record("Predikat SAKIP", 1, area="2")]
    assert ("header_as_record", 1) not in checks(state_of(worded))


def test_area_numbers_that_go_back_are_flagged_but_a_new_table_from_1_is_not():
    scheduled = {"months": [1], "schedule_text": "Januari"}
    records = [
        record("A", 2, area_number=1, area="X", **scheduled),
        record("B", 2, area_number=3, area="Y", **scheduled),
        record("C", 3, area_number=2, area="Z", **scheduled),
        record("D", 4, area_number=1, area="X", **scheduled),
    ]
    assert checks(state_of(records, plan_year=2024)) == [("area_number_backwards", 3)]


def test_an_area_back_at_1_inside_one_table_is_flagged_but_a_table_of_its_own_is_not():
    # fuzz scan seed 109: areas I, II, III, the "III" read "I"
    scheduled = {"months": [1], "schedule_text": "Januari"}
    areas = [(1, "Penguatan Peraturan"), (2, "Monev PPRG"), (1, "Pelayanan Publik Prima")]
    rows = [row({Role.INDICATOR: f"I{n}"}) for n in range(3)]
    for n, r in enumerate(rows):
        r.bbox = (0, 10 * n, 1, 10 * n + 5)
    records = [
        record(f"I{n}", 3, area_number=number, area=area, bbox=rows[n].bbox, **scheduled)
        for n, (number, area) in enumerate(areas)
    ]
    one = table(rows, ["indicator"])
    assert checks(state_of(records, [one], plan_year=2024)) == [("area_number_backwards", 3)]
    two = [table(rows[:2], ["indicator"]), table(rows[2:], ["indicator"])]
    assert checks(state_of(records, two, plan_year=2024)) == []
    # a part under a banner of its own starts again at 1
    for r, banner in zip(rows, ["A", "A", "B"]):
        r.banner = (None, banner)
    assert checks(state_of(records, [one], plan_year=2024)) == []


def test_numbers_out_of_place():
    roles = ["number", "activity"]
    run_together = table(
        [
            row({Role.NUMBER: n, Role.ACTIVITY: t}, 4)
            for n, t in [("1.", "A"), ("2.3.", "B"), ("4.", "C")]
        ],
        roles,
    )
    assert checks(state_of(tables=[run_together])) == [("rows_run_together", 4)]
    in_text = table([row({Role.NUMBER: "1", Role.ACTIVITY: "2. Persentase dokumen"}, 5)], roles)
    assert checks(state_of(tables=[in_text])) == [("number_in_text", 5)]
    unnumbered = table([row({Role.ACTIVITY: "Persentase keselarasan"}, 2)], roles)
    assert checks(state_of(tables=[unnumbered])) == [("number_missing", 2)]


def test_a_row_cut_by_a_page_break_and_left_as_two_records_is_flagged():
    before = record("Tersusunnya laporan monitoring dan", 3, months=[3], schedule_text="Maret")
    after = record("evaluasi pelaksanaan rencana aksi", 4)
    assert ("row_split_at_page_break", 4) in checks(state_of([before, after], plan_year=2024))
    new_row = record("Evaluasi pelaksanaan rencana aksi", 4, months=[5], schedule_text="Mei")
    # a new row is no rest of the one before; that one's text still stops open ("… dan")
    assert checks(state_of([before, new_row], plan_year=2024)) == [("text_left_open", 3)]


def test_an_iku_row_cut_by_a_page_break_and_left_as_two_records_is_flagged():
    # a plan without a schedule: what its rows all have is their targets
    targets = {"extra": {"Target 2024": "62", "Target 2025": "67"}}
    first = record("Reviu LAKIN lembaga BPS oleh Inspektorat", 3, area="Penilaian RB", **targets)
    before = record("RSUD JOMBANG, DISNAKER, KEC KUDU, KEC", 3, area="Penilaian RB", **targets)
    rest = record("WONOSALAM, KEC BARENG, BAPENDA", 4, area="Penilaian RB")
    assert checks(state_of([first, before, rest])) == [("row_split_at_page_break", 4)]
    own_targets = record("WONOSALAM, KEC BARENG, BAPENDA", 4, area="Penilaian RB", **targets)
    assert checks(state_of([first, before, own_targets])) == []


@pytest.mark.parametrize(
    "text, left_open",
    [
        ("Seluruh peta proses bisnis telah dijabarkan dalam", True),  # "SOP" read as a row
        ("Penyampaian laporan kepada", True),
        ("Persentase perangkat daerah yang", True),
        ("Tingkat kepatuhan pegawai (kehadiran dan", True),  # a bracket left open
        ("Penerapan SPIP di lingkungan", True),  # a frame waiting for its object
        ("Jumlah", True),  # a head noun without the thing it counts
        ("Seluruh peta proses bisnis telah dijabarkan dalam SOP", False),
        ("Daya tampung mahasiswa baru :", False),  # a cell over a list ends on its colon
        ("KEC. NGUSIKAN, KEC. BARENG,", False),  # printed so in a PKPT's list of objects
        ("Indeks Reformasi Birokrasi (nilai)", False),
    ],
)
def test_a_level_text_that_stops_where_no_phrase_ends_is_flagged(text, left_open):
    scheduled = {"months": [5], "schedule_text": "Mei"}
    flagged = checks(state_of([record(text, 2, **scheduled)], plan_year=2024))
    assert (("text_left_open", 2) in flagged) is left_open


def test_pages_with_words_that_gave_nothing_are_flagged():
    """A scan read as noise (RSU Tangsel's 65-dpi SK gave no heading and no record)."""
    noise = [
        Word(w, 50 + 40 * i, 100, 80 + 40 * i, 108) for i, w in enumerate("sf ii4 .Ss".split())
    ]
    blank, worded = PageContent(1, 842, 595, []), PageContent(2, 842, 595, noise)
    assert checks(state_of(pages=[blank, worded], title=None)) == [("nothing_read", 2)]
    # a heading alone, or a record alone, is something read; so is a blank document's nothing
    assert checks(state_of(pages=[worded], title=None, number="12/2024")) == []
    assert checks(state_of(records=[record("Laporan", 2)], pages=[worded], title=None)) == []
    assert checks(state_of(pages=[blank], title=None)) == []


def test_an_annex_page_with_a_plan_header_and_no_records_is_flagged():
    def words(line: str, top: float, step: float) -> list[Word]:
        return [
            Word(w, 50 + step * i, top, 50 + step * i + 30, top + 8)
            for i, w in enumerate(line.split())
        ]

    heading = words("LAMPIRAN", 40, 0)
    header = words("No Kegiatan Indikator Waktu", 200, 90)  # cells set apart
    annex = PageContent(3, 842, 595, heading + header)
    assert checks(state_of(pages=[annex])) == [("annex_page_without_records", 3)]
    prose = words("No kegiatan indikator waktu", 200, 32)  # words of a sentence
    assert checks(state_of(pages=[PageContent(3, 842, 595, heading + prose)])) == []
    team = words("No Nama Jabatan Kedudukan", 200, 90)  # an unrelated table
    assert checks(state_of(pages=[PageContent(3, 842, 595, heading + team)])) == []
    # a column the vocabulary does not know ('Bukti Dukung') beside four that it does
    unknown = words("No Kegiatan Output Waktu Bukti", 200, 90) + [
        Word("Dukung", 444, 200, 470, 208)
    ]
    assert checks(state_of(pages=[PageContent(3, 842, 595, heading + unknown)])) == [
        ("annex_page_without_records", 3)
    ]
    # a plan of two columns, each naming a plan column (fuzz seed 682)
    two = words("Kegiatan", 200, 0) + [Word("Waktu", 300, 200, 330, 208)]
    assert checks(state_of(pages=[PageContent(3, 842, 595, heading + two)])) == [
        ("annex_page_without_records", 3)
    ]
    # an activity beside a month grid: two plan columns, and the grid's twelve
    grid = words("Kegiatan", 200, 0) + [
        Word(m, 200 + 24 * i, 200, 218 + 24 * i, 208)
        for i, m in enumerate("Jan Feb Mar Apr Mei Jun Jul Agt Sep Okt Nov Des".split())
    ]
    assert checks(state_of(pages=[PageContent(3, 842, 595, heading + grid)])) == [
        ("annex_page_without_records", 3)
    ]
    # the header repeated after the table's last row, the signature block under it (fuzz seed
    # 1226); a row under it, unread, is still flagged
    signed = header + words("Ditetapkan di Semarang", 230, 60)
    assert checks(state_of(pages=[PageContent(4, 842, 595, signed)])) == []
    unread = header + words("1 Sosialisasi Laporan Mei", 215, 90) + signed[len(header) :]
    assert checks(state_of(pages=[PageContent(4, 842, 595, unread)])) == [
        ("annex_page_without_records", 4)
    ]


@pytest.mark.parametrize(
    "line, flagged",
    [
        ("No Sasaran Indikator Target", True),  # an indicator under a level of its own
        ("No Indikator Satuan Target", True),  # an IKU: indicators with their targets
        ("No Program Anggaran Keterangan", True),  # activities with their budgets
        ("No Indikator Target Realisasi", False),  # a report's results, no plan
        ("No Nama Satuan Target", False),  # targets of nothing a plan names
        # a grid's parent over quarters names the schedule though its labels are misread (an
        # RB plan's 'I " 1 IV' under 'Triwulan' in a scan's OCR layer); a report's years do not
        ("No Kegiatan Triwulan Keterangan", True),
        ("No Kegiatan Tahun Keterangan", False),
    ],
)
def test_an_annex_page_with_a_plan_without_schedule_and_no_records_is_flagged(line, flagged):
    """The annex check counts a plan without a schedule as the table readers do
    (headers.plan_companions): a page holding only such a table's header and no record."""
    heading = [Word("LAMPIRAN", 50, 40, 110, 48)]
    header = [Word(w, 50 + 110 * i, 200, 95 + 110 * i, 208) for i, w in enumerate(line.split())]
    annex = PageContent(3, 842, 595, heading + header)
    want = [("annex_page_without_records", 3)] if flagged else []
    assert checks(state_of(pages=[annex])) == want


def test_header_cells_set_closer_than_a_gutter_split_into_header_phrases():
    from rencana.stages.quality import phrases_of

    assert phrases_of("No Area Perubahan Hasil yang Diharapkan") == (
        "No",
        "Area Perubahan",
        "Hasil yang Diharapkan",
    )
    # body text near header words does not split (no fuzzy match)
    body = "Indikator Keberhasilan A PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"
    assert phrases_of(body) == (body,)


def test_month_columns_run_together_are_flagged():
    month = {"area": None}
    roles = ["indicator", "", "month:3", "month:4"]
    headers = ["Indikator", "Jan Feb", "Mar", "Apr"]
    rows = [row({Role.INDICATOR: "Data sengketa pelayanan"}, months_marked=[3, 4])]
    table = PlanTable(roles=roles, rows=rows, pages=[3], column_headers=headers)
    assert ("columns_lost", 3) in checks(state_of(tables=[table], **month))
    whole = PlanTable(
        roles=["indicator", "month:1", "month:2"],
        rows=rows,
        pages=[3],
        column_headers=["Indikator", "Jan", "Feb"],
    )
    assert ("columns_lost", 3) not in checks(state_of(tables=[whole], **month))


def test_ticks_beside_a_month_grid_in_a_column_of_no_role_are_flagged():
    """A month header misread ('Januri': a turned 'Januari' whose repeated letter was lost)
    leaves its column without a role beside the months: its ticks are the grid's, unread. A
    count beside the months (a PKPT's 'Hari Pemeriksaan') is no mark of the grid."""
    roles = ["indicator", "", "month:2", "month:3", ""]
    headers = ["Indikator", "Januri", "Feb", "Mar", "Hari Pemeriksaan"]
    ticked = row({Role.INDICATOR: "Notulen rapat"}, months_marked=[2], extra={"Januri": "\u221a"})
    counted = row(
        {Role.INDICATOR: "Laporan audit"}, months_marked=[3], extra={"Hari Pemeriksaan": "30"}
    )
    lost = PlanTable(roles=roles, rows=[ticked], pages=[3], column_headers=headers, grid="months")
    assert ("grid_marks_unread", 3) in checks(state_of(tables=[lost], area=None))
    days = PlanTable(roles=roles, rows=[counted], pages=[3], column_headers=headers, grid="months")
    assert ("grid_marks_unread", 3) not in checks(state_of(tables=[days], area=None))


def test_quarter_columns_left_without_a_role_are_flagged():
    """Fuzz seed 568 (no rulings): 'I', 'II', 'IV' read as columns of no role beside quarter
    'III', so every record got the third quarter only."""
    roles = ["indicator", "", "", "quarter:3", ""]
    headers = ["Indikator", "I", "II", "III", "IV"]
    rows = [row({Role.INDICATOR: "Peningkatan UMKM aktif"}, quarter_marks={3: "2"})]
    table = PlanTable(roles=roles, rows=rows, pages=[3], column_headers=headers)
    assert ("columns_lost", 3) in checks(state_of(tables=[table], area=None))
    # a column of no role beside a grid, named by no period, is no grid's
    roles[1:3], headers[1:3] = ["", "quarter:1"], ["Bukti Dukung", "I"]
    table = PlanTable(roles=roles[:4], rows=rows, pages=[3], column_headers=headers[:4])
    assert ("columns_lost", 3) not in checks(state_of(tables=[table], area=None))


def test_rows_missing_what_the_others_have():
    months = {"months": [1], "schedule_text": "Januari"}
    full = [record(f"I{i}", 3, area="A", area_number=1, **months) for i in range(3)]
    empty_area = record("I9", 4, area="", area_number=1, **months)
    empty_area.levels.insert(0, Level(role="area", text=""))
    assert checks(state_of([*full, empty_area], plan_year=2024)) == [("level_missing", 4)]
    banners = [record(f"Banner {i}", 5, area="A", area_number=1) for i in range(2)]
    assert checks(state_of([*full, *banners], plan_year=2024)) == [("rows_without_schedule", 5)]


def test_metadata_and_months():
    decree = {"kind": "Keputusan", "title": "Rencana Aksi", "number": "1/2024"}
    scheduled = record("A", 3, months=[1], schedule_text="Januari")
    assert checks(state_of([scheduled], **decree)) == [("metadata_missing", 1)]  # no plan year
    report = {"kind": None}
    assert checks(state_of([scheduled], **report)) == []
    far = record("A", 3, periods=["2019-05"], schedule_text="Mei 2019")
    near = record("B", 3, months=[1], periods=["2023-12"], schedule_text="Desember 2023")
    found = checks(state_of([far, near, scheduled], plan_year=2024, **decree))
    assert found == [("months_outside_plan_year", 3)]


def test_a_decree_whose_body_was_read_without_its_enactment_is_flagged():
    """A scan read in part (RSU Tangsel's 65-dpi SK: its considerations read, its enactment and
    signature not) has no plan table, yet a person must look; an annex printed on its own (no
    body) has no enactment to read."""
    decree = {"kind": "Keputusan", "title": "Penetapan Standar Pelayanan", "number": "188.4/2022"}
    bases = [LegalBasis(text="Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;")]
    body = {"considerations": ["bahwa untuk meningkatkan mutu pelayanan ..."], "legal_bases": bases}
    assert checks(state_of([], **decree, **body)) == [("metadata_missing", 1)]
    assert checks(state_of([], **decree, **body, enacted_date=date(2022, 1, 3))) == []
    assert checks(state_of([], **decree)) == []  # the annex alone


def test_a_decree_whose_body_was_read_without_its_reasons_or_bases_is_flagged():
    """A Keputusan or Peraturan gives its reasons (Menimbang) and legal bases (Mengingat); a scan
    whose label OCR garbled ("Menimbang » bahwa") read none of them and must say so. An
    Instruksi or Surat Edaran has no such preamble."""
    enacted = {
        "title": "Rencana Kinerja",
        "number": "800/12/2021",
        "enacted_date": date(2021, 3, 1),
    }
    reasons = {"considerations": ["bahwa dalam rangka ..."]}
    bases = {"legal_bases": [LegalBasis(text="Peraturan Presiden Nomor 29 Tahun 2014;")]}
    assert checks(state_of([], kind="Keputusan", **enacted, **reasons, **bases)) == []
    assert checks(state_of([], kind="Keputusan", **enacted, **bases)) == [("metadata_missing", 1)]
    assert checks(state_of([], kind="Peraturan Bupati", **enacted, **reasons)) == [
        ("metadata_missing", 1)
    ]
    assert checks(state_of([], kind="Instruksi", **enacted, **reasons)) == []


def test_the_same_record_twice_in_a_row_is_flagged():
    first = record("Reviu DAK Fisik", 3, area="Penguatan Akuntabilitas", area_number=1, months=[3])
    again = record("Reviu DAK Fisik", 3, area="Penguatan Akuntabilitas", area_number=1)
    other = record("Reviu DAK Non Fisik", 3, area="Penguatan Akuntabilitas", area_number=1)
    assert ("record_repeated", 3) in checks(state_of([first, again]))
    assert ("record_repeated", 3) not in checks(state_of([first, other]))


def numbered(area: str, number: str, activity: str, indicator: str = "laporan") -> Record:
    levels = [
        Level(role="area", number="1" if area == "X" else "2", text=area),
        Level(role="activity", number=number, text=activity),
        Level(role="indicator", text=f"Tersusunnya {indicator} {activity}"),
    ]
    return Record(
        area_number=1 if area == "X" else 2,
        area=area,
        activity=activity,
        indicator=levels[2].text,
        levels=levels,
        pages=[3],
        months=[3],
        schedule_text="Maret",
    )


def test_a_row_put_under_the_wrong_parent_breaks_its_numbering():
    def found(*rows: tuple[str, ...]) -> list[tuple[str, int | None]]:
        records = [numbered(*r) for r in rows]
        return [c for c in checks(state_of(records, plan_year=2024)) if c[0] != "metadata_missing"]

    # numbered a, b under each area, or on across the areas, or with the area's own number
    assert found(("X", "a.", "A"), ("X", "b.", "B"), ("Y", "a.", "C"), ("Y", "b.", "D")) == []
    assert found(("X", "1", "A"), ("X", "2", "B"), ("X", "2", "B", "data"), ("Y", "3", "C")) == []
    assert found(("X", "1.1", "A"), ("X", "1.2", "B"), ("Y", "2.1", "C")) == []
    assert found(("X", "h.", "A"), ("X", "i.", "B"), ("X", "j.", "C")) == []
    # the first activity of area Y read under area X: its count starts again, or names Y's
    assert found(("X", "a.", "A"), ("X", "b.", "B"), ("X", "a.", "C"), ("Y", "b.", "D")) == [
        ("numbering_breaks", 3)
    ]
    assert found(("X", "1.1", "A"), ("X", "1.2", "B"), ("X", "2.1", "C")) == [
        ("numbering_breaks", 3)
    ]
    # a row between lost: the count skips
    assert found(("X", "1", "A"), ("X", "2", "B"), ("X", "4", "D")) == [("numbering_breaks", 3)]
    # a number OCR made letters of ("1." read "ks" over "1"); "1a" and Roman numerals are numbers
    assert found(("X", "ks1", "A"), ("X", "1.2", "B")) == [("numbering_breaks", 3)]
    assert found(("X", "IPli", "A"), ("X", "1.2", "B")) == [("numbering_breaks", 3)]
    assert found(("X", "1a", "A"), ("X", "1b", "B"), ("Y", "IV", "C")) == []
    # a number OCR left unread still takes its place in the count (scan seed 133: area B's "1"
    # unread in a merged cell, then "2"); one row lost besides still skips
    assert found(("X", "1", "A"), ("X", "2", "B"), ("Y", None, "C"), ("Y", "2", "D")) == []
    assert found(("X", "1", "A"), ("X", None, "B"), ("X", "3", "C")) == []
    assert found(("X", "1", "A"), ("X", None, "B"), ("X", "4", "D")) == [("numbering_breaks", 3)]


def test_values_on_a_row_that_names_nothing_of_its_own_are_flagged_as_lost():
    """Chromium seed 5602: a note's rest alone at the next page's top ('oleh masing-masing
    pegawai'), not joined to its row, made no record: its words were lost without a word. A
    total sums the rows above, and a row under no level (a realisation table's office amounts,
    Tangsel) heads or sums the table: no record is due of them."""
    roles = ["area", "indicator", "note", "budget"]
    area = "Pelaksanaan Pelayanan Publik Prima"
    leaf = {Role.AREA: area, Role.INDICATOR: "Survei kepuasan", Role.NOTE: "Dokumen pendukung"}

    def found(*rows: TableRow) -> list[tuple[str, int | None]]:
        state = state_of(tables=[table([row(leaf), *rows], roles)])
        return [c for c in checks(state) if c[0] == "values_without_record"]

    rest = row({Role.AREA: area, Role.INDICATOR: "", Role.NOTE: "oleh masing-masing pegawai"})
    assert found(rest) == [("values_without_record", 3)]
    total = row({Role.AREA: area, Role.INDICATOR: "Jumlah", Role.BUDGET: "53.050.000"})
    assert found(total) == []
    office = row({Role.AREA: "", Role.INDICATOR: "", Role.BUDGET: "1.650.000"})
    assert found(office, office) == []
    # a parent's own row (a new area with its amount) names a level of its own
    parent = row({Role.AREA: "Manajemen Perubahan", Role.INDICATOR: "", Role.BUDGET: "10.000"})
    assert found(parent) == []


def test_a_number_the_print_skips_between_rows_that_meet_in_a_ruled_table_is_no_break():
    """The SPM's p56 (Kemendikbudristek 433/M/2021) numbers '1. Pelaksanaan', leaves the cell
    below blank (the cell above is taken for it), then '3. Revisi': the rows meet in one ruled
    table, so no row between them was lost. A gap between the rows, or a table without rulings
    (whose rows may run together), still breaks the count."""

    def found(tops: list[float], strategy: str = "lines") -> list[tuple[str, int | None]]:
        rows = [("X", "1", "A"), ("X", "1", "A", "rencana"), ("X", "3", "C")]
        records = [
            numbered(*r).model_copy(update={"bbox": (50.0, top, 700.0, top + 40)})
            for r, top in zip(rows, tops)
        ]
        grid = FoundTable(bbox=(40.0, 80.0, 710.0, 400.0), cells=[], strategy=strategy)
        page = PageContent(number=3, width=842, height=595, words=[], tables=[grid])
        state = state_of(records, pages=[page], plan_year=2024)
        return [c for c in checks(state) if c[0] == "numbering_breaks"]

    assert found([100, 140, 180]) == []
    assert found([100, 140, 220]) == [("numbering_breaks", 3)]  # a row's room between
    assert found([100, 140, 180], strategy="text") == [("numbering_breaks", 3)]


def lettered(number: str, activity: str) -> Record:
    levels = [
        Level(role="area", number=number, text=f"Area {number}"),
        Level(role="indicator", text=f"Tersusunnya laporan {activity}"),
    ]
    return Record(
        area_number=area_number_of(number),
        area=levels[0].text,
        indicator=levels[1].text,
        levels=levels,
        pages=[3],
        months=[3],
        schedule_text="Maret",
    )


def test_an_area_letter_ocr_read_in_the_other_case_is_read_as_due_or_flagged():
    """Scan seed 100 (200 dpi): areas "A", "B", "C" read "A", "B", "e", and area 3 was given
    as area 5 without a flag. A small "e" among capitals is "C" when it is due after "B" ("e"
    read for "c" is an OCR confusion); a letter no reading makes the one due is flagged."""
    records = [lettered(n, a) for n, a in (("A", "a"), ("B", "b"), ("B", "c"), ("e", "d"))]
    area_letters_in_their_case(records)
    assert [(r.levels[0].number, r.area_number) for r in records][-1] == ("C", 3)
    assert "area_letter_case" not in [c for c, _ in checks(state_of(records, plan_year=2024))]
    records = [lettered(n, a) for n, a in (("A", "a"), ("B", "b"), ("h", "c"), ("D", "d"))]
    area_letters_in_their_case(records)
    assert records[2].levels[0].number == "h"
    assert ("area_letter_case", 3) in checks(state_of(records, plan_year=2024))
    # a table lettered in small letters throughout is as printed
    records = [lettered(n, a) for n, a in (("a", "a"), ("b", "b"), ("c", "c"))]
    assert "area_letter_case" not in [c for c, _ in checks(state_of(records, plan_year=2024))]


def read_whole(pdf: Path) -> Extraction:
    from rencana import runner

    state = runner.read_pages(Extraction(path=pdf))
    for stage in runner.DOC_STAGES:
        state = stage(state)
    return state


def test_a_row_lost_at_a_ruled_tables_end_is_flagged():
    """Demak's plan read without its last row: the row's text stays in the table's cells below
    the last row read. Read whole, no cell below it holds text."""
    state = read_whole(CORPUS / "kpu-kab-demak-2023-grid.pdf")
    assert not quality_of(state).needs_review
    table = max(state.tables, key=lambda t: max(t.pages))
    lost = table.rows.pop()
    state.records = [r for r in state.records if r.bbox != lost.bbox]
    assert ("text_after_last_row", lost.pages[0]) in checks(state)


def test_a_schedule_table_that_ocr_could_not_read_is_flagged():
    from rencana.core.types import FoundTable

    def scan(texts: list[str], confidence: float) -> PageContent:
        words = [
            Word(text, 60 + 40 * (i % 10), 100 + 12 * (i // 10), 90 + 40 * (i % 10), 108, "", 8)
            for i, text in enumerate(texts)
        ]
        for word, c in zip(words, [confidence, 0.95] * len(words)):
            word.confidence = c
        page = PageContent(1, 595, 842, words, ocr=True)
        page.tables = [FoundTable((50, 90, 500, 700), [])]
        return page

    # a calendar's ticks among names and codes OCR garbled ("Jraurwamnars", "pip")
    garbled = ["√"] * 10 + ["Jraurwamnars", "pip", "Senin", "Ar", "Jenoangaovir"] * 8
    assert checks(state_of(pages=[scan(garbled, 0.3)])) == [("table_unreadable", 1)]
    # the same read with confidence, or a blurred framed text without a schedule
    assert checks(state_of(pages=[scan(garbled, 0.96)])) == []
    assert checks(state_of(pages=[scan(garbled[10:] * 2, 0.3)])) == []


def test_one_cell_read_under_two_parents_is_flagged():
    """Seed 89 of the fuzzer: an area cell without rulings, its name centred over its rows,
    gave the first rows of its first program to the area above."""

    def leaf(area: str, program: str, indicator: str) -> Record:
        levels = [
            Level(role="area", text=area),
            Level(role="activity", text=program),
            Level(role="indicator", text=indicator),
        ]
        return Record(
            area=area, activity=program, indicator=indicator, levels=levels, pages=[4], months=[3]
        )

    team = "Pembentukan tim Reformasi Birokrasi"
    shared = [
        leaf("Meningkatnya efektifitas perencanaan", "Jasa Penunjang Urusan", "Perencanaan ZI"),
        leaf("Meningkatnya efektifitas perencanaan", team, "Penyampaian LHKPN"),
        leaf("APBDES", team, "Melakukan monitoring"),
    ]
    assert ("level_under_two_parents", 4) in checks(state_of(shared, plan_year=2024))
    one_parent = [shared[0], shared[1], leaf("Meningkatnya efektifitas perencanaan", team, "SOP")]
    alike_leaves = [
        leaf("APBDES", "Sosialisasi", "Laporan kegiatan"),
        leaf("APBDES", team, "Laporan kegiatan"),
    ]
    for records in (one_parent, alike_leaves):
        assert "level_under_two_parents" not in dict(checks(state_of(records, plan_year=2024)))


def test_a_row_lost_under_a_table_ruled_between_rows_is_flagged():
    """Fuzz seed 726: a table ruled between its rows only, continued on a page without its
    header, read to its first row there; the rows below, down to its last rule, were lost."""
    kept = row({Role.ACTIVITY: "Pengiriman Data Tanaman", Role.SCHEDULE: "Januari"}, page=4)
    kept.bbox = (72.0, 60.0, 552.0, 200.0)
    plan = table([kept], ["activity", "schedule"])

    def page_with(text: str, top: float) -> PageContent:
        words = [
            Word(w, 100 + 60 * i, top, 150 + 60 * i, top + 8) for i, w in enumerate(text.split())
        ]
        page = PageContent(4, 612, 792, words)
        page.rules = [(72.0, 60.0, 552.0), (72.0, 200.0, 552.0), (72.0, 300.0, 552.0)]
        return page

    lost = page_with("Mengumpulkan hasil opini", 210)
    assert checks(state_of(tables=[plan], pages=[lost])) == [("text_after_last_row", 4)]
    below_the_table = page_with("Ditetapkan di Salatiga", 330)
    assert checks(state_of(tables=[plan], pages=[below_the_table])) == []
    taken = page_with("Pengiriman Data Tanaman", 210)  # a banner heading the next page's rows
    assert checks(state_of(tables=[plan], pages=[taken])) == []


def test_a_table_whose_header_was_read_but_no_row_is_flagged_unless_blank():
    """Fuzz seed 1254: a month grid ruled between rows gave its header and no row. A form left
    blank to fill in (Permenpan 14/2017's 'NO | PRIORITAS UNSUR | PROGRAM/ KEGIATAN | WAKTU')
    holds its header only."""
    from rencana.core.types import FoundTable

    plan = PlanTable(roles=["number", "indicator"], rows=[], pages=[3], header=["No", "Indikator"])

    def page_with(text: str) -> PageContent:
        words = [Word(w, 60 + 50 * i, 180, 100 + 50 * i, 188) for i, w in enumerate(text.split())]
        page = PageContent(3, 612, 792, words)
        page.tables = [FoundTable((50, 170, 507, 320), [])]
        return page

    lost = page_with("No Indikator Reviu DAK Informasi kepada publik")
    assert checks(state_of(tables=[plan], pages=[lost])) == [("text_after_last_row", 3)]
    assert checks(state_of(tables=[plan], pages=[page_with("No Indikator")])) == []


def test_one_cell_read_into_two_levels_is_flagged():
    """Fuzz seed 505: the area and activity columns run together on a page (their words
    interleaved), the joined text read into both levels."""
    joined = "Penguatan Persentase Peraturan Kegiatan Perundang-undangan"
    levels = [
        Level(role="area", text=joined),
        Level(role="activity", text=joined),
        Level(role="indicator", text="Jumlah Dokumen RKA-SKPD"),
    ]
    wrong = Record(
        area=joined, activity=joined, indicator=levels[2].text, levels=levels, pages=[4], months=[2]
    )
    assert ("text_in_two_levels", 4) in checks(state_of([wrong], plan_year=2024))
    levels[1] = Level(role="activity", text="Persentase kegiatan persiapan SE 2026")
    right = wrong.model_copy(update={"levels": levels, "activity": levels[1].text})
    assert "text_in_two_levels" not in dict(checks(state_of([right], plan_year=2024)))
    # seed 992: the indicator's text read into the schedule as well, 'Pebruari' among its words
    audit = "Audit Infrastruktur SPBE Pebruari oleh Eksternal"
    levels[2] = Level(role="indicator", text=audit)
    twice = right.model_copy(update={"levels": levels, "schedule_text": audit, "months": []})
    assert ("text_in_two_levels", 4) in checks(state_of([twice], plan_year=2024))


def test_one_text_printed_in_two_cells_of_a_row_is_not_flagged():
    """SPM pp 48, 49, 52, 63 print a jenis layanan again as its unnumbered indicator ('1. Sistem
    Informasi Penelitian' | 'Sistem Informasi Penelitian'): the row's ink holds the text twice,
    two cells. One cell read into two columns holds it once, and is flagged."""
    text = "Sistem Informasi Penelitian"
    levels = [
        Level(role="area", text="PENELITIAN"),
        Level(role="activity", number="1.", text=text),
        Level(role="indicator", text=text),
    ]
    record = Record(
        area="PENELITIAN", activity=text, indicator=text, levels=levels, pages=[4], months=[2]
    )
    record = record.model_copy(update={"bbox": (50.0, 100.0, 800.0, 160.0)})

    def page_of(*cells: tuple[float, str]) -> PageContent:
        words = [
            Word(word, x + 40 * i, 110, x + 40 * i + 35, 118)
            for x, cell in cells
            for i, word in enumerate(cell.split())
        ]
        return PageContent(4, 842, 595, words)

    twice = page_of((60, "1. " + text), (400, text))
    assert "text_in_two_levels" not in dict(checks(state_of([record], pages=[twice])))
    once = page_of((60, "1. " + text))
    assert ("text_in_two_levels", 4) in checks(state_of([record], pages=[once]))
    elsewhere = PageContent(4, 842, 595, [w for w in twice.words if w.x0 < 300])
    elsewhere.words += [Word(w.text, w.x0, 300, w.x1, 308) for w in twice.words if w.x0 >= 300]
    assert ("text_in_two_levels", 4) in checks(state_of([record], pages=[elsewhere]))


def test_records_from_a_table_read_either_way_are_flagged():
    """A table without rulings whose parents could be set at their rows' top or centred over
    others (the finder's doubt ``parents_either_way``, fuzz seed 696): its page's records are a
    guess. A page whose doubtful table gave no record is not judged here."""
    from rencana.core.types import FoundTable

    page = PageContent(3, 842, 595, [])
    page.tables = [
        FoundTable((50, 200, 800, 300), [], strategy="text", doubts=["parents_either_way"])
    ]
    records = [record("Advisory Service", 3, area="Penguatan Pengawasan")]
    assert checks(state_of(records, pages=[page])) == [("parents_either_way", 3)]
    assert checks(state_of([record("Advisory Service", 4)], pages=[page])) == []
    page.tables = [FoundTable((50, 200, 800, 300), [], strategy="text")]
    assert checks(state_of(records, pages=[page])) == []


def test_a_doubt_another_page_of_the_table_settles_is_no_flag():
    """One table sets its parents one way on every page (fuzz seed 2041): a page where its
    parents could be centred as well is settled by the next page of the table, which shows
    them set at the top, as the doubtful page was read. A page showing them centred leaves the
    doubt (the page was read the other way); a page of another table settles nothing."""
    from rencana.core.types import FoundTable

    def page_of(number: int, parents: str, doubts: list[str]) -> PageContent:
        page = PageContent(number, 842, 595, [])
        page.tables = [FoundTable((50, 200, 800, 300), [], "text", doubts, parents)]
        return page

    doubtful = page_of(3, "either", ["parents_either_way"])
    records = [record("Advisory Service", 3, area="Penguatan Pengawasan")]
    plan = table([row({Role.INDICATOR: "Advisory Service"}, page=p) for p in (3, 4)], [])
    for shown, flagged in (("top", False), ("centred", True), ("", True)):
        state = state_of(records, tables=[plan], pages=[doubtful, page_of(4, shown, [])])
        assert (("parents_either_way", 3) in checks(state)) is flagged, shown
    other = table([row({Role.INDICATOR: "Advisory Service"}, page=3)], [])
    state = state_of(records, tables=[other], pages=[doubtful, page_of(4, "top", [])])
    assert ("parents_either_way", 3) in checks(state)


def test_rows_on_the_page_after_a_table_printed_once_are_flagged():
    """5599 before its fix: a table without rulings going on over a page that opens with 'Sub
    Total' left of its columns; the reader did not see it go on, and its rows were lost."""
    from rencana.core.types import FoundTable

    xs = [60.0, 80.0, 200.0, 320.0, 400.0, 480.0]
    cells = [(a, 100.0, b, 300.0) for a, b in zip(xs, xs[1:])]
    plan = PageContent(3, 842, 595, [Word("LAMPIRAN", 300, 40, 350, 48)])
    plan.tables = [FoundTable((60.0, 100.0, 480.0, 300.0), cells, strategy="text")]

    def words(*texts_at: tuple[str, float, float]) -> list[Word]:
        return [Word(text, x, top, x + 5.0 * len(text), top + 8) for text, x, top in texts_at]

    rows = [row({Role.ACTIVITY: "Pelaksanaan SAKIP", Role.INDICATOR: "Laporan"}, page=3)]
    after = PageContent(4, 842, 595, words(("Sub", 55, 60), ("Total", 70, 60)))
    after.words += words(("2.1", 62, 90), ("Pengelolaan", 85, 90), ("Audit", 205, 90))
    after.words += words(("SK", 325, 90), ("39.100.000", 405, 90))
    state = state_of(tables=[table(rows, ["activity", "indicator"])], pages=[plan, after])
    assert ("text_after_last_row", 4) in checks(state)

    def phrase(text: str, x: float, top: float) -> list[Word]:
        out = []
        for word in text.split():  # a space apart, as a line of the signature block is set
            out.append(Word(word, x, top, x + 5.0 * len(word), top + 8))
            x += 5.0 * len(word) + 2.5
        return out

    signed = PageContent(4, 842, 595, phrase("Ditetapkan di Jepara", 300, 60))
    signed.words += phrase("KETUA KOMISI PEMILIHAN UMUM KABUPATEN JEPARA,", 300, 80)
    state = state_of(tables=[table(rows, ["activity", "indicator"])], pages=[plan, signed])
    assert ("text_after_last_row", 4) not in checks(state)


def test_an_area_number_read_as_no_number_is_flagged():
    # a scan's banner "II" read "il" (fuzz scan seed 61): the area's number is lost
    levels = [Level(role="area", number="il", text="MONEV"), Level(role="indicator", text="Data")]
    state = state_of([Record(indicator="Data", levels=levels, pages=[3], area="MONEV")])
    assert ("area_number_unread", 3) in checks(state)
    levels[0] = Level(role="area", number="II", text="MONEV")
    state = state_of([Record(indicator="Data", levels=levels, pages=[3], area="MONEV")])
    assert "area_number_unread" not in [check for check, _ in checks(state)]


def test_item_letters_left_in_the_texts_are_flagged():
    # fuzz scan seed 3514: "b Autentifikasi" (its stop lost) and "b. DISPERINDAG" kept their
    # letters, too few read for the column's list to be taken
    texts = ["Melakukan perbaikan", "b Autentifikasi arsip", "b. DISPERINDAG, DINKES"]
    state = state_of([record(text, 3) for text in texts])
    assert ("item_letters_in_text", 3) in checks(state)
    # one text opening so is no list
    state = state_of([record(text, 3) for text in ["a. Melakukan perbaikan", "Dokumen"]])
    assert "item_letters_in_text" not in [check for check, _ in checks(state)]


def test_a_scanned_column_header_read_as_a_glyph_is_flagged():
    # fuzz scan seed 15 (150 dpi): "Area" read 'F', its column's areas kept by no field
    rows = [
        row({Role.INDICATOR: "Dokumen"}, extra={"F": "REVIU SSH/ SBU"}),
        row({Role.INDICATOR: "Laporan"}, extra={"F": "Mendorong Peningkatan"}),
    ]
    plan = PlanTable(roles=["indicator", ""], rows=rows, pages=[3], column_headers=["Output", "F"])
    scanned = PageContent(number=3, width=595, height=842, words=[], ocr=True)
    assert ("column_header_unread", 3) in checks(state_of(tables=[plan], pages=[scanned]))
    # the same table on a text layer: its header is as printed
    printed = PageContent(number=3, width=595, height=842, words=[], ocr=False)
    flagged = [check for check, _ in checks(state_of(tables=[plan], pages=[printed]))]
    assert "column_header_unread" not in flagged


def test_a_word_misread_on_the_page_of_a_cell_centred_past_a_break_is_doubted_on_every_row():
    """The Pati layout scanned: the activity '… Biro Perencanaan dan Data', one cell over rows on
    pages 4 and 5, centred on page 5, read 'Perenranaan' there (0.48). The row on page 4 holds
    the same text: it is doubted and its page flagged too, not only the page the word was on.
    A word a second reading left unsure is doubted where it was read only."""
    from rencana.stages.records import doubted_words_by_record

    def ocr_page(number: int, words: list[Word]) -> PageContent:
        page = PageContent(number, 842, 595, words)
        page.ocr = True
        return page

    def rows_of(activity: str) -> list[Record]:
        levels = [Level(role="activity", text=activity), Level(role="indicator", text="Laporan")]
        return [
            Record(
                activity=activity, indicator="Laporan", levels=levels, pages=[p], bbox=(0, 0, 1, 1)
            )
            for p in (4, 5)
        ]

    misread = Word("Perenranaan", 200, 60, 260, 68, confidence=0.48)
    records = rows_of("Penyampaian laporan melalui Biro Perenranaan dan Nata")
    state = state_of(records, pages=[ocr_page(4, []), ocr_page(5, [misread])])
    assert doubted_words_by_record(state) == [["Perenranaan"], ["Perenranaan"]]
    assert {("words_doubted", 4), ("words_doubted", 5)} <= set(checks(state))

    unsure = ocr_page(5, [Word("Data", 200, 60, 230, 68, confidence=0.95)])
    unsure.unsure_words = ["Data"]
    state = state_of(rows_of("Biro Data"), pages=[ocr_page(4, []), unsure])
    assert doubted_words_by_record(state) == [[], ["Data"]]


def test_a_plan_decree_that_gave_no_record_is_flagged():
    """Unseen scan seed 242 (150 dpi, binarised): no table header OCR could read, so no record,
    and only a no_plan_table warning; a decree titled 'Rencana Aksi …' lost its plan. A decree
    on something else (a team, a SOP) without records is no loss."""
    annex = PageContent(3, 842, 595, [Word("LAMPIRAN", 300, 40, 350, 48)])
    annex.words.append(Word("Kegiatan", 60, 120, 100, 128))
    title = "Rencana Aksi Reformasi Birokrasi di Lingkungan KPU Kabupaten Sragen Tahun 2022"
    assert ("plan_not_read", 3) in checks(state_of(pages=[annex], title=title))
    assert (
        checks(state_of(pages=[annex], title="Pembentukan Tim Pembangunan Zona Integritas")) == []
    )
    read = [record("Laporan", 3)]
    assert ("plan_not_read", 3) not in checks(state_of(read, pages=[annex], title=title))
