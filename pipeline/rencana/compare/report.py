"""Render a Comparison for people and tools: JSON, Markdown, self-contained HTML, XLSX.

The HTML and XLSX show both plans as a month chart: one line per indicator, twelve month
columns, each cell telling whether the month is planned in A, in B, or in both. Cells and lines
that changed are highlighted. HTML cells carry ``data-month``, ``data-a``, ``data-b`` and a
class (``both``, ``a-only``, ``b-only``, ``none``) so the chart can be checked by parsing.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Callable
from typing import Any, Optional

from rencana.compare.align import ChartRow, Comparison

MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
STATUS_LABEL = {"same": "", "changed": "diubah", "added": "baru", "removed": "dihapus"}


def to_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"


def month_state(row: ChartRow, month: int) -> str:
    in_a = month in (row.months_a or [])
    in_b = month in (row.months_b or [])
    return {(True, True): "both", (True, False): "a-only", (False, True): "b-only"}.get(
        (in_a, in_b), "none"
    )


def _plan_title(comparison: Comparison, side: str) -> str:
    plan = comparison.a if side == "a" else comparison.b
    parts = [
        plan.issuer or plan.label,
        str(plan.plan_year) if plan.plan_year else None,
        plan.number,
    ]
    return " · ".join(p for p in parts if p)


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return (
            ", ".join(
                MONTH_ABBR[m - 1] if isinstance(m, int) and 1 <= m <= 12 else str(m) for m in value
            )
            or "—"
        )
    return str(value)


def _describe_change(change: dict[str, Any]) -> str:
    if change["field"] == "months":
        return f"{_fmt(change['before'])} → {_fmt(change['after'])}"
    return f"{change['before'] if change['before'] is not None else '—'} → {change['after'] if change['after'] is not None else '—'}"


SUMMARY_COLUMNS = [
    ("area_number", "No."),
    ("area", "Area"),
    ("canonical_area", "Area (peta jalan)"),
    ("activities_a", "Kegiatan A"),
    ("activities_b", "Kegiatan B"),
    ("added_activities", "Kegiatan baru"),
    ("removed_activities", "Kegiatan dihapus"),
    ("added_indicators", "Indikator baru"),
    ("removed_indicators", "Indikator dihapus"),
    ("changed", "Perubahan"),
]


def _summary_rows(comparison: Comparison) -> list[list[str]]:
    rows = []
    for area in comparison.summary()["areas"]:
        row = []
        for key, _ in SUMMARY_COLUMNS:
            value = area.get(key)
            if key == "changed":
                value = ", ".join(f"{name} {count}" for name, count in value.items()) or "0"
            row.append("" if value is None else str(value))
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- Markdown


def _md_cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def to_markdown(comparison: Comparison) -> str:
    lines = [
        "# Perbandingan rencana aksi",
        "",
        f"- **A:** {_plan_title(comparison, 'a')}",
        f"- **B:** {_plan_title(comparison, 'b')}",
        "",
        "## Ringkasan per area",
        "",
        "| " + " | ".join(title for _, title in SUMMARY_COLUMNS) + " |",
        "|" + "---|" * len(SUMMARY_COLUMNS),
    ]
    lines += [
        "| " + " | ".join(_md_cell(c) for c in row) + " |" for row in _summary_rows(comparison)
    ]
    for title, items in (("Ditambahkan", comparison.added), ("Dihapus", comparison.removed)):
        lines += ["", f"## {title} ({len(items)})", ""]
        for item in items:
            what = (
                f"kegiatan **{item['activity']}** ({len(item.get('indicators', []))} indikator)"
                if item["kind"] == "activity"
                else f"indikator **{item['indicator']}** — {item['activity']}"
            )
            lines.append(f"- Area {item['area_number']}: {what}")
    lines += [
        "",
        f"## Diubah ({len(comparison.changed)})",
        "",
        "| Area | Kegiatan | Indikator | Kolom | Sebelum → sesudah |",
        "|---|---|---|---|---|",
    ]
    for change in comparison.changed:
        lines.append(
            "| "
            + " | ".join(
                _md_cell(c)
                for c in (
                    change["area_number"],
                    change["activity"] or "",
                    change["indicator"] or "",
                    change["field"],
                    _describe_change(change),
                )
            )
            + " |"
        )
    lines += [
        "",
        "## Bagan bulan",
        "",
        "A = hanya rencana A, B = hanya rencana B, ● = keduanya.",
        "",
        "| Area | Kegiatan | Indikator | Status | " + " | ".join(MONTH_ABBR) + " |",
        "|---|---|---|---|" + "---|" * 12,
    ]
    marks = {"both": "●", "a-only": "A", "b-only": "B", "none": ""}
    for row in comparison.rows:
        lines.append(
            "| "
            + " | ".join(
                _md_cell(c)
                for c in (
                    row.area_number,
                    row.activity,
                    row.indicator,
                    STATUS_LABEL[row.status],
                    *(marks[month_state(row, m)] for m in range(1, 13)),
                )
            )
            + " |"
        )
    if comparison.warnings:
        lines += ["", "## Peringatan", ""] + [f"- {w}" for w in comparison.warnings]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .4rem;vertical-align:top}
th{background:#f0f0f0}
table.chart td.m{width:2.2rem;padding:0;text-align:center;vertical-align:middle}
table.chart td.m span{display:block;height:.7rem;margin:1px}
td.m span.a{background:#9bb7d4}td.m span.b{background:#3b6ea5}
td.m.a-only{background:#fde2e1}td.m.b-only{background:#e0f5e0}
td.m.a-only span.a{background:#d9534f}td.m.b-only span.b{background:#2e9e44}
tr.added td.text{background:#e0f5e0}tr.removed td.text{background:#fde2e1;text-decoration:line-through}
tr.changed td.text{background:#fff5cc}
td.area{font-weight:600;background:#fafafa}
.legend span{display:inline-block;padding:.1rem .5rem;margin-right:.5rem;border:1px solid #ccc}
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def to_html(comparison: Comparison) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        "<title>Perbandingan rencana aksi</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Perbandingan rencana aksi</h1>",
        f'<p><b>A:</b> <span id="plan-a">{_e(_plan_title(comparison, "a"))}</span><br>'
        f'<b>B:</b> <span id="plan-b">{_e(_plan_title(comparison, "b"))}</span></p>',
    ]
    totals = comparison.summary()["totals"]
    out.append(
        f'<p id="totals">Kegiatan baru {totals["added_activities"]}, dihapus {totals["removed_activities"]}; '
        f"indikator baru {totals['added_indicators']}, dihapus {totals['removed_indicators']}; "
        f"perubahan {sum(totals['changed'].values())}.</p>"
    )

    out.append('<h2>Ringkasan per area</h2><table class="summary"><thead><tr>')
    out += [f"<th>{_e(title)}</th>" for _, title in SUMMARY_COLUMNS]
    out.append("</tr></thead><tbody>")
    for summary_row in _summary_rows(comparison):
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in summary_row) + "</tr>")
    out.append("</tbody></table>")

    out.append(
        '<h2>Bagan bulan</h2><p class="legend"><span style="background:#9bb7d4">A</span>'
        '<span style="background:#3b6ea5;color:#fff">B</span>'
        '<span style="background:#fde2e1">bulan hanya di A</span>'
        '<span style="background:#e0f5e0">bulan hanya di B</span>'
        '<span style="background:#fff5cc">diubah</span></p>'
    )
    out.append('<table class="chart"><thead><tr><th>Kegiatan</th><th>Indikator</th><th>Status</th>')
    out += [f"<th>{m}</th>" for m in MONTH_ABBR]
    out.append("</tr></thead><tbody>")
    current_area: Optional[tuple] = None
    for row in comparison.rows:
        if (row.area_number, row.area) != current_area:
            current_area = (row.area_number, row.area)
            out.append(
                f'<tr class="area-row"><td class="area" colspan="15">{_e(row.area_number)}. {_e(row.area)}</td></tr>'
            )
        fields = " ".join(row.fields)
        out.append(
            f'<tr class="plan-row {row.status}" data-status="{row.status}" data-fields="{_e(fields)}">'
            f'<td class="text activity">{_e(row.activity)}</td><td class="text indicator">{_e(row.indicator)}</td>'
            f'<td class="text status">{_e(STATUS_LABEL[row.status])}'
            f"{(' (' + _e(', '.join(row.fields)) + ')') if row.fields else ''}</td>"
        )
        for month in range(1, 13):
            state = month_state(row, month)
            in_a, in_b = state in ("both", "a-only"), state in ("both", "b-only")
            marks = ('<span class="a" title="A"></span>' if in_a else "<span></span>") + (
                '<span class="b" title="B"></span>' if in_b else "<span></span>"
            )
            out.append(
                f'<td class="m {state}" data-month="{month}" data-a="{int(in_a)}" data-b="{int(in_b)}">{marks}</td>'
            )
        out.append("</tr>")
    out.append("</tbody></table>")

    out.append(
        f'<h2>Diubah ({len(comparison.changed)})</h2><table class="changed"><thead><tr>'
        "<th>Area</th><th>Kegiatan</th><th>Indikator</th><th>Kolom</th><th>Sebelum</th><th>Sesudah</th>"
        "</tr></thead><tbody>"
    )
    for change in comparison.changed:
        before, after = (
            (_fmt(change["before"]), _fmt(change["after"]))
            if change["field"] == "months"
            else (change["before"], change["after"])
        )
        out.append(
            f'<tr data-field="{_e(change["field"])}"><td>{_e(change["area_number"])}</td><td>{_e(change["activity"])}</td>'
            f"<td>{_e(change['indicator'])}</td><td>{_e(change['field'])}</td><td>{_e(before)}</td><td>{_e(after)}</td></tr>"
        )
    out.append("</tbody></table>")
    for title, items, css in (
        ("Ditambahkan", comparison.added, "added"),
        ("Dihapus", comparison.removed, "removed"),
    ):
        out.append(f'<h2>{title} ({len(items)})</h2><ul class="{css}">')
        for item in items:
            label = (
                item["activity"]
                if item["kind"] == "activity"
                else f"{item['indicator']} — {item['activity']}"
            )
            out.append(
                f'<li data-kind="{item["kind"]}">Area {_e(item["area_number"])}: {_e(label)}</li>'
            )
        out.append("</ul>")
    if comparison.warnings:
        out.append(
            '<h2>Peringatan</h2><ul class="warnings">'
            + "".join(f"<li>{_e(w)}</li>" for w in comparison.warnings)
            + "</ul>"
        )
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- XLSX


def to_xlsx(comparison: Comparison) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    fills = {
        name: PatternFill("solid", fgColor=color)
        for name, color in (
            ("both", "3B6EA5"),
            ("a-only", "D9534F"),
            ("b-only", "2E9E44"),
            ("added", "E0F5E0"),
            ("removed", "FDE2E1"),
            ("changed", "FFF5CC"),
        )
    }
    bold = Font(bold=True)
    book = Workbook()

    def sheet(title: str, header: list[str], first: bool = False):
        ws = book.active if first else book.create_sheet()
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "A2"
        return ws

    ws = sheet("Ringkasan", [title for _, title in SUMMARY_COLUMNS], first=True)
    for summary_row in _summary_rows(comparison):
        ws.append(summary_row)
    ws.append([])
    ws.append(["A", _plan_title(comparison, "a")])
    ws.append(["B", _plan_title(comparison, "b")])

    ws = sheet("Bagan bulan", ["Area", "Kegiatan", "Indikator", "Status", *MONTH_ABBR])
    marks = {"both": "AB", "a-only": "A", "b-only": "B", "none": ""}
    for row in comparison.rows:
        ws.append(
            [
                row.area_number,
                row.activity,
                row.indicator,
                row.status,
                *(marks[month_state(row, m)] for m in range(1, 13)),
            ]
        )
        r = ws.max_row
        if row.status in fills:
            for c in range(1, 5):
                ws.cell(r, c).fill = fills[row.status]
        for m in range(1, 13):
            state = month_state(row, m)
            if state in fills:
                ws.cell(r, 4 + m).fill = fills[state]
                ws.cell(r, 4 + m).font = Font(color="FFFFFF", bold=True)

    ws = sheet("Diubah", ["Area", "Kegiatan", "Indikator", "Kolom", "Sebelum", "Sesudah"])
    for change in comparison.changed:
        before, after = (
            (_fmt(change["before"]), _fmt(change["after"]))
            if change["field"] == "months"
            else (change["before"], change["after"])
        )
        ws.append(
            [
                change["area_number"],
                change["activity"],
                change["indicator"],
                change["field"],
                None if before is None else str(before),
                None if after is None else str(after),
            ]
        )
    for title, items in (("Ditambahkan", comparison.added), ("Dihapus", comparison.removed)):
        ws = sheet(title, ["Jenis", "Area", "Kegiatan", "Indikator"])
        for item in items:
            ws.append([item["kind"], item["area_number"], item["activity"], item["indicator"]])
    for ws in book.worksheets:
        for column, width in zip("ABCDEF", (8, 50, 60, 12, 30, 30)):
            ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[Comparison], str | bytes]] = {
    "json": to_json,
    "md": to_markdown,
    "html": to_html,
    "xlsx": to_xlsx,
}


def render(comparison: Comparison, fmt: str) -> str | bytes:
    return RENDERERS[fmt](comparison)
