"""A plan as compare sees it: items loaded from a decree PDF, a decree JSON or the corpus database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from rapidfuzz import fuzz

from rencana.core.areas import canonical_area

# A column counts as carried by a plan when at least this share of its rows has a value.
CARRIED_SHARE = 0.5

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


# --------------------------------------------------------------------------- text helpers


def fold_text(text: Optional[str]) -> str:
    """Case, white space, punctuation, wrap hyphens and year numbers folded away."""
    s = (text or "").replace("\u00ad", "").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"(\w)-\s+(\w)", r"\1-\2", s).lower()
    s = _YEAR.sub(" ", s)
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def similarity(a: str, b: str) -> float:
    """Similarity of two folded texts, 0-100."""
    if a == b:
        return 100.0
    if not a or not b:
        return 0.0
    return float(fuzz.ratio(a, b))


# --------------------------------------------------------------------------- plans


@dataclass
class Item:
    """One indicator row of a plan, reduced to what a comparison needs."""

    area_number: Optional[int]
    area: str
    canonical_area: Optional[str]
    activity_number: Optional[str]
    activity: str
    indicator: str
    schedule_text: str = ""
    months: list[int] = field(default_factory=list)
    quarters: list[int] = field(default_factory=list)
    target: Optional[str] = None
    pic: Optional[str] = None
    unit: Optional[str] = None
    budget: Optional[str] = None
    # Folded texts used for matching; set by Plan (which folds the office's own name too).
    activity_key: str = ""
    indicator_key: str = ""

    @property
    def schedule_unread(self) -> bool:
        """A schedule was printed but gave no months: unknown, so never compared."""
        return not self.months and not self.quarters and bool(self.schedule_text.strip())


@dataclass
class Plan:
    label: str
    items: list[Item]
    issuer: Optional[str] = None
    plan_year: Optional[int] = None
    number: Optional[str] = None
    source: Optional[str] = None
    region: Optional[str] = None

    def __post_init__(self) -> None:
        for item in self.items:
            item.activity_key = self.fold(item.activity)
            item.indicator_key = self.fold(item.indicator)

    def fold(self, text: Optional[str]) -> str:
        """``fold_text``, with the office's own place name as a placeholder, so that
        "di lingkungan KPU Kabupaten Jepara" and "… Demak" read alike across offices."""
        folded = fold_text(text)
        own = fold_text(self.region)
        if own:
            folded = re.sub(rf"\b{re.escape(own)}\b", "_office_", folded)
        return folded

    def carries(self, name: str) -> bool:
        filled = sum(1 for item in self.items if (getattr(item, name) or "").strip())
        return bool(self.items) and filled >= CARRIED_SHARE * len(self.items)

    def describe(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "issuer": self.issuer,
            "plan_year": self.plan_year,
            "number": self.number,
            "source": self.source,
            "records": len(self.items),
        }


def _int_or_none(value: Any) -> Optional[int]:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _text_or_none(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def activity_path(record: dict[str, Any]) -> str:
    """The activity as compared: in a deeper plan, every level between the area and the
    indicator ("Kegiatan > Sub Kegiatan"), so rows that differ only below the activity stay apart."""
    levels = record.get("levels") or []
    middle = [str(lv.get("text") or "") for lv in levels if lv.get("role") in ("activity", "level")]
    if len(middle) > 1:
        return " > ".join(middle)
    return str(record.get("activity") or "")


def item_from_record(record: dict[str, Any]) -> Item:
    """A record as a dict: the Record model's fields, or a gold file's (area_no, activity_seq)."""
    area_number = _int_or_none(record.get("area_number", record.get("area_no")))
    area = str(record.get("area") or "")
    activity_number = record.get("activity_number", record.get("activity_seq"))
    return Item(
        area_number=area_number,
        area=area,
        canonical_area=record.get("canonical_area") or canonical_area(area),
        activity_number=None if activity_number in (None, "") else str(activity_number),
        activity=activity_path(record),
        indicator=str(record.get("indicator") or ""),
        schedule_text=str(record.get("schedule_text") or ""),
        months=sorted({int(m) for m in record.get("months") or [] if 1 <= int(m) <= 12}),
        quarters=sorted({int(q) for q in record.get("quarters") or []}),
        target=_text_or_none(record.get("target")),
        pic=_text_or_none(record.get("pic")),
        unit=_text_or_none(record.get("unit")),
        budget=_text_or_none(record.get("budget")),
    )


def plan_from_dict(data: dict[str, Any] | list, label: str, source: Optional[str] = None) -> Plan:
    """A decree document (or a gold file: ``metadata`` + ``records``; or a bare record list)."""
    if isinstance(data, list):
        data = {"records": data}
    metadata = data.get("metadata") or {}
    src = data.get("source") or {}
    return Plan(
        label=label,
        items=[item_from_record(r) for r in data.get("records") or []],
        issuer=metadata.get("issuer"),
        plan_year=_int_or_none(metadata.get("plan_year") or metadata.get("year")),
        number=metadata.get("number"),
        source=source or (src.get("file") if isinstance(src, dict) else None),
        region=metadata.get("region") or _region_of(metadata.get("issuer")),
    )


def _region_of(issuer: Optional[str]) -> Optional[str]:
    """'Komisi Pemilihan Umum Kabupaten Jepara' -> 'Jepara' (the words after Kabupaten/Kota/Provinsi)."""
    match = re.search(r"\b(?:kabupaten|kab\.|kota|provinsi)\s+(.+)$", issuer or "", re.I)
    return match.group(1).strip() if match else None


def load_plan(path: str | Path, label: Optional[str] = None) -> Plan:
    """A decree PDF (extracted through the pipeline) or a decree JSON file.

    Raises ``BadInput`` with a one-line reason for anything else: a JSON file that does not fit
    the decree schema names the first wrong field. A PDF is read in a forked child under
    ingest's time and memory limits.
    """
    from rencana.errors import BadInput, ProcessDied

    path = Path(path)
    if not path.is_file():
        raise BadInput("no such file")
    if path.suffix.lower() == ".json":
        data = validated_json(path)
        plan = plan_from_dict(data, label or path.stem, source=path.name)
    else:
        from rencana.corpus.executors import Limits, run_forked
        from rencana.runner import extract

        try:
            doc = run_forked(extract, path, limits=Limits())
        except ProcessDied as exc:
            raise BadInput(str(exc)) from None
        plan = plan_from_dict(doc.model_dump(mode="json"), label or path.stem, source=path.name)
    return plan


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def validated_json(path: Path) -> dict[str, Any] | list:
    """The JSON of ``path`` checked against what compare reads: a decree document (the published
    schema), a gold file (``metadata`` + ``records``) or a bare list of records."""
    from pydantic import ValidationError

    from rencana.errors import BadInput

    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError
        raise BadInput(f"not valid JSON ({exc})") from None
    except RecursionError:
        raise BadInput("not a decree document: JSON nested too deeply") from None
    try:
        if isinstance(data, dict) and ("source" in data or "schema_version" in data):
            from rencana.contract.models import DecreeDocument

            DecreeDocument.model_validate(data)
        else:
            _plan_adapter(isinstance(data, list)).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise BadInput(f"not a decree document: {where}: {first['msg']}") from None
    except RecursionError:
        raise BadInput("not a decree document: JSON nested too deeply") from None
    return data


_PLAN_ADAPTERS: dict[bool, Any] = {}


def _plan_adapter(records_only: bool):
    """Gold files and record lists: the fields compare reads, typed, with the gold files' own
    names (``area_no``, ``activity_seq``); a dict must hold ``records``."""
    if not _PLAN_ADAPTERS:
        from typing import Union

        from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, conint

        from rencana.contract.models import Level

        class PlanMetadata(BaseModel):
            model_config = ConfigDict(extra="allow")
            issuer: Optional[str] = None
            region: Optional[str] = None
            number: Optional[str] = None
            year: Optional[int] = None
            plan_year: Optional[int] = None

        Month = conint(ge=1, le=12)

        class PlanRecord(BaseModel):
            model_config = ConfigDict(extra="allow")
            area_number: Optional[int] = None
            area_no: Optional[int] = None
            area: Optional[str] = None
            canonical_area: Optional[str] = None
            activity_number: Optional[Union[str, int]] = None
            activity_seq: Optional[Union[str, int]] = None
            activity: Optional[str] = None
            indicator: Optional[str] = None
            levels: list[Level] = Field(default_factory=list)
            schedule_text: Optional[str] = None
            months: list[Month] = Field(default_factory=list)  # type: ignore[valid-type]
            quarters: list[conint(ge=1, le=4)] = Field(default_factory=list)  # type: ignore[valid-type]
            target: Optional[str] = None
            pic: Optional[str] = None
            unit: Optional[str] = None
            budget: Optional[str] = None

        class GoldPlan(BaseModel):
            model_config = ConfigDict(extra="allow")
            metadata: PlanMetadata = Field(default_factory=PlanMetadata)
            records: list[PlanRecord]

        _PLAN_ADAPTERS[False] = TypeAdapter(GoldPlan)
        _PLAN_ADAPTERS[True] = TypeAdapter(list[PlanRecord])
    return _PLAN_ADAPTERS[records_only]


# --------------------------------------------------------------------------- grouping
