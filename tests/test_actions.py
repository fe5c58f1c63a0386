"""The Desk: what the chat and the pages do to one workspace, on the real library."""

from __future__ import annotations

from typing import Any

import pytest
from draft_fixtures import LONG_NOTES
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from pydantic import Field

from assistant.bootstrap import bootstrap
from assistant.errors import GongkaiError, StaleEdit, UnreadableInput
from assistant.service.chat.conversation import Chat
from assistant.service.desk import Desk
from assistant.service.office import mask_secret

AGENCY = "青川县清溪镇人民政府"


class Unreachable(GenericFakeChatModel):
    """A configured model whose endpoint refuses every connection."""

    calls: list[str] = Field(default_factory=list)

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append("generate")
        raise ConnectionError("connection refused")


@pytest.fixture
def desk() -> Desk:
    services = bootstrap()
    workspace = services.store().workspaces.open(AGENCY, 2024, level="乡镇", is_people_government=True)
    return Desk(services, workspace.id)


class TestDesk:
    def test_pasted_text_is_merged_without_stated_totals(self, desk: Desk) -> None:
        """Typed figures are saved as cells; totals are derived, not stored."""
        read = desk.figures.read("新收申请3件，其中自然人3件")
        desk.figures.merge(read.figures)
        assert desk.workspace.figures == {"t3.new.natural": 3}
        assert desk.report().figures["t3.new.total"] == 3

    def test_a_total_without_its_cells_is_asked_about_not_spread(self, desk: Desk) -> None:
        """ "予以公开3件" names no applicant: it is listed as unmatched and nothing is guessed."""
        read = desk.figures.read("行政处罚2件；予以公开3件")
        assert read.figures == {"t2.penalty.decisions": 2}
        assert read.unmatched == [
            "（一）予以公开·总计 3件：没有说明分别是哪类申请人或哪种结果，请补充，或在“数据录入”页按列填写"
        ]

    def test_a_pasted_grid_with_a_wrong_total_says_so(self, desk: Desk) -> None:
        """A stated 总计 that does not add up is noted when read."""
        read = desk.figures.read("行政复议\t1\t0\t0\t0\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0")
        assert any("按各项相加应为 1" in note for note in read.notes)

    def test_the_draft_streams_and_fills_only_the_asked_subpart(self, desk: Desk) -> None:
        """Drafting （四） yields text in pieces and fills only that place, with the notes used."""
        desk.set_notes("今年新开设政务抖音号")
        drafted = desk.texts.draft("（四）")
        pieces = list(drafted.stream())
        assert len(pieces) > 1
        assert list(drafted.texts) == ["（四）"]
        assert "抖音" in drafted.texts["（四）"]

    def test_the_whole_report_is_drafted_part_by_part(self, desk: Desk) -> None:
        """起草全文 fills the preamble, part 一 with its sub-parts, and parts 五 and 六."""
        drafted = desk.texts.draft("全文")
        text = "".join(drafted.stream())
        assert set(drafted.texts) == {
            "序言",
            "一",
            "（一）",
            "（二）",
            "（三）",
            "（四）",
            "（五）",
            "五",
            "六",
        }
        assert "**五、存在的主要问题及改进情况**" in text

    def test_an_unreachable_model_is_tried_once_for_the_whole_report(
        self, desk: Desk, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The first part falls back with a note; the others are drafted offline without waiting."""
        model = Unreachable(messages=iter([]))
        monkeypatch.setattr(desk.services, "chat_model", lambda: model)
        drafted = desk.texts.draft("全文")
        text = "".join(drafted.stream())
        assert len(model.calls) == 1
        assert "其余各部分不再调用大模型" in text
        assert {"序言", "一", "五", "六"} <= set(drafted.texts)

    def test_a_draft_asked_without_the_model_never_calls_it(
        self, desk: Desk, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """use_model=False (the model just failed in the chat) drafts offline at once."""
        model = Unreachable(messages=iter([]))
        monkeypatch.setattr(desk.services, "chat_model", lambda: model)
        drafted = desk.texts.draft("六", use_model=False)
        "".join(drafted.stream())
        assert model.calls == [] and drafted.texts["六"]

    def test_a_part_with_no_text_cannot_be_revised(self, desk: Desk) -> None:
        """Revising an empty part asks for a draft first."""
        with pytest.raises(GongkaiError, match="还没有内容"):
            desk.texts.revise("五", "更简洁一些")

    def test_a_saved_draft_becomes_new_versions(self, desk: Desk) -> None:
        """Saving the whole part 一 writes its opening and five sub-parts."""
        drafted = desk.texts.draft("一")
        list(drafted.stream())
        saved = desk.texts.save_draft(drafted)
        assert {v.part for v in saved} == {"一", "（一）", "（二）", "（三）", "（四）", "（五）"}
        assert all(v.version == 1 and v.author == "助手" for v in saved)

    def test_export_is_refused_while_an_error_stands(self, desk: Desk) -> None:
        """An R1 imbalance blocks the .docx with the error's message."""
        desk.figures.merge({"t3.new.natural": 2})
        with pytest.raises(GongkaiError, match="暂不能导出"):
            desk.export_bytes(allow_warnings=True)

    def test_export_waits_for_a_drafts_review_marks_to_be_accepted(
        self, desk: Desk, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A part still marked 【请核实】 blocks the .docx until the user accepts it."""
        desk.figures.merge({"t3.new.natural": 1, "t3.disclosed.natural": 1})
        desk.texts.save("五", "问题一【请核实】", base_version=0)
        monkeypatch.setattr(desk, "findings", list)
        with pytest.raises(GongkaiError, match="请核实"):
            desk.export_bytes()
        assert desk.export_bytes(allow_warnings=True)[:2] == b"PK"

    def test_a_drafted_part_one_over_the_limit_comes_with_a_note(self, desk: Desk) -> None:
        """Drafting part 一 in the chat tells the user, as the command line does, to shorten it."""
        desk.set_notes(LONG_NOTES)
        drafted = desk.texts.draft("一")
        "".join(drafted.stream())
        assert any("超过 1000 字，请精简" in note for note in drafted.notes)

    def test_export_gives_a_word_file_once_clean(self, desk: Desk) -> None:
        """Balanced figures export as a .docx (a zip file)."""
        desk.figures.merge({"t3.new.natural": 1, "t3.disclosed.natural": 1})
        assert desk.export_bytes(allow_warnings=True)[:2] == b"PK"

    def test_last_years_workspace_is_used_for_the_comparison(self, desk: Desk) -> None:
        """Without a file, the agency's saved work for the year before is last year's report."""
        last = desk.store.workspaces.open(AGENCY, 2023)
        desk.store.workspaces.save_figures(last.id, {"t2.penalty.decisions": 1}, base_version=0)
        desk.figures.merge({"t2.penalty.decisions": 4})
        change = next(c for c in desk.compare().cells if c.key == "t2.penalty.decisions")
        assert (change.last, change.this, change.change) == (1, 4, 3)

    def test_a_missing_last_year_file_is_explained(self, desk: Desk) -> None:
        """A last-year file deleted from disk gives a Chinese message naming it."""
        desk.store.workspaces.set_last_year(desk.workspace_id, "/nonexistent/2023年报.docx")
        with pytest.raises(GongkaiError, match=r"2023年报\.docx"):
            desk.compare()

    def test_a_negative_pasted_count_is_refused(self, desk: Desk) -> None:
        """A pasted −3 raises UnreadableInput naming the cell."""
        with pytest.raises(UnreadableInput, match="不能为负数"):
            desk.figures.read("一、本年新收政府信息公开申请数量\t-3\t0\t0\t0\t0\t0\t-3")


class TestMaskSecret:
    def test_only_the_last_four_characters_are_shown(self) -> None:
        """A key is shown as eight stars and its last four characters."""
        assert mask_secret("sk-abcdefgh12345678") == "********5678"

    def test_a_short_key_is_not_shown_at_all(self) -> None:
        """A key of eight characters or fewer shows nothing of itself."""
        assert mask_secret("abcd1234") == "********"


class TestAdoptReport:
    def test_a_document_fills_only_the_empty_parts(self, desk: Desk) -> None:
        """Importing this year's document keeps what was written and fills the rest."""
        from assistant.domain.report import Narrative, Report

        desk.texts.save("五", "自己写的问题。", base_version=0)
        report = Report(
            figures={"t2.penalty.decisions": 5},
            narrative=Narrative(overview="文档中的导语。", problems="文档中的问题。"),
        )
        assert desk.figures.adopt(report) == ["一、总体情况（导语）"]
        workspace = desk.workspace
        assert (workspace.text("一"), workspace.text("五")) == ("文档中的导语。", "自己写的问题。")
        assert workspace.figures == {"t2.penalty.decisions": 5}


class TestChatSaveConflict:
    def test_saving_a_draft_a_colleague_overtook_is_refused_and_their_text_kept(self, desk: Desk) -> None:
        """The chat drafts 第六部分, a colleague saves it, then 写入 answers with the stale-edit
        message and the colleague's text stays the newest version."""
        chat = Chat(desk)
        "".join(chat.respond("起草第六部分").stream())
        desk.store.parts.save(desk.workspace_id, "六", "同事写的第六部分。", base_version=0, author="同事")
        reply = chat.respond("写入")
        text = "".join(reply.stream())
        assert "已被他人修改" in text and not reply.saved
        assert [(v.version, v.text) for v in desk.texts.history("六")] == [(1, "同事写的第六部分。")]

    def test_a_draft_to_be_written_directly_is_not_saved_over_a_colleagues_edit(self, desk: Desk) -> None:
        """直接写入: a colleague saves while the draft streams; the answer ends with the refusal."""
        reply = Chat(desk).respond("起草第六部分，直接写入")
        desk.store.parts.save(desk.workspace_id, "六", "同事写的第六部分。", base_version=0, author="同事")
        text = "".join(reply.stream())
        assert "已被他人修改" in text and "已写入工作区" not in text and not reply.saved
        assert desk.workspace.text("六") == "同事写的第六部分。"

    def test_a_draft_of_several_places_is_saved_whole_or_not_at_all(self, desk: Desk) -> None:
        """A colleague saved （三） of part 一: none of part 一's six places is saved from the draft."""
        drafted = desk.texts.draft("一")
        "".join(drafted.stream())
        desk.store.parts.save(desk.workspace_id, "（三）", "同事写的。", base_version=0)
        with pytest.raises(StaleEdit, match="（三）"):
            desk.texts.save_draft(drafted)
        assert set(desk.workspace.parts) == {"（三）"}

    def test_a_draft_saved_after_the_colleague_saved_a_different_place_goes_in(self, desk: Desk) -> None:
        """Only the places the draft covers are checked: a colleague's 第五部分 does not block 第六部分."""
        drafted = desk.texts.draft("六")
        "".join(drafted.stream())
        desk.store.parts.save(desk.workspace_id, "五", "同事写的第五部分。", base_version=0)
        (saved,) = desk.texts.save_draft(drafted)
        assert (saved.part, saved.version) == ("六", 1)
