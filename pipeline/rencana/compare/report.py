"""Render a Comparison for people and tools: JSON, Markdown, self-contained HTML, XLSX.

The HTML and XLSX show both plans as a month chart: one line per indicator, twelve month
columns, each cell telling whether the month is planned in A, in B, or in both. Cells and lines
that changed are highlighted. HTML cells carry ``data-month``, ``data-a``, ``data-b`` and a
class (``both``, ``a-only``, ``b-only``, ``none``) so the chart can be checked by parsing.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any, Optional

from rencana.compare.align import ChartRow, Comparison
from rencana.messages import column, month, t


def months_abbr() -> list[str]:
    return [month(m) for m in range(1, 13)]


def status_label(status: str, same: str = "") -> str:
    """A chart line's status for people; "same" reads as ``same`` ("" in the charts)."""
    return same if status == "same" else t(f"status.{status}")


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
            ", ".join(month(m) if isinstance(m, int) and 1 <= m <= 12 else str(m) for m in value)
            or "—"
        )
    return str(value)


def _before_after(change: dict[str, Any]) -> tuple[Any, Any]:
    """A change's two sides as people read them: month names for a schedule."""
    if change["field"] == "months":
        return _fmt(change["before"]), _fmt(change["after"])
    return change["before"], change["after"]


def _describe_change(change: dict[str, Any]) -> str:
    before, after = _before_after(change)
    return f"{'—' if before is None else before} → {'—' if after is None else after}"


SUMMARY_COLUMNS = [
    "area_number",
    "area",
    "canonical_area",
    "activities_a",
    "activities_b",
    "added_activities",
    "removed_activities",
    "added_indicators",
    "removed_indicators",
    "changed",
]


def _summary_header() -> list[str]:
    return ["No." if key == "area_number" else column(key) for key in SUMMARY_COLUMNS]


def _summary_rows(comparison: Comparison) -> list[list[Any]]:
    """Per area: counts stay numbers; changes read "Bulan 2, Target 1"."""
    rows = []
    for area in comparison.summary()["areas"]:
        row = []
        for key in SUMMARY_COLUMNS:
            value = area.get(key)
            if key == "changed":
                value = ", ".join(f"{column(name)} {count}" for name, count in value.items()) or 0
            row.append(value)
        rows.append(row)
    return rows


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# --------------------------------------------------------------------------- Markdown


