"""Chat turns answered in the server's workers: they finish whatever the page does, in order,
and one that cannot finish says what it had already changed."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from assistant.bootstrap import Services, bootstrap
from assistant.domain.ports import Passage, SearchFilter
from assistant.errors import GongkaiError
from assistant.service.desk import Desk
from assistant.service.office import Office
from assistant.service.turns import SILENT_LIMIT_SECONDS, changes_since, snapshot
from assistant.store.chat import TurnStatus
from assistant.testing import FakeRetriever

AGENCY = "青川县清溪镇人民政府"


@pytest.fixture
def office() -> Office:
    return Office(bootstrap())


@pytest.fixture
def desk(office: Office) -> Desk:
    return office.desk(office.open(AGENCY, 2024).id)


def wait_for_answers(desk: Desk, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while desk.pending_turns():
        assert time.monotonic() < deadline, "the turn did not finish"
        time.sleep(0.05)


class TestTurns:
    def test_a_request_is_answered_in_a_worker_and_its_progress_kept(self, desk: Desk) -> None:
        """ask returns at once; the draft streams into the turn and ends as the assistant's message."""
        turn = desk.ask("起草第六部分")
        assert turn.pending
        assert [m.role for m in desk.messages()] == ["user"]
        wait_for_answers(desk)
        messages = desk.messages()
        assert [m.role for m in messages] == ["user", "assistant"]
        assert "信息处理费" in messages[1].content
        assert messages[1].extra["turn"] == turn.id and messages[1].extra["draft"]
        assert desk.store.chat.turn(turn.id).progress == messages[1].content

    def test_a_second_message_waits_for_the_first_and_sees_its_draft(self, desk: Desk) -> None:
        """ "写入" sent while the draft is still coming saves that draft once it is done."""
        desk.ask("起草第六部分")
        desk.ask("写入")
        wait_for_answers(desk)
        answers = [m.content for m in desk.messages() if m.role == "assistant"]
        assert "已写入工作区：六、其他需要报告的事项" in answers[1]
        assert desk.workspace.text("六")

    def test_a_turn_whose_server_stopped_is_closed_with_what_it_had_changed(self, desk: Desk) -> None:
        """A running turn without a heartbeat for half a minute is answered as interrupted."""
        turn = desk.store.chat.start_turn(desk.workspace_id, "起草全文，直接写入")
        desk.store.chat.update_turn(turn.id, status=TurnStatus.RUNNING, before=snapshot(desk.workspace))
        desk.texts.save("序言", "依照条例编制本报告。", base_version=0, author="助手")
        silent = (datetime.now(UTC) - timedelta(seconds=SILENT_LIMIT_SECONDS + 1)).isoformat()
        with desk.store.database.connect() as db:
            db.execute("UPDATE turn SET heartbeat_at = ? WHERE id = ?", (silent, turn.id))
        assert desk.pending_turns() == []
        said = desk.messages()[-1].content
        assert "没有完成" in said and "服务已停止" in said and "此前已完成：已写入序言" in said

    def test_a_colleagues_save_while_drafting_stops_the_whole_auto_saved_draft(
        self, desk: Desk, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A colleague saves （三） while 总体情况 is drafted: the reply says so, and none of the
        draft's six places is written (their （三） stays the newest)."""
        draft = desk.texts.draft

        def draft_then_colleague_saves(part: str, **kwargs: object) -> object:
            drafted = draft(part, **kwargs)  # type: ignore[arg-type]
            desk.store.parts.save(desk.workspace_id, "（三）", "同事写的。", base_version=0, author="同事")
            return drafted

        monkeypatch.setattr(desk.texts, "draft", draft_then_colleague_saves)
        desk.turns = None  # answered here, with the monkeypatched texts
        desk.ask("起草总体情况，直接写入")
        said = desk.messages()[-1].content
        assert "已被他人修改" in said and "已写入工作区" not in said
        assert {place: version.text for place, version in desk.workspace.parts.items()} == {
            "（三）": "同事写的。"
        }

    def test_a_turn_that_is_gone_is_said_in_chinese(self, desk: Desk) -> None:
        """A worker asking for a turn whose workspace was deleted gets a message, not a TypeError."""
        with pytest.raises(GongkaiError, match="找不到编号为 999 的对话请求"):
            desk.store.chat.turn(999)

    def test_changes_are_named_by_place_figures_and_notes(self, desk: Desk) -> None:
        """What a turn changed: the places written, the figures, the 工作要点."""
        before = snapshot(desk.workspace)
        desk.texts.save("五", "一是……", base_version=0)
        desk.add_notes(["今年新开了抖音号"])
        assert changes_since(before, desk.workspace) == [
            "已写入五、存在的主要问题及改进情况",
            "工作要点已更新",
        ]


class TestDeskAround:
    def test_last_year_in_a_question_counts_from_the_workspaces_year(
        self, desk: Desk, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The desk's searches tell the retriever the year being written (2024), whatever today is."""
        retriever = FakeRetriever()
        seen: list[SearchFilter | None] = []
        search = retriever.search

        def recording(query: str, *, k: int = 5, where: SearchFilter | None = None) -> list[Passage]:
            seen.append(where)
            return search(query, k=k, where=where)

        monkeypatch.setattr(retriever, "search", recording)
        monkeypatch.setattr(Services, "retriever", lambda self: retriever)
        desk.search("去年平台建设怎么写的")
        assert seen[0] is not None and seen[0].current_year == 2024

    def test_facts_added_to_the_notes_are_not_repeated_and_can_be_taken_out(self, desk: Desk) -> None:
        """add_notes keeps the lines there; remove_notes (撤销) takes only the added ones out."""
        desk.set_notes("开展业务培训3次")
        assert desk.add_notes(["今年新开了抖音号", "开展业务培训3次"]) == ["今年新开了抖音号"]
        desk.remove_notes(["今年新开了抖音号"])
        assert desk.workspace.notes == "开展业务培训3次"

    def test_the_signature_is_kept_and_printed_at_the_end_of_the_export(self, desk: Desk) -> None:
        """The 落款 agency and 成文日期 typed in reach the report the .docx is written from."""
        desk.set_signature("青川县清溪镇人民政府办公室", datetime(2025, 1, 20).date())
        report = desk.report()
        assert (report.signed_by, report.published) == (
            "青川县清溪镇人民政府办公室",
            datetime(2025, 1, 20).date(),
        )
        desk.set_signature(AGENCY, None)
        assert desk.workspace.signatory == "" and desk.report().signed_by == AGENCY

    def test_a_new_workspace_defaults_to_the_year_last_worked_on_or_the_drafting_year(
        self, office: Office
    ) -> None:
        """No workspace: the year being drafted by the date; else the latest workspace's year."""
        assert office.default_year(datetime(2026, 2, 1).date()) == 2025
        office.open(AGENCY, 2023)
        assert office.default_year(datetime(2026, 2, 1).date()) == 2023
