"""The chat of each workspace: what the staff member asked, what the assistant answered, and
the turns still being answered.

A turn is one request on its way to an answer.  It is stored as it runs — its progress so
far and a heartbeat — so that a reload, a second message or another browser tab finds it,
and a turn whose server stopped (no heartbeat) is recognised as interrupted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from assistant.errors import GongkaiError
from assistant.store.database import Database, now


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str
    extra: dict[str, object] = field(default_factory=dict)
    saved_at: str = ""
    id: int = 0


class TurnStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


PENDING = (TurnStatus.QUEUED, TurnStatus.RUNNING)


@dataclass(frozen=True)
class Turn:
    """One request being answered: its progress so far, and the workspace as it stood before."""

    id: int
    workspace_id: int
    prompt: str
    asked_in: int
    """The id of the user's message that asked it: the conversation before it is the history."""
    status: TurnStatus
    progress: str = ""
    before: dict[str, object] = field(default_factory=dict)
    problem: str = ""
    started_at: str = ""
    heartbeat_at: str = ""

    @property
    def pending(self) -> bool:
        return self.status in PENDING

    def silent_for(self, moment: datetime | None = None) -> float:
        """Seconds since the worker last said it was alive."""
        moment = moment or datetime.now(UTC)
        return (moment - datetime.fromisoformat(self.heartbeat_at)).total_seconds()


_TURN_COLUMNS = (
    "id, workspace_id, prompt, asked_in, status, progress, before, problem, started_at, heartbeat_at"
)


def _turn(row: tuple[object, ...]) -> Turn:
    return Turn(
        id=int(str(row[0])),
        workspace_id=int(str(row[1])),
        prompt=str(row[2]),
        asked_in=int(str(row[3])),
        status=TurnStatus(str(row[4])),
        progress=str(row[5]),
        before=json.loads(str(row[6])),
        problem=str(row[7]),
        started_at=str(row[8]),
        heartbeat_at=str(row[9]),
    )


class ChatLog:
    """The messages of every workspace, in the order they were said, and the turns in progress."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(
        self, workspace_id: int, role: str, content: str, extra: Mapping[str, object] | None = None
    ) -> ChatMessage:
        stamp = now()
        message_id = self.database.write(
            "INSERT INTO message (workspace_id, role, content, extra, saved_at) VALUES (?, ?, ?, ?, ?)",
            (workspace_id, role, content, json.dumps(dict(extra or {}), ensure_ascii=False), stamp),
        )
        return ChatMessage(role, content, dict(extra or {}), stamp, message_id)

    def messages(self, workspace_id: int) -> list[ChatMessage]:
        rows = self.database.rows(
            "SELECT role, content, extra, saved_at, id FROM message WHERE workspace_id = ? ORDER BY id",
            (workspace_id,),
        )
        return [ChatMessage(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]

    def clear(self, workspace_id: int) -> None:
        """Forget the conversation; turns still running go on and their answers are kept."""
        with self.database.connect() as db:
            db.execute("DELETE FROM message WHERE workspace_id = ?", (workspace_id,))
            db.execute(
                "DELETE FROM turn WHERE workspace_id = ? AND status NOT IN (?, ?)", (workspace_id, *PENDING)
            )

    # --- turns ------------------------------------------------------------------------

    def start_turn(self, workspace_id: int, prompt: str) -> Turn:
        """Record the user's message and a turn to answer it, queued."""
        with self.database.transaction() as db:
            stamp = now()
            asked = db.execute(
                "INSERT INTO message (workspace_id, role, content, extra, saved_at)"
                " VALUES (?, 'user', ?, '{}', ?)",
                (workspace_id, prompt, stamp),
            ).lastrowid
            cursor = db.execute(
                "INSERT INTO turn (workspace_id, prompt, asked_in, status, started_at, heartbeat_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (workspace_id, prompt, asked, TurnStatus.QUEUED.value, stamp, stamp),
            )
        return self.turn(int(cursor.lastrowid or 0))

    def turn(self, turn_id: int) -> Turn:
        row = self.database.row(f"SELECT {_TURN_COLUMNS} FROM turn WHERE id = ?", (turn_id,))
        if row is None:
            raise GongkaiError(f"找不到编号为 {turn_id} 的对话请求，可能工作区已被删除。")
        return _turn(row)

    def pending_turns(self, workspace_id: int) -> list[Turn]:
        """The turns of a workspace still queued or running, oldest first."""
        rows = self.database.rows(
            f"SELECT {_TURN_COLUMNS} FROM turn WHERE workspace_id = ? AND status IN (?, ?) ORDER BY id",
            (workspace_id, *PENDING),
        )
        return [_turn(row) for row in rows]

    def update_turn(
        self,
        turn_id: int,
        *,
        status: TurnStatus | None = None,
        progress: str | None = None,
        before: Mapping[str, object] | None = None,
    ) -> None:
        """Record how a turn stands (and that its worker is alive)."""
        assignments, values = ["heartbeat_at = ?"], [now()]
        if status is not None:
            assignments.append("status = ?")
            values.append(status.value)
        if progress is not None:
            assignments.append("progress = ?")
            values.append(progress)
        if before is not None:
            assignments.append("before = ?")
            values.append(json.dumps(dict(before), ensure_ascii=False))
        self.database.write(f"UPDATE turn SET {', '.join(assignments)} WHERE id = ?", (*values, turn_id))

    def finish_turn(
        self, turn: Turn, status: TurnStatus, answer: str, extra: Mapping[str, object], problem: str = ""
    ) -> ChatMessage | None:
        """Close a turn still pending and record its answer at once, so that no reader sees it
        neither running nor answered; None if someone closed it already."""
        extra = {**extra, "turn": turn.id}
        with self.database.transaction() as db:
            stamp = now()
            closed = db.execute(
                "UPDATE turn SET status = ?, progress = ?, problem = ?, heartbeat_at = ?"
                " WHERE id = ? AND status IN (?, ?)",
                (status.value, answer, problem, stamp, turn.id, *PENDING),
            ).rowcount
            if not closed:
                return None
            cursor = db.execute(
                "INSERT INTO message (workspace_id, role, content, extra, saved_at)"
                " VALUES (?, 'assistant', ?, ?, ?)",
                (turn.workspace_id, answer, json.dumps(extra, ensure_ascii=False), stamp),
            )
        return ChatMessage("assistant", answer, extra, stamp, int(cursor.lastrowid or 0))

    def touch_turns(self, turn_ids: list[int]) -> None:
        """A heartbeat for turns whose worker is alive but quiet (waiting on a model)."""
        if not turn_ids:
            return
        marks = ", ".join("?" * len(turn_ids))
        self.database.write(f"UPDATE turn SET heartbeat_at = ? WHERE id IN ({marks})", (now(), *turn_ids))
