"""Workspaces: one per (agency, year), holding what a staff member builds up over days —
the year's figures, the notes on the year's work and which file is last year's report.

The texts of the narrative places live beside them (:mod:`assistant.store.parts`); a
``Workspace`` is a snapshot of both, as last saved.  Figures are guarded like the texts:
a save names the figures version the editor loaded, and a later save by someone else
makes it fail with :class:`assistant.errors.StaleEdit` instead of overwriting.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from assistant.domain.layout import ReportFormat
from assistant.domain.report import Agency, AgencyLevel, Narrative, Part, Place, Report
from assistant.domain.totals import stated_and_derived
from assistant.errors import GongkaiError, StaleEdit
from assistant.store.database import Database, now
from assistant.store.parts import PartVersion, PartVersions

# On the command line "@清溪镇人民政府/2024" names a saved workspace instead of a file.
WORKSPACE_MARK = "@"


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
    format: ReportFormat = ReportFormat.F2021
    tables_read: bool = True
    """False once a report whose tables cannot be read (before 2019) was imported."""
    published: date | None = None
    table_notes: dict[Part, str] = field(default_factory=dict)
    """The text under tables 二–四 an imported report carries (printed there on export)."""
    not_printed: list[str] = field(default_factory=list)
    """Cells of rows an imported report leaves out of its table 2 (unknown, never 0)."""
    signatory: str = ""
    """The agency named in the 落款 when the user typed one other than ``agency``."""

    def text(self, part: str) -> str:
        return self.parts[part].text if part in self.parts else ""

    def version(self, part: str) -> int:
        return self.parts[part].version if part in self.parts else 0

    def narrative(self) -> Narrative:
        """The saved texts as the report's narrative."""
        texts = {place: self.text(place) for place in Place}
        return Narrative(table_notes=dict(self.table_notes)).with_texts(texts)

    def as_report(self) -> Report:
        """The workspace as a report: agency, year, saved figures with the totals they leave out
        derived (totals an imported document states are kept as stated), narrative."""
        level = AgencyLevel(self.level) if self.level else None
        return Report(
            agency=Agency(name=self.agency, level=level, is_people_government=self.is_people_government),
            year=self.year,
            published=self.published,
            format=self.format,
            tables_read=self.tables_read,
            not_printed=list(self.not_printed),
            title=f"{self.agency}{self.year}年政府信息公开工作年度报告",
            figures=stated_and_derived(self.figures, self.format) if self.figures else {},
            narrative=self.narrative(),
            signatory=self.signatory,
            source=f"{WORKSPACE_MARK}{self.agency}/{self.year}",
        )

    @property
    def label(self) -> str:
        return f"{self.agency} · {self.year}年"


_COLUMNS = (
    "id, agency, year, level, is_people_government, figures, figures_version,"
    " last_year_source, updated_at, notes, format, tables_read, published, table_notes, not_printed,"
    " signatory"
)


