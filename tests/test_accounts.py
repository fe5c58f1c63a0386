"""Accounts and roles on a shared server, decided in the service layer: who sees, opens and
changes which workspace, the settings, signing in, and who each saved version names."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.bootstrap import bootstrap
from assistant.domain.region import Member, Region
from assistant.errors import GongkaiError, NotPermitted
from assistant.service.accounts import SignIn
from assistant.service.chat.conversation import Chat
from assistant.service.desk import Desk
from assistant.service.office import Office
from assistant.store import Store
from assistant.store.users import Account, Role

ROOT = Path(__file__).resolve().parent.parent
QINGXI = "青川县清溪镇人民政府"
MUYU = "青川县木鱼镇人民政府"
JIANGYOU = "江油市太白镇人民政府"
PASSWORD = "清溪-2024-secret"


@pytest.fixture
def office() -> Office:
    return Office(bootstrap())


@pytest.fixture
def store(office: Office) -> Store:
    return office.services.store()


@pytest.fixture
def towns(store: Store) -> dict[str, int]:
    """Three towns' workspaces for 2024, two of them in the region 青川县."""
    ids = {
        agency: store.workspaces.open(agency, 2024, level="乡镇", is_people_government=True).id
        for agency in (QINGXI, MUYU, JIANGYOU)
    }
    store.regions.save(Region(name="青川县", members=[Member(name=QINGXI), Member(name=MUYU)]))
    return ids


def writer(store: Store, agency: str = QINGXI, name: str = "王芳") -> Account:
    return store.users.add(name, Role.WRITER, password=PASSWORD, agency=agency)


def reviewer(store: Store) -> Account:
    return store.users.add("李审", Role.REVIEWER, password=PASSWORD, region="青川县")


def admin(store: Store) -> Account:
    return store.users.add("管理员甲", Role.ADMIN, password=PASSWORD)


class TestUsers:
    def test_a_password_is_stored_as_an_argon2_hash_never_as_typed(self, store: Store) -> None:
        """The database file holds an Argon2id hash; the typed password appears nowhere in it."""
        writer(store)
        with store.database.connect() as db:
            (hashed,) = db.execute("SELECT password_hash FROM user WHERE name = '王芳'").fetchone()
        assert hashed.startswith("$argon2id$")
        assert PASSWORD.encode() not in store.database.path.read_bytes()
        assert not any(
            PASSWORD.encode() in path.read_bytes() for path in store.database.path.parent.glob("*.sqlite3*")
        )

    def test_the_right_password_is_verified_and_a_wrong_one_is_not(self, store: Store) -> None:
        """verify returns the account for its password only."""
        writer(store)
        assert store.users.verify("王芳", PASSWORD) == store.users.get("王芳")
        assert store.users.verify("王芳", PASSWORD + "x") is None
        assert store.users.verify("无此人", PASSWORD) is None

    def test_each_role_names_its_scope(self, store: Store) -> None:
        """A writer without an agency, a reviewer without a region, an admin with one are refused."""
        with pytest.raises(GongkaiError, match="--agency"):
            store.users.add("甲", Role.WRITER, password=PASSWORD)
        with pytest.raises(GongkaiError, match="--region"):
            store.users.add("乙", Role.REVIEWER, password=PASSWORD, agency=QINGXI)
        with pytest.raises(GongkaiError, match="不设机关或地区"):
            store.users.add("丙", Role.ADMIN, password=PASSWORD, region="青川县")
        assert store.users.all() == []

    def test_a_short_password_and_a_second_account_of_one_name_are_refused(self, store: Store) -> None:
        """Passwords have at least 8 characters; names are unique."""
        with pytest.raises(GongkaiError, match="至少 8 位"):
            store.users.add("王芳", Role.ADMIN, password="1234567")
        writer(store)
        with pytest.raises(GongkaiError, match="已存在"):
            writer(store)

    def test_an_account_without_a_password_cannot_sign_in_with_one(self, store: Store) -> None:
        """An account for single sign-on only is never matched by a password."""
        store.users.add("张三", Role.ADMIN, password=None, identity="zhangsan")
        assert store.users.verify("张三", "") is None
        assert store.users.verify("张三", PASSWORD) is None


