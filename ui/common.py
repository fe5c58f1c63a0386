"""What every page shares: the cached services, who is signed in, the current workspace
and its picker.

Pages import this module; it renders nothing but the sign-in form, the sidebar's account
line and workspace picker, and holds no logic of its own beyond remembering who this
browser session is and which workspace the tab is on.  What each person may do is decided
by the office (:mod:`assistant.service.accounts`), not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from assistant.bootstrap import bootstrap
from assistant.errors import GongkaiError
from assistant.service.desk import Desk
from assistant.service.office import Office

if TYPE_CHECKING:
    from assistant.store.users import Account
    from assistant.store.workspaces import Workspace

WORKSPACE_KEY = "workspace_id"
ACCOUNT_KEY = "signed-in-account"
AGENCY_KINDS: dict[str, bool | None] = {"按名称判断": None, "人民政府": True, "其他行政机关": False}


@st.cache_resource(show_spinner=False)
def _office() -> Office:
    return Office(bootstrap())


def _shared_office() -> Office:
    """One ``Office`` per server process, built by the composition root; a settings
    problem is shown on the page instead of a traceback."""
    try:
        return _office()
    except GongkaiError as error:
        st.error(error.message)
        st.stop()


def office() -> Office:
    """The office as the person signed in to this browser session sees it."""
    return _shared_office().as_user(st.session_state.get(ACCOUNT_KEY))


def _signed_in_by_organisation(shared: Office) -> str | None:
    """The name the organisation's single sign-on gives this session: a trusted proxy's
    header, or Streamlit's OIDC sign-in."""
    header = shared.settings.trusted_user_header
    if header and (name := st.context.headers.get(header, "").strip()):
        return name
    if shared.settings.oidc_login and st.user.get("is_logged_in"):
        return next(
            (str(st.user[claim]) for claim in ("email", "preferred_username", "sub") if st.user.get(claim)),
            None,
        )
    return None


def require_sign_in() -> None:
    """Let the page run only for a signed-in person once accounts exist (on a desktop
    without accounts, at once); otherwise show the sign-in form and stop."""
    shared = _shared_office()
    if not shared.accounts_in_use():
        st.session_state.pop(ACCOUNT_KEY, None)
        return
    identity = _signed_in_by_organisation(shared)
    account: Account | None = None
    if identity is not None:
        try:
            account = shared.identified(identity)
        except GongkaiError as error:
            st.error(error.message)
            st.stop()
    elif (remembered := st.session_state.get(ACCOUNT_KEY)) is not None:
        # Looked up again on every run: a removed account or a changed role counts at once.
        account = shared.account_named(remembered.name)
    if account is None:
        st.session_state.pop(ACCOUNT_KEY, None)
        _sign_in_form(shared)
        st.stop()
    st.session_state[ACCOUNT_KEY] = account
    with st.sidebar:
        st.caption(f"已登录：{account.label}")
        # A proxy's header cannot be signed out of here; Streamlit's OIDC sign-in can.
        oidc = identity is not None and shared.settings.oidc_login and bool(st.user.get("is_logged_in"))
        if (identity is None or oidc) and st.button(
            "退出登录", icon=":material/logout:", type="tertiary", key="sign-out"
        ):
            st.session_state.clear()
            if oidc:
                st.logout()
            st.rerun()


def _sign_in_form(shared: Office) -> None:
    st.header("政府信息公开年报助手")
    with st.form("sign-in", width=420):
        st.markdown("##### 登录")
        name = st.text_input("用户名", key="sign-in-name")
        password = st.text_input("密码", type="password", key="sign-in-password")
        if st.form_submit_button("登录", type="primary", width="stretch"):
            try:
                account = shared.sign_in(name, password)
            except GongkaiError as error:
                st.error(error.message)
            else:
                st.session_state[ACCOUNT_KEY] = account
                st.rerun()
    if shared.settings.oidc_login and st.button("使用单位统一身份认证登录", icon=":material/badge:"):
        st.login()
    st.caption("没有账户或忘记密码，请联系本单位的管理员。")


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
    account = st.session_state.get(ACCOUNT_KEY)
    with st.form("new-workspace", border=False):
        st.text_input(
            "机关名称",
            account.agency if account is not None and account.agency else "",
            placeholder="例如：青川县清溪镇人民政府",
            key="new-agency",
        )
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
        if office().access.may_create:
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
        if office().access.may_create:
            st.info("请先在左侧“新建年报”中填写机关名称和报告年度。")
        else:
            st.info("您审核的地区还没有可查看的年报。")
        st.stop()
    if not desk.may_edit:
        st.info("您是审核人：可查看年报并在“审核意见”中提出意见，不能修改。", icon=":material/visibility:")
    return desk
