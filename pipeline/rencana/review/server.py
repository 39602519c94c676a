"""``rencana review``: a local page over an ingested corpus to see each decree's pages beside its
records and correct them. Every edit appends one line to OUT/corrections.jsonl; nothing else is
written, and the next ``rencana ingest`` applies it to every output.

Server-rendered (Starlette and Jinja2) with a little JavaScript: clicking a record highlights
its box on the page image and the other way round. A decree is shown as extracted with the
current corrections applied, so an edit shows at once.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from rencana.contract.models import DecreeDocument, Level, Record
from rencana.corpus import corrections
from rencana.corpus.corrections import (
    CORRECTIONS_NAME,
    Correction,
    Numbered,
    RecordMatch,
    Unmatched,
)
from rencana.corpus.export import DECREE_METADATA_COLUMNS
from rencana.errors import BadInput
from rencana.messages import column, current, month, t
from rencana.options import ExtractOptions
from rencana.review.overlay import record_colour, record_key

HERE = Path(__file__).parent
PAGE_DPI = 110
# Metadata fields the form edits: the decree's scalar columns, named as in the model.
DATE_FIELDS = {"enacted_date", "valid_until"}
NUMBER_FIELDS = {"year", "plan_year"}
# Record fields the form edits, besides the levels and months.
TEXT_FIELDS = ("activity", "indicator", "target", "pic")


@dataclass(frozen=True)
class Decree:
    decree_id: str
    name: str
    source_path: str
    extracted: DecreeDocument  # before corrections


class Corpus:
    """The ingested outputs in ``out``, read-only except for corrections.jsonl."""

    def __init__(self, out: Path, by: str):
        from rencana.corpus.ingest import STORE_NAME

        self.out, self.by = Path(out), by
        self.store = self.out / STORE_NAME
        self.corrections_path = self.out / CORRECTIONS_NAME

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.store}?mode=ro", uri=True)

    def listing(self) -> list[dict[str, Any]]:
        """Every decree, those that need review first, then by name. The quality verdict is
        read when the decree document has one (else the decree's warnings stand as reasons)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT d.decree_id, d.name, d.issuer, d.plan_year, d.number, d.record_count, "
                "d.warning_codes, json_extract(d.document, '$.quality'), "
                "(SELECT COUNT(*) FROM records r WHERE r.decree_id = d.decree_id "
                "AND r.warnings != '[]') FROM decrees d ORDER BY d.name"
            ).fetchall()
        per_decree = corrections.by_decree(self.corrections())
        decrees = []
        for decree_id, name, issuer, year, number, count, codes, quality, warned in rows:
            verdict = json.loads(quality) if quality else {}
            reasons = [_reason_text(r) for r in verdict.get("reasons") or []]
            decrees.append(
                {
                    "name": name,
                    "issuer": issuer,
                    "plan_year": year,
                    "number": number,
                    "record_count": count,
                    "record_warnings": warned,
                    "needs_review": verdict.get("needs_review"),
                    "reasons": reasons or json.loads(codes or "[]"),
                    "corrections": len(per_decree.get(decree_id, [])),
                }
            )
        return sorted(decrees, key=lambda d: (d["needs_review"] is not True, d["name"]))

    def decree(self, name: str) -> Optional[Decree]:
        with self._connect() as db:
            row = db.execute(
                "SELECT d.decree_id, d.source_path, COALESCE(e.document, d.document) "
                "FROM decrees d LEFT JOIN extracted e USING (decree_id) WHERE d.name = ?",
                (name,),
            ).fetchone()
        if row is None:
            return None
        return Decree(row[0], name, row[1], DecreeDocument.model_validate_json(row[2]))

    def corrections(self) -> list[Numbered]:
        return corrections.load(self.corrections_path)

    def corrected(self, decree: Decree) -> tuple[DecreeDocument, list[Unmatched]]:
        mine = corrections.by_decree(self.corrections()).get(decree.decree_id, [])
        return corrections.apply(decree.extracted, mine)

    def append(self, correction: Correction) -> None:
        corrections.append(self.corrections_path, correction)


def _reason_text(reason: Any) -> str:
    """A reason of the quality verdict, whatever its shape: text, or a dict or model with a
    message or a code."""
    if isinstance(reason, dict):
        return str(reason.get("message") or reason.get("code") or reason)
    return str(getattr(reason, "message", None) or getattr(reason, "code", None) or reason)


@lru_cache(maxsize=64)
def page_png(path: str, mtime_ns: int, number: int) -> bytes:
    """One page as a PNG, as ``rencana debug`` renders it (``mtime_ns`` keys the cache);
    ``BadInput`` for a page pdfium should not render (``check_render``)."""
    import pdfplumber

    from rencana.review.overlay import png_bytes
    from rencana.stages.page.open import check_render

    with pdfplumber.open(path) as pdf:
        check_render(pdf.pages[number - 1], ExtractOptions(ocr_dpi=PAGE_DPI))
        return png_bytes(pdf.pages[number - 1].to_image(resolution=PAGE_DPI))


