"""区域审核: a county's office uploads the reports of its departments and towns (a folder as
one .zip, or several files) and sees them reviewed and summed: the per-agency table, the
problems by rule, who is missing or sent twice, one agency in detail with its memo, the
summed tables, and the county's own workspace started from them.  The batch runs once per
set of uploads; its result stays in the session, so a click elsewhere on the page does not
review anything again.  Nothing uploaded is kept."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st
from common import WORKSPACE_KEY, office

from assistant.domain.aggregate import find_cells
from assistant.domain.layout import cell_name
from assistant.domain.region import RULE_TITLES, AgencyReview, with_rule
from assistant.errors import GongkaiError
from assistant.render import findings as rendered
from assistant.render.charts import rule_rows, rule_spec
from assistant.render.region import TABLE_FIGURES, agency_facts, agency_table, sent, table_figure
from assistant.service.region_uploads import RegionRequest, ReviewedRegion, Upload

RESULT = "region-result"
REMARKS = "region-remarks"
NOT_SAVED = "（不使用）"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

st.header("区域审核")
st.caption(
    "一次审核一个地区（如一个县的各部门和乡镇）报送的全部年报：逐个机关的错误和提醒、未报送和重复报送、"
    "各规则的问题数，并把各机关的表格逐格汇总为本级数据。上传的文件审核后即删除，不保存。"
)

access = office().access
access.require_region_review(None)
# A reviewer reviews the region named on their account: it is chosen, with its members' workspaces.
own_region = access.reviewed_region
saved_regions = office().saved_regions()
if own_region is not None and not saved_regions:
    st.info(
        f"您负责审核的地区“{own_region}”尚未保存（管理员可用 gongkai region add 保存），可先上传年报审核。"
    )
with st.form("region", border=False):
    left, right = st.columns(2, gap="large")
    with left:
        reports = st.file_uploader(
            "本年度的年报（可多选；一个文件夹的年报可压缩为 .zip 上传）",
            accept_multiple_files=True,
            key="region-reports",
        )
        last_year = st.file_uploader(
            "上一年度的年报（可选，用于核对结转衔接和重复率）",
            accept_multiple_files=True,
            key="region-last-year",
        )
    with right:
        year = st.number_input(
            "审核年度",
            min_value=2008,
            max_value=2100,
            value=office().default_year(),
            step=1,
            key="region-year",
        )
        agency_list = st.file_uploader(
            "机关名单（可选，.xlsx 或 .csv：第一列机关名称，第二列类别），用于找出未报送的机关",
            key="region-list",
        )
        saved = NOT_SAVED
        member_workspaces = False
        if saved_regions:
            choices = saved_regions if own_region is not None else [NOT_SAVED, *saved_regions]
            saved = st.selectbox("或选用已保存的地区（名单）", choices, key="region-saved")
            member_workspaces = st.checkbox(
                "同时审核该地区各机关在本系统中的工作区",
                value=own_region is not None,
                key="region-workspaces",
            )
        name = st.text_input("地区名称（可选）", placeholder="例如：青川县；默认取名单或压缩包的名称")
    started = st.form_submit_button("开始审核", type="primary", icon=":material/fact_check:")

if started:
    request = RegionRequest(
        reports=tuple(Upload(file.name, file.getvalue()) for file in reports or ()),
        last_year=tuple(Upload(file.name, file.getvalue()) for file in last_year or ()),
        agency_list=Upload(agency_list.name, agency_list.getvalue()) if agency_list is not None else None,
        saved=None if saved == NOT_SAVED else saved,
        member_workspaces=member_workspaces,
        year=int(year),
        name=name,
    )
    held: ReviewedRegion | None = st.session_state.get(RESULT)
    if held is None or held.key != request.key:
        bar = st.progress(0.0, text="正在审核…")

        def progress(done: int, total: int, what: str) -> None:
            bar.progress(done / max(total, 1), text=f"{what}：{done}/{total}")

        try:
            st.session_state[RESULT] = office().review_region(request, progress)
        except GongkaiError as error:
            st.session_state.pop(RESULT, None)
            st.error(error.message, icon=":material/error:")
        bar.empty()

reviewed: ReviewedRegion | None = st.session_state.get(RESULT)
if reviewed is None:
    st.stop()
review, aggregate = reviewed.result.review, reviewed.result.aggregate
tally = review.tally

st.subheader(f"{review.region}{review.year}年度" if review.year else review.region, anchor=False)
counts = {
    **({"名单机关": len(review.members)} if review.members else {}),
    "收到报告": tally["received"],
    "有错误": tally["with_errors"],
    "仅有提醒": tally["warnings_only"],
    "未发现问题": tally["clean"],
    **({"未报送": len(review.missing)} if review.members else {}),
}
for column, (label, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(label, value)

if review.missing:
    st.warning(
        f"未报送 {len(review.missing)} 个：{'、'.join(m.name for m in review.missing)}",
        icon=":material/inbox:",
    )
for duplicate in review.duplicate_list:
    st.warning(f"重复报送：{duplicate.agency}（{'、'.join(duplicate.sources)}），只计入第一份。")
if review.unlisted:
    st.info(f"不在名单中的机关：{'、'.join(review.unlisted)}")
for item in review.unreadable:
    st.error(f"无法读取：{item.reason}", icon=":material/error:")
for item in review.other_years:
    st.info(f"其他年度，未审核：{item.reason}")
left_out = [*reviewed.left_out, *(item.reason for item in review.skipped)]
if left_out:
    with st.expander(f"未审核的文件（{len(left_out)}）"):
        for line in left_out:
            st.caption(line)

reviewer = st.text_input(
    "审核单位（审核意见的落款，可选）",
    placeholder=f"默认：{review.region}政务公开工作主管部门",
    key="region-reviewer",
)
first, second = st.columns(2)
first.download_button(
    "下载区域审核汇总（.docx）",
    partial(reviewed.summary, reviewer=reviewer),
    file_name=f"{review.region}{review.year or ''}年报审核汇总.docx",
    mime=DOCX,
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)
second.download_button(
    "下载汇总表（.xlsx）",
    reviewed.workbook,
    file_name=f"{review.region}{review.year or ''}汇总.xlsx",
    mime=XLSX,
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)

by_agency, by_rule, detail, summed = st.tabs(
    ["逐个机关", "问题统计", "机关详情", "汇总数据"], key="region-tab"
)

with by_agency:
    filters: dict[str, str | None] = {"全部机关": None}
    filters |= {
        f"{rule} {RULE_TITLES.get(rule, '')}（{agencies} 份）": rule
        for rule, _, agencies in review.rule_counts
    }
    chosen = st.selectbox("按规则筛选", list(filters), key="region-filter")
    rule = filters[chosen]
    rows = with_rule(review.rows(), rule) if rule else review.rows()
    shown = {column: table_figure(template) for column, template in TABLE_FIGURES.items()}
    st.dataframe(pd.DataFrame(agency_table(rows)).style.format(shown), hide_index=True, width="stretch")
    st.caption("点击列标题可排序。")

with by_rule:
    if not review.rule_counts:
        st.success("收到的报告均未发现问题。", icon=":material/check_circle:")
    else:
        most = rule_rows(review, limit=10)
        st.markdown("**最常见的问题**（按涉及报告份数）")
        st.vega_lite_chart(most, rule_spec(), width="stretch", height=max(140, 36 * len(most)))
        st.dataframe(pd.DataFrame(rule_rows(review)), hide_index=True, width="stretch")


def _remember_remarks(key: str, widget: str) -> None:
    """Remarks kept apart from the widget: Streamlit forgets a widget's text once another
    agency's is drawn instead."""
    st.session_state.setdefault(REMARKS, {})[key] = st.session_state[widget]


