"""数据录入: tables 2–4 as editable grids, a paste box, import from a document, findings beside."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from common import require_desk
from editor import editor, take
from pandas.io.formats.style import Styler

from assistant.domain.findings import Finding
from assistant.domain.forms import CellProblem, Grid, check_grids, edit_grids, flagged_keys
from assistant.errors import GongkaiError
from assistant.render.figures import read_summary

desk = require_desk()
workspace = desk.workspace

st.header("数据录入")
st.caption(
    f"{workspace.label}　·　在表格中直接填写，或粘贴 Excel/WPS 表格、文字，或从文档导入。合计由系统自动计算。"
)

# Pixels of the grid's header text and chrome, to size number columns to their headers.
CHAR_WIDTH, PADDING, ICON_WIDTH, NUMBER_WIDTH, LABEL_WIDTH = 14, 16, 16, 56, 218
COLOURS = {"error": "background-color: #fde2e1; color: #a4262c", "warning": "background-color: #fff4ce"}


def grid_frame(grid: Grid, figures: dict[str, int | float], *, stated: bool = False) -> pd.DataFrame:
    return pd.DataFrame(
        grid.values(figures, stated=stated), index=list(grid.display_labels), columns=list(grid.column_labels)
    )


def column_config(grid: Grid) -> dict[str, st.column_config.Column]:
    """Number columns just wide enough for their official headers, so that 总计 is in view
    without scrolling; the label column takes the rest, and its help gives the official
    wording of the rows it shows shortened."""
    wording = "\n".join(f"- {short} {full}" for short, full in grid.shortened.items())
    config: dict[str, st.column_config.Column] = {
        "_index": st.column_config.TextColumn("项目", help=wording or None, width=LABEL_WIDTH)
    }
    for label in grid.column_labels:
        locked = label in grid.derived_columns
        width = CHAR_WIDTH * len(label) + (PADDING if locked else PADDING + ICON_WIDTH)
        config[label] = st.column_config.NumberColumn(label, width=max(width, NUMBER_WIDTH))
    return config


def highlighted(grid: Grid, figures: dict[str, int | float], flagged: dict[str, str]) -> Styler:
    """The printed table with the cells a finding names coloured by severity."""
    frame = grid_frame(grid, figures, stated=True)
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for r, row in enumerate(grid.keys):
        for c, key in enumerate(row):
            if key in flagged:
                styles.iat[r, c] = COLOURS[flagged[key]]
    return frame.style.apply(lambda _: styles, axis=None).format(plain_number)


def plain_number(value: object) -> str:
    """3 rather than 3.000000; an amount keeps its own decimals."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def show_findings(findings: list[Finding], problems: list[CellProblem], filled: bool) -> None:
    """The check beside the grids; it never says 检查通过 while a typed cell is refused or
    nothing has been entered yet."""
    if problems:
        st.error(
            f"表格中有 **{len(problems)}** 处填写有误（见表格下方的说明），改正前不会保存，"
            "以下检查结果不含这些单元格。",
            icon=":material/error:",
        )
    if not findings:
        if not filled:
            st.info("尚未填写数据。填写或导入后，这里列出检查结果。", icon=":material/info:")
        elif not problems:
            st.success("检查通过：没有发现错误或提醒。")
        return
    errors = [f for f in findings if f.is_error]
    st.markdown(f"**{len(errors)}** 处错误　**{len(findings) - len(errors)}** 条提醒")
    for finding in findings:
        body = f"**{finding.rule}**　{finding.message}"
        if finding.is_error:
            st.error(body, icon=":material/error:")
        else:
            st.warning(body, icon=":material/warning:")


def read_pasted() -> None:
    text = st.session_state.get("paste-box", "")
    if not text.strip():
        st.session_state["paste-result"] = ("error", "请先粘贴表格或输入文字。")
        return
    try:
        read = desk.figures.read(text)
        if read.figures:
            desk.figures.merge(read.figures)
    except GongkaiError as error:
        st.session_state["paste-result"] = ("error", error.message)
        return
    lines = [read_summary(read.figures), *read.notes]
    if read.unmatched:
        lines.append("未能确定位置（未写入）：" + "；".join(read.unmatched))
    st.session_state["paste-result"] = ("success" if read.figures else "warning", "\n\n".join(lines))
    st.session_state["paste-box"] = ""


