"""Every page of the Streamlit assistant, driven by AppTest with a temporary data directory
and fake model and retriever: what a staff member clicks, types and pastes."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from langchain_core.messages import AIMessage
from streamlit.testing.v1 import AppTest

from assistant.bootstrap import Services, bootstrap
from assistant.domain.forms import EDIT_GRIDS
from assistant.domain.report import Agency, AgencyLevel, Narrative, Report
from assistant.domain.rules.carry_over import last_year_mismatch
from assistant.domain.totals import complete
from assistant.readers import MAX_BYTES as READER_MAX_BYTES
from assistant.store import Store
from assistant.store.workspaces import Workspace
from assistant.testing import FakeRetriever, FakeToolCallingModel, tool_call
from assistant.writers import write_report

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "ui" / "app.py")
AGENCY = "青川县清溪镇人民政府"

OpenPage = Callable[[str], AppTest]


@pytest.fixture
def open_page() -> Iterator[OpenPage]:
    """Open one page of the app, with the resource cache emptied before and after."""
    st.cache_resource.clear()

    def open_page(page: str) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=60)
        app.run()
        if page != "chat":
            app.switch_page(f"views/{page}.py")
            app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    yield open_page
    st.cache_resource.clear()


@pytest.fixture
def store() -> Store:
    return bootstrap().store()


@pytest.fixture
def workspace(store: Store) -> Workspace:
    return store.workspaces.open(AGENCY, 2024, level="乡镇", is_people_government=True)


def edit_cells(app: AppTest, key: str, edited_rows: dict[int, dict[str, float]]) -> None:
    """Type into a data editor as the browser would, then rerun the page."""
    app.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    app.run()


def texts(app: AppTest, kind: str) -> str:
    return "\n".join(str(element.value) for element in getattr(app, kind))


def html_shown(app: AppTest) -> str:
    """What the page drew with st.html (AppTest has no accessor of its own for it)."""
    return "\n".join(
        element.proto.body for element in app.main if type(getattr(element, "proto", None)).__name__ == "Html"
    )


def everything(app: AppTest) -> str:
    return "\n".join(
        texts(app, kind) for kind in ("markdown", "caption", "error", "warning", "success", "info")
    )


def balanced(store: Store, workspace: Workspace) -> None:
    """Figures that pass every table rule: 2 requests by natural persons, both disclosed."""
    store.workspaces.save_figures(
        workspace.id,
        {"t3.new.natural": 2, "t3.disclosed.natural": 2},
        base_version=store.workspaces.get(workspace.id).figures_version,
    )


def editor_key(table: int, index: int, workspace: Workspace, figures: dict[str, int | float]) -> str:
    """The widget key the 数据录入 page gives the grid ``index`` of ``table`` holding ``figures``."""
    return f"grid-{table}-{index}-{workspace.id}-{EDIT_GRIDS[table][index].revision(figures)}"


def part_editor(workspace: Workspace, place: str) -> str:
    """The key of the document view's editor of one place."""
    return f"part-{workspace.id}-{place}"


def type_into(app: AppTest, key: str, text: str, *, base: int) -> None:
    """What the editor component sends a moment after typing stops, then the page's rerun."""
    handled = app.session_state["_edits_handled"] if "_edits_handled" in app.session_state else {}  # noqa: SIM401
    app.session_state[key] = {"edit": {"text": text, "base": base, "seq": int(handled.get(key) or 0) + 1}}
    app.run()


def editor_data(app: AppTest, key: str) -> dict[str, Any]:
    """What the page gave the editor component ``key`` to show."""
    for element in app.main:
        proto = getattr(element, "proto", None)
        if type(proto).__name__ == "BidiComponent" and proto.id.endswith(f"-{key}"):
            return dict(json.loads(proto.json))
    raise KeyError(key)


def last_year_docx(path: Path) -> Path:
    """Last year's report for the town as a .docx, written by our own exporter."""
    report = Report(
        agency=Agency(name=AGENCY, level=AgencyLevel.TOWN, is_people_government=True),
        year=2023,
        figures=complete({"t3.new.natural": 1, "t3.disclosed.natural": 1}),
        narrative=Narrative(
            overview="2023年，本镇认真贯彻落实条例，持续推进政务公开工作。",
            problems="一是公开内容不够全面。",
            other_matters="本年度未收取信息处理费。",
        ),
    )
    return write_report(report, path)


