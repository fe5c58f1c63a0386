"""对话起草: the report as it will print, each part edited in place and saved while typing,
with the chat beside it; requests are answered in the server and survive a reload.  A
reviewer reads the same report, with the chat's record and the 审核意见 beside it."""

from __future__ import annotations

import html
import time
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st
from comments import comments_panel
from common import require_desk
from editor import editor, take

from assistant.domain.report import Part, Place
from assistant.domain.years import chinese_date
from assistant.errors import GongkaiError
from assistant.render.document import TABLE_CSS, TABLE_PARTS, tables_html

if TYPE_CHECKING:
    from assistant.service.desk import Desk
    from assistant.store.chat import ChatMessage, Turn

FOLLOW_SECONDS = 0.25
DOCUMENT_PARTS = (Part.PREAMBLE, Part.OVERVIEW, *TABLE_PARTS, Part.PROBLEMS, Part.OTHER_MATTERS)

desk = require_desk()
workspace = desk.workspace


def part_key(place: Place) -> str:
    return f"part-{workspace.id}-{place.value}"


def save_part(place: Place):  # type: ignore[no-untyped-def]
    def save(text: str, base: int) -> str | None:
        try:
            desk.texts.save(place, text, base_version=base)
        except GongkaiError as error:
            return error.message
        return None

    return save


def save_signature(field: str):  # type: ignore[no-untyped-def]
    def save(text: str, _base: int) -> str | None:
        current = desk.workspace
        signatory = current.signatory or current.agency
        published = current.published
        try:
            if field == "agency":
                signatory = text or current.agency
            else:
                published = date.fromisoformat(text) if text else None
            desk.set_signature(signatory, published)
        except ValueError:
            return "日期格式不正确，请按“年-月-日”填写。"
        except GongkaiError as error:
            return error.message
        return None

    return save


# What was typed since the last run is saved first, so the page is drawn from it.
editable = desk.may_edit
if editable:
    for place in Place:
        take(part_key(place), save_part(place))
    take(f"sign-agency-{workspace.id}", save_signature("agency"))
    take(f"sign-date-{workspace.id}", save_signature("date"))
workspace = desk.workspace


def history(place: Place) -> None:
    """The place's earlier versions, each with its first words and a button to restore it."""
    versions = desk.texts.history(place)
    with st.popover("版本", icon=":material/history:", disabled=len(versions) < 2, type="tertiary"):
        for version in versions:
            current = version.version == workspace.version(place)
            st.markdown(
                f"**第 {version.version} 版**　{version.author}　{version.saved_label}"
                + ("　（当前）" if current else "")
            )
            st.caption(version.text[:120] + ("…" if len(version.text) > 120 else ""))
            if (
                editable
                and not current
                and st.button(
                    "恢复此版本",
                    key=f"restore-{workspace.id}-{place.value}-{version.version}",
                    type="secondary",
                )
            ):
                try:
                    restored = desk.texts.restore(place, version.version)
                except GongkaiError as error:
                    st.error(error.message)
                else:
                    st.toast(f"已恢复为第 {version.version} 版的内容（保存为第 {restored.version} 版）")
                    st.rerun()


def heading(text: str, level: int = 1) -> None:
    """A heading as the report prints it: 黑体 for a part, 楷体 for a sub-part."""
    st.markdown(f"<div class='doc-h{level}'>{html.escape(text)}</div>", unsafe_allow_html=True)


