"""Saved work: figures, part versions and the chat survive; stale edits never overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.report import SubPart
from assistant.errors import GongkaiError, StaleEdit
from assistant.store import Store

AGENCY = "青川县清溪镇人民政府"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.in_data_dir(tmp_path)


class TestWorkspaceStore:
    def test_opening_twice_gives_the_same_workspace(self, store: Store) -> None:
        """One agency and year has exactly one workspace."""
        first = store.workspaces.open(AGENCY, 2024)
        assert store.workspaces.open(AGENCY, 2024).id == first.id
        assert store.workspaces.open(AGENCY, 2023).id != first.id

    def test_work_survives_a_restart(self, tmp_path: Path) -> None:
        """A new store on the same file (a server restart) finds everything saved."""
        store = Store.in_data_dir(tmp_path)
        ws = store.workspaces.open(AGENCY, 2024, level="乡镇", is_people_government=True)
        store.workspaces.save_figures(ws.id, {"t2.penalty.decisions": 3}, base_version=0)
        store.parts.save(ws.id, "五", "存在问题……", base_version=0)
        store.chat.add(ws.id, "user", "起草总体情况")
        store.workspaces.set_last_year(ws.id, "/tmp/2023.docx")
        store.workspaces.set_notes(ws.id, "今年新开了抖音号")

        again = Store.in_data_dir(tmp_path).workspaces.open(AGENCY, 2024)
        assert again.figures == {"t2.penalty.decisions": 3}
        assert again.text("五") == "存在问题……"
        assert again.level == "乡镇" and again.is_people_government
        assert again.last_year_source == "/tmp/2023.docx"
        assert again.notes == "今年新开了抖音号"
        assert [m.content for m in Store.in_data_dir(tmp_path).chat.messages(ws.id)] == ["起草总体情况"]

    def test_every_saved_version_is_kept(self, store: Store) -> None:
        """The history lists each version of a part, newest first."""
        ws = store.workspaces.open(AGENCY, 2024)
        store.parts.save(ws.id, "一", "初稿", base_version=0)
        store.parts.save(ws.id, "一", "二稿", base_version=1)
        assert [(v.version, v.text) for v in store.parts.history(ws.id, "一")] == [(2, "二稿"), (1, "初稿")]
        assert store.workspaces.get(ws.id).version("一") == 2

    def test_a_stale_part_edit_is_refused_and_nothing_is_overwritten(self, store: Store) -> None:
        """Two editors start from version 1; the second save raises StaleEdit in Chinese."""
        ws = store.workspaces.open(AGENCY, 2024)
        store.parts.save(ws.id, "五", "原文", base_version=0)
        store.parts.save(ws.id, "五", "甲的修改", base_version=1)
        with pytest.raises(StaleEdit) as caught:
            store.parts.save(ws.id, "五", "乙的修改", base_version=1)
        assert "已被他人修改" in caught.value.message
        assert store.workspaces.get(ws.id).text("五") == "甲的修改"

    def test_a_stale_figures_save_is_refused(self, store: Store) -> None:
        """Figures carry a version too; saving over a newer version fails."""
        ws = store.workspaces.open(AGENCY, 2024)
        assert store.workspaces.save_figures(ws.id, {"t3.new.natural": 1}, base_version=0) == 1
        with pytest.raises(StaleEdit):
            store.workspaces.save_figures(ws.id, {"t3.new.natural": 2}, base_version=0)
        assert store.workspaces.get(ws.id).figures == {"t3.new.natural": 1}

    def test_the_narrative_is_built_from_the_saved_parts(self, store: Store) -> None:
        """Sub-part texts land in the narrative's sub-parts."""
        ws = store.workspaces.open(AGENCY, 2024)
        store.parts.save(ws.id, "（四）", "门户网站运行平稳。", base_version=0)
        narrative = store.workspaces.get(ws.id).narrative()
        assert narrative.subparts == {SubPart.PLATFORMS: "门户网站运行平稳。"}

    def test_a_missing_agency_name_is_explained(self, store: Store) -> None:
        """An empty agency gives a Chinese message, not a database error."""
        with pytest.raises(GongkaiError, match="机关名称"):
            store.workspaces.open("  ", 2024)

    def test_every_workspace_is_listed(self, store: Store) -> None:
        """Workspaces of several agencies and years are all listed."""
        old = store.workspaces.open(AGENCY, 2023)
        new = store.workspaces.open("示例市某局", 2024)
        assert {(w.agency, w.year) for w in store.workspaces.all()} == {
            (old.agency, 2023),
            (new.agency, 2024),
        }

    def test_deleting_a_workspace_removes_its_parts_and_chat(self, store: Store) -> None:
        """Nothing of a deleted workspace remains."""
        ws = store.workspaces.open(AGENCY, 2024)
        store.parts.save(ws.id, "五", "x", base_version=0)
        store.chat.add(ws.id, "user", "你好")
        store.workspaces.delete(ws.id)
        assert store.workspaces.all() == []
        assert store.chat.messages(ws.id) == []
