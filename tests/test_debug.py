"""`rencana debug`: one PNG per requested page, drawn from the pipeline's own reading."""

from __future__ import annotations

import pytest
from PIL import Image
from typer.testing import CliRunner

from rencana.cli import app
from rencana.review import overlay
from tests.conftest import CORPUS

GRID = CORPUS / "kpu-kab-demak-2023-grid.pdf"  # month grid, banner rows between areas


def has_colour(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 12) -> bool:
    counts = image.convert("RGB").getcolors(maxcolors=1 << 16) or []
    return any(all(abs(c[i] - colour[i]) <= tolerance for i in range(3)) for _, c in counts)


def test_debug_writes_one_png_per_requested_page_with_banners_and_records(tmp_path):
    result = CliRunner().invoke(app, ["debug", str(GRID), "--pages", "5,3-4", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = [f"kpu-kab-demak-2023-grid-p{n:03d}.png" for n in (5, 3, 4)]
    assert result.output.split() == [str(tmp_path / name) for name in names]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    page = Image.open(tmp_path / names[0])
    assert page.width > 1000  # landscape A4 at 100 dpi
    assert has_colour(page, overlay.BANNER)  # "6 Penguatan Akuntabilitas Kinerja"
    assert has_colour(page, overlay.RECORD_OK)
    assert has_colour(page, overlay.CELL)


@pytest.mark.parametrize(
    ("pages", "reason"),
    [("9", "'9' is outside pages 1-7"), ("2-x", "'2-x' is not a page or a range like 3-5")],
)
def test_debug_rejects_pages_outside_the_pdf_in_one_line(tmp_path, pages, reason):
    result = CliRunner().invoke(app, ["debug", str(GRID), "--pages", pages, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"{GRID}: --pages: {reason}\n"
    assert not list(tmp_path.iterdir())


def test_debug_of_a_file_that_is_no_pdf_is_one_line(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_text("bukan PDF")
    result = CliRunner().invoke(app, ["debug", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith(f"{bad}: ")


def test_record_colour_follows_the_first_warning():
    from rencana.contract.models import Record

    assert overlay.record_colour(Record()) == overlay.RECORD_OK
    unread = Record(warnings=["schedule_unparsed: 'Triwulan V' not understood"])
    assert overlay.record_colour(unread) == overlay.WARNING_COLOURS["schedule_unparsed"]
    assert overlay.record_key(3, Record(activity_number="1.2")) == "#3 1.2"
