"""Reviewers' comments on a workspace: on one place of the report, or on the report as a whole."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.store.database import Database, Saved, now


@dataclass(frozen=True)
class Comment(Saved):
    """A reviewer's remark on one place (or, with no place, on the whole report)."""

    place: str | None
    author: str
    text: str
    saved_at: str = ""


class Comments:
    """The comments of every workspace, oldest first."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, workspace_id: int, place: str | None, author: str, text: str) -> Comment:
        comment = Comment(place, author, text, now())
        self.database.write(
            "INSERT INTO comment (workspace_id, place, author, text, saved_at) VALUES (?, ?, ?, ?, ?)",
            (workspace_id, place, author, text, comment.saved_at),
        )
        return comment

    def of(self, workspace_id: int) -> list[Comment]:
        rows = self.database.rows(
            "SELECT place, author, text, saved_at FROM comment WHERE workspace_id = ? ORDER BY id",
            (workspace_id,),
        )
        return [Comment(*row) for row in rows]