def _agency_label(row: AgencyReview) -> str:
    return f"{row.agency}（{sent(row)}）" if row.duplicate_of or not row.received else row.agency


with detail:
    all_rows = review.rows()
    picked = st.selectbox(
        "机关", range(len(all_rows)), format_func=lambda i: _agency_label(all_rows[i]), key="region-agency"
    )
    row = all_rows[picked]
    if not row.received:
        st.warning("未收到该机关的报告。", icon=":material/inbox:")
    else:
        kind = f"（{row.kind.value}）" if row.kind else ""
        st.markdown(f"**{row.agency}**{kind}　`{row.source}`")
        st.caption(" · ".join(agency_facts(row)))
        a, b, c = st.columns(3)
        a.metric("错误 / 提醒", f"{len(row.errors)} / {len(row.warnings)}")
        b.metric("与上年重复率", f"{row.reuse:.0%}" if row.reuse is not None else "—")
        c.metric("结转衔接问题", len(row.carry_over) if row.last_year_source else "—")
        st.caption(
            f"对照的上年报告：{row.last_year_source}" if row.last_year_source else "未提供该机关的上年报告。"
        )
        if row.duplicate_of:
            st.info(f"该机关已报送 {row.duplicate_of}，本份为重复报送，未计入汇总。")
        for finding in row.findings:
            (st.error if finding.is_error else st.warning)(
                rendered.page_text(finding), icon=rendered.icon(finding)
            )
        if not row.findings:
            st.success("未发现错误或提醒。", icon=":material/check_circle:")
        if row.notes:
            with st.expander(f"读取说明（{len(row.notes)}）"):
                for note in row.notes:
                    st.caption(note)
        remarks_key = f"{row.agency}\0{row.source}"
        widget = f"region-remarks-{reviewed.key[:12]}-{picked}"
        remarks = st.text_area(
            "审核人意见（写入该机关的审核意见）",
            value=st.session_state.get(REMARKS, {}).get(remarks_key, ""),
            key=widget,
            on_change=_remember_remarks,
            args=(remarks_key, widget),
        )
        st.download_button(
            "下载该机关的审核意见（.docx）",
            partial(reviewed.memo, row, remarks=remarks, reviewer=reviewer),
            file_name=reviewed.memo_name(row),
            mime=DOCX,
            type="primary",
            icon=":material/download:",
            on_click="ignore",
        )