class TestDesktopWithoutAccounts:
    def test_with_no_account_everyone_sees_and_changes_everything(
        self, office: Office, towns: dict[str, int]
    ) -> None:
        """No sign-in: every workspace is listed and editable, the settings can be saved."""
        assert not office.accounts_in_use()
        assert {w.agency for w in office.workspaces()} == {QINGXI, MUYU, JIANGYOU}
        desk = office.desk(towns[JIANGYOU])
        saved = desk.texts.save("六", "本年度未收取信息处理费。", base_version=0)
        assert saved.author == "用户"
        assert office.access.may_configure
        office.save_settings({"llm_model": "qwen"})
        assert office.open("青川县三锅镇人民政府", 2024).agency == "青川县三锅镇人民政府"


class TestWriter:
    def test_a_writer_lists_only_their_own_agencys_workspaces(
        self, office: Office, store: Store, towns: dict[str, int]
    ) -> None:
        """王芳 of 清溪镇 sees the 清溪镇 workspace and no other town's."""
        mine = office.as_user(writer(store))
        assert [w.agency for w in mine.workspaces()] == [QINGXI]

    def test_a_writer_cannot_open_another_towns_workspace(
        self, office: Office, store: Store, towns: dict[str, int]
    ) -> None:
        """Opening 木鱼镇's desk, or creating a workspace for it, is refused in Chinese."""
        mine = office.as_user(writer(store))
        with pytest.raises(NotPermitted, match=f"只能查看和编辑本机关（{QINGXI}）"):
            mine.desk(towns[MUYU])
        with pytest.raises(NotPermitted, match="只能查看和编辑本机关"):
            mine.open(MUYU, 2025)
        assert [w.agency for w in store.workspaces.all()].count(MUYU) == 1

    def test_a_writer_cannot_reach_the_settings(self, office: Office, store: Store) -> None:
        """Saving the settings or testing the model connection is refused; nothing is written."""
        mine = office.as_user(writer(store))
        assert not mine.access.may_configure
        with pytest.raises(NotPermitted, match="只有管理员"):
            mine.save_settings({"llm_base_url": "http://attacker.example/v1"})
        with pytest.raises(NotPermitted):
            mine.test_chat_model()
        assert not (office.settings.data_dir / "settings.json").exists()

    def test_a_writer_creates_and_edits_their_own_workspace_under_their_name(
        self, office: Office, store: Store
    ) -> None:
        """The version 王芳 saves records 王芳; a draft she writes in records 王芳（助手）."""
        mine = office.as_user(writer(store))
        workspace = mine.open(QINGXI, 2025)
        desk = mine.desk(workspace.id)
        assert desk.texts.save("五", "一是公开内容不够全面。", base_version=0).author == "王芳"
        drafted = desk.texts.draft("六")
        "".join(drafted.stream())
        (saved,) = desk.texts.save_draft(drafted)
        assert saved.author == "王芳（助手）"
        assert [v.author for v in desk.texts.history("五")] == ["王芳"]

    def test_a_writer_cannot_add_to_the_corpus_what_only_an_admin_removes(
        self, office: Office, store: Store
    ) -> None:
        """Removing a corpus document is the administrator's."""
        mine = office.as_user(writer(store))
        with pytest.raises(NotPermitted, match="只有管理员"):
            mine.corpus().remove("corpus/regulations/ogi.md")