def _md(text: Any) -> str:
    """Decree text in Markdown: HTML is escaped (a Markdown viewer renders raw HTML), and so
    are table pipes; a line break would end the table row."""
    escaped = html.escape(_text(text), quote=False)
    return escaped.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _md_row(cells: list[Any]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def _item_line(item: dict[str, Any]) -> str:
    """An added or removed item as one Markdown list line, its decree text escaped."""
    if item["kind"] == "activity":
        what = t(
            "report.activity_item",
            activity=_md(item["activity"]),
            count=len(item.get("indicators", [])),
        )
    else:
        what = t(
            "report.indicator_item",
            indicator=_md(item["indicator"]),
            activity=_md(item["activity"]),
        )
    return "- " + t("report.area_item", number=_md(item["area_number"]), what=what)


def to_markdown(comparison: Comparison) -> str:
    lines = [
        f"# {t('report.title')}",
        "",
        f"- **A:** {_md(_plan_title(comparison, 'a'))}",
        f"- **B:** {_md(_plan_title(comparison, 'b'))}",
        "",
        f"## {t('report.summary')}",
        "",
        _md_row(_summary_header()),
        "|" + "---|" * len(SUMMARY_COLUMNS),
    ]
    lines += [_md_row(row) for row in _summary_rows(comparison)]
    for key, items in (("report.added", comparison.added), ("report.removed", comparison.removed)):
        lines += ["", f"## {t(key)} ({len(items)})", ""]
        lines += [_item_line(item) for item in items]
    lines += [
        "",
        f"## {t('report.changed')} ({len(comparison.changed)})",
        "",
        _md_row(
            [column(c) for c in ("area", "activity", "indicator", "field")]
            + [t("report.before_after")]
        ),
        "|---|---|---|---|---|",
    ]
    for change in comparison.changed:
        lines.append(
            _md_row(
                [
                    change["area_number"],
                    change["activity"] or "",
                    change["indicator"] or "",
                    column(change["field"]),
                    _describe_change(change),
                ]
            )
        )
    lines += [
        "",
        f"## {t('report.chart')}",
        "",
        t("report.legend_md"),
        "",
        _md_row([column(c) for c in ("area", "activity", "indicator", "status")] + months_abbr()),
        "|---|---|---|---|" + "---|" * 12,
    ]
    marks = {"both": "●", "a-only": "A", "b-only": "B", "none": ""}
    for row in comparison.rows:
        lines.append(
            _md_row(
                [
                    row.area_number,
                    row.activity,
                    row.indicator,
                    status_label(row.status),
                    *(marks[month_state(row, m)] for m in range(1, 13)),
                ]
            )
        )
    if comparison.warnings:
        lines += ["", f"## {t('report.warnings')}", ""] + [
            f"- {_md(w)}" for w in comparison.warnings
        ]
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
    from rencana.messages import current

    title = _e(t("report.title"))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{current()}"><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p><b>A:</b> <span id="plan-a">{_e(_plan_title(comparison, "a"))}</span><br>'
        f'<b>B:</b> <span id="plan-b">{_e(_plan_title(comparison, "b"))}</span></p>',
    ]
    totals = comparison.summary()["totals"]
    out.append(
        f'<p id="totals">{_e(t("report.totals", **{**totals, "changed": sum(totals["changed"].values())}))}</p>'
    )

    out.append(f'<h2>{_e(t("report.summary"))}</h2><table class="summary"><thead><tr>')
    out += [f"<th>{_e(title)}</th>" for title in _summary_header()]
    out.append("</tr></thead><tbody>")
    for summary_row in _summary_rows(comparison):
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in summary_row) + "</tr>")
    out.append("</tbody></table>")

    out.append(
        f'<h2>{_e(t("report.chart"))}</h2><p class="legend"><span style="background:#9bb7d4">A</span>'
        '<span style="background:#3b6ea5;color:#fff">B</span>'
        f'<span style="background:#fde2e1">{_e(t("report.legend_a_only"))}</span>'
        f'<span style="background:#e0f5e0">{_e(t("report.legend_b_only"))}</span>'
        f'<span style="background:#fff5cc">{_e(t("status.changed"))}</span></p>'
    )
    out.append(
        '<table class="chart"><thead><tr>'
        + "".join(f"<th>{_e(column(c))}</th>" for c in ("activity", "indicator", "status"))
    )
    out += [f"<th>{_e(m)}</th>" for m in months_abbr()]
    out.append("</tr></thead><tbody>")
    current_area: Optional[tuple] = None
    for row in comparison.rows:
        if (row.area_number, row.area) != current_area:
            current_area = (row.area_number, row.area)
            out.append(
                f'<tr class="area-row"><td class="area" colspan="15">{_e(row.area_number)}. {_e(row.area)}</td></tr>'
            )
        fields = " ".join(row.fields)
        labels = ", ".join(column(f) for f in row.fields)
        out.append(
            f'<tr class="plan-row {row.status}" data-status="{row.status}" data-fields="{_e(fields)}">'
            f'<td class="text activity">{_e(row.activity)}</td><td class="text indicator">{_e(row.indicator)}</td>'
            f'<td class="text status">{_e(status_label(row.status))}'
            f"{(' (' + _e(labels) + ')') if row.fields else ''}</td>"
        )
        for m in range(1, 13):
            state = month_state(row, m)
            in_a, in_b = state in ("both", "a-only"), state in ("both", "b-only")
            marks = ('<span class="a" title="A"></span>' if in_a else "<span></span>") + (
                '<span class="b" title="B"></span>' if in_b else "<span></span>"
            )
            out.append(
                f'<td class="m {state}" data-month="{m}" data-a="{int(in_a)}" data-b="{int(in_b)}">{marks}</td>'
            )
        out.append("</tr>")
    out.append("</tbody></table>")

    changed_header = [
        column(c) for c in ("area", "activity", "indicator", "field", "before", "after")
    ]
    out.append(
        f'<h2>{_e(t("report.changed"))} ({len(comparison.changed)})</h2><table class="changed"><thead><tr>'
        + "".join(f"<th>{_e(h)}</th>" for h in changed_header)
        + "</tr></thead><tbody>"
    )
    for change in comparison.changed:
        before, after = _before_after(change)
        out.append(
            f'<tr data-field="{_e(change["field"])}"><td>{_e(change["area_number"])}</td><td>{_e(change["activity"])}</td>'
            f"<td>{_e(change['indicator'])}</td><td>{_e(column(change['field']))}</td><td>{_e(before)}</td><td>{_e(after)}</td></tr>"
        )
    out.append("</tbody></table>")
    for key, items, css in (
        ("report.added", comparison.added, "added"),
        ("report.removed", comparison.removed, "removed"),
    ):
        out.append(f'<h2>{_e(t(key))} ({len(items)})</h2><ul class="{css}">')
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
            f'<h2>{_e(t("report.warnings"))}</h2><ul class="warnings">'
            + "".join(f"<li>{_e(w)}</li>" for w in comparison.warnings)
            + "</ul>"
        )
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- XLSX