class TestAnyPage:
    def test_a_broken_settings_file_is_explained_on_the_page(self, open_page: OpenPage) -> None:
        """A corrupt settings.json shows a Chinese message instead of a traceback."""
        (bootstrap().settings.data_dir / "settings.json").write_text("{oops", encoding="utf-8")
        app = open_page("chat")
        assert "设置文件无法读取" in texts(app, "error")

    def test_the_file_uploaders_speak_chinese_and_state_the_readers_limit(self, open_page: OpenPage) -> None:
        """Streamlit's English uploader words are replaced, and its size limit is the readers' own."""
        app = open_page("corpus")
        assert "选择文件" in texts(app, "markdown") and "50 MB" in texts(app, "markdown")
        config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
        assert config["server"]["maxUploadSize"] * 1024 * 1024 == READER_MAX_BYTES


class TestChatPage:
    def test_without_a_workspace_the_page_asks_for_one(self, open_page: OpenPage) -> None:
        """A fresh installation explains where to start."""
        app = open_page("chat")
        assert "新建年报" in texts(app, "info")

    def test_a_workspace_is_created_from_the_sidebar(self, open_page: OpenPage, store: Store) -> None:
        """Agency and year typed in the sidebar open a new saved workspace."""
        app = open_page("chat")
        app.sidebar.text_input[0].input(AGENCY)
        app.sidebar.number_input[0].set_value(2024)
        app.sidebar.button[0].click().run()
        assert [(w.agency, w.year, w.level) for w in store.workspaces.all()] == [(AGENCY, 2024, "乡镇")]
        assert "青川县清溪镇人民政府 · 2024年" in texts(app, "caption")

    def test_a_draft_streams_in_and_is_saved_with_one_click(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """ "起草总体情况" gives part 一 with its sub-parts; 写入工作区 saves every section."""
        app = open_page("chat")
        app.chat_input[0].set_value("起草总体情况").run()
        assert "（四）政府信息公开平台建设" in texts(app, "markdown")
        assert store.workspaces.get(workspace.id).text("（四）") == ""
        app.button(key="save-draft-1").click().run()
        saved = store.workspaces.get(workspace.id)
        assert saved.text("（四）") and saved.text("（五）")
        assert "已写入工作区" in texts(app, "caption")

    def test_the_chat_survives_a_new_session(self, open_page: OpenPage, workspace: Workspace) -> None:
        """A reload (a new session) shows the earlier conversation."""
        open_page("chat").chat_input[0].set_value("看看表格有没有错误").run()
        st.cache_resource.clear()
        app = open_page("chat")
        assert "看看表格有没有错误" in texts(app, "markdown")
        assert "检查" in texts(app, "markdown")

    def test_a_model_drafts_and_writes_directly_through_a_tool_call(
        self,
        open_page: OpenPage,
        store: Store,
        workspace: Workspace,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """With a model configured, its DraftPart tool call drafts and saves part 五."""
        calls = iter(
            [
                tool_call("DraftPart", part="五", auto_save=True),
                AIMessage(content="一是公开内容不够全面。二是解读形式单一。下一步将加强培训。"),
            ]
        )
        model = FakeToolCallingModel(responses=[next(calls), next(calls)])
        monkeypatch.setattr(Services, "chat_model", lambda self: model)
        monkeypatch.setattr(Services, "retriever", lambda self: FakeRetriever())
        app = open_page("chat")
        app.chat_input[0].set_value("帮我把问题和改进那部分弄好，直接存进去").run()
        assert store.workspaces.get(workspace.id).text("五")
        assert "已写入工作区" in texts(app, "caption")

    def test_with_an_unreachable_model_the_offline_draft_that_will_be_saved_is_shown(
        self,
        open_page: OpenPage,
        store: Store,
        workspace: Workspace,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The note says the offline draft is used, and that draft is on screen before 写入工作区."""

        class Unreachable(FakeToolCallingModel):
            def invoke(self, *args: Any, **kwargs: Any) -> Any:
                raise ConnectionError("connection refused")

            def stream(self, *args: Any, **kwargs: Any) -> Any:
                raise ConnectionError("connection refused")

        monkeypatch.setattr(Services, "chat_model", lambda self: Unreachable(responses=[]))
        app = open_page("chat")
        app.chat_input[0].set_value("起草第六部分").run()
        app.button(key="save-draft-1").click().run()
        saved = store.workspaces.get(workspace.id).text("六")
        assert saved and saved in texts(app, "markdown")

    def test_an_addition_named_by_its_subject_revises_the_part_of_that_subject(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """ "补充政务新媒体的情况" adds the noted 抖音号 to 平台建设 instead of searching the corpus."""
        store.parts.save(workspace.id, "（四）", "加强政府网站日常维护。", base_version=0)
        store.workspaces.set_notes(workspace.id, "今年新开设政务抖音号")
        app = open_page("chat")
        app.chat_input[0].set_value("补充政务新媒体的情况").run()
        app.button(key="save-draft-1").click().run()
        assert "抖音号" in store.workspaces.get(workspace.id).text("（四）")

    def test_an_addition_without_a_subject_asks_which_part(
        self, open_page: OpenPage, workspace: Workspace
    ) -> None:
        """ "补充一些内容" names no part and no subject: the reply asks which part is meant."""
        app = open_page("chat")
        app.chat_input[0].set_value("补充一些内容").run()
        assert "请说明要修改哪一部分" in texts(app, "markdown")

    def test_a_question_is_answered_with_its_sources(
        self, open_page: OpenPage, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A question about the regulation lists passages with file and article."""
        monkeypatch.setattr(Services, "retriever", lambda self: FakeRetriever())
        app = open_page("chat")
        app.chat_input[0].set_value("第三十六条对不予公开是怎么规定的？").run()
        assert "出处（" in app.expander[0].label
        assert "ogi-regulation-summary.md" in texts(app, "markdown")
        assert "第三十六条" in texts(app, "markdown")

    def test_text_typed_in_a_part_is_saved_without_a_click(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """What the editor sends while typing becomes a new version of that place."""
        app = open_page("chat")
        type_into(app, part_editor(workspace, "（四）"), "镇政府网站全年更新信息120条。", base=0)
        assert store.workspaces.get(workspace.id).text("（四）") == "镇政府网站全年更新信息120条。"
        assert editor_data(app, part_editor(workspace, "（四）"))["text"] == "镇政府网站全年更新信息120条。"

    def test_a_stale_part_edit_is_refused_and_the_text_kept(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """Someone else saved 第五部分 meanwhile: the save is refused in Chinese, nothing is overwritten,
        and the editor is told why (it keeps what was typed)."""
        app = open_page("chat")
        store.parts.save(workspace.id, "五", "别人的修改", base_version=0)
        type_into(app, part_editor(workspace, "五"), "我的修改", base=0)
        assert "已被他人修改" in editor_data(app, part_editor(workspace, "五"))["error"]
        assert store.workspaces.get(workspace.id).text("五") == "别人的修改"

    def test_a_chat_draft_a_colleague_overtook_is_not_saved_by_its_button(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """The chat drafts 第六部分, a colleague saves it, 写入工作区 is refused as the editor's save is."""
        app = open_page("chat")
        app.chat_input[0].set_value("起草第六部分").run()
        store.parts.save(workspace.id, "六", "同事写的第六部分。", base_version=0, author="同事")
        app.button(key="save-draft-1").click().run()
        assert "已被他人修改" in texts(app, "error")
        assert [(v.version, v.text) for v in store.parts.history(workspace.id, "六")] == [
            (1, "同事写的第六部分。")
        ]

    def test_the_version_history_shows_when_each_version_was_saved_to_the_minute(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """The history reads “2025-01-08 09:30”, not a stored UTC timestamp with microseconds."""
        saved = store.parts.save(workspace.id, "五", "一是解读形式单一。", base_version=0)
        app = open_page("chat")
        history = texts(app, "markdown")
        assert f"**第 1 版**　用户　{saved.saved_label}" in history
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", saved.saved_label)
        assert saved.saved_at not in history

    def test_an_earlier_version_is_restored_as_the_newest(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """恢复此版本 saves version 1's text again as version 3; the editor shows it."""
        store.parts.save(workspace.id, "六", "本年度未收取信息处理费。", base_version=0)
        store.parts.save(workspace.id, "六", "改过的文字。", base_version=1)
        app = open_page("chat")
        app.button(key=f"restore-{workspace.id}-六-1").click().run()
        assert store.workspaces.get(workspace.id).parts["六"].version == 3
        assert editor_data(app, part_editor(workspace, "六"))["text"] == "本年度未收取信息处理费。"

    def test_the_editor_follows_a_draft_saved_meanwhile_when_nothing_was_typed(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """An untouched editor is given the newest version after the assistant saves one."""
        app = open_page("chat")
        store.parts.save(workspace.id, "五", "助手写入的问题与改进。", base_version=0)
        app.run()
        assert editor_data(app, part_editor(workspace, "五"))["text"] == "助手写入的问题与改进。"

    def test_the_signature_agency_and_date_typed_are_kept(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """The 落款 fields save the agency (the workspace's own name by default) and the 成文日期."""
        app = open_page("chat")
        assert editor_data(app, f"sign-agency-{workspace.id}")["text"] == AGENCY
        type_into(app, f"sign-date-{workspace.id}", "2025-01-20", base=0)
        saved = store.workspaces.get(workspace.id)
        assert saved.published is not None and saved.published.isoformat() == "2025-01-20"
        assert saved.signatory == ""

    def test_facts_typed_in_the_chat_go_to_the_notes_and_can_be_undone(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """The reply confirms the 工作要点 with the place of each fact; 撤销 takes them out again."""
        app = open_page("chat")
        app.chat_input[0].set_value("今年新开了抖音号，网站更新信息120条").run()
        assert store.workspaces.get(workspace.id).notes == "今年新开了抖音号，网站更新信息120条"
        said = texts(app, "markdown")
        assert "已记入工作要点" in said and "一（四）政府信息公开平台建设" in said and "备注" not in said
        assert "“起草平台建设”" in [b.label for b in app.button]
        app.button(key="undo-notes-1").click().run()
        assert store.workspaces.get(workspace.id).notes == ""
        assert "已从工作要点中撤销" in texts(app, "caption")

    def test_a_suggested_next_step_is_sent_with_one_click(
        self, open_page: OpenPage, workspace: Workspace
    ) -> None:
        """After an answer, clicking “看看表格有没有错误” asks it."""
        app = open_page("chat")
        app.chat_input[0].set_value("你好").run()
        next(b for b in app.button if b.label == "“看看表格有没有错误”").click().run()
        assert "看看表格有没有错误" in texts(app, "markdown")
        assert "检查" in texts(app, "markdown")


class TestFiguresPage:
    def test_typed_figures_are_read_and_the_finding_listed(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """Free text goes into table 3; the imbalance it leaves is an R1 error beside the grids."""
        app = open_page("figures")
        app.text_area(key="paste-box").input("新收申请5件，其中自然人5件").run()
        app.button(key="paste-read").click().run()
        assert store.workspaces.get(workspace.id).figures["t3.new.natural"] == 5
        assert "一、本年新收政府信息公开申请数量·自然人 5" in texts(app, "success")
        assert "R1" in texts(app, "error")

    def test_a_paste_lists_what_went_where_and_what_could_not_be_placed(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """The confirmation names each figure by its official row and column, then the leftovers."""
        app = open_page("figures")
        app.text_area(key="paste-box").input("行政处罚3件；行政事业性收费2.5万元；天气很好8件").run()
        app.button(key="paste-read").click().run()
        said = texts(app, "success")
        assert "行政处罚·本年处理决定数量 3" in said
        assert "行政事业性收费·本年收费金额（单位：万元） 2.5" in said
        assert "未能确定位置（未写入）：天气很好8件" in said
        assert store.workspaces.get(workspace.id).figures == {
            "t2.penalty.decisions": 3,
            "t2.fees.amount": 2.5,
        }

    def test_table_two_is_entered_section_by_section(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """Typing 规章 现行有效件数 in the 第二十条第（一）项 grid saves it beside what was there."""
        store.workspaces.save_figures(workspace.id, {"t2.penalty.decisions": 3}, base_version=0)
        app = open_page("figures")
        assert "第二十条第（八）项" in texts(app, "caption")
        edit_cells(app, editor_key(2, 0, workspace, {}), {0: {"现行有效件数": 4}})
        assert store.workspaces.get(workspace.id).figures == {
            "t2.penalty.decisions": 3,
            "t2.rules.in_force": 4,
        }

    def test_a_pasted_grid_with_a_missing_column_is_explained_and_nothing_is_lost(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """The message names the row and the missing column; earlier figures and the paste stay."""
        store.workspaces.save_figures(workspace.id, {"t2.penalty.decisions": 3}, base_version=0)
        app = open_page("figures")
        app.text_area(key="paste-box").input("行政复议\t1\t0\t0").run()
        app.button(key="paste-read").click().run()
        assert "缺少第 4 列“尚未审结”" in texts(app, "error")
        assert store.workspaces.get(workspace.id).figures == {"t2.penalty.decisions": 3}
        assert app.text_area(key="paste-box").value == "行政复议\t1\t0\t0"

    def test_a_negative_count_pasted_is_named_and_not_taken(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """A pasted −3 is refused with the cell named."""
        app = open_page("figures")
        app.text_area(key="paste-box").input("一、本年新收政府信息公开申请数量\t-3\t0\t0\t0\t0\t0\t-3").run()
        app.button(key="paste-read").click().run()
        assert "不能为负数" in texts(app, "error")
        assert store.workspaces.get(workspace.id).figures == {}

    def test_a_negative_count_typed_in_the_grid_is_named_and_not_saved(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """Typing −1 in table 4 shows where the problem is; the saved figures stay as they were."""
        app = open_page("figures")
        edit_cells(app, editor_key(4, 0, workspace, {}), {0: {"结果维持": -1}})
        assert "表四“行政复议”行“结果维持”列：不能为负数（填写的是 -1）" in texts(app, "error")
        assert store.workspaces.get(workspace.id).figures == {}

    def test_fixing_a_cell_in_the_grid_clears_the_finding(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """Two requests received, none answered (R1); entering 2 under 予以公开 clears it."""
        store.workspaces.save_figures(workspace.id, {"t3.new.natural": 2}, base_version=0)
        app = open_page("figures")
        assert "R1" in texts(app, "error")
        edit_cells(app, editor_key(3, 0, workspace, {"t3.new.natural": 2}), {2: {"自然人": 2}})
        assert store.workspaces.get(workspace.id).figures == {"t3.new.natural": 2, "t3.disclosed.natural": 2}
        assert "R1" not in texts(app, "error")

    def test_an_empty_workspace_is_not_said_to_pass_the_check(
        self, open_page: OpenPage, workspace: Workspace
    ) -> None:
        """Nothing entered yet: the panel says so instead of 检查通过."""
        app = open_page("figures")
        assert "检查通过" not in texts(app, "success")
        assert "尚未填写数据" in texts(app, "info")

    def test_a_refused_cell_keeps_the_check_from_passing(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """A −3 typed in a grid beside balanced figures: the panel names the refused cell, never 检查通过."""
        balanced(store, workspace)
        figures = store.workspaces.get(workspace.id).figures
        app = open_page("figures")
        edit_cells(app, editor_key(4, 0, workspace, figures), {0: {"结果维持": -3}})
        assert "检查通过" not in texts(app, "success")
        assert "表格中有 **1** 处填写有误" in texts(app, "error")

    def test_an_image_upload_is_refused_in_chinese(self, open_page: OpenPage, workspace: Workspace) -> None:
        """A PNG given as a report is named with the formats that can be read."""
        app = open_page("figures")
        app.file_uploader(key="import-file").upload("扫描件.png", b"\x89PNG\r\n\x1a\n").run()
        app.button(key="import-go").click().run()
        assert (
            texts(app, "error")
            == "扫描件.png：不支持的文件格式“.png”，请使用 .docx、.pdf、.html、.txt 或 .md。"
        )

    def test_a_corrupt_document_import_is_explained(self, open_page: OpenPage, workspace: Workspace) -> None:
        """A .docx that is not a Word file gives a message naming it once, and no internal name."""
        app = open_page("figures")
        app.file_uploader(key="import-file").upload("上年年报.docx", b"this is not a zip").run()
        app.button(key="import-go").click().run()
        assert texts(app, "error").startswith("上年年报.docx：不是有效的 .docx 文件")
        assert texts(app, "error").count("上年年报.docx") == 1


class TestComparePage:
    def test_without_last_year_the_page_says_what_to_do(
        self, open_page: OpenPage, workspace: Workspace
    ) -> None:
        """No last year's report: a hint to upload one."""
        app = open_page("compare")
        assert "尚未指定上年年报" in texts(app, "info")

    def test_last_years_saved_work_is_compared_part_by_part(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """A copied paragraph is highlighted and the changed figures counted."""
        copied = "本镇持续深化政务公开标准化规范化建设，围绕群众关切的重点领域信息做好公开工作。"
        last = store.workspaces.open(AGENCY, 2023, level="乡镇", is_people_government=True)
        store.workspaces.save_figures(last.id, {"t2.penalty.decisions": 1}, base_version=0)
        store.parts.save(last.id, "五", copied, base_version=0)
        store.workspaces.save_figures(workspace.id, {"t2.penalty.decisions": 3}, base_version=0)
        store.parts.save(workspace.id, "五", copied, base_version=0)
        app = open_page("compare")
        assert {m.label: m.value for m in app.metric}["数据变化项"] == "1"
        assert "background:#fff1c2" in html_shown(app)
        assert not app.exception

    def test_figures_not_yet_entered_are_counted_apart_from_changes(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """No figures this year: 数据变化项 0, and the empty cells said as 本年未填."""
        last = store.workspaces.open(AGENCY, 2023, level="乡镇", is_people_government=True)
        store.workspaces.save_figures(last.id, {"t2.penalty.decisions": 1}, base_version=0)
        store.parts.save(workspace.id, "一", "本年持续推进政务公开工作。", base_version=0)
        app = open_page("compare")
        assert {m.label: m.value for m in app.metric}["数据变化项"] == "0"
        assert "本年未填" in texts(app, "caption")

    def test_a_part_only_last_year_wrote_is_shown_as_not_yet_written(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """Last year's part 五 appears beside this year's empty draft of it."""
        last = store.workspaces.open(AGENCY, 2023, level="乡镇", is_people_government=True)
        store.parts.save(last.id, "五", "一是公开内容不够全面。", base_version=0)
        store.parts.save(workspace.id, "一", "本年持续推进政务公开工作。", base_version=0)
        app = open_page("compare")
        labels = [e.label for e in app.expander]
        assert "五、存在的主要问题及改进情况　·　本年尚未填写" in labels
        assert "一是公开内容不够全面。" in html_shown(app)

    def test_another_agencys_report_as_last_year_is_warned_as_the_cli_words_it(
        self, open_page: OpenPage, store: Store, workspace: Workspace, tmp_path: Path
    ) -> None:
        """平潭's 2023 report given as a town's last year: the page says what `gongkai compare` says."""
        other = Report(agency=Agency(name="平潭综合实验区管委会"), year=2023, figures=complete({}))
        path = write_report(other, tmp_path / "平潭2023.docx")
        app = open_page("compare")
        app.file_uploader(key="last-year").upload("平潭2023.docx", path.read_bytes()).run()
        app.button(key="set-last-year").click().run()
        expected = last_year_mismatch(store.workspaces.get(workspace.id).as_report(), other)
        assert expected is not None
        assert f"注意：{expected}" in texts(app, "warning")

    def test_a_web_address_in_a_paragraph_is_not_turned_into_a_link(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """The words after www.… stay plain text in the part-by-part view."""
        said = "本报告电子版可在www.qingchuan.gov.cn查阅，如有疑问请联系党政办。"
        last = store.workspaces.open(AGENCY, 2023, level="乡镇", is_people_government=True)
        store.parts.save(last.id, "序言", said, base_version=0)
        store.parts.save(workspace.id, "序言", said, base_version=0)
        app = open_page("compare")
        assert said in html_shown(app) and "<a " not in html_shown(app)

    def test_a_corrupt_last_year_upload_is_explained(self, open_page: OpenPage, workspace: Workspace) -> None:
        """An unreadable file is refused with its name said once; nothing is set."""
        app = open_page("compare")
        app.file_uploader(key="last-year").upload("2023年报.docx", b"PK-not-really-a-zip").run()
        app.button(key="set-last-year").click().run()
        assert texts(app, "error").startswith("2023年报.docx：不是有效的 .docx 文件")
        assert texts(app, "error").count("2023年报.docx") == 1

    def test_a_corrupt_upload_named_like_last_years_report_keeps_the_good_one(
        self, open_page: OpenPage, store: Store, workspace: Workspace, tmp_path: Path
    ) -> None:
        """A damaged file with the same name as the report in use is refused; the report stays in use."""
        good = last_year_docx(tmp_path / "2023年报.docx").read_bytes()
        app = open_page("compare")
        app.file_uploader(key="last-year").upload("2023年报.docx", good).run()
        app.button(key="set-last-year").click().run()
        in_use = store.workspaces.get(workspace.id).last_year_source
        app.file_uploader(key="last-year").upload("2023年报.docx", b"PK-not-really-a-zip").run()
        app.button(key="set-last-year").click().run()
        assert "不是有效的 .docx 文件" in texts(app, "error")
        assert store.workspaces.get(workspace.id).last_year_source == in_use
        assert Path(in_use).read_bytes() == good
        app = open_page("compare")
        assert "数据变化项" in {m.label for m in app.metric}
        assert "已不存在" not in everything(app)


class TestReviewPage:
    def test_a_report_is_checked_and_compared_without_a_workspace(
        self, open_page: OpenPage, store: Store, tmp_path: Path
    ) -> None:
        """A report with an R1 imbalance and last year's: findings and the comparison, and no workspace."""
        this = Report(
            agency=Agency(name=AGENCY, level=AgencyLevel.TOWN, is_people_government=True),
            year=2024,
            figures=complete({"t3.new.natural": 2}),
        )
        this_path = write_report(this, tmp_path / "清溪镇2024.docx")
        last_path = last_year_docx(tmp_path / "清溪镇2023.docx")
        app = open_page("review")
        app.file_uploader(key="review-this").upload("清溪镇2024.docx", this_path.read_bytes())
        app.file_uploader(key="review-last").upload("清溪镇2023.docx", last_path.read_bytes())
        app.button[0].click().run()
        assert not app.exception, [e.value for e in app.exception]
        assert "R1" in texts(app, "error")
        assert "与 2023 年度年报对比" in texts(app, "subheader")
        assert len(app.get("download_button")) == 1
        assert store.workspaces.all() == []


class TestCorpusPage:
    def test_documents_are_uploaded_indexed_listed_searched_and_deleted(
        self, open_page: OpenPage, tmp_path: Path
    ) -> None:
        """A report is indexed and found with its citation; a broken file is named; delete removes it."""
        report = (ROOT / "corpus" / "reports" / "qingxi-2024.md").read_bytes()
        app = open_page("corpus")
        app.file_uploader[0].set_value(
            [("qingxi-2024.md", report, "text/markdown"), ("坏文件.docx", b"not a zip", "application/zip")]
        )
        app.radio[0].set_value("年报")
        app.button[0].click().run()
        assert "坏文件.docx" in texts(app, "error")
        assert "qingxi-2024.md" in texts(app, "markdown")
        app.text_input[0].input("政府信息公开平台建设").run()
        assert "qingxi-2024.md" in texts(app, "markdown")
        app.button(key=next(b.key for b in app.button if b.key and b.key.startswith("remove-"))).click().run()
        assert "语料库为空" in texts(app, "info")

    def test_the_year_filter_starts_empty_and_narrows_the_search(self, open_page: OpenPage) -> None:
        """No year means every year; a year the report is not of finds nothing."""
        report = (ROOT / "corpus" / "reports" / "qingxi-2024.md").read_bytes()
        app = open_page("corpus")
        app.file_uploader[0].set_value([("qingxi-2024.md", report, "text/markdown")])
        app.button[0].click().run()
        year = next(box for box in app.number_input if box.label == "年度")
        assert year.value is None
        app.text_input[0].input("政府信息公开平台建设").run()
        assert "qingxi-2024.md" in texts(app, "markdown")
        year.set_value(2019).run()
        assert "没有找到相关内容" in texts(app, "info")

    def test_a_corrupt_upload_named_like_an_indexed_report_keeps_it_indexed(
        self, open_page: OpenPage, tmp_path: Path
    ) -> None:
        """The damaged file is refused in Chinese; the indexed file stays on disk and searchable."""
        good = last_year_docx(tmp_path / "清溪镇2023.docx").read_bytes()
        app = open_page("corpus")
        app.file_uploader[0].set_value([("清溪镇2023.docx", good, "application/octet-stream")])
        app.radio[0].set_value("年报")
        app.button[0].click().run()
        app.file_uploader[0].set_value([("清溪镇2023.docx", b"not a zip", "application/octet-stream")])
        app.button[0].click().run()
        assert texts(app, "error").startswith("清溪镇2023.docx：不是有效的 .docx 文件")
        assert "Error" not in texts(app, "error")
        assert (bootstrap().settings.data_dir / "corpus" / "清溪镇2023.docx").read_bytes() == good
        app = open_page("corpus")
        app.text_input[0].input("公开内容不够全面").run()
        assert "公开内容不够全面" in texts(app, "markdown")


class TestExportPage:
    def test_an_error_blocks_the_export_with_an_explanation(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """With an R1 error there is no download, and the page says why."""
        store.workspaces.save_figures(workspace.id, {"t3.new.natural": 2}, base_version=0)
        app = open_page("export")
        assert "暂不能导出" in texts(app, "error")
        assert len(app.download_button) == 0

    def test_warnings_must_be_confirmed_before_the_download(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """Warnings (parts still empty) disable the download until the checkbox is ticked."""
        balanced(store, workspace)
        store.parts.save(workspace.id, "六", "本年度未收取信息处理费。", base_version=0)
        app = open_page("export")
        assert "条提醒" in texts(app, "warning")
        assert len(app.download_button) == 0
        app.checkbox[0].check().run()
        assert len(app.download_button) == 1

    def test_a_draft_still_marked_for_checking_must_be_confirmed_before_the_download(
        self, open_page: OpenPage, store: Store, workspace: Workspace
    ) -> None:
        """A part with 【请核实】 is named, and the download waits for the confirmation."""
        balanced(store, workspace)
        for place, text in {
            "序言": "依照条例编制本报告。",
            "一": "2024年，本镇持续推进政务公开。",
            "（一）": "主动公开各类信息。",
            "（二）": "本年度受理申请2件，其中自然人2件。予以公开2件。",
            "（三）": "规范信息管理。",
            "（四）": "维护政府网站。",
            "（五）": "纳入工作考核，开展社会评议，未发生责任追究事项。",
            "五": "一是解读形式单一。下一步将制作图解。",
            "六": "本年度未收取信息处理费【请核实】。",
        }.items():
            store.parts.save(workspace.id, place, text, base_version=0)
        app = open_page("export")
        assert "六、其他需要报告的事项" in texts(app, "warning")
        assert len(app.download_button) == 0
        app.checkbox[0].check().run()
        assert len(app.download_button) == 1


class TestSettingsPage:
    def test_a_saved_key_is_never_shown_back_in_full(self, open_page: OpenPage) -> None:
        """The key is saved to settings.json, and the page shows only its last four characters."""
        app = open_page("settings")
        app.selectbox(key="llm-provider").set_value("openai")
        app.text_input(key="llm-base-url").input("http://127.0.0.1:9/v1")
        app.text_input(key="llm-model").input("qwen2.5")
        app.text_input(key="llm-key").input("sk-abcdefgh12345678")
        app.button[0].click().run()
        saved = json.loads((bootstrap().settings.data_dir / "settings.json").read_text(encoding="utf-8"))
        assert saved["llm_model"] == "qwen2.5" and saved["llm_api_key"] == "sk-abcdefgh12345678"
        st.cache_resource.clear()
        app = open_page("settings")
        assert app.text_input(key="llm-key").value == ""
        assert "********5678" in app.text_input(key="llm-key").placeholder
        assert "sk-abcdefgh12345678" not in everything(app)

    def test_right_after_saving_the_key_field_is_emptied_and_shows_the_masked_key(
        self, open_page: OpenPage
    ) -> None:
        """The typed key does not stay in the field (its eye icon would reveal it) once saved."""
        app = open_page("settings")
        app.selectbox(key="llm-provider").set_value("openai")
        app.text_input(key="llm-model").input("qwen2.5")
        app.text_input(key="llm-key").input("sk-abcdefgh12345678")
        app.button[0].click().run()
        assert not app.exception, [e.value for e in app.exception]
        assert "设置已保存" in texts(app, "success")
        assert app.text_input(key="llm-key").value == ""
        assert "********5678" in app.text_input(key="llm-key").placeholder
        assert app.text_input(key="llm-model").value == "qwen2.5"

    def test_the_connection_test_says_when_no_model_is_configured(self, open_page: OpenPage) -> None:
        """Without a model the test explains that drafting runs offline."""
        app = open_page("settings")
        app.button(key="test-model").click().run()
        assert "尚未配置大模型" in texts(app, "error")

    def test_a_connection_test_against_a_dead_address_says_what_to_check_in_chinese(
        self, open_page: OpenPage
    ) -> None:
        """Nothing listens on the address: the message names the likely causes, not the provider's English."""
        bootstrap().settings.save_choices(
            {"llm_provider": "openai", "llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "qwen2.5"}
        )
        app = open_page("settings")
        app.button(key="test-model").click().run()
        message = texts(app, "error")
        assert "无法连接到大模型接口" in message and "接口地址" in message
        assert "Connection" not in message

    def test_the_connection_test_reports_the_models_answer(
        self, open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A model that answers is reported as connected."""
        model = FakeToolCallingModel(responses=[AIMessage(content="连接正常")])
        monkeypatch.setattr(Services, "chat_model", lambda self: model)
        app = open_page("settings")
        app.button(key="test-model").click().run()
        assert "连接成功" in texts(app, "success")