class TestReviewer:
    def test_a_reviewer_sees_the_agencies_of_their_region_only(
        self, office: Office, store: Store, towns: dict[str, int]
    ) -> None:
        """李审 of 青川县 sees 清溪镇 and 木鱼镇, not 江油市太白镇; opening that one is refused."""
        theirs = office.as_user(reviewer(store))
        assert {w.agency for w in theirs.workspaces()} == {QINGXI, MUYU}
        with pytest.raises(NotPermitted, match="不在您审核的地区"):
            theirs.desk(towns[JIANGYOU])

    def test_a_reviewer_reads_but_cannot_change_anything(
        self, office: Office, store: Store, towns: dict[str, int]
    ) -> None:
        """Texts, figures, notes, last year's report and the chat are refused; the workspace
        stays as it was, and the report still reads."""
        store.parts.save(towns[QINGXI], "五", "原文。", base_version=0)
        desk = office.as_user(reviewer(store)).desk(towns[QINGXI])
        assert not desk.may_edit
        assert desk.report().narrative.problems == "原文。"
        refused = [
            lambda: desk.texts.save("五", "审核人的改动", base_version=1),
            lambda: desk.texts.restore("五", 1),
            lambda: desk.figures.merge({"t3.new.natural": 1}),
            lambda: desk.set_notes("改动"),
            lambda: desk.use_as_last_year("2023.txt", b"x"),
            lambda: desk.record("user", "起草第六部分"),
            desk.clear_messages,
        ]
        for attempt in refused:
            with pytest.raises(NotPermitted, match="您是审核人，只能查看和批注"):
                attempt()
        workspace = store.workspaces.get(towns[QINGXI])
        assert (workspace.text("五"), workspace.version("五"), workspace.figures, workspace.notes) == (
            "原文。",
            1,
            {},
            "",
        )

    def test_a_reviewers_chat_cannot_save_a_draft(
        self, office: Office, store: Store, towns: dict[str, int]
    ) -> None:
        """起草…直接写入 from a reviewer's desk ends in the refusal; nothing is written."""
        desk = office.as_user(reviewer(store)).desk(towns[QINGXI])
        reply = Chat(desk).respond("起草第六部分，直接写入")
        text = "".join(reply.stream())
        assert "只能查看和批注" in text and not reply.saved
        assert store.workspaces.get(towns[QINGXI]).text("六") == ""

    def test_a_reviewer_comments_and_the_writer_reads_the_comment(
        self, office: Office, store: Store, towns: dict[str, int]
    ) -> None:
        """A comment on 第五部分 is kept with its author and shown at the writer's desk."""
        office.as_user(reviewer(store)).desk(towns[QINGXI]).comment("问题写得过于笼统。", "五")
        (comment,) = office.as_user(writer(store)).desk(towns[QINGXI]).comments()
        assert (comment.place, comment.author, comment.text) == ("五", "李审", "问题写得过于笼统。")

    def test_a_region_member_counts_by_its_whole_name(self, office: Office, store: Store) -> None:
        """A member listed as 太白镇 opens no 江油市太白镇人民政府: a town of that name may lie in
        another county."""
        store.workspaces.open(JIANGYOU, 2024)
        store.regions.save(Region(name="青川县", members=[Member(name="太白镇")]))
        assert office.as_user(reviewer(store)).workspaces() == []

    def test_a_reviewer_whose_region_is_not_saved_sees_nothing(self, office: Office, store: Store) -> None:
        """Until 青川县 is saved, the reviewer's list is empty."""
        store.workspaces.open(QINGXI, 2024)
        assert office.as_user(reviewer(store)).workspaces() == []


class TestAdmin:
    def test_an_admin_sees_and_changes_everything(
        self, office: Office, store: Store, towns: dict[str, int]
    ) -> None:
        """Every town is listed and editable; the settings are saved."""
        theirs = office.as_user(admin(store))
        assert {w.agency for w in theirs.workspaces()} == {QINGXI, MUYU, JIANGYOU}
        assert theirs.desk(towns[JIANGYOU]).texts.save("六", "无。", base_version=0).author == "管理员甲"
        theirs.save_settings({"llm_model": "qwen"})
        assert (office.settings.data_dir / "settings.json").exists()


class TestSignedOut:
    def test_once_an_account_exists_nobody_unsigned_sees_or_changes_anything(
        self, office: Office, store: Store, towns: dict[str, int]
    ) -> None:
        """The office without a person lists nothing; a desk built directly refuses every change."""
        admin(store)
        assert office.accounts_in_use()
        assert office.workspaces() == []
        with pytest.raises(NotPermitted, match="请先登录"):
            office.desk(towns[QINGXI])
        with pytest.raises(NotPermitted, match="请先登录"):
            Desk(office.services, towns[QINGXI]).texts.save("五", "x", base_version=0)
        with pytest.raises(NotPermitted, match="请先登录"):
            office.save_settings({"llm_model": "qwen"})


