"""The narrative places of each workspace, every saved version kept.

Two people (or two browser tabs) may edit the same place.  Every save names the version
the editor started from; if someone saved in between, :class:`StaleEdit` is raised and
nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.domain.report import Place
from assistant.errors import GongkaiError, StaleEdit
from assistant.store.database import Database, Saved, now


@dataclass(frozen=True)
class PartVersion(Saved):
    """One saved text of one place; version 0 is the empty place before any save."""

    part: str
    version: int
    text: str
    author: str = ""
    saved_at: str = ""


class PartVersions:
    """Every version of every place of every workspace in one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def save(
        self, workspace_id: int, part: str, text: str, *, base_version: int, author: str = "用户"
    ) -> PartVersion:
        """Save a new version of the place ``part``; refuses if it is no longer ``base_version``."""
        (saved,) = self.save_together(workspace_id, {part: (text, base_version)}, author=author)
        return saved

    def save_together(
        self, workspace_id: int, texts: Mapping[str, tuple[str, int]], *, author: str
    ) -> list[PartVersion]:
        """Save several places at once, each ``(text, base_version)``: all of them, or — when
        any one is no longer at its base version — none."""
        if not texts:
            return []
        places = {}
        for part in texts:
            try:
                places[part] = Place(part)
            except ValueError:
                raise GongkaiError(f"“{part}”不是可编辑的部分。") from None
        saved = []
        with self.database.transaction() as db:
            stamp = now()
            for part, (text, base_version) in texts.items():
                place = places[part]
                (current,) = db.execute(
                    "SELECT COALESCE(MAX(version), 0) FROM part_version WHERE workspace_id = ? AND part = ?",
                    (workspace_id, place.value),
                ).fetchone()
                if current != base_version:
                    raise StaleEdit(
                        f"“{place.label}”已被他人修改（您编辑的是第 {base_version} 版，"
                        f"现在是第 {current} 版），为避免覆盖，本次保存未生效。"
                        "请先查看最新版本，再合并您的修改。"
                    )
                version = PartVersion(place.value, current + 1, text, author, stamp)
                db.execute(
                    "INSERT INTO part_version (workspace_id, part, version, text, author, saved_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (workspace_id, place.value, version.version, text, author, stamp),
                )
                saved.append(version)
            db.execute("UPDATE workspace SET updated_at = ? WHERE id = ?", (stamp, workspace_id))
        return saved

    def history(self, workspace_id: int, part: str) -> list[PartVersion]:
        """Every saved version of one place, newest first."""
        rows = self.database.rows(
            "SELECT part, version, text, author, saved_at FROM part_version"
            " WHERE workspace_id = ? AND part = ? ORDER BY version DESC",
            (workspace_id, part),
        )
        return [PartVersion(*r) for r in rows]

    def latest(self, workspace_id: int) -> dict[str, PartVersion]:
        """The newest version of each place that has been saved at least once."""
        rows = self.database.rows(
            "SELECT part, version, text, author, saved_at FROM part_version p"
            " WHERE workspace_id = ? AND version = (SELECT MAX(version) FROM part_version"
            " WHERE workspace_id = p.workspace_id AND part = p.part)",
            (workspace_id,),
        )
        return {r[0]: PartVersion(*r) for r in rows}