if desk.may_edit:
    entry, imports = st.columns(2, gap="large")
    with entry, st.expander("粘贴数据", icon=":material/content_paste:", expanded=False):
        st.text_area(
            "从 Excel/WPS 复制表二、表三或表四粘贴到这里，也可以直接输入文字",
            key="paste-box",
            height=140,
            placeholder="例如：行政处罚3件，新收申请12件，其中自然人10件、商业企业2件；予以公开8件……",
        )
        st.button("读取并写入", on_click=read_pasted, type="primary", key="paste-read")
        if "paste-result" in st.session_state:
            kind, message = st.session_state["paste-result"]
            getattr(st, kind)(message)

    with imports, st.expander("从文档导入", icon=":material/upload_file:", expanded=False):
        upload = st.file_uploader("年报文件（docx、pdf、html、txt、md）", key="import-file")
        use = st.radio(
            "用作", ["本年数据", "上年年报（用于结转核对和对比）"], horizontal=True, key="import-use"
        )
        if upload is not None and st.button("导入", key="import-go"):
            try:
                if use == "本年数据":
                    report, filled = desk.import_document(upload.name, upload.getvalue())
                    st.success(
                        f"已从 {upload.name} 导入 {len(report.figures)} 项数据"
                        + (f"，并填入正文：{'、'.join(filled)}。" if filled else "。")
                    )
                else:
                    report = desk.use_as_last_year(upload.name, upload.getvalue())
                    st.success(f"已将 {upload.name} 设为上年年报（{report.year or '年度未识别'}）。")
            except GongkaiError as error:
                st.error(error.message)
            else:
                for note in report.notes[:8]:
                    st.caption(note)

notes_key = f"notes-{workspace.id}"
if desk.may_edit:
    take(notes_key, lambda text, _base: desk.set_notes(text))
with st.expander("本年工作要点（起草时使用）", icon=":material/edit_note:"):
    if not desk.may_edit:
        st.text(desk.workspace.notes or "（未填写）")
    else:
        st.caption("每行一条，输入后自动保存；起草时写进相应部分。也可以在对话中直接说“今年新开了抖音号……”。")
        editor(
            notes_key,
            desk.workspace.notes,
            0,
            label="本年工作要点",
            placeholder="如：今年新开设政务抖音号\n网站完成适老化改版\n开展业务培训3次",
        )

workspace = desk.workspace
try:
    findings = desk.findings()
except GongkaiError as error:
    findings = []
    st.error(error.message)
flagged = flagged_keys(findings)

problems: list[CellProblem] = []
with st.container(key="figures-layout"):
    grids_column, findings_column = st.columns([4, 1], gap="small")
with grids_column, st.container(key="grids"):
    editing, checking = edit_grids(workspace.format), check_grids(workspace.format)
    tabs = st.tabs([grids[0].title.split("　")[0] for grids in editing.values()])
    for tab, (table, grids) in zip(tabs, editing.items(), strict=True):
        with tab:
            st.markdown(f"**{grids[0].title}**")
            for index, grid in enumerate(grids):
                if grid.section:
                    st.caption(grid.section)
                edited = st.data_editor(
                    grid_frame(grid, workspace.figures),
                    key=f"grid-{table}-{index}-{workspace.id}-{grid.revision(workspace.figures)}",
                    disabled=list(grid.derived_columns) if desk.may_edit else True,
                    width="stretch",
                    height=min(38 + 35 * len(grid.row_labels), 820),
                    column_config=column_config(grid),
                )
                try:
                    saved = desk.figures.save_table(
                        grid, edited.values.tolist(), base_version=workspace.figures_version
                    )
                except GongkaiError as error:
                    st.error(error.message)
                else:
                    problems += saved.problems
                    for problem in saved.problems:
                        st.error(str(problem), icon=":material/error:")
                    if saved.problems:
                        st.caption("以上单元格改正前不会保存，已填写的其他内容保留在表格中。")
                    if saved.saved:
                        st.rerun()
            with st.expander("核对视图（含合计，问题单元格已标出）", expanded=bool(flagged)):
                for grid in checking[table]:
                    if grid.section:
                        st.caption(grid.section)
                    st.dataframe(
                        highlighted(grid, workspace.figures, flagged),
                        width="stretch",
                        column_config=column_config(grid),
                    )
with findings_column, st.container(key="check-panel"):
    st.subheader("检查结果")
    show_findings(findings, problems, bool(workspace.figures))
