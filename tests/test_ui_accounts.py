"""Accounts in the web app, driven by AppTest: the sign-in page, what each role finds on the
pages, the trusted proxy header, and a desktop without accounts that never asks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.runtime.context import StreamlitHeaders
from streamlit.testing.v1 import AppTest

from assistant.bootstrap import bootstrap
from assistant.domain.region import Member, Region
from assistant.store import Store
from assistant.store.users import Role

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "ui" / "app.py")
QINGXI = "青川县清溪镇人民政府"
MUYU = "青川县木鱼镇人民政府"
PASSWORD = "清溪-2024-secret"

OpenApp = Callable[[], AppTest]


@pytest.fixture
def open_app() -> Iterator[OpenApp]:
    """Open the app's first page, with the resource cache emptied before and after."""
    st.cache_resource.clear()

    def open_app() -> AppTest:
        app = AppTest.from_file(APP, default_timeout=60)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    yield open_app
    st.cache_resource.clear()


@pytest.fixture
def store() -> Store:
    return bootstrap().store()


@pytest.fixture
def towns(store: Store) -> dict[str, int]:
    """清溪镇 and 木鱼镇 of 青川县, each with a 2024 workspace and a saved 第五部分."""
    ids = {}
    for agency in (QINGXI, MUYU):
        ids[agency] = store.workspaces.open(agency, 2024, level="乡镇", is_people_government=True).id
        store.parts.save(ids[agency], "五", f"{agency}的问题。", base_version=0)
    store.regions.save(Region(name="青川县", members=[Member(name=QINGXI), Member(name=MUYU)]))
    return ids


@pytest.fixture
def accounts(store: Store) -> None:
    store.users.add("王芳", Role.WRITER, password=PASSWORD, agency=QINGXI)
    store.users.add("李审", Role.REVIEWER, password=PASSWORD, region="青川县")
    store.users.add("管理员甲", Role.ADMIN, password=PASSWORD)


def texts(app: AppTest, *kinds: str) -> str:
    kinds = kinds or ("markdown", "caption", "error", "warning", "success", "info")
    return "\n".join(str(element.value) for kind in kinds for element in getattr(app, kind))