@lru_cache(maxsize=64)
def page_sizes(path: str, mtime_ns: int) -> list[tuple[float, float]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [(float(p.width), float(p.height)) for p in pdf.pages]


def pdf_key(path: str) -> Optional[tuple[str, int]]:
    try:
        return path, os.stat(path).st_mtime_ns
    except OSError:
        return None


# --- views -------------------------------------------------------------------------------------
def create_app(out: Path, by: Optional[str] = None) -> Starlette:
    corpus = Corpus(out, by or os.environ.get("USER") or "review")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(
        t=t, column=column, month=month, describe=corrections.describe, lang=current()
    )

    def render(request: Request, template: str, **context: Any) -> Response:
        context.update(out=str(corpus.out), corrections_name=CORRECTIONS_NAME)
        return templates.TemplateResponse(request, template, context)

    def problem(request: Request, message: str, status: int) -> Response:
        return HTMLResponse(f"<p>{_escape(message)}</p><p><a href='/'>←</a></p>", status)

    # Reading views are plain functions: Starlette runs them in its thread pool, so rendering a
    # page image never stalls the server.
    def index(request: Request) -> Response:
        return render(
            request, "index.html", decrees=corpus.listing(), pending=len(corpus.corrections())
        )

    def decree_page(request: Request) -> Response:
        decree = corpus.decree(request.path_params["name"])
        if decree is None:
            return problem(request, t("review.no_decree"), 404)
        doc, unmatched = corpus.corrected(decree)
        key = pdf_key(decree.source_path)
        sizes = page_sizes(*key) if key else []
        mine = corrections.by_decree(corpus.corrections()).get(decree.decree_id, [])
        quality = getattr(doc, "quality", None)
        reasons = [_reason_text(r) for r in (getattr(quality, "reasons", None) or [])]
        return render(
            request,
            "decree.html",
            name=decree.name,
            doc=doc,
            pages=page_views(doc, sizes),
            unmatched=unmatched,
            corrections=len(mine),
            quality_reasons=reasons if getattr(quality, "needs_review", False) else [],
            metadata_fields=metadata_fields(doc),
        )

    def page_image(request: Request) -> Response:
        decree = corpus.decree(request.path_params["name"])
        key = pdf_key(decree.source_path) if decree else None
        number = request.path_params["number"]
        if key is None or not 1 <= number <= len(page_sizes(*key)):
            return Response(status_code=404)
        try:
            return Response(page_png(*key, number), media_type="image/png")
        except BadInput as exc:  # a hostile image on a page ingest read without rendering it
            return problem(request, str(exc), 422)

    async def edit_record(request: Request) -> Response:
        decree = corpus.decree(request.path_params["name"])
        if decree is None:
            return problem(request, t("review.no_decree"), 404)
        form = await request.form()
        doc, _ = corpus.corrected(decree)
        try:
            correction = record_correction(decree.decree_id, doc, form, corpus.by)
        except (ValueError, ValidationError) as exc:
            return problem(request, t("review.bad_edit", error=_first_line(exc)), 400)
        if correction is not None:
            corpus.append(correction)
        anchor = f"#page-{form.get('page')}" if form.get("action") == "add" else ""
        return RedirectResponse(f"/decree/{decree.name}{anchor}", status_code=303)

    async def edit_metadata(request: Request) -> Response:
        decree = corpus.decree(request.path_params["name"])
        if decree is None:
            return problem(request, t("review.no_decree"), 404)
        form = await request.form()
        doc, _ = corpus.corrected(decree)
        changed = {}
        for field in DECREE_METADATA_COLUMNS:
            if field not in form:
                continue
            value = _metadata_value(field, str(form[field]))
            if value != _metadata_value(field, _shown(getattr(doc.metadata, field))):
                changed[field] = value
        if changed:
            try:
                corpus.append(
                    Correction(
                        decree=decree.decree_id,
                        metadata=changed,
                        note=_text(form.get("note")),
                        by=corpus.by,
                        at=_now(),
                    )
                )
            except ValidationError as exc:
                return problem(request, t("review.bad_edit", error=_first_line(exc)), 400)
        return RedirectResponse(f"/decree/{decree.name}", status_code=303)

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/decree/{name}", decree_page),
            Route("/decree/{name}/page/{number:int}.png", page_image),
            Route("/decree/{name}/record", edit_record, methods=["POST"]),
            Route("/decree/{name}/metadata", edit_metadata, methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ]
    )
    app.state.corpus = corpus
    return app


