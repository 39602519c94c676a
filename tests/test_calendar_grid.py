"""Calendar grids (PKPT audit calendars): month headers split into weeks or dates, marked by
ticks or shading. A record's months are the months whose any sub-column is marked."""

from __future__ import annotations

import pytest

import rencana
from rencana.stages.schedule import is_calendar_label, is_weekday_label
from rencana.stages.tables import assemble

from .plan_pdf import Cell, Page, draw, pages_of

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni"]
# (number, activity, marked (month index, sub-column index)) and the months the marks give
PLAN = [
    ("1", "Audit kinerja Dinas Pendidikan", [(0, 1), (0, 2), (1, 0)], [1, 2]),
    ("2", "Reviu laporan keuangan", [(2, 3)], [3]),
    ("3", "Evaluasi SAKIP", [(3, 0), (4, 3), (5, 1)], [4, 5, 6]),
    ("4", "Pemantauan tindak lanjut", [(1, 3), (2, 0)], [2, 3]),
]
GREY = (0.6, 0.6, 0.6)


def calendar(
    labels: list[str],
    mark: str = "v",
    months: list[str] = MONTHS,
    parent: str = "",
    weekdays: tuple[str, ...] = (),
    font_size: float = 9,
    width: float = 12.0,
) -> tuple[list[float], list[Page]]:
    """No | Kegiatan | each month over its sub-columns (a parent header over them all if given);
    a marked sub-column holds ``mark``, or is shaded grey when ``mark`` is empty. ``weekdays``:
    a header row of the days' names under the labels (a daily calendar)."""
    n = len(labels)
    top = 1 if parent else 0
    low = top + 2 + (1 if weekdays else 0)  # the body's first row
    cells = [Cell(0, low, 0, 1, ["No"]), Cell(0, low, 1, 2, ["Kegiatan"])]
    if parent:
        cells.append(Cell(0, 1, 2, 2 + n * len(months), [parent]))
    for m, name in enumerate(months):
        cells.append(Cell(top, top + 1, 2 + m * n, 2 + (m + 1) * n, [name]))
        cells += [
            Cell(top + 1, top + 2, 2 + m * n + w, 3 + m * n + w, [label])
            for w, label in enumerate(labels)
        ]
        cells += [
            Cell(top + 2, top + 3, 2 + m * n + w, 3 + m * n + w, [day])
            for w, day in enumerate(weekdays)
        ]
    body = low
    for i, (number, activity, marks, _) in enumerate(PLAN):
        row = body + i
        cells += [Cell(row, row + 1, 0, 1, [number]), Cell(row, row + 1, 1, 2, [activity])]
        for m in range(len(months)):
            for w in range(n):
                on = (m, w) in marks
                cells.append(
                    Cell(
                        row,
                        row + 1,
                        2 + m * n + w,
                        3 + m * n + w,
                        [mark] if on and mark else [],
                        GREY if on and not mark else None,
                    )
                )
    columns = [22.0, 150.0] + [width] * (n * len(months))
    page = Page(
        cells=cells,
        row_heights=[16.0] * (body + len(PLAN)),
        font_size=font_size,
        text_above=["LAMPIRAN", "PROGRAM KERJA PENGAWASAN TAHUNAN TAHUN 2021"],
    )
    return columns, [page]


@pytest.mark.parametrize(
    "labels,mark,parent",
    [
        (["1", "2", "3", "4"], "v", ""),
        (["I", "II", "III", "IV"], "V", ""),
        (["M1", "M2", "M3", "M4"], "x", ""),
        (["4", "11", "18", "25"], "v", ""),  # the weeks' first dates
        (["1", "2", "3", "4", "5"], "v", "Jadwal Pelaksanaan"),
        (["1", "2", "3", "4"], "", ""),  # shaded cells
        (["I", "II", "III", "IV"], "", "Bulan"),
    ],
)
def test_a_calendar_grid_schedules_every_month_with_a_marked_week(tmp_path, labels, mark, parent):
    columns, pages = calendar(labels, mark, parent=parent)
    document = rencana.extract(draw(tmp_path / "pkpt.pdf", columns, pages, left=20))
    got = [(r.activity_number, r.activity, r.months) for r in document.records]
    assert got == [(number, activity, months) for number, activity, _, months in PLAN]
    assert not [w for r in document.records for w in r.warnings if "schedule" in w]


@pytest.mark.parametrize(
    "labels,weekdays",
    [
        (["4", "5", "6", "7"], ("Sen", "Sel", "Rab", "Kam")),
        (["1", "2", "3", "4"], ("S", "S", "R", "K")),
        (["4", "11", "18", "25"], ("Sab", "Sab", "Sab", "Sab")),
    ],
)
def test_a_calendar_grid_with_the_days_names_under_its_dates(tmp_path, labels, weekdays):
    """A row of weekday names under the dates is the calendar's header, not a body row; each
    date is still its month's."""
    columns, pages = calendar(labels, weekdays=weekdays, font_size=6, width=16.0)
    document = rencana.extract(draw(tmp_path / "pkpt.pdf", columns, pages, left=20))
    got = [(r.activity_number, r.activity, r.months) for r in document.records]
    assert got == [(number, activity, months) for number, activity, _, months in PLAN]
    assert not document.quality.needs_review


@pytest.mark.parametrize("labels", [["Target", "Realisasi"], ["K", "Rp"], ["Rencana", "Realisasi"]])
def test_a_month_over_other_sub_columns_is_not_a_calendar(tmp_path, labels):
    """Two values under a month are not two weeks of it: the second column is not the month's."""
    columns, pages = calendar(labels, months=MONTHS[:3])
    tables, _ = assemble.read(pages_of(draw(tmp_path / "values.pdf", columns, pages, left=20)))
    assert tables[0].roles[-1] != "month:3"


@pytest.mark.parametrize(
    "label,calendar_label",
    [
        ("1", True),
        ("5", True),
        ("IV", True),
        ("V", True),
        ("M1", True),
        ("Minggu 3", True),
        ("Minggu ke-2", True),
        ("W4", True),
        ("25", True),
        ("31", True),
        ("32", False),
        ("0", False),
        ("VI", False),
        ("Target", False),
        ("K", False),
        ("Rp", False),
        ("Jan", False),
    ],
)
def test_calendar_labels(label, calendar_label):
    assert is_calendar_label(label) is calendar_label


def test_a_calendar_whose_weeks_are_not_understood_is_flagged(tmp_path):
    """Sub-columns labelled "a".."d" are not known weeks: the marks in "b".."d" are not read as
    their month, and the verdict says so rather than passing the short months silently."""
    columns, pages = calendar(["a", "b", "c", "d"])
    document = rencana.extract(draw(tmp_path / "abcd.pdf", columns, pages, left=20))
    assert document.records[0].months == [2]  # January's ticks stand in "b" and "c"
    assert document.quality.needs_review
    assert ("grid_marks_unread", 1) in [(r.check, r.page) for r in document.quality.reasons]


@pytest.mark.parametrize(
    "label,weekday",
    [("Sen", True), ("Senin", True), ("Jum'at", True), ("S", True), ("Minggu", True)]
    + [("4", False), ("Jan", False), ("Target", False), ("Rp", False)],
)
def test_weekday_labels(label, weekday):
    assert is_weekday_label(label) is weekday
