"""Saved work: one workspace per (agency, year) in SQLite under the data directory.

A workspace holds what a staff member builds up over days: the year's figures, the text
of each narrative part with every saved version, the chat, and which file is last year's
report.  It survives a browser reload and a server restart because nothing lives only in
the Streamlit session.

Two people (or two browser tabs) may edit the same part.  Every save names the version
the editor started from; if someone saved in between, :class:`StaleEdit` is raised and
nothing is overwritten.  Figures are guarded the same way.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.domain.layout import ReportFormat
from assistant.domain.report import SUBPART_TITLES, Agency, AgencyLevel, Narrative, Part, Report, SubPart
from assistant.domain.totals import complete
from assistant.errors import GongkaiError
from assistant.store.private import create_private

FILE_NAME = "workspaces.sqlite3"
# On the command line "@清溪镇人民政府/2024" names a saved workspace instead of a file.
WORKSPACE_MARK = "@"

# The narrative places a staff member edits, in the order the report prints them.
EDITABLE_PARTS: tuple[str, ...] = (
    Part.PREAMBLE.value,
    Part.OVERVIEW.value,
    *(sub.value for sub in SubPart),
    Part.PROBLEMS.value,
    Part.OTHER_MATTERS.value,
)

PART_NAMES: dict[str, str] = {
    Part.PREAMBLE.value: "序言",
    Part.OVERVIEW.value: "一、总体情况（导语）",
    **{sub.value: f"{sub.value}{title}" for sub, title in SUBPART_TITLES.items()},
    Part.PROBLEMS.value: "五、存在的主要问题及改进情况",
    Part.OTHER_MATTERS.value: "六、其他需要报告的事项",
}

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
"""


class StaleEdit(GongkaiError):
    """Someone saved the same part (or the figures) after this editor opened it."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class PartVersion:
    """One saved text of one part; version 0 is the empty part before any save."""

    part: str
    version: int
    text: str
    author: str = ""
    saved_at: str = ""

    @property
    def saved_label(self) -> str:
        """When it was saved, as the history shows it: the server's local time to the minute
        (``saved_at`` is stored in UTC with microseconds, for ordering, not for reading)."""
        if not self.saved_at:
            return ""
        return datetime.fromisoformat(self.saved_at).astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str
    extra: dict[str, object] = field(default_factory=dict)
    saved_at: str = ""


@dataclass(frozen=True)
class Workspace:
    """A snapshot of one agency's report for one year, as last saved."""

    id: int
    agency: str
    year: int
    level: str | None
    is_people_government: bool
    figures: dict[str, int | float]
    figures_version: int
    last_year_source: str | None
    updated_at: str
    parts: dict[str, PartVersion]
    notes: str = ""

    def text(self, part: str) -> str:
        return self.parts[part].text if part in self.parts else ""

    def version(self, part: str) -> int:
        return self.parts[part].version if part in self.parts else 0

    def narrative(self) -> Narrative:
        """The saved texts as the report's narrative."""
        return Narrative(
            preamble=self.text(Part.PREAMBLE.value),
            overview=self.text(Part.OVERVIEW.value),
            subparts={sub: self.text(sub.value) for sub in SubPart if self.text(sub.value)},
            problems=self.text(Part.PROBLEMS.value),
            other_matters=self.text(Part.OTHER_MATTERS.value),
        )

    def as_report(self) -> Report:
        """The workspace as a report: agency, year, saved figures with totals derived, narrative."""
        level = AgencyLevel(self.level) if self.level else None
        return Report(
            agency=Agency(name=self.agency, level=level, is_people_government=self.is_people_government),
            year=self.year,
            format=ReportFormat.F2021,
            title=f"{self.agency}{self.year}年政府信息公开工作年度报告",
            figures=complete(self.figures, ReportFormat.F2021) if self.figures else {},
            narrative=self.narrative(),
            source=f"{WORKSPACE_MARK}{self.agency}/{self.year}",
        )

    @property
    def label(self) -> str:
        return f"{self.agency} · {self.year}年"