def page_views(doc: DecreeDocument, sizes: list[tuple[float, float]]) -> list[dict[str, Any]]:
    """Each page with its records (a record sits on its first page; one added without a page
    goes on the last), their boxes in percent of the page."""
    count = max(doc.source.pages, 1)
    pages: list[dict[str, Any]] = [{"number": n, "records": []} for n in range(1, count + 1)]
    for index, record in enumerate(doc.records):
        number = record.pages[0] if record.pages and record.pages[0] <= count else count
        item: dict[str, Any] = {
            "index": index,
            "record": record,
            "key": record_key(index, record),
            "colour": "rgb({}, {}, {})".format(*record_colour(record)),
            "match": json.dumps(corrections.match_of(record), ensure_ascii=False),
            "levels": [
                {"position": i, **level.model_dump()}
                for i, level in enumerate(record.levels)
                if level.role not in ("activity", "indicator")
            ],
        }
        if record.bbox and number <= len(sizes):
            width, height = sizes[number - 1]
            x0, top, x1, bottom = record.bbox
            item.update(
                left=round(100 * x0 / width, 3),
                top=round(100 * top / height, 3),
                width=round(100 * (x1 - x0) / width, 3),
                height=round(100 * (bottom - top) / height, 3),
            )
        pages[number - 1]["records"].append(item)
    return pages


def metadata_fields(doc: DecreeDocument) -> list[dict[str, Any]]:
    return [
        {
            "name": field,
            "value": _shown(getattr(doc.metadata, field)),
            "kind": "date" if field in DATE_FIELDS else "number" if field in NUMBER_FIELDS else "",
        }
        for field in DECREE_METADATA_COLUMNS
    ]


def record_correction(
    decree_id: str, doc: DecreeDocument, form: FormData, by: str
) -> Optional[Correction]:
    """The correction a record form asks for: delete, add, or set the fields that changed
    (None when nothing changed)."""
    action = str(form.get("action") or "set")
    note = _text(form.get("note"))
    common: dict[str, Any] = {"decree": decree_id, "note": note, "by": by, "at": _now()}
    months = sorted({int(str(m)) for m in form.getlist("months")})
    if action == "add":
        added: dict[str, Any] = {f: _text(form.get(f)) for f in TEXT_FIELDS}
        added.update(activity=added["activity"] or "", indicator=added["indicator"] or "")
        added["area"] = _text(form.get("area")) or ""
        number = _text(form.get("area_number"))
        added["area_number"] = int(number) if number else None
        added["months"] = months
        if form.get("page"):
            added["pages"] = [int(str(form["page"]))]
        added["levels"] = [
            Level(role="area", text=added["area"]).model_dump(),
            Level(role="activity", text=added["activity"]).model_dump(),
            Level(role="indicator", text=added["indicator"]).model_dump(),
        ]
        after = form.get("after")
        return Correction(add=added, after=json.loads(str(after)) if after else None, **common)
    match = RecordMatch.model_validate_json(str(form.get("match") or "{}"))
    found = [r for r in doc.records if match.finds(r)]
    if not found:
        raise ValueError(t("review.record_gone"))
    if action == "delete":
        return Correction(match=match, delete=True, **common)
    return _changes(found[0], form, months, match, common)


def _changes(
    record: Record,
    form: FormData,
    months: list[int],
    match: RecordMatch,
    common: dict[str, Any],
) -> Optional[Correction]:
    changed: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        value = _text(form.get(field))
        if field in ("activity", "indicator"):
            value = value or ""
        if value != getattr(record, field):
            changed[field] = value
    if months != record.months:
        changed["months"] = months
    levels = [level.model_copy() for level in record.levels]
    for i, level in enumerate(levels):
        key = f"level_{i}"
        if key in form and (text := " ".join(str(form[key]).split())) != level.text:
            level.text = text
            if level.role == "area":
                changed["area"] = text
    if any(a.text != b.text for a, b in zip(levels, record.levels)):
        for level in levels:  # the flat fields' edits go into the hierarchy too
            if level.role in ("activity", "indicator") and level.role in changed:
                level.text = changed[level.role]
        changed["levels"] = [level.model_dump() for level in levels]
    if not changed:
        return None
    return Correction(match=match, set=changed, **common)


def _text(value: Any) -> Optional[str]:
    """A form field's text with its white space folded; None when empty."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _metadata_value(field: str, text: str) -> Any:
    text = " ".join(text.split())
    if not text:
        return None
    if field in NUMBER_FIELDS:
        return int(text) if text.lstrip("-").isdigit() else text
    return text


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"{where}: {error['msg']}" if where else error["msg"]
    return str(exc).splitlines()[0]


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def serve(out: Path, port: int, by: Optional[str] = None) -> None:
    """Run the page on 127.0.0.1 only: it writes to the corpus and asks for no login."""
    import uvicorn

    uvicorn.run(create_app(out, by), host="127.0.0.1", port=port, log_level="warning")
