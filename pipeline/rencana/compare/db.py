"""Load one plan (issuer + plan year) from the corpus store for ``rencana compare --db``.

Kept small and apart from the comparison: it only knows the ``records`` table, whose rows are
the flat Record columns (lists joined with ",", see ``export.flat_record``) plus ``decree_id``,
``issuer`` and ``plan_year``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from rencana.compare.plans import Plan, plan_from_dict
from rencana.errors import BadInput


def _split_ints(value: Any) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, (int, float)):
        return [int(value)]
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
        raise BadInput("no such database")
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
                _one_decree(rows, issuer, plan_year)
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
    except (sqlite3.DatabaseError, json.JSONDecodeError) as exc:
        raise BadInput(f"not a plan store ({exc})") from exc
    _one_decree(rows, issuer, plan_year)
    records = []
    for row in rows:
        record = dict(row)
        record["months"] = _split_ints(record.get("months"))
        record["quarters"] = _split_ints(record.get("quarters"))
        records.append(record)
    return plan_from_dict(
        {"metadata": {"issuer": issuer, "plan_year": plan_year}, "records": records},
        label,
        source=f"{path.name}#{rows[0]['decree_id']}",
    )


def _one_decree(rows: list[sqlite3.Row], issuer: str, plan_year: int) -> None:
    if not rows:
        raise BadInput(f"no decree of {issuer!r} for {plan_year}")
    decrees = sorted({str(row["decree_id"]) for row in rows})
    if len(decrees) > 1:
        raise BadInput(
            f"{len(decrees)} decrees of {issuer!r} for {plan_year} ({', '.join(decrees)}); "
            "compare their files instead"
        )