def sign_in(app: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    app.text_input(key="sign-in-name").input(name)
    app.text_input(key="sign-in-password").input(password)
    app.button[0].click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def proxy_headers(name: str) -> property:
    """``st.context.headers`` as a proxy in front sends them, naming ``name``."""
    return property(lambda self: StreamlitHeaders([("X-Remote-User", name), ("Host", "gongkai.intranet")]))


def sidebar_workspaces(app: AppTest) -> list[str]:
    picker = app.sidebar.selectbox[0]
    return [str(option) for option in picker.options]


class TestDesktopWithoutAccounts:
    def test_with_no_account_the_app_opens_without_asking_anyone_to_sign_in(
        self, open_app: OpenApp, towns: dict[str, int]
    ) -> None:
        """The chat page comes up at once, with every workspace and no 退出登录."""
        app = open_app()
        assert not [field for field in app.text_input if field.key == "sign-in-password"]
        assert "对话起草" in texts(app, "caption") and app.chat_input
        assert len(sidebar_workspaces(app)) == 2
        assert not [b for b in app.button if b.key == "sign-out"]


class TestSignInPage:
    def test_once_an_account_exists_only_the_sign_in_form_is_shown(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None
    ) -> None:
        """Nothing of any workspace appears before signing in."""
        app = open_app()
        assert app.text_input(key="sign-in-password").proto.type == TextInputProto.Type.PASSWORD
        assert QINGXI not in texts(app) and not app.sidebar.selectbox and not app.chat_input

    def test_a_wrong_password_is_refused_in_chinese(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None
    ) -> None:
        """用户名或密码不正确, and the form stays."""
        app = sign_in(open_app(), "王芳", "not-the-password")
        assert "用户名或密码不正确" in texts(app, "error")
        assert app.text_input(key="sign-in-password") and not app.chat_input

    def test_the_right_password_signs_in_and_sign_out_returns_to_the_form(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None
    ) -> None:
        """The writer reaches the chat page with their name in the sidebar; 退出登录 ends it."""
        app = sign_in(open_app(), "王芳")
        assert f"已登录：王芳（编写人，{QINGXI}）" in texts(app, "caption")
        assert app.chat_input
        app.button(key="sign-out").click().run()
        assert app.text_input(key="sign-in-password") and not app.chat_input

    def test_a_removed_account_is_signed_out_on_its_next_click(
        self, open_app: OpenApp, store: Store, towns: dict[str, int], accounts: None
    ) -> None:
        """The session remembers the person, but looks the account up again on every run."""
        app = sign_in(open_app(), "王芳")
        store.users.remove("王芳")
        app.run()
        assert app.text_input(key="sign-in-password")


class TestRolesOnThePages:
    def test_a_writer_sees_only_their_towns_workspace_and_no_settings(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None
    ) -> None:
        """The picker holds 清溪镇 alone; the 设置 page is not offered and cannot be opened."""
        app = sign_in(open_app(), "王芳")
        assert sidebar_workspaces(app) == [f"{QINGXI} · 2024年"]
        assert f"{QINGXI} · 2024年" in texts(app, "caption") and MUYU not in texts(app)
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page("views/settings.py")

    def test_a_writer_cannot_open_another_towns_workspace_by_its_address(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None
    ) -> None:
        """?ws= of 木鱼镇's workspace opens their own instead."""
        app = open_app()
        app.query_params["ws"] = str(towns[MUYU])
        sign_in(app, "王芳")
        assert f"{QINGXI} · 2024年" in texts(app, "caption") and MUYU not in texts(app)
        assert app.query_params["ws"] == str(towns[QINGXI])

    def test_a_reviewer_reads_the_region_but_cannot_type_into_the_chat(
        self, open_app: OpenApp, store: Store, towns: dict[str, int], accounts: None
    ) -> None:
        """Both towns are listed; the report reads as text, without editors, chat input or
        save buttons; the workspace is unchanged."""
        app = sign_in(open_app(), "李审")
        assert len(sidebar_workspaces(app)) == 2
        assert "您是审核人" in texts(app, "info") and not app.chat_input
        assert "的问题。" in texts(app, "markdown")
        assert not [b for b in app.button if b.key in ("clear-chat", "save-draft-1")]
        assert store.workspaces.get(towns[QINGXI]).version("五") == 1

    def test_a_reviewer_opens_every_page_without_a_refusal(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None
    ) -> None:
        """数据录入, 对比上年, 审核一份年报, 语料库 and 导出 draw for a reviewer; none tries to save."""
        app = sign_in(open_app(), "李审")
        for page in ("figures", "compare", "review", "corpus", "export"):
            app.switch_page(f"views/{page}.py").run()
            assert not app.exception, (page, [e.value for e in app.exception])
            assert "只能查看和批注" not in texts(app, "error"), page
        app.switch_page("views/figures.py").run()
        assert not [b for b in app.button if b.key == "paste-read"]

    def test_a_reviewers_comment_is_shown_beside_the_report(
        self, open_app: OpenApp, store: Store, towns: dict[str, int], accounts: None
    ) -> None:
        """The comment on 第五部分 appears under 审核意见 with the reviewer's name."""
        app = sign_in(open_app(), "李审")
        workspace_id = int(app.query_params["ws"])
        app.selectbox(key="comment-place").set_value("五")
        app.text_area(key="comment-text").input("问题写得过于笼统。")
        next(b for b in app.button if b.label == "提交意见").click().run()
        assert "问题写得过于笼统。" in texts(app, "caption")
        (comment,) = store.comments.of(workspace_id)
        assert (comment.author, comment.place) == ("李审", "五")

    def test_an_admin_sees_every_workspace_and_the_settings(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None
    ) -> None:
        """Both towns, and the 设置 page with its connection test."""
        app = sign_in(open_app(), "管理员甲")
        assert len(sidebar_workspaces(app)) == 2
        app.switch_page("views/settings.py").run()
        assert [b for b in app.button if b.key == "test-model"]

    def test_a_reviewer_finds_their_region_chosen_on_the_region_page_with_its_workspaces(
        self, open_app: OpenApp, store: Store, towns: dict[str, int], accounts: None
    ) -> None:
        """区域审核 offers 青川县 alone, its members' workspaces ticked; 清溪镇's is reviewed."""
        workspace = store.workspaces.get(towns[QINGXI])
        store.workspaces.save_figures(
            workspace.id, {"t3.new.natural": 1}, base_version=workspace.figures_version
        )
        app = sign_in(open_app(), "李审")
        app.switch_page("views/region.py").run()
        assert app.selectbox(key="region-saved").options == ["青川县"]
        assert app.checkbox(key="region-workspaces").value
        next(b for b in app.button if b.label == "开始审核").click().run()
        assert not app.exception, [e.value for e in app.exception]
        assert "未报送 1 个：青川县木鱼镇人民政府" in texts(app, "warning")
        assert "用汇总数字建立本级年报的工作区须由管理员操作" in texts(app, "caption")

    def test_a_writer_has_no_region_page(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None
    ) -> None:
        """区域审核 is not among the pages a 编写人's navigation registers."""
        app = sign_in(open_app(), "王芳")
        with pytest.raises(ValueError, match="Known pages") as missing:
            app.switch_page("views/region.py")
        known = str(missing.value).partition("Known pages:")[2]
        assert "views/chat.py" in known and "region" not in known


class TestTrustedProxyHeader:
    def test_the_proxys_header_signs_in_the_account_it_names(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With GONGKAI_TRUSTED_USER_HEADER set, X-Remote-User: 王芳 needs no password."""
        monkeypatch.setenv("GONGKAI_TRUSTED_USER_HEADER", "X-Remote-User")
        monkeypatch.setattr(type(st.context), "headers", proxy_headers("王芳"))
        app = open_app()
        assert f"已登录：王芳（编写人，{QINGXI}）" in texts(app, "caption")
        assert not [b for b in app.button if b.key == "sign-out"]

    def test_a_name_without_an_account_is_refused(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The proxy vouches for someone who has no account: nothing opens."""
        monkeypatch.setenv("GONGKAI_TRUSTED_USER_HEADER", "X-Remote-User")
        monkeypatch.setattr(type(st.context), "headers", proxy_headers("intruder"))
        app = open_app()
        assert "尚未开通本系统的账户" in texts(app, "error")
        assert not app.sidebar.selectbox

    def test_the_header_is_ignored_unless_configured(
        self, open_app: OpenApp, towns: dict[str, int], accounts: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without the setting a client's own X-Remote-User header signs in nobody."""
        monkeypatch.setattr(type(st.context), "headers", proxy_headers("管理员甲"))
        app = open_app()
        assert app.text_input(key="sign-in-password") and not app.sidebar.selectbox
