"""The SQLite file that holds the saved work, opened with a short connection per call.

Streamlit runs each page script in its own thread and a county server may run several
processes on one data directory, so no connection is kept: each call opens one, with WAL
journaling and a busy timeout, and writes that must not interleave take ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.store.private import create_private

FILE_NAME = "workspaces.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS workspace (
    id INTEGER PRIMARY KEY,
    agency TEXT NOT NULL,
    year INTEGER NOT NULL,
    level TEXT,
    is_people_government INTEGER NOT NULL DEFAULT 0,
    figures TEXT NOT NULL DEFAULT '{}',
    figures_version INTEGER NOT NULL DEFAULT 0,
    last_year_source TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (agency, year)
);
CREATE TABLE IF NOT EXISTS part_version (
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    part TEXT NOT NULL,
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (workspace_id, part, version)
);
CREATE TABLE IF NOT EXISTS message (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    saved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS region (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    folder TEXT,
    workspaces INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS member (
    region_id INTEGER NOT NULL REFERENCES region(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    PRIMARY KEY (region_id, position)
);
CREATE TABLE IF NOT EXISTS turn (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    prompt TEXT NOT NULL,
    asked_in INTEGER NOT NULL,
    status TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '',
    before TEXT NOT NULL DEFAULT '{}',
    problem TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS user (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    agency TEXT,
    region TEXT,
    identity TEXT UNIQUE,
    password_hash TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    failed_at TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS comment (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    place TEXT,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
"""

# Columns added after the first release: a data directory saved by an older version gains
# them on first open, with the default the older version implied.
_ADDED_COLUMNS: dict[str, dict[str, str]] = {
    "workspace": {
        "format": "TEXT NOT NULL DEFAULT '2021'",
        "tables_read": "INTEGER NOT NULL DEFAULT 1",
        "published": "TEXT",
        "table_notes": "TEXT NOT NULL DEFAULT '{}'",
        "not_printed": "TEXT NOT NULL DEFAULT '[]'",
        "signatory": "TEXT NOT NULL DEFAULT ''",
    },
}


def now() -> str:
    """A UTC timestamp with microseconds: it orders saves; people read ``local_minute``."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def local_minute(stamp: str) -> str:
    """A stored timestamp as people read it: the server's local time to the minute."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M") if stamp else ""


class Saved:
    """Something saved at a time: ``saved_at`` orders the saves, ``saved_label`` is what
    people read (the history of a place, the comments)."""

    saved_at: str

    @property
    def saved_label(self) -> str:
        """When it was saved: the server's local time to the minute."""
        return local_minute(self.saved_at)


class Database:
    """One SQLite file of saved work, its schema created (and brought up to date) on open."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        create_private(self.path)  # the -wal and -shm files SQLite adds take the file's mode
        with self.connect() as db:
            db.executescript(_SCHEMA)
            for table, columns in _ADDED_COLUMNS.items():
                present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                for name, declaration in columns.items():
                    if name not in present:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Database:
        return cls(Path(data_dir) / FILE_NAME)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            yield db
        finally:
            db.close()

    def rows(self, query: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Every row one query returns, read on a connection of its own."""
        with self.connect() as db:
            return db.execute(query, parameters).fetchall()

    def row(self, query: str, parameters: Sequence[object] = ()) -> tuple[Any, ...] | None:
        """The first row one query returns, or None."""
        with self.connect() as db:
            row: tuple[Any, ...] | None = db.execute(query, parameters).fetchone()
        return row

    def write(self, statement: str, parameters: Sequence[object] = ()) -> int:
        """One statement that stands alone (no read decides it); after an INSERT, the new row's id."""
        with self.connect() as db:
            return int(db.execute(statement, parameters).lastrowid or 0)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write that reads first (a version check): taken whole or not at all."""
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
