"""The chat of each workspace: what the staff member asked and what the assistant answered."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.store.database import Database, now


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str
    extra: dict[str, object] = field(default_factory=dict)
    saved_at: str = ""


def _json(extra: Mapping[str, object]) -> str:
    return json.dumps(extra, ensure_ascii=False)


class ChatLog:
    """The messages of every workspace, in the order they were said."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(
        self, workspace_id: int, role: str, content: str, extra: Mapping[str, object] | None = None
    ) -> ChatMessage:
        message = ChatMessage(role, content, dict(extra or {}), now())
        with self.database.connect() as db:
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
        with self.database.connect() as db:
            rows = db.execute(
                "SELECT role, content, extra, saved_at FROM message WHERE workspace_id = ? ORDER BY id",
                (workspace_id,),
            ).fetchall()
        return [ChatMessage(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]

    def clear(self, workspace_id: int) -> None:
        with self.database.connect() as db:
            db.execute("DELETE FROM message WHERE workspace_id = ?", (workspace_id,))