class TestSignIn:
    def test_a_wrong_password_is_refused_in_chinese_and_the_right_one_signs_in(
        self, office: Office, store: Store
    ) -> None:
        """用户名或密码不正确 for a wrong password or an unknown name; the account for the right one."""
        writer(store)
        for name, password in (("王芳", "wrong-password"), ("无此人", PASSWORD)):
            with pytest.raises(NotPermitted, match="用户名或密码不正确"):
                office.sign_in(name, password)
        assert office.sign_in("王芳", PASSWORD).agency == QINGXI

    def test_repeated_failures_make_the_next_try_wait(self, store: Store) -> None:
        """After three wrong passwords even the right one waits a second, then two after the
        next failure; a success clears the count."""
        writer(store)
        clock = [datetime(2025, 1, 8, 9, 30, tzinfo=UTC)]
        sign_in = SignIn(store.users, clock=lambda: clock[0])
        for _ in range(3):
            with pytest.raises(NotPermitted, match="用户名或密码不正确"):
                sign_in.with_password("王芳", "wrong-password")
        with pytest.raises(NotPermitted, match="登录失败次数过多，请 1 秒后再试"):
            sign_in.with_password("王芳", PASSWORD)
        clock[0] += timedelta(seconds=1)
        with pytest.raises(NotPermitted, match="用户名或密码不正确"):
            sign_in.with_password("王芳", "wrong-password")
        assert sign_in.wait_left("王芳") == timedelta(seconds=2)
        clock[0] += timedelta(seconds=2)
        assert sign_in.with_password("王芳", PASSWORD).name == "王芳"
        assert sign_in.wait_left("王芳") == timedelta(0) and store.users.failures("王芳").count == 0

    def test_the_single_sign_on_name_maps_to_its_account(self, office: Office, store: Store) -> None:
        """A recorded identity, else the account's own name; an unknown one is refused."""
        store.users.add("张三", Role.ADMIN, password=None, identity="zhangsan@qingchuan.gov.cn")
        writer(store)
        assert office.identified("zhangsan@qingchuan.gov.cn").name == "张三"
        assert office.identified("王芳").name == "王芳"
        with pytest.raises(NotPermitted, match="尚未开通本系统的账户"):
            office.identified("intruder")


def gongkai(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


class TestUsersCommand:
    def test_accounts_are_added_listed_given_a_new_password_and_removed(self, store: Store) -> None:
        """The password comes from stdin, never the command line; the hash changes with it."""
        added = gongkai(
            "users",
            "add",
            "王芳",
            "--role",
            "编写人",
            "--agency",
            QINGXI,
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
        assert added.returncode == 0, added.stderr
        assert f"已添加：王芳（编写人，{QINGXI}）" in added.stdout
        reviewer_added = gongkai(
            "users",
            "add",
            "李审",
            "--role",
            "审核人",
            "--region",
            "青川县",
            "--password-stdin",
            stdin=PASSWORD,
        )
        assert "地区“青川县”尚未保存" in reviewer_added.stdout
        listed = gongkai("users", "list")
        assert listed.stdout.splitlines() == ["李审（审核人，@青川县）", f"王芳（编写人，{QINGXI}）"]
        assert (
            gongkai("users", "password", "王芳", "--password-stdin", stdin="另一个密码abc\n").returncode == 0
        )
        assert store.users.verify("王芳", "另一个密码abc") and not store.users.verify("王芳", PASSWORD)
        removed = gongkai("users", "remove", "王芳")
        assert removed.returncode == 0 and "已删除" in removed.stdout
        assert [a.name for a in store.users.all()] == ["李审"]

    def test_a_writer_without_an_agency_is_refused_with_exit_code_2(self) -> None:
        """The Chinese message names the missing --agency."""
        result = gongkai("users", "add", "王芳", "--role", "编写人", "--password-stdin", stdin=PASSWORD)
        assert result.returncode == 2 and "--agency" in result.stderr

    def test_the_password_is_not_an_argument(self) -> None:
        """There is no --password option to leave it in the shell history."""
        result = gongkai("users", "add", "王芳", "--role", "管理员", "--password", PASSWORD)
        assert result.returncode == 2 and PASSWORD not in result.stdout