class Workspaces:
    """All workspaces of one database."""

    def __init__(self, database: Database, parts: PartVersions) -> None:
        self.database = database
        self.parts = parts

    def open(
        self, agency: str, year: int, *, level: str | None = None, is_people_government: bool = False
    ) -> Workspace:
        """The workspace of ``agency`` for ``year``, created empty the first time."""
        agency = agency.strip()
        if not agency:
            raise GongkaiError("请填写机关名称。")
        if not 1990 <= int(year) <= 2100:
            raise GongkaiError(f"年度“{year}”不正确，请填写四位年份，例如 2024。")
        with self.database.connect() as db:
            stamp = now()
            db.execute(
                "INSERT OR IGNORE INTO workspace (agency, year, level, is_people_government,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (agency, int(year), level, int(is_people_government), stamp, stamp),
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

    def get(self, workspace_id: int) -> Workspace:
        row = self.database.row(f"SELECT {_COLUMNS} FROM workspace WHERE id = ?", (workspace_id,))
        if row is None:
            raise GongkaiError(f"找不到编号为 {workspace_id} 的工作区，可能已被删除。")
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
            parts=self.parts.latest(workspace_id),
            notes=row[9],
            format=ReportFormat(row[10]),
            tables_read=bool(row[11]),
            published=date.fromisoformat(row[12]) if row[12] else None,
            table_notes={Part(part): text for part, text in json.loads(row[13]).items()},
            not_printed=json.loads(row[14]),
            signatory=row[15],
        )

    def all(self) -> list[Workspace]:
        """Every workspace, most recently changed first."""
        ids = self.database.rows("SELECT id FROM workspace ORDER BY updated_at DESC, id DESC")
        return [self.get(i) for (i,) in ids]

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
        self.database.write("DELETE FROM workspace WHERE id = ?", (workspace_id,))

    def _update(self, workspace_id: int, **columns: object) -> None:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self.database.write(
            f"UPDATE workspace SET {assignments}, updated_at = ? WHERE id = ?",
            (*columns.values(), now(), workspace_id),
        )

    def state_people_government(self, workspace_id: int, is_people_government: bool) -> Workspace:
        """Record whether the agency is a 人民政府 as the user states it, overriding the guess
        from its name (平潭综合实验区 reports as one without the words in its name); the
        drafter and W7 then ask for 工作考核、社会评议和责任追究 accordingly."""
        self._update(workspace_id, is_people_government=int(is_people_government))
        return self.get(workspace_id)

    def set_last_year(self, workspace_id: int, source: str | None) -> None:
        """Remember which file (path) is last year's report for comparisons and checks."""
        self._update(workspace_id, last_year_source=source)

    def set_notes(self, workspace_id: int, notes: str) -> None:
        """The staff member's notes on the year's work ("今年新开了抖音号"), used when drafting."""
        self._update(workspace_id, notes=notes)

    def set_signature(self, workspace_id: int, signatory: str, published: date | None) -> None:
        """The 落款: the agency it names (empty: the workspace's agency) and the 成文日期."""
        self._update(
            workspace_id, signatory=signatory.strip(), published=published.isoformat() if published else None
        )

    def adopt_details(self, workspace_id: int, report: Report) -> None:
        """What an imported report says beside its figures and narrative: its date, the
        notes under its tables, and whether its tables could be read at all."""
        workspace = self.get(workspace_id)
        published = report.published or workspace.published
        notes = {**workspace.table_notes, **report.narrative.table_notes}
        self._update(
            workspace_id,
            published=published.isoformat() if published else None,
            table_notes=json.dumps(notes, ensure_ascii=False),
            tables_read=int(report.tables_read or bool(workspace.figures)),
            not_printed=json.dumps(report.not_printed if not workspace.figures else workspace.not_printed),
        )

    def save_figures(
        self,
        workspace_id: int,
        figures: Mapping[str, int | float],
        *,
        base_version: int,
        format: ReportFormat | None = None,
    ) -> int:
        """Replace the figures (and, when given, the format they are in); ``base_version`` is
        the figures version the editor loaded."""
        with self.database.transaction() as db:
            (current, stored_format) = db.execute(
                "SELECT figures_version, format FROM workspace WHERE id = ?", (workspace_id,)
            ).fetchone()
            if current != base_version:
                raise StaleEdit(
                    f"数据已被他人修改（您打开的是第 {base_version} 版，现在是第 {current} 版），"
                    "为避免覆盖，本次保存未生效。请刷新后重新录入您的修改。"
                )
            (not_printed,) = db.execute(
                "SELECT not_printed FROM workspace WHERE id = ?", (workspace_id,)
            ).fetchone()
            # A row the imported report left out is printed once someone enters its figures.
            still_unprinted = [key for key in json.loads(not_printed) if key not in figures]
            db.execute(
                "UPDATE workspace SET figures = ?, figures_version = ?, format = ?, not_printed = ?,"
                " updated_at = ? WHERE id = ?",
                (
                    json.dumps(dict(figures), ensure_ascii=False),
                    current + 1,
                    (format or ReportFormat(stored_format)).value,
                    json.dumps(still_unprinted),
                    now(),
                    workspace_id,
                ),
            )
        return int(current) + 1