def to_xlsx(comparison: Comparison) -> bytes:
    """The same content as sheets, with the corpus workbook's treatment (sheets.add_sheet):
    numbers as numbers, statuses in words, widths per sheet, text never a formula."""
    from openpyxl.styles import Font, PatternFill

    from rencana.corpus.sheets import add_sheet, book_bytes, new_book

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
    book = new_book()
    summary = _summary_rows(comparison)
    summary += [[None] * len(SUMMARY_COLUMNS)]
    summary += [["A", _plan_title(comparison, "a")], ["B", _plan_title(comparison, "b")]]
    add_sheet(book, t("report.summary_sheet"), _summary_header(), summary)

    marks = {"both": "AB", "a-only": "A", "b-only": "B", "none": ""}
    chart_header = [column(c) for c in ("area_number", "activity", "indicator", "status")]
    white_bold = Font(color="FFFFFF", bold=True)

    def chart_style(row_index: int, index: int, _value: Any) -> Optional[dict[str, Any]]:
        row = comparison.rows[row_index]
        if index < 4:
            return {"fill": fills[row.status]} if row.status in fills else None
        state = month_state(row, index - 3)
        return {"fill": fills[state], "font": white_bold} if state in fills else None

    add_sheet(
        book,
        t("report.chart"),
        chart_header + months_abbr(),
        (
            [
                row.area_number,
                row.activity,
                row.indicator,
                status_label(row.status, same=t("status.same")),
                *(marks[month_state(row, m)] for m in range(1, 13)),
            ]
            for row in comparison.rows
        ),
        widths={4 + m: 6 for m in range(12)},
        cell_style=chart_style,
    )

    changed_rows = []
    for change in comparison.changed:
        before, after = _before_after(change)
        changed_rows.append(
            [
                change["area_number"],
                change["activity"],
                change["indicator"],
                column(change["field"]),
                None if before is None else str(before),
                None if after is None else str(after),
            ]
        )
    add_sheet(
        book,
        t("report.changed"),
        [column(c) for c in ("area_number", "activity", "indicator", "field", "before", "after")],
        changed_rows,
    )
    for key, items in (("report.added", comparison.added), ("report.removed", comparison.removed)):
        add_sheet(
            book,
            t(key),
            [column(c) for c in ("kind_of_item", "area_number", "activity", "indicator")],
            (
                [
                    t(f"kind.{item['kind']}"),
                    item["area_number"],
                    item["activity"],
                    item["indicator"],
                ]
                for item in items
            ),
        )
    return book_bytes(book)


RENDERERS: dict[str, Callable[[Comparison], str | bytes]] = {
    "json": to_json,
    "md": to_markdown,
    "html": to_html,
    "xlsx": to_xlsx,
}


def render(comparison: Comparison, fmt: str) -> str | bytes:
    return RENDERERS[fmt](comparison)
