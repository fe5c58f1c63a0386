"""Saved work: figures, part versions and the chat survive; stale edits never overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.report import SubPart
from assistant.errors import GongkaiError
from assistant.store.workspaces import StaleEdit, WorkspaceStore

AGENCY = "青川县清溪镇人民政府"


@pytest.fixture
def store(tmp_path: Path) -> WorkspaceStore:
    return WorkspaceStore.in_data_dir(tmp_path)


class TestWorkspaceStore:
    def test_opening_twice_gives_the_same_workspace(self, store: WorkspaceStore) -> None:
        """One agency and year has exactly one workspace."""
        first = store.open(AGENCY, 2024)
        assert store.open(AGENCY, 2024).id == first.id
        assert store.open(AGENCY, 2023).id != first.id

    def test_work_survives_a_restart(self, tmp_path: Path) -> None:
        """A new store on the same file (a server restart) finds everything saved."""
        store = WorkspaceStore.in_data_dir(tmp_path)
        ws = store.open(AGENCY, 2024, level="乡镇", is_people_government=True)
        store.save_figures(ws.id, {"t2.penalty.decisions": 3}, base_version=0)
        store.save_part(ws.id, "五", "存在问题……", base_version=0)
        store.add_message(ws.id, "user", "起草总体情况")
        store.set_last_year(ws.id, "/tmp/2023.docx")
        store.set_notes(ws.id, "今年新开了抖音号")

        again = WorkspaceStore.in_data_dir(tmp_path).open(AGENCY, 2024)
        assert again.figures == {"t2.penalty.decisions": 3}
        assert again.text("五") == "存在问题……"
        assert again.level == "乡镇" and again.is_people_government
        assert again.last_year_source == "/tmp/2023.docx"
        assert again.notes == "今年新开了抖音号"
        assert [m.content for m in WorkspaceStore.in_data_dir(tmp_path).messages(ws.id)] == ["起草总体情况"]

    def test_every_saved_version_is_kept(self, store: WorkspaceStore) -> None:
        """The history lists each version of a part, newest first."""
        ws = store.open(AGENCY, 2024)
        store.save_part(ws.id, "一", "初稿", base_version=0)
        store.save_part(ws.id, "一", "二稿", base_version=1)
        assert [(v.version, v.text) for v in store.history(ws.id, "一")] == [(2, "二稿"), (1, "初稿")]
        assert store.get(ws.id).version("一") == 2

    def test_a_stale_part_edit_is_refused_and_nothing_is_overwritten(self, store: WorkspaceStore) -> None:
        """Two editors start from version 1; the second save raises StaleEdit in Chinese."""
        ws = store.open(AGENCY, 2024)
        store.save_part(ws.id, "五", "原文", base_version=0)
        store.save_part(ws.id, "五", "甲的修改", base_version=1)
        with pytest.raises(StaleEdit) as caught:
            store.save_part(ws.id, "五", "乙的修改", base_version=1)
        assert "已被他人修改" in caught.value.message
        assert store.get(ws.id).text("五") == "甲的修改"

    def test_a_stale_figures_save_is_refused(self, store: WorkspaceStore) -> None:
        """Figures carry a version too; saving over a newer version fails."""
        ws = store.open(AGENCY, 2024)
        assert store.save_figures(ws.id, {"t3.new.natural": 1}, base_version=0) == 1
        with pytest.raises(StaleEdit):
            store.save_figures(ws.id, {"t3.new.natural": 2}, base_version=0)
        assert store.get(ws.id).figures == {"t3.new.natural": 1}

    def test_the_narrative_is_built_from_the_saved_parts(self, store: WorkspaceStore) -> None:
        """Sub-part texts land in the narrative's sub-parts."""
        ws = store.open(AGENCY, 2024)
        store.save_part(ws.id, "（四）", "门户网站运行平稳。", base_version=0)
        narrative = store.get(ws.id).narrative()
        assert narrative.subparts == {SubPart.PLATFORMS: "门户网站运行平稳。"}

    def test_a_missing_agency_name_is_explained(self, store: WorkspaceStore) -> None:
        """An empty agency gives a Chinese message, not a database error."""
        with pytest.raises(GongkaiError, match="机关名称"):
            store.open("  ", 2024)

    def test_every_workspace_is_listed(self, store: WorkspaceStore) -> None:
        """Workspaces of several agencies and years are all listed."""
        old = store.open(AGENCY, 2023)
        new = store.open("示例市某局", 2024)
        assert {(w.agency, w.year) for w in store.all()} == {(old.agency, 2023), (new.agency, 2024)}

    def test_deleting_a_workspace_removes_its_parts_and_chat(self, store: WorkspaceStore) -> None:
        """Nothing of a deleted workspace remains."""
        ws = store.open(AGENCY, 2024)
        store.save_part(ws.id, "五", "x", base_version=0)
        store.add_message(ws.id, "user", "你好")
        store.delete(ws.id)
        assert store.all() == []
        assert store.messages(ws.id) == []
