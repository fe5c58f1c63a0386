"""Work saved in the web assistant, named on the command line as "@机关名称/年度"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from assistant.errors import GongkaiError
from assistant.settings import Settings
from assistant.store import Store

AGENCY = "青川县清溪镇人民政府"


def gongkai(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def store() -> Store:
    """Two years of one town's saved work in the test's own data directory."""
    store = Store.in_data_dir(Settings.from_env().data_dir)
    for year, new, carried_out in ((2023, 4, 1), (2024, 6, 0)):
        workspace = store.workspaces.open(AGENCY, year, level="乡镇", is_people_government=True)
        carried_in = 1 if year == 2024 else 0
        figures = {
            "t3.new.natural": new,
            "t3.carried_in.natural": carried_in,
            "t3.disclosed.natural": new + carried_in - carried_out,
            "t3.carried_out.natural": carried_out,
            "t2.penalty.decisions": year - 2020,
        }
        store.workspaces.save_figures(workspace.id, figures, base_version=0)
        store.parts.save(workspace.id, "五", f"{year}年清溪镇专栏更新不够及时。", base_version=0)
    return store


class TestWorkspaceReferences:
    def test_a_reference_finds_the_agencys_workspace_of_that_year(self, store: Store) -> None:
        """ "@清溪镇…/2024" is the 2024 workspace, as a report with its totals derived."""
        report = store.workspaces.find(f"@{AGENCY}/2024").as_report()
        assert (report.agency.name, report.year) == (AGENCY, 2024)
        assert report.figures["t3.new.total"] == 6
        assert report.narrative.problems == "2024年清溪镇专栏更新不够及时。"

    def test_an_agency_with_several_years_needs_the_year(self, store: Store) -> None:
        """Without a year the reference is ambiguous, and the message lists the years."""
        with pytest.raises(GongkaiError, match=r"2023、2024|2024、2023"):
            store.workspaces.find(f"@{AGENCY}")

    def test_an_unknown_workspace_is_a_chinese_error(self, store: Store) -> None:
        """A name with no saved work says how to list the saved ones."""
        with pytest.raises(GongkaiError, match="gongkai workspaces"):
            store.workspaces.find("@不存在的机关/2024")


class TestWorkspacesOnTheCommandLine:
    def test_the_saved_workspaces_are_listed(self, store: Store) -> None:
        """`gongkai workspaces` prints each reference a command accepts."""
        result = gongkai("workspaces")
        assert result.returncode == 0, result.stderr
        assert f"@{AGENCY}/2024" in result.stdout and f"@{AGENCY}/2023" in result.stdout

    def test_a_workspace_is_checked_against_last_years_workspace(self, store: Store) -> None:
        """`check @…/2024 --last-year @…/2023`: the carry-over from 2023 connects (no R6)."""
        result = gongkai("check", f"@{AGENCY}/2024", "--last-year", f"@{AGENCY}/2023", "--json")
        data = json.loads(result.stdout)
        assert (data["agency"], data["year"]) == (AGENCY, 2024)
        assert "R6" not in [finding["rule"] for finding in data["findings"]]

    def test_a_workspace_is_exported_and_compared(self, store: Store, tmp_path: Path) -> None:
        """`export @…/2024 -o` writes the .docx; `compare` takes two workspaces."""
        out = tmp_path / "report.docx"
        exported = gongkai("export", f"@{AGENCY}/2024", "-o", str(out))
        assert exported.returncode == 0, exported.stderr
        assert out.stat().st_size > 0
        compared = gongkai("compare", f"@{AGENCY}/2024", f"@{AGENCY}/2023", "--json")
        assert compared.returncode == 0, compared.stderr
        assert json.loads(compared.stdout)

    def test_an_unknown_workspace_exits_2_with_a_message(self, store: Store) -> None:
        """A mistyped reference is a Chinese message and exit code 2, never a traceback."""
        result = gongkai("export", "@清溪镇/2024", "-o", "x.docx")
        assert result.returncode == 2
        assert "找不到工作区" in result.stderr and "Traceback" not in result.stderr

    def test_a_workspace_exported_without_a_name_is_named_by_its_title(
        self, store: Store, tmp_path: Path
    ) -> None:
        """With no -o the file is named after the report's title, in the current folder."""
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "export", f"@{AGENCY}/2024"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert (tmp_path / f"{AGENCY}2024年政府信息公开工作年度报告.docx").is_file()
