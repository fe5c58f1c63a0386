"""What every page shares: the cached services, the current workspace and its picker.

Pages import this module; it renders nothing but the sidebar workspace picker and holds
no logic of its own beyond remembering which workspace the browser tab is on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from assistant.bootstrap import bootstrap
from assistant.errors import GongkaiError
from assistant.service.desk import Desk
from assistant.service.office import Office

if TYPE_CHECKING:
    from assistant.store.workspaces import Workspace

WORKSPACE_KEY = "workspace_id"
AGENCY_KINDS: dict[str, bool | None] = {"按名称判断": None, "人民政府": True, "其他行政机关": False}


@st.cache_resource(show_spinner=False)
def _office() -> Office:
    return Office(bootstrap())


def office() -> Office:
    """One ``Office`` per server process, built by the composition root; a settings
    problem is shown on the page instead of a traceback."""
    try:
        return _office()
    except GongkaiError as error:
        st.error(error.message)
        st.stop()


def _open_from_form() -> None:
    """The 新建或打开 button: open the workspace typed in and make it the current one (a
    callback, so that the picker drawn above the form already shows it)."""
    state = st.session_state
    try:
        workspace = office().open(
            state["new-agency"], int(state["new-year"]), people_government=AGENCY_KINDS[state["new-kind"]]
        )
    except GongkaiError as error:
        state["new-workspace-error"] = error.message
        return
    state.pop("new-workspace-error", None)
    state[WORKSPACE_KEY] = workspace.id


def _new_workspace_form() -> None:
    with st.form("new-workspace", border=False):
        st.text_input("机关名称", placeholder="例如：青川县清溪镇人民政府", key="new-agency")
        st.number_input(
            "报告年度", min_value=2008, max_value=2100, value=office().default_year(), step=1, key="new-year"
        )
        st.selectbox(
            "机关类型",
            list(AGENCY_KINDS),
            key="new-kind",
            help="人民政府的年报须在“（五）监督保障”中写明工作考核、社会评议和责任追究结果情况"
            "（条例第五十条第四项）。名称中没有“人民政府”但按人民政府报告的（如管委会），请选“人民政府”。",
        )
        st.form_submit_button("新建或打开", type="primary", width="stretch", on_click=_open_from_form)
    if message := st.session_state.get("new-workspace-error"):
        st.error(message)


def current_workspace() -> Workspace | None:
    """The workspace this tab works on: chosen in the sidebar, kept in the URL, or the
    most recently changed one, so that a reload or a restart finds the work again."""
    workspaces = office().workspaces()
    by_id = {w.id: w for w in workspaces}
    chosen = st.session_state.get(WORKSPACE_KEY)
    if chosen not in by_id and st.query_params.get("ws", "").isdigit():
        chosen = int(st.query_params["ws"])
    if chosen not in by_id and workspaces:
        chosen = workspaces[0].id
    with st.sidebar:
        st.markdown("#### 当前年报")
        if by_id:
            ids = sorted(by_id, key=lambda i: (by_id[i].agency, -by_id[i].year))
            # Keyed by the workspace in use, so that the picker is drawn afresh whenever that
            # changes (opened from the form below): a picker keeping its own state would send
            # its earlier choice back with the next page's run.
            chosen = st.selectbox(
                "工作区",
                ids,
                index=ids.index(chosen) if chosen in ids else 0,
                key=f"workspace-picker-{chosen}",
                format_func=lambda i: by_id[i].label,
                label_visibility="collapsed",
            )
        with st.expander("新建年报", expanded=not by_id):
            _new_workspace_form()
        st.caption("所有内容自动保存在本机数据目录，刷新页面或重启服务后仍在。")
    if chosen is None:
        return None
    st.session_state[WORKSPACE_KEY] = chosen
    if st.query_params.get("ws") != str(chosen):
        st.query_params["ws"] = str(chosen)
    return by_id[chosen]


def current_desk() -> Desk | None:
    workspace = current_workspace()
    return office().desk(workspace.id) if workspace else None


def require_desk() -> Desk:
    """The current workspace's desk; stops the page with a hint when there is none yet."""
    desk = current_desk()
    if desk is None:
        st.info("请先在左侧“新建年报”中填写机关名称和报告年度。")
        st.stop()
    return desk