class WorkspaceStore:
    """All workspaces of one data directory.  Opens a short connection per call, so
    Streamlit's script threads and several server processes can share the file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        create_private(self.path)  # the -wal and -shm files SQLite adds take the file's mode
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> WorkspaceStore:
        return cls(Path(data_dir) / FILE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            yield db
        finally:
            db.close()

    # --- workspaces -----------------------------------------------------------------

    def open(
        self, agency: str, year: int, *, level: str | None = None, is_people_government: bool = False
    ) -> Workspace:
        """The workspace of ``agency`` for ``year``, created empty the first time."""
        agency = agency.strip()
        if not agency:
            raise GongkaiError("请填写机关名称。")
        if not 1990 <= int(year) <= 2100:
            raise GongkaiError(f"年度“{year}”不正确，请填写四位年份，例如 2024。")
        with self._connect() as db:
            now = _now()
            db.execute(
                "INSERT OR IGNORE INTO workspace (agency, year, level, is_people_government,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (agency, int(year), level, int(is_people_government), now, now),
            )
            if level is not None:
                db.execute(
                    "UPDATE workspace SET level = ?, is_people_government = ? WHERE agency = ? AND year = ?",
                    (level, int(is_people_government), agency, int(year)),
                )
            (workspace_id,) = db.execute(
                "SELECT id FROM workspace WHERE agency = ? AND year = ?", (agency, int(year))
            ).fetchone()
        return self.get(workspace_id)

    def state_people_government(self, workspace_id: int, is_people_government: bool) -> Workspace:
        """Record whether the agency is a 人民政府 as the user states it, overriding the guess
        from its name (平潭综合实验区 reports as one without the words in its name); the
        drafter and W7 then ask for 工作考核、社会评议和责任追究 accordingly."""
        with self._connect() as db:
            db.execute(
                "UPDATE workspace SET is_people_government = ?, updated_at = ? WHERE id = ?",
                (int(is_people_government), _now(), workspace_id),
            )
        return self.get(workspace_id)

    def get(self, workspace_id: int) -> Workspace:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, agency, year, level, is_people_government, figures, figures_version,"
                " last_year_source, updated_at, notes FROM workspace WHERE id = ?",
                (workspace_id,),
            ).fetchone()
            if row is None:
                raise GongkaiError(f"找不到编号为 {workspace_id} 的工作区，可能已被删除。")
            latest = db.execute(
                "SELECT part, version, text, author, saved_at FROM part_version p"
                " WHERE workspace_id = ? AND version = (SELECT MAX(version) FROM part_version"
                " WHERE workspace_id = p.workspace_id AND part = p.part)",
                (workspace_id,),
            ).fetchall()
        return Workspace(
            id=row[0],
            agency=row[1],
            year=row[2],
            level=row[3],
            is_people_government=bool(row[4]),
            figures=json.loads(row[5]),
            figures_version=row[6],
            last_year_source=row[7],
            updated_at=row[8],
            parts={r[0]: PartVersion(*r) for r in latest},
            notes=row[9],
        )

    def all(self) -> list[Workspace]:
        """Every workspace, most recently changed first."""
        with self._connect() as db:
            ids = [r[0] for r in db.execute("SELECT id FROM workspace ORDER BY updated_at DESC, id DESC")]
        return [self.get(i) for i in ids]

    def find(self, reference: str) -> Workspace:
        """The workspace a command line names as "@机关名称/年度" (the year may be left off
        when the agency has one workspace)."""
        agency, _, year = reference.removeprefix(WORKSPACE_MARK).strip().rpartition("/")
        if not agency:
            agency, year = year, ""
        matches = [w for w in self.all() if w.agency == agency.strip() and (not year or str(w.year) == year)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise GongkaiError(
                f"找不到工作区“{reference}”。请写作“@机关名称/年度”，"
                "可用 gongkai workspaces 查看已保存的工作区。"
            )
        years = "、".join(str(w.year) for w in matches)
        raise GongkaiError(
            f"“{agency}”有多个年度的工作区（{years}），请写明年度，例如“@{agency}/{matches[0].year}”。"
        )

    def delete(self, workspace_id: int) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM workspace WHERE id = ?", (workspace_id,))

    def set_last_year(self, workspace_id: int, source: str | None) -> None:
        """Remember which file (path) is last year's report for comparisons and checks."""
        with self._connect() as db:
            db.execute(
                "UPDATE workspace SET last_year_source = ?, updated_at = ? WHERE id = ?",
                (source, _now(), workspace_id),
            )

    def set_notes(self, workspace_id: int, notes: str) -> None:
        """The staff member's notes on the year's work ("今年新开了抖音号"), used when drafting."""
        with self._connect() as db:
            db.execute(
                "UPDATE workspace SET notes = ?, updated_at = ? WHERE id = ?", (notes, _now(), workspace_id)
            )

    # --- figures --------------------------------------------------------------------

    def save_figures(
        self, workspace_id: int, figures: Mapping[str, int | float], *, base_version: int
    ) -> int:
        """Replace the figures; ``base_version`` is the figures version the editor loaded."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            (current,) = db.execute(
                "SELECT figures_version FROM workspace WHERE id = ?", (workspace_id,)
            ).fetchone()
            if current != base_version:
                db.execute("ROLLBACK")
                raise StaleEdit(
                    f"数据已被他人修改（您打开的是第 {base_version} 版，现在是第 {current} 版），"
                    "为避免覆盖，本次保存未生效。请刷新后重新录入您的修改。"
                )
            db.execute(
                "UPDATE workspace SET figures = ?, figures_version = ?, updated_at = ? WHERE id = ?",
                (json.dumps(dict(figures), ensure_ascii=False), current + 1, _now(), workspace_id),
            )
            db.execute("COMMIT")
        return int(current) + 1

    # --- parts ----------------------------------------------------------------------

    def save_part(
        self, workspace_id: int, part: str, text: str, *, base_version: int, author: str = "用户"
    ) -> PartVersion:
        """Save a new version of ``part``; refuses if it is no longer ``base_version``."""
        if part not in EDITABLE_PARTS:
            raise GongkaiError(f"“{part}”不是可编辑的部分。")
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            (current,) = db.execute(
                "SELECT COALESCE(MAX(version), 0) FROM part_version WHERE workspace_id = ? AND part = ?",
                (workspace_id, part),
            ).fetchone()
            if current != base_version:
                db.execute("ROLLBACK")
                raise StaleEdit(
                    f"“{PART_NAMES[part]}”已被他人修改（您编辑的是第 {base_version} 版，"
                    f"现在是第 {current} 版），为避免覆盖，本次保存未生效。"
                    "请先查看最新版本，再合并您的修改。"
                )
            saved = PartVersion(part, current + 1, text, author, _now())
            db.execute(
                "INSERT INTO part_version (workspace_id, part, version, text, author, saved_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (workspace_id, part, saved.version, text, author, saved.saved_at),
            )
            db.execute("UPDATE workspace SET updated_at = ? WHERE id = ?", (saved.saved_at, workspace_id))
            db.execute("COMMIT")
        return saved

    def history(self, workspace_id: int, part: str) -> list[PartVersion]:
        """Every saved version of one part, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT part, version, text, author, saved_at FROM part_version"
                " WHERE workspace_id = ? AND part = ? ORDER BY version DESC",
                (workspace_id, part),
            ).fetchall()
        return [PartVersion(*r) for r in rows]

    # --- chat -----------------------------------------------------------------------

    def add_message(
        self, workspace_id: int, role: str, content: str, extra: Mapping[str, object] | None = None
    ) -> ChatMessage:
        message = ChatMessage(role, content, dict(extra or {}), _now())
        with self._connect() as db:
            db.execute(
                "INSERT INTO message (workspace_id, role, content, extra, saved_at) VALUES (?, ?, ?, ?, ?)",
                (
                    workspace_id,
                    role,
                    content,
                    json.dumps(message.extra, ensure_ascii=False),
                    message.saved_at,
                ),
            )
        return message

    def messages(self, workspace_id: int) -> list[ChatMessage]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT role, content, extra, saved_at FROM message WHERE workspace_id = ? ORDER BY id",
                (workspace_id,),
            ).fetchall()
        return [ChatMessage(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]

    def clear_messages(self, workspace_id: int) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM message WHERE workspace_id = ?", (workspace_id,))
