"""Load one plan (issuer + plan year) from the corpus store for ``rencana compare --db``.

Kept small and apart from the comparison: it reads the stored decree document, or else the
``records`` table, whose rows are the flat Record columns (lists as JSON arrays, or joined with
"," by older stores) plus ``decree_id``, ``issuer`` and ``plan_year``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from rencana.compare.plans import Plan, plan_from_dict
from rencana.errors import BadInput
from rencana.messages import t


def _split_ints(value: Any) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, (int, float)):
        return [int(value)]
    if isinstance(value, list):
        return [int(v) for v in value if isinstance(v, int)]
    if str(value).startswith("["):
        return [int(v) for v in json.loads(value) if isinstance(v, int)]
    return [
        int(part)
        for part in str(value).replace(";", ",").split(",")
        if part.strip().lstrip("-").isdigit()
    ]


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def load_plan_from_db(db: str | Path, issuer: str, plan_year: int) -> Plan:
    """The one decree of ``issuer`` (case-insensitive) for ``plan_year``.

    Reads the stored decree document when the ``decrees`` table keeps it, else the flat
    ``records`` rows (joined to ``decrees`` for issuer and plan year when they lack them).
    """
    path = Path(db)
    if not path.is_file():
        raise BadInput(t("err.no_db"))
    label = f"{issuer} {plan_year}"
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            connection.row_factory = sqlite3.Row
            decree_columns = _columns(connection, "decrees")
            if {"decree_id", "issuer", "plan_year", "document"} <= decree_columns:
                rows = connection.execute(
                    "SELECT decree_id, document FROM decrees WHERE lower(issuer) = lower(?) AND plan_year = ?",
                    (issuer, plan_year),
                ).fetchall()
                _one_decree(rows, issuer, plan_year, connection)
                return plan_from_dict(
                    json.loads(rows[0]["document"]),
                    label,
                    source=f"{path.name}#{rows[0]['decree_id']}",
                )
            if {"issuer", "plan_year"} <= _columns(connection, "records"):
                query = "SELECT * FROM records WHERE lower(issuer) = lower(?) AND plan_year = ? ORDER BY rowid"
            else:
                query = (
                    "SELECT r.* FROM records r JOIN decrees d USING (decree_id) "
                    "WHERE lower(d.issuer) = lower(?) AND d.plan_year = ? ORDER BY r.rowid"
                )
            rows = connection.execute(query, (issuer, plan_year)).fetchall()
            _one_decree(rows, issuer, plan_year, connection)
    except (sqlite3.DatabaseError, json.JSONDecodeError) as exc:
        raise BadInput(t("err.not_a_store", error=exc)) from exc
    from rencana.corpus.export import JSON_TYPES, RECORD_TYPES

    records = []
    for row in rows:
        record = {
            key: json.loads(value)
            if RECORD_TYPES.get(key) in JSON_TYPES and isinstance(value, str) and value[:1] in "[{"
            else value
            for key, value in dict(row).items()
        }
        record["months"] = _split_ints(record.get("months"))
        record["quarters"] = _split_ints(record.get("quarters"))
        records.append(record)
    return plan_from_dict(
        {"metadata": {"issuer": issuer, "plan_year": plan_year}, "records": records},
        label,
        source=f"{path.name}#{rows[0]['decree_id']}",
    )


def available(connection: sqlite3.Connection) -> str:
    """The issuers in a store with their plan years: "KPU Demak (2022, 2023); KPU Jepara (2022)"."""
    years: dict[str, list[str]] = {}
    table = "decrees" if "plan_year" in _columns(connection, "decrees") else "records"
    for issuer, year in connection.execute(
        f"SELECT DISTINCT issuer, plan_year FROM {table} ORDER BY issuer, plan_year"
    ):
        years.setdefault(issuer or "?", []).append(str(year) if year is not None else "?")
    return "; ".join(f"{name} ({', '.join(ys)})" for name, ys in years.items()) or t(
        "err.store_empty"
    )


def _one_decree(
    rows: list[sqlite3.Row], issuer: str, plan_year: int, connection: sqlite3.Connection
) -> None:
    if not rows:
        raise BadInput(
            t("err.no_decree", issuer=issuer, year=plan_year, known=available(connection))
        )
    decrees = sorted({str(row["decree_id"]) for row in rows})
    if len(decrees) > 1:
        raise BadInput(
            t(
                "err.many_decrees",
                count=len(decrees),
                issuer=issuer,
                year=plan_year,
                ids=", ".join(decrees),
            )
        )
