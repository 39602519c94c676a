"""Corrections as plain data: ``OUT/corrections.jsonl``, one JSON object per line, kept in git
and reviewed like code. The review page appends to it; people may write it by hand.

    {"decree": "<sha256>", "match": {"area_number": 1, "activity": "…", "indicator": "…"},
     "set": {"months": [1]}, "note": "…", "by": "…", "at": "2024-05-01T10:00:00+07:00"}
    {"decree": "<sha256>", "match": {…}, "delete": true, "note": "…"}
    {"decree": "<sha256>", "add": {"activity": "…", "indicator": "…", "months": [3]},
     "after": {…}, "note": "…"}
    {"decree": "<sha256>", "metadata": {"plan_year": 2023}, "note": "…"}

A record is found by its content (the fields given in ``match``, white space folded), never by
its position, so a correction survives a re-extraction that moves rows. Corrections apply in
file order: a later one matches the record as the earlier ones left it. Every record a match
finds is changed (identical rows are changed alike). A correction that finds nothing is
reported, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rencana.contract.models import DecreeDocument, Metadata, Record

CORRECTIONS_NAME = "corrections.jsonl"
# Read from the extraction (or recomputed from what is set), never set by a correction.
NOT_SETTABLE = frozenset(
    {"target_value", "target_unit", "budget_idr", "corrected", "correction_note"}
)
# A set that changes one of these fields changes the level of that role too (unless it sets
# the levels itself), so the hierarchy and the flat fields agree.
LEVEL_FIELDS = {"area": "area", "activity": "activity", "indicator": "indicator"}


class RecordMatch(BaseModel):
    """Which record: every field given must equal the record's (white space folded)."""

    model_config = ConfigDict(extra="forbid")
    area_number: Optional[int] = None
    activity: Optional[str] = None
    indicator: Optional[str] = None

    @model_validator(mode="after")
    def _names_a_row(self) -> RecordMatch:
        if self.activity is None and self.indicator is None:
            raise ValueError("match needs activity or indicator")
        return self

    def finds(self, record: Record) -> bool:
        return all(
            _fold(getattr(self, name)) == _fold(getattr(record, name))
            for name in self.model_fields_set
        )


class Correction(BaseModel):
    """One line of corrections.jsonl: exactly one of set, delete, add or metadata."""

    model_config = ConfigDict(extra="forbid")
    decree: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the decree PDF")
    match: Optional[RecordMatch] = None
    set: Optional[dict[str, Any]] = Field(None, description="Record fields to set")
    delete: bool = Field(False, description="The matched record is wrong: remove it")
    add: Optional[dict[str, Any]] = Field(None, description="A record the extraction missed")
    after: Optional[RecordMatch] = Field(None, description="With add: insert after this record")
    metadata: Optional[dict[str, Any]] = Field(None, description="Decree metadata fields to set")
    note: Optional[str] = None
    by: Optional[str] = None
    at: Optional[datetime] = None

    @model_validator(mode="after")
    def _one_action(self) -> Correction:
        actions = [
            name for name in ("set", "add", "metadata") if getattr(self, name) is not None
        ] + (["delete"] if self.delete else [])
        if len(actions) != 1:
            raise ValueError("give exactly one of set, delete, add, metadata")
        if actions[0] in ("set", "delete") and self.match is None:
            raise ValueError(f"{actions[0]} needs match")
        if actions[0] in ("add", "metadata") and self.match is not None:
            raise ValueError(f"{actions[0]} takes no match")
        if self.after is not None and self.add is None:
            raise ValueError("after goes with add")
        for name, fields in (("set", self.set), ("add", self.add)):
            if fields is not None:
                _check_fields(name, fields, Record, NOT_SETTABLE)
        if self.metadata is not None:
            _check_fields("metadata", self.metadata, Metadata)
        return self

    @property
    def action(self) -> str:
        if self.delete:
            return "delete"
        return next(name for name in ("set", "add", "metadata") if getattr(self, name) is not None)


def _check_fields(
    name: str, fields: dict[str, Any], model: type[BaseModel], fixed: frozenset[str] = frozenset()
) -> None:
    """Every field is one of ``model``'s, settable, and of its type (one line if not)."""
    unknown = sorted(set(fields) - set(model.model_fields))
    if unknown:
        raise ValueError(f"{name}: unknown field {unknown[0]!r}")
    if set(fields) & fixed:
        raise ValueError(f"{name}: {sorted(set(fields) & fixed)[0]!r} cannot be set")
    try:
        checked = model.model_validate(fields)
    except ValidationError as exc:
        raise ValueError(f"{name}.{_first_error(exc)}") from None
    if any(not 1 <= month <= 12 for month in getattr(checked, "months", [])):
        raise ValueError(f"{name}.months: a month is a number from 1 to 12")


