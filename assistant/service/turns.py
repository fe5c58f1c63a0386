"""Chat turns that survive the page: each request is answered to the end in a worker thread
of the server process, whatever the browser does meanwhile.

A Streamlit script run stops when the page reloads or the user sends the next message; an
answer produced inside it would stop there too, half its figures written and no reply.  So
the page only starts a turn (:meth:`assistant.service.desk.Desk.ask`) and shows how it
stands; the worker streams the answer into the store and records it as a message.  Turns of
one workspace run one after another, in the order they were asked.  A worker beats a
heartbeat while it runs; a turn whose heartbeat stopped (the server was restarted) is
answered with what it had already changed in the workspace.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from assistant.domain.report import Place
from assistant.errors import GongkaiError
from assistant.store.chat import ChatLog, Turn, TurnStatus
from assistant.store.workspaces import Workspace

if TYPE_CHECKING:
    from assistant.service.desk import Desk

HEARTBEAT_SECONDS = 3.0
SILENT_LIMIT_SECONDS = 30.0
"""A turn not heard from for this long has lost its worker (the server stopped)."""
PROGRESS_SECONDS = 0.1
OFFLINE_PACE_SECONDS = 0.02
"""An offline answer is ready at once; it is shown at a reading pace, piece by piece."""


def snapshot(workspace: Workspace) -> dict[str, object]:
    """What a turn may change in the workspace, as it stood when the turn began."""
    return {
        "parts": {place.value: workspace.version(place) for place in Place},
        "figures_version": workspace.figures_version,
        "notes": workspace.notes,
    }


def changes_since(before: Mapping[str, object], workspace: Workspace) -> list[str]:
    """What changed in the workspace since ``before``, as a reply states it."""
    versions = before.get("parts")
    versions = versions if isinstance(versions, dict) else {}
    written = [place.label for place in Place if workspace.version(place) > int(versions.get(place.value, 0))]
    changes = [f"已写入{'、'.join(written)}"] if written else []
    if workspace.figures_version != before.get("figures_version", workspace.figures_version):
        changes.append("本年数据已更新")
    if workspace.notes != before.get("notes", workspace.notes):
        changes.append("工作要点已更新")
    return changes


def unfinished_message(turn: Turn, why: str, changes: list[str]) -> str:
    """The answer to a turn that could not finish: why, and what it had already done."""
    done = "此前已完成：" + "；".join(changes) + "。" if changes else "工作区没有被改动。"
    return f":material/warning: 这条请求（“{turn.prompt[:40]}”）没有完成：{why}。{done}可以重新发送。"


class TurnRunner:
    """The worker threads of one server process, one workspace's turns at a time."""

    def __init__(self, log: ChatLog) -> None:
        self.log = log
        self._guard = threading.Lock()
        self._workspace_locks: dict[int, threading.Lock] = {}
        self._alive: set[int] = set()
        self._heart: threading.Thread | None = None

    def alive(self, turn_id: int) -> bool:
        """Whether a worker of this process holds the turn (queued or answering)."""
        with self._guard:
            return turn_id in self._alive

    def submit(self, turn: Turn, work: Callable[[], None]) -> None:
        with self._guard:
            self._alive.add(turn.id)
            lock = self._workspace_locks.setdefault(turn.workspace_id, threading.Lock())
            if self._heart is None:
                self._heart = threading.Thread(target=self._beat, name="gongkai-turn-heartbeat", daemon=True)
                self._heart.start()

        def run() -> None:
            try:
                with lock:
                    work()
            finally:
                with self._guard:
                    self._alive.discard(turn.id)

        threading.Thread(target=run, name=f"gongkai-turn-{turn.id}", daemon=True).start()

    def _beat(self) -> None:
        while True:
            time.sleep(HEARTBEAT_SECONDS)
            with self._guard:
                alive = sorted(self._alive)
            try:
                self.log.touch_turns(alive)
            # A locked or vanished database must not end the heartbeat of the turns still running.
            except Exception:
                continue


def answer(desk: Desk, turn_id: int, *, pace: float = OFFLINE_PACE_SECONDS) -> None:
    """Answer one turn to the end: its progress stored as it streams, then the answer (or,
    when it fails, what it had already changed) recorded with the turn closed."""
    from assistant.service.chat.conversation import Chat

    log = desk.store.chat
    turn = log.turn(turn_id)
    before = snapshot(desk.workspace)
    log.update_turn(turn_id, status=TurnStatus.RUNNING, progress="", before=before)
    try:
        # The conversation so far: every answer given, without the requests still waiting (this one too).
        waiting = {t.asked_in for t in log.pending_turns(turn.workspace_id)}
        history = [m for m in desk.messages() if m.id not in waiting]
        last_draft = next((d for d in map(desk.drafted_in, reversed(history)) if d is not None), None)
        notice = ""
        try:
            model = desk.chat_model()
        except GongkaiError as error:
            notice = f"> {error.message}（本次按离线方式处理，请在“设置”页修改。）\n\n"
            model = None
        chat = Chat(desk, model, last_draft=last_draft, history=[(m.role, m.content) for m in history])
        reply = chat.respond(turn.prompt)
        shown, written_at = notice, 0.0
        for piece in reply.stream():
            shown += piece
            if time.monotonic() - written_at >= PROGRESS_SECONDS:
                log.update_turn(turn_id, progress=shown)
                written_at = time.monotonic()
            if model is None:
                time.sleep(pace)
        log.finish_turn(turn, TurnStatus.DONE, notice + reply.text, reply.extra())
    # Whatever stops the answer half-way (a colleague's newer save, a model or disk failure),
    # the user is told, with what had already been written, instead of a reply that never comes.
    except Exception as error:
        why = error.message if isinstance(error, GongkaiError) else f"处理时出错（{type(error).__name__}）"
        changes = changes_since(before, desk.workspace)
        message = unfinished_message(turn, why, changes)
        log.finish_turn(turn, TurnStatus.FAILED, message, {"failed": True}, problem=repr(error))