def _county_workspace() -> None:
    """The county's own workspace opened with the sum, its year and the agency typed here."""
    with st.form("county-workspace", border=False):
        county = st.text_input("本级机关名称", value=f"{review.region}人民政府", key="region-county")
        overwrite = st.checkbox("覆盖已有数据（工作区中已填的数字将被汇总数字替换）", key="region-overwrite")
        start = st.form_submit_button("用汇总数字建立本级年报的工作区", icon=":material/note_add:")
    if not start:
        return
    try:
        workspace = office().start_county_workspace(aggregate, county, replace=overwrite)
    except GongkaiError as error:
        st.error(error.message, icon=":material/error:")
        return
    st.session_state[WORKSPACE_KEY] = workspace.id
    st.success(
        f"汇总数字已写入工作区“{workspace.label}”，可在“数据录入”核对、在“对话起草”中起草本级年报。",
        icon=":material/check_circle:",
    )


with summed:
    st.markdown(f"已将 **{aggregate.count}** 份报告的表二至表四逐格相加，作为{review.region}的汇总数据。")
    sum_findings = aggregate.findings()
    if not sum_findings:
        st.success("汇总表勾稽关系核对无误。", icon=":material/check_circle:")
    else:
        st.markdown(f"汇总表勾稽关系核对：**{len(sum_findings)}** 处不符")
    for finding in sum_findings:
        st.error(rendered.page_text(finding), icon=rendered.icon(finding))
    for source in aggregate.sources_with_errors:
        rules = "、".join(sorted({finding.rule for finding in source.errors}))
        st.warning(f"{source.agency}（{source.source}）本身有错误（{rules}），已计入汇总，请核实后更正。")
    for item in aggregate.excluded:
        st.info(f"未计入：{item.agency}（{item.source}）：{item.reason}")

    query = st.text_input(
        "查看某一单元格来自哪些机关", placeholder="键名或行名中的文字，如 危及三安全一稳定", key="region-cell"
    )
    if query.strip():
        cells = find_cells(query.strip(), aggregate.format)
        if not cells:
            st.info(f"找不到单元格“{query.strip()}”：请写行名中的文字（如 危及三安全一稳定）或键名。")
        totals = aggregate.totals
        for key in cells:
            contributions = aggregate.contributions(key)
            st.markdown(
                f"**{cell_name(key, aggregate.format)}** ＝ {totals[key]}（{len(contributions)} 个机关）"
            )
            if contributions:
                st.dataframe(
                    pd.DataFrame(
                        [{"机关": c.agency, "文件": c.source, "数值": c.value} for c in contributions]
                    ),
                    hide_index=True,
                    width="stretch",
                )

    st.markdown("##### 起草本级年报")
    if access.may_create:
        _county_workspace()
    else:
        st.caption("用汇总数字建立本级年报的工作区须由管理员操作；可下载汇总表（.xlsx）交本级年报的编写人。")
