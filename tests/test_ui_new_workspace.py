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
