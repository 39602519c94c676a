"""plans.sqlite: the source of truth for incremental ingest; flat outputs are regenerated from it.

Tables: ``decrees`` (one row per distinct PDF content, keyed by its sha256), ``records`` (with
their decree's fields; lists as JSON arrays), ``record_months`` (one row per planned month of a
record), ``warnings`` (the decree's own), ``legal_bases``, ``dictums`` (children of a decree,
deleted with it), ``records_fts`` (full-text index of activity, indicator and area, kept by
triggers), ``failures`` (one row per
file path that could not be extracted), ``files`` (every good file path with its size, mtime
and hash, so an unchanged file is skipped without re-hashing) and ``meta``.

Each decree or failure is stored in one transaction, so an interrupted run leaves only whole
decrees behind and the next run resumes where it stopped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional

from rencana.contract.models import DecreeDocument
from rencana.corpus.export import (
    DECREE_COLUMNS,
    DECREE_TYPES,
    FLAT_RECORD_COLUMNS,
    RECORD_TYPES,
    SQL_TYPES,
    corpus_records,
    decree_row,
    from_json_cells,
    json_cells,
)

# 2: records carry their decree's fields and JSON lists; record_months, warnings, records_fts.
# 3: records say whether a correction changed them; ``extracted`` keeps corrected decrees as read.
# 4: decrees and records carry the quality verdict (needs_review).
STORE_VERSION = "4"
BUSY_SECONDS = 10.0


@dataclass(frozen=True)
class FileStat:
    path: str  # absolute
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStat:
        stat = path.stat()
        return cls(str(path), stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class Known:
    """What the store remembers about one file path."""

    size: int
    mtime_ns: int
    sha256: Optional[str]
    decree_id: Optional[str]  # None for a failed file
    reason: Optional[str] = None


def _columns(types: dict[str, str], skip: AbstractSet[str] = frozenset()) -> str:
    return ",\n  ".join(f"{name} {SQL_TYPES[t]}" for name, t in types.items() if name not in skip)


def schema_sql() -> str:
    decree_cols = _columns(DECREE_TYPES, {"decree_id", "name"})
    record_cols = _columns(RECORD_TYPES, {"decree_id", "record_index"})
    return f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS decrees (
  decree_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  {decree_cols},
  source_path TEXT NOT NULL,
  document TEXT NOT NULL,
  extracted_at TEXT NOT NULL,
  seconds REAL
);
CREATE TABLE IF NOT EXISTS records (
  decree_id TEXT NOT NULL REFERENCES decrees(decree_id) ON DELETE CASCADE,
  record_index INTEGER NOT NULL,
  {record_cols},
  PRIMARY KEY (decree_id, record_index)
);
-- One row per planned month, so a month can be joined, counted and faceted without JSON.
CREATE TABLE IF NOT EXISTS record_months (
  decree_id TEXT NOT NULL,
  record_index INTEGER NOT NULL,
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  PRIMARY KEY (decree_id, record_index, month),
  FOREIGN KEY (decree_id, record_index) REFERENCES records(decree_id, record_index)
    ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS warnings (
  decree_id TEXT NOT NULL REFERENCES decrees(decree_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL, message TEXT NOT NULL, page INTEGER,
  PRIMARY KEY (decree_id, position)
);
CREATE TABLE IF NOT EXISTS legal_bases (
  decree_id TEXT NOT NULL REFERENCES decrees(decree_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL, form TEXT, number TEXT, year INTEGER, subject TEXT,
  PRIMARY KEY (decree_id, position)
);
CREATE TABLE IF NOT EXISTS dictums (
  decree_id TEXT NOT NULL REFERENCES decrees(decree_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  label TEXT NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (decree_id, position)
);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL,
  decree_id TEXT NOT NULL REFERENCES decrees(decree_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS failures (
  path TEXT PRIMARY KEY,
  file TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, sha256 TEXT,
  kind TEXT NOT NULL, reason TEXT NOT NULL, failed_at TEXT NOT NULL
);
-- A corrected decree as it was extracted (``decrees.document`` and the rows hold it corrected),
-- and the fingerprint of the corrections applied, so they are applied again only when they change.
CREATE TABLE IF NOT EXISTS extracted (
  decree_id TEXT PRIMARY KEY REFERENCES decrees(decree_id) ON DELETE CASCADE,
  document TEXT NOT NULL,
  corrections TEXT NOT NULL
);
-- Paths stored by an older version of the pipeline, still to be extracted again.
CREATE TABLE IF NOT EXISTS stale_paths (path TEXT PRIMARY KEY);
-- Full-text search over the records' own rows (external content), kept current by triggers;
-- a cascade from decrees fires them too.
CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(
  activity, indicator, area, content="records", content_rowid="rowid"
);
CREATE TRIGGER IF NOT EXISTS records_fts_insert AFTER INSERT ON records BEGIN
  INSERT INTO records_fts(rowid, activity, indicator, area)
  VALUES (new.rowid, new.activity, new.indicator, new.area);
END;
CREATE TRIGGER IF NOT EXISTS records_fts_delete AFTER DELETE ON records BEGIN
  INSERT INTO records_fts(records_fts, rowid, activity, indicator, area)
  VALUES ('delete', old.rowid, old.activity, old.indicator, old.area);
END;
CREATE INDEX IF NOT EXISTS records_decree_id ON records(decree_id);
CREATE INDEX IF NOT EXISTS records_area_number ON records(area_number);
CREATE INDEX IF NOT EXISTS records_issuer ON records(issuer);
CREATE INDEX IF NOT EXISTS records_plan_year ON records(plan_year);
CREATE INDEX IF NOT EXISTS record_months_month ON record_months(month);
CREATE INDEX IF NOT EXISTS decrees_plan_year ON decrees(plan_year);
CREATE INDEX IF NOT EXISTS decrees_issuer ON decrees(issuer);
CREATE INDEX IF NOT EXISTS legal_bases_decree_id ON legal_bases(decree_id);
CREATE INDEX IF NOT EXISTS dictums_decree_id ON dictums(decree_id);
CREATE INDEX IF NOT EXISTS files_decree_id ON files(decree_id);
"""


