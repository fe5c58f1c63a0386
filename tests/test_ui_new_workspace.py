"""The sidebar form that creates or opens a workspace, driven by AppTest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.bootstrap import bootstrap

APP = str(Path(__file__).resolve().parent.parent / "ui" / "app.py")


@pytest.fixture
def app() -> Iterator[AppTest]:
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    yield app
    st.cache_resource.clear()


def create(app: AppTest, agency: str, year: int, kind: str) -> None:
    app.sidebar.text_input[0].input(agency)
    app.sidebar.number_input[0].set_value(year)
    next(box for box in app.sidebar.selectbox if box.label == "机关类型").select(kind)
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]


class TestNewWorkspaceForm:
    def test_the_agency_kind_is_guessed_from_the_name_by_default(self, app: AppTest) -> None:
        """A town government named as such is a 人民政府 without being told."""
        create(app, "青川县清溪镇人民政府", 2024, "按名称判断")
        (workspace,) = bootstrap().store().workspaces.all()
        assert (workspace.agency, workspace.year, workspace.is_people_government) == (
            "青川县清溪镇人民政府",
            2024,
            True,
        )

    def test_a_stated_people_government_overrides_the_name(self, app: AppTest) -> None:
        """An administrative committee that reports as a 人民政府 can say so."""
        create(app, "青川经济开发区管理委员会", 2024, "人民政府")
        (workspace,) = bootstrap().store().workspaces.all()
        assert workspace.is_people_government

    def test_a_department_stated_as_such_stays_one(self, app: AppTest) -> None:
        """Stating 其他行政机关 keeps a bureau out of the 人民政府 requirements."""
        create(app, "青川县发展和改革局", 2024, "其他行政机关")
        (workspace,) = bootstrap().store().workspaces.all()
        assert not workspace.is_people_government

    def test_opening_an_existing_workspace_from_the_form_makes_it_the_current_one(self, app: AppTest) -> None:
        """After another workspace was picked, 新建或打开 on a saved one switches the page to it."""
        create(app, "青川县清溪镇人民政府", 2024, "按名称判断")
        create(app, "青川县白石镇人民政府", 2024, "按名称判断")
        create(app, "青川县清溪镇人民政府", 2024, "按名称判断")
        assert any(c.value.startswith("青川县清溪镇人民政府 · 2024年") for c in app.caption)

    def test_the_year_of_a_new_workspace_starts_at_the_one_last_worked_on(self, app: AppTest) -> None:
        """With a 2023 workspace saved the form offers 2023, not a year written in the code."""
        create(app, "青川县清溪镇人民政府", 2023, "按名称判断")
        assert app.sidebar.number_input[0].value == 2023

    def test_the_workspace_picked_stays_the_current_one_on_the_next_page(self, app: AppTest) -> None:
        """Picking a workspace in the sidebar, then opening another page, keeps that workspace."""
        create(app, "青川县清溪镇人民政府", 2024, "按名称判断")
        create(app, "青川县白石镇人民政府", 2024, "按名称判断")
        picker = next(box for box in app.sidebar.selectbox if box.label == "工作区")
        picker.select_index(picker.options.index("青川县清溪镇人民政府 · 2024年")).run()
        app.switch_page("views/compare.py").run()
        assert any(c.value.startswith("青川县清溪镇人民政府 · 2024年") for c in app.caption)
