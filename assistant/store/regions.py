"""Saved regions: a name, its agencies, and where its reports arrive.

A region is saved once (from a list, a folder or the workspaces) and named afterwards as
"@青川县" by ``gongkai review`` and ``gongkai aggregate``.  Where its reports come from is
part of it: a folder the office collects them in, and/or the members' saved workspaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.domain.region import Member, Region
from assistant.domain.report import AgencyLevel
from assistant.errors import GongkaiError
from assistant.store.database import Database, now

REGION_MARK = "@"


@dataclass(frozen=True)
class SavedRegion:
    """A region as saved: its members, the folder its reports arrive in, whether its members'
    workspaces hold reports too."""

    region: Region
    folder: Path | None = None
    workspaces: bool = False
    updated_at: str = ""

    @property
    def name(self) -> str:
        return self.region.name


class Regions:
    """Every saved region of one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def save(self, region: Region, *, folder: Path | None = None, workspaces: bool = False) -> SavedRegion:
        """Save (or replace) a region under its name."""
        name = region.name.strip()
        if not name:
            raise GongkaiError("请填写地区名称，例如 青川县。")
        with self.database.transaction() as db:
            db.execute("DELETE FROM region WHERE name = ?", (name,))
            cursor = db.execute(
                "INSERT INTO region (name, folder, workspaces, updated_at) VALUES (?, ?, ?, ?)",
                (
                    name,
                    str(folder) if folder else None,
                    int(workspaces),
                    now(),
                ),
            )
            db.executemany(
                "INSERT INTO member (region_id, position, name, kind) VALUES (?, ?, ?, ?)",
                [
                    (cursor.lastrowid, position, member.name, member.kind.value if member.kind else None)
                    for position, member in enumerate(region.members)
                ],
            )
        return self.get(name)

    def get(self, name: str) -> SavedRegion:
        """The region saved as ``name`` (a leading "@" is allowed)."""
        name = name.removeprefix(REGION_MARK).strip()
        with self.database.connect() as db:
            row = db.execute(
                "SELECT id, name, folder, workspaces, updated_at FROM region WHERE name = ?", (name,)
            ).fetchone()
            if row is None:
                known = "、".join(r[0] for r in db.execute("SELECT name FROM region ORDER BY name"))
                hint = (
                    f"已保存的地区：{known}。"
                    if known
                    else "还没有保存的地区，请先用 gongkai region add 保存。"
                )
                raise GongkaiError(f"找不到地区“{name}”。{hint}")
            members = db.execute(
                "SELECT name, kind FROM member WHERE region_id = ? ORDER BY position", (row[0],)
            ).fetchall()
        region = Region(
            name=row[1], members=[Member(name=n, kind=AgencyLevel(k) if k else None) for n, k in members]
        )
        return SavedRegion(region, Path(row[2]) if row[2] else None, bool(row[3]), row[4])

    def all(self) -> list[SavedRegion]:
        return [self.get(name) for (name,) in self.database.rows("SELECT name FROM region ORDER BY name")]

    def delete(self, name: str) -> None:
        self.database.write("DELETE FROM region WHERE name = ?", (name.removeprefix(REGION_MARK).strip(),))