def read_only(text: str, saved: str) -> None:
    """A part as a reviewer reads it: its paragraphs, and which version they are."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    st.markdown(f"<div class='doc-text'>{paragraphs or '<p>（未填写）</p>'}</div>", unsafe_allow_html=True)
    if saved:
        st.caption(saved)


def place_editor(place: Place, title: str, level: int = 1) -> None:
    left, versions = st.columns([4, 1], vertical_alignment="center")
    with left:
        heading(title, level)
    with versions:
        history(place)
    saved = workspace.parts.get(place.value)
    if not editable:
        read_only(
            workspace.text(place),
            f"第 {saved.version} 版 · {saved.author} · {saved.saved_label}" if saved else "",
        )
        return
    editor(
        part_key(place),
        workspace.text(place),
        workspace.version(place),
        label=place.label,
        saved=f"第 {saved.version} 版 · {saved.saved_label}" if saved else "",
        placeholder="在此输入，或在右侧让助手起草；输入后自动保存。",
    )


def document() -> None:
    report = desk.report()
    tables = tables_html(report)
    with st.container(key="report-title"):
        st.markdown(report.title)
    for part in DOCUMENT_PARTS:
        if part is Part.PREAMBLE:
            place_editor(Place.PREAMBLE, "序言")
        elif part is Part.OVERVIEW:
            place_editor(Place.OVERVIEW, part.heading)
            for place in Place.in_part(Part.OVERVIEW)[1:]:
                assert place.subpart is not None
                place_editor(place, f"{place.subpart.value}{place.subpart.subject}", 2)
        elif part in tables:
            heading(part.heading)
            st.html(TABLE_CSS + tables[part])
            if note := workspace.table_notes.get(part):
                st.caption(note)
        else:
            place_editor(Place.of(part), part.heading)
    st.page_link("views/figures.py", label="在“数据录入”页填写或修改表格数字", icon=":material/table_chart:")
    with st.container(key="signature"):
        heading("落款")
        if not editable:
            printed = chinese_date(workspace.published) if workspace.published else "（未填写）"
            st.caption(f"印作：{workspace.signatory or workspace.agency}　{printed}。")
            return
        editor(
            f"sign-agency-{workspace.id}",
            workspace.signatory or workspace.agency,
            0,
            label="落款机关",
            kind="line",
            placeholder=workspace.agency,
        )
        editor(
            f"sign-date-{workspace.id}",
            workspace.published.isoformat() if workspace.published else "",
            0,
            label="成文日期",
            kind="date",
        )
        printed = chinese_date(workspace.published) if workspace.published else "（未填写）"
        st.caption(f"印作：{workspace.signatory or workspace.agency}　{printed}。导出的 Word 文档以此结尾。")


# --- the chat ----------------------------------------------------------------------


def citations_of(message: ChatMessage) -> None:
    citations = message.extra.get("citations")
    if not isinstance(citations, list) or not citations:
        return
    with st.expander(f"出处（{len(citations)}）"):
        for citation in citations:
            where = "，".join(
                str(bit)
                for bit in (
                    citation.get("file"),
                    citation.get("agency"),
                    f"{citation['year']}年" if citation.get("year") else None,
                    citation.get("article") or citation.get("part"),
                )
                if bit
            )
            st.markdown(f"**{where}**")
            if citation.get("quote"):
                st.caption(citation["quote"])


def extras(message: ChatMessage, index: int, last: bool) -> None:
    """Under an answer: its sources, the button that saves its draft, the undo of noted
    facts, and after the latest answer the suggested next steps."""
    citations_of(message)
    if not editable:
        return
    drafted = desk.drafted_in(message)
    if drafted is not None:
        current = desk.workspace
        if all(current.text(place) == text for place, text in drafted.texts.items()):
            st.caption(":material/check_circle: 已写入工作区")
        elif st.button("写入工作区", key=f"save-draft-{index}", icon=":material/save:"):
            try:
                desk.texts.save_draft(drafted)
            except GongkaiError as error:
                st.error(error.message)
            else:
                st.toast("已写入工作区")
                st.rerun()
    added = message.extra.get("notes_added")
    if isinstance(added, list) and added:
        present = set(desk.workspace.notes.splitlines())
        if not present & set(added):
            st.caption(":material/undo: 已从工作要点中撤销")
        elif st.button("撤销", key=f"undo-notes-{index}", icon=":material/undo:", type="tertiary"):
            desk.remove_notes([str(line) for line in added])
            st.toast("已从工作要点中撤销")
            st.rerun()
    suggestions = message.extra.get("suggestions")
    if last and isinstance(suggestions, list) and suggestions:
        st.caption("接下来可以说：")
        for number, suggestion in enumerate(suggestions[:2]):
            if st.button(f"“{suggestion}”", key=f"suggest-{index}-{number}", type="tertiary"):
                st.session_state["suggested"] = str(suggestion)
                st.rerun()


def follow(turns: list[Turn], place: st.delta_generator.DeltaGenerator) -> None:
    """Show the requests being answered as their answers grow, until all are answered;
    the page is then drawn again with the answers as messages."""
    while turns:
        with place.container():
            for turn in turns:
                with st.chat_message("assistant"):
                    if turn.progress:
                        st.markdown(turn.progress + " ▌")
                    elif turn.status == "queued":
                        st.caption("排队中：上一条处理完后接着处理……")
                    else:
                        st.caption("正在处理……")
        time.sleep(FOLLOW_SECONDS)
        turns = desk.pending_turns()
    st.rerun()


def chat(desk: Desk) -> None:
    with st.container(key="chat-panel"):
        top, clear = st.columns([3, 1], vertical_alignment="center")
        top.markdown("#### 对话")
        history = desk.messages()
        if (
            editable
            and history
            and clear.button("清空", type="tertiary", icon=":material/delete_sweep:", key="clear-chat")
        ):
            desk.clear_messages()
            st.rerun()
        pending = desk.pending_turns()
        with st.container(key="chat-messages", height=560, autoscroll=True):
            if not editable:
                st.caption("编写人与助手的对话记录（只读）。")
            else:
                with st.chat_message("assistant"):
                    st.markdown(
                        "您好！我是年报助手。左边是年报全文，可直接修改，输入后自动保存。可以这样说：\n"
                        "- “起草总体情况”“起草全文，直接写入”\n"
                        "- “把平台建设写得更简洁一些”\n"
                        "- “今年新开了抖音号，网站更新信息120条”（记入工作要点）\n"
                        "- 粘贴 Excel 表格，或“新收申请12件，其中自然人10件……”\n"
                        "- “看看表格有没有错误”“和去年比有什么变化”“去年平台建设怎么写的？”"
                    )
            answered = max((i for i, m in enumerate(history) if m.role == "assistant"), default=-1)
            for index, message in enumerate(history):
                with st.chat_message(message.role):
                    st.markdown(message.content)
                    if message.role == "assistant":
                        extras(message, index, last=index == answered and not pending)
            following = st.empty()
        prompt = (
            st.chat_input("输入要求，或粘贴数据……") or st.session_state.pop("suggested", None)
            if editable
            else None
        )
    if prompt:
        desk.ask(prompt)
        st.rerun()
    if pending:
        follow(pending, following)


document_column, chat_column = st.columns([11, 9], gap="large")
with chat_column:
    st.caption(f"{workspace.label}　·　对话起草")
with document_column, st.container(key="document"):
    document()
with chat_column:
    if editable:
        chat(desk)
        comments_panel(desk)
    else:
        comments_panel(desk)
        chat(desk)