EXTRACTOR_KEY = "extractor_fingerprint"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every change below opens its own explicit transaction. Another
        # program (Datasette, a sqlite3 shell) may hold a lock for a while: wait BUSY_SECONDS.
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_SECONDS)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA synchronous = NORMAL")
        version = self._meta_get_raw("store_version")
        if version is not None and version.isdigit() and int(version) < int(STORE_VERSION):
            self._drop_all()  # an older layout: its files are extracted again into the new one
        elif version not in (None, STORE_VERSION):
            raise RuntimeError(
                f"{self.path} was written by another store version ({version}); use a new --out"
            )
        self.db.executescript(schema_sql())
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('store_version', ?)", (STORE_VERSION,))
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")

    def close(self) -> None:
        self.db.close()

    def _drop_all(self) -> None:
        self.db.execute("PRAGMA foreign_keys = OFF")
        kinds = "('table', 'view')"
        names = [
            name
            for (name,) in self.db.execute(
                f"SELECT name FROM sqlite_master WHERE type IN {kinds} AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for name in names:
            # An FTS table's shadow tables go with it, so some names are gone when reached.
            self.db.execute(f'DROP TABLE IF EXISTS "{name}"')
        self.db.execute("PRAGMA foreign_keys = ON")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- meta ---------------------------------------------------------------------------------
    def _meta_get_raw(self, key: str) -> Optional[str]:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # a new database: no meta table yet
            return None
        return row[0] if row else None

    def meta(self, key: str) -> Optional[str]:
        return self._meta_get_raw(key)

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        """Bumped by every change, so exports can tell whether they are stale."""
        return int(self.meta("generation") or 0)

    def _bump(self) -> None:
        self.db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
        )

    # -- reading ------------------------------------------------------------------------------
    def known_files(self) -> dict[str, Known]:
        known = {
            path: Known(size, mtime, sha, decree_id)
            for path, size, mtime, sha, decree_id in self.db.execute(
                "SELECT path, size, mtime_ns, sha256, decree_id FROM files"
            )
        }
        for path, size, mtime, sha, reason in self.db.execute(
            "SELECT path, size, mtime_ns, sha256, reason FROM failures"
        ):
            known[path] = Known(
                size if size is not None else -1,
                mtime if mtime is not None else -1,
                sha,
                None,
                reason,
            )
        return known

    def decree_names(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT name, decree_id FROM decrees"))

    def has_decree(self, decree_id: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM decrees WHERE decree_id = ?", (decree_id,)).fetchone()
            is not None
        )

    def references(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT decree_id, COUNT(*) FROM files GROUP BY decree_id"))

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "decrees": one("SELECT COUNT(*) FROM decrees"),
            "records": one("SELECT COUNT(*) FROM records"),
            "warnings": one("SELECT COALESCE(SUM(warning_count), 0) FROM decrees"),
            "needs_review": one("SELECT COUNT(*) FROM decrees WHERE needs_review"),
            "failures": one("SELECT COUNT(*) FROM failures"),
        }

    def documents(self) -> Iterator[tuple[str, str]]:
        """(name, decree JSON text) for every decree."""
        yield from self.db.execute("SELECT name, document FROM decrees ORDER BY name")

    def document(self, name: str) -> str:
        return self.db.execute("SELECT document FROM decrees WHERE name = ?", (name,)).fetchone()[0]

    def decree_rows(self) -> list[dict[str, Any]]:
        cursor = self.db.execute(f"SELECT {', '.join(DECREE_COLUMNS)} FROM decrees ORDER BY name")
        return [from_json_cells(dict(zip(DECREE_COLUMNS, row)), DECREE_TYPES) for row in cursor]

    def record_rows(self) -> list[dict[str, Any]]:
        """Corpus records (JSON values), in decree-name then record order."""
        cursor = self.db.execute(
            f"SELECT {', '.join(FLAT_RECORD_COLUMNS)} FROM records "
            "ORDER BY decree_name, record_index"
        )
        return [
            from_json_cells(dict(zip(FLAT_RECORD_COLUMNS, row)), RECORD_TYPES) for row in cursor
        ]

    def warning_rows(self) -> list[dict[str, Any]]:
        """The decrees' own warnings, by decree name and position."""
        cursor = self.db.execute(
            "SELECT d.name, w.page, w.code, w.message FROM warnings w "
            "JOIN decrees d USING (decree_id) ORDER BY d.name, w.position"
        )
        return [dict(zip(("decree_name", "page", "code", "message"), row)) for row in cursor]

    def failure_rows(self) -> list[dict[str, Any]]:
        cursor = self.db.execute(
            "SELECT path, file, sha256, kind, reason, failed_at FROM failures ORDER BY path"
        )
        return [
            dict(zip(("path", "file", "sha256", "kind", "reason", "failed_at"), row))
            for row in cursor
        ]

    # -- writing: one transaction each --------------------------------------------------------
    def _transaction(self):
        store = self

        class _Tx:
            def __enter__(self):
                store.db.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, *rest):
                if exc_type is None:
                    store._bump()
                    store.db.execute("COMMIT")
                elif store.db.in_transaction:  # SQLite rolls back by itself on a full disk
                    store.db.execute("ROLLBACK")

        return _Tx()

    def _forget_path(self, path: str) -> None:
        """Drop what a path held before; a decree no other path holds goes with it."""
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))
        self.db.execute("DELETE FROM failures WHERE path = ?", (path,))
        self.db.execute("DELETE FROM stale_paths WHERE path = ?", (path,))
        self._drop_orphans()

    def _drop_orphans(self) -> None:
        self.db.execute("DELETE FROM decrees WHERE decree_id NOT IN (SELECT decree_id FROM files)")

    def put_decree(
        self,
        doc: DecreeDocument,
        document_text: str,
        name: str,
        files: list[FileStat],
        seconds: float = 0.0,
    ) -> str:
        """Store one extracted decree for ``files`` (paths with this content); returns its name."""
        decree_id = doc.source.sha256
        with self._transaction():
            for stat in files:
                self._forget_path(stat.path)
            owner = self.db.execute(
                "SELECT decree_id FROM decrees WHERE name = ?", (name,)
            ).fetchone()
            if (
                owner and owner[0] != decree_id
            ):  # the planner avoids this; never overwrite another decree
                name = f"{name}-{decree_id[:8]}"
            self.db.execute("DELETE FROM extracted WHERE decree_id = ?", (decree_id,))
            extraction = {
                "source_path": files[0].path,
                "extracted_at": now_iso(),
                "seconds": seconds,
            }
            self._put_rows(doc, document_text, name, extraction)
            self.db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                [(s.path, s.size, s.mtime_ns, decree_id, decree_id) for s in files],
            )
        return name

    def _put_rows(
        self, doc: DecreeDocument, document_text: str, name: str, extraction: dict[str, Any]
    ) -> None:
        """The decree's row (with ``extraction``'s columns: source_path, extracted_at, seconds,
        or none to keep them) and its children from ``doc``, inside a transaction."""
        decree_id = doc.source.sha256
        # Children are replaced; the decree row is upserted (not deleted) so that other paths
        # holding the same content keep their rows.
        for table in ("records", "warnings", "legal_bases", "dictums"):
            self.db.execute(f"DELETE FROM {table} WHERE decree_id = ?", (decree_id,))
        row = json_cells(decree_row(doc, name), DECREE_TYPES)
        row.update(document=document_text, **extraction)
        if extraction:
            self._upsert_decree(row)
        else:  # a stored decree, corrected: its extraction columns stay
            columns = [c for c in row if c != "decree_id"]
            self.db.execute(
                f"UPDATE decrees SET {', '.join(f'{c} = ?' for c in columns)} WHERE decree_id = ?",
                [row[c] for c in columns] + [decree_id],
            )
        records = corpus_records(doc, name)
        self.db.executemany(
            f"INSERT INTO records ({', '.join(FLAT_RECORD_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(FLAT_RECORD_COLUMNS))})",
            [tuple(json_cells(r, RECORD_TYPES).values()) for r in records],
        )
        self.db.executemany(
            "INSERT INTO record_months VALUES (?, ?, ?)",
            [(decree_id, r["record_index"], m) for r in records for m in sorted(set(r["months"]))],
        )
        self.db.executemany(
            "INSERT INTO warnings VALUES (?, ?, ?, ?, ?)",
            [(decree_id, i, w.code, w.message, w.page) for i, w in enumerate(doc.warnings)],
        )
        self.db.executemany(
            "INSERT INTO legal_bases VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (decree_id, i, b.text, b.form, b.number, b.year, b.subject)
                for i, b in enumerate(doc.metadata.legal_bases)
            ],
        )
        self.db.executemany(
            "INSERT INTO dictums VALUES (?, ?, ?, ?)",
            [(decree_id, i, d.label, d.text) for i, d in enumerate(doc.metadata.dictums)],
        )

    def _upsert_decree(self, row: dict[str, Any]) -> None:
        # Upserted, not replaced: other paths holding the same content keep their rows.
        columns = list(row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "decree_id")
        self.db.execute(
            f"INSERT INTO decrees ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(decree_id) DO UPDATE SET {updates}",
            list(row.values()),
        )

    # -- corrections ----------------------------------------------------------------------------
    def applied_corrections(self) -> dict[str, tuple[str, Optional[str]]]:
        """decree_id -> (name, fingerprint of the corrections applied to it, or None)."""
        rows = self.db.execute(
            "SELECT d.decree_id, d.name, e.corrections FROM decrees d "
            "LEFT JOIN extracted e USING (decree_id)"
        )
        return {decree_id: (name, applied) for decree_id, name, applied in rows}

    def extracted_document(self, decree_id: str) -> str:
        """The decree's document as extracted, before any correction."""
        return self.db.execute(
            "SELECT COALESCE(e.document, d.document) FROM decrees d "
            "LEFT JOIN extracted e USING (decree_id) WHERE d.decree_id = ?",
            (decree_id,),
        ).fetchone()[0]

    def put_corrected(
        self,
        doc: DecreeDocument,
        document_text: str,
        name: str,
        extracted_text: str,
        corrections: Optional[str],
    ) -> None:
        """Store ``doc``, the extracted document with corrections applied (``corrections`` is
        their fingerprint; None when there are none left and ``doc`` is as extracted)."""
        decree_id = doc.source.sha256
        with self._transaction():
            self._put_rows(doc, document_text, name, {})
            if corrections is None:
                self.db.execute("DELETE FROM extracted WHERE decree_id = ?", (decree_id,))
            else:
                self.db.execute(
                    "INSERT OR REPLACE INTO extracted VALUES (?, ?, ?)",
                    (decree_id, extracted_text, corrections),
                )

    def note_corrections(self, fingerprint: str) -> None:
        """Remember the whole corrections file; a change makes the next export run, since its
        failures.json lists the corrections that found no record."""
        if self.meta("corrections") != fingerprint:
            with self._transaction():
                self.set_meta("corrections", fingerprint)

    def link_file(self, stat: FileStat, decree_id: str) -> None:
        """A path whose content is already stored (a copy, or a file that was only touched)."""
        with self._transaction():
            self.db.execute("DELETE FROM failures WHERE path = ?", (stat.path,))
            self.db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                (stat.path, stat.size, stat.mtime_ns, decree_id, decree_id),
            )
            self._drop_orphans()

    def put_failure(self, stat: FileStat, sha256: Optional[str], kind: str, reason: str) -> None:
        with self._transaction():
            self._forget_path(stat.path)
            self.db.execute(
                "INSERT INTO failures VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    stat.path,
                    Path(stat.path).name,
                    stat.size,
                    stat.mtime_ns,
                    sha256,
                    kind,
                    reason,
                    now_iso(),
                ),
            )

    def touch_failure(self, stat: FileStat) -> None:
        """The failed file's bytes are unchanged but its mtime moved: remember the new stat."""
        with self._transaction():
            self.db.execute(
                "UPDATE failures SET size = ?, mtime_ns = ? WHERE path = ?",
                (stat.size, stat.mtime_ns, stat.path),
            )

    def stale_paths(self, extractor: str) -> set[str]:
        """Paths whose stored result came from another pipeline version than ``extractor``.

        When the version changes, every stored path is marked at once (and the new version
        recorded), so an interrupted re-extraction resumes where it stopped.
        """
        if self.meta(EXTRACTOR_KEY) != extractor:
            with self._transaction():
                self.db.execute(
                    "INSERT OR IGNORE INTO stale_paths SELECT path FROM files "
                    "UNION SELECT path FROM failures"
                )
                self.set_meta(EXTRACTOR_KEY, extractor)
        return {row[0] for row in self.db.execute("SELECT path FROM stale_paths")}

    def forget(self, paths: list[str]) -> int:
        """--prune: drop files that are gone, and decrees no remaining file holds."""
        if not paths:
            return 0
        before = self.counts()["decrees"]
        with self._transaction():
            for path in paths:
                self._forget_path(path)
        return before - self.counts()["decrees"]


def document_of(text: str) -> DecreeDocument:
    return DecreeDocument.model_validate(json.loads(text))