def _fold(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


@dataclass(frozen=True)
class Numbered:
    """A correction with its line in the file, for messages."""

    line: int
    correction: Correction


class CorrectionsError(ValueError):
    """A malformed line: ``where`` is ``FILE:LINE``."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where, self.reason = where, reason


def parse(text: str, where: str = CORRECTIONS_NAME) -> list[Numbered]:
    """Every correction in ``text``; blank lines are skipped. Raises ``CorrectionsError`` naming
    the first malformed line."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(Numbered(number, Correction.model_validate_json(line)))
        except ValidationError as exc:
            raise CorrectionsError(f"{where}:{number}", _first_error(exc)) from None
    return out


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    if error["type"] == "json_invalid":
        return f"not JSON ({error.get('ctx', {}).get('error', error['msg'])})"
    where = ".".join(str(part) for part in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def load(path: Path) -> list[Numbered]:
    """The corrections in ``path``; none when it does not exist."""
    path = Path(path)
    if not path.is_file():
        return []
    return parse(path.read_text(encoding="utf-8"), str(path))


def append(path: Path, correction: Correction) -> None:
    """Add one correction at the end of ``path`` (written atomically, so a crash never leaves a
    half line that would stop the next ingest)."""
    from rencana.corpus.export import write_atomic

    path = Path(path)
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    if before and not before.endswith("\n"):
        before += "\n"
    line = correction.model_dump_json(exclude_defaults=True)
    write_atomic(path, before + line + "\n")


def by_decree(corrections: Iterable[Numbered]) -> dict[str, list[Numbered]]:
    out: dict[str, list[Numbered]] = {}
    for numbered in corrections:
        out.setdefault(numbered.correction.decree, []).append(numbered)
    return out


def fingerprint(corrections: Iterable[Numbered]) -> str:
    """Changes whenever a correction of the list changes (its line number does not count)."""
    digest = hashlib.sha256()
    for numbered in corrections:
        digest.update(numbered.correction.model_dump_json().encode("utf-8") + b"\n")
    return digest.hexdigest()


def match_of(record: Record) -> dict[str, Any]:
    """The match that finds ``record`` (what the review page writes)."""
    return {
        "area_number": record.area_number,
        "activity": record.activity,
        "indicator": record.indicator,
    }


@dataclass(frozen=True)
class Unmatched:
    """A correction that found no record to change (or whose added record is now extracted)."""

    line: int
    correction: Correction
    reason: str


def apply(
    doc: DecreeDocument, corrections: Iterable[Numbered]
) -> tuple[DecreeDocument, list[Unmatched]]:
    """``doc`` with ``corrections`` applied in order (a new document), and those that found no
    record."""
    doc = doc.model_copy(deep=True)
    records = doc.records
    unmatched: list[Unmatched] = []
    for numbered in corrections:
        correction = numbered.correction
        if correction.metadata is not None:
            doc.metadata = Metadata.model_validate(
                {**doc.metadata.model_dump(), **correction.metadata}
            )
            continue
        if correction.add is not None:
            added = _corrected(Record(), correction.add, correction.note)
            if any(RecordMatch.model_validate(match_of(added)).finds(r) for r in records):
                unmatched.append(Unmatched(numbered.line, correction, "already extracted"))
                continue
            after = [
                i for i, r in enumerate(records) if correction.after and correction.after.finds(r)
            ]
            records.insert(after[-1] + 1 if after else len(records), added)
            continue
        assert correction.match is not None
        found = [i for i, r in enumerate(records) if correction.match.finds(r)]
        if not found:
            unmatched.append(Unmatched(numbered.line, correction, "record not found"))
        elif correction.delete:
            records[:] = [r for i, r in enumerate(records) if i not in set(found)]
        else:
            for i in found:
                records[i] = _corrected(records[i], correction.set or {}, correction.note)
    return doc, unmatched


def _corrected(record: Record, fields: dict[str, Any], note: Optional[str]) -> Record:
    values = record.model_dump()
    values.update(fields)
    if "levels" not in fields:
        for name, role in LEVEL_FIELDS.items():
            if name in fields:
                for level in values["levels"]:
                    if level["role"] == role:
                        level["text"] = fields[name]
                        break
    notes = [n for n in (record.correction_note, note) if n]
    if "area" in fields and "canonical_area" not in fields:
        from rencana.core.areas import canonical_area

        values["canonical_area"] = canonical_area(fields["area"]) if fields["area"] else None
    values["months"] = sorted(set(values["months"]))
    values["corrected"] = True
    values["correction_note"] = "; ".join(dict.fromkeys(notes)) or None
    return Record.model_validate(values)  # recomputes the target's and budget's numbers


def describe(correction: Correction) -> str:
    """The correction in a few words, for the ingest summary and failures.json."""
    match = correction.match or correction.after
    fields = match.model_dump(exclude_unset=True) if match else (correction.add or {})
    shown = ", ".join(
        f"{k}={v!r}" for k, v in fields.items() if k in LEVEL_FIELDS or k == "area_number"
    )
    return f"{correction.action} {shown}".strip()
