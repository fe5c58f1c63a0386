"""The real reports in ../shared/data, read cell by cell against their truth files."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT

from assistant.domain.layout import ReportFormat
from assistant.domain.report import AgencyLevel, Part, SubPart
from assistant.readers import read_report

DOCUMENTS = {
    "huaian-szf-2024": "report-huaian-szf-2024.pdf",
    "pingtan-2019": "report-pingtan-2019.md",
    "pingtan-2020": "report-pingtan-2020.md",
    "pingtan-2021": "report-pingtan-2021.md",
    "pingtan-2022": "report-pingtan-2022.md",
    "pingtan-2023": "report-pingtan-2023.md",
    "shanghai-szfbgt-2019": "report-shanghai-szfbgt-2019.md",
    "pingtan-2023-html": "raw/pingtan-2023.html",
    "shuyang-fgj-2023": "raw/shuyang-fgj-2023.html",
    **{name: f"raw/{name}.html" for name in (
        "putian-ptslyj-2022", "putian-ptslyj-2023", "putian-ptslyj-2024", "putian-ptslyj-2025",
        "putian-pthyyyyj-2024", "putian-ptsjj-2024", "putian-ptsslj-2021", "putian-ptsslj-2025",
    )},
}  # fmt: skip


def truth(shared: Path, name: str) -> dict:  # type: ignore[type-arg]
    path = shared / "data" / "truth" / f"{name.removesuffix('-html')}.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.shared
class TestRealReports:
    @pytest.mark.parametrize("name", sorted(DOCUMENTS))
    def test_every_truth_cell_is_read(self, shared: Path, name: str) -> None:
        """Every cell the truth file holds is read with the same value."""
        expected = truth(shared, name)
        report = read_report(shared / "data" / DOCUMENTS[name])
        wrong = {
            k: (v, report.figures.get(k))
            for k, v in expected["figures"].items()
            if report.figures.get(k) != v
        }
        assert wrong == {}
        assert (report.year, report.format.value) == (expected["year"], expected["format"])

    def test_the_2019_trial_format_is_recognised(self, shared: Path) -> None:
        """Pingtan 2020 reads in the trial format with its one-row （六）其他处理 and stated total."""
        report = read_report(shared / "data" / "report-pingtan-2020.md")
        assert report.format is ReportFormat.F2019
        assert report.figures["t3.other_handling.natural"] == 4
        assert report.figures["t3.results_total.total"] == 21
        assert report.figures["t2.penalty.change"] == -18
        assert any("2019年试行格式" in note for note in report.notes)

    def test_shanghai_blank_totals_are_left_for_the_checker(self, shared: Path) -> None:
        """Row totals Shanghai left blank are not read as 0 (which would fake R3 errors)."""
        report = read_report(shared / "data" / "report-shanghai-szfbgt-2019.md")
        assert "t3.disclosed.total" not in report.figures
        assert report.figures["t3.disclosed.natural"] == 258
        assert "258" in report.narrative.part_text(Part.OVERVIEW)

    def test_the_huaian_pdf_metadata_and_parts(self, shared: Path) -> None:
        """淮安市人民政府 is a city people's government; its five sub-parts are found."""
        report = read_report(shared / "data" / "report-huaian-szf-2024.pdf")
        assert (report.agency.name, report.agency.level, report.agency.is_people_government) == (
            "淮安市人民政府",
            AgencyLevel.CITY,
            True,
        )
        assert set(report.narrative.subparts) == set(SubPart)
        assert "3940元" in report.narrative.other_matters

    def test_the_word_exported_page_has_its_signature(self, shared: Path) -> None:
        """Shuyang's page: the department, its signature date, and part 六 without the signature."""
        report = read_report(shared / "data" / "raw" / "shuyang-fgj-2023.html")
        assert (report.agency.name, report.agency.level) == ("沭阳县发展和改革局", AgencyLevel.DEPARTMENT)
        assert report.published == date(2024, 1, 17)
        assert report.title == "沭阳县发展和改革局2023年政府信息公开年度报告"
        assert "沭阳县发展和改革局" not in report.narrative.other_matters.split("\n")[-1][-10:]

    def test_the_portal_page_leaves_its_chrome_out(self, shared: Path) -> None:
        """Pingtan's portal page: no navigation or QR-code text in the preamble or part 六."""
        report = read_report(shared / "data" / "raw" / "pingtan-2023.html")
        assert report.narrative.preamble.startswith("本报告根据")
        assert report.narrative.other_matters == "2023年，无收取信息处理费情况。"
        assert report.published == date(2024, 3, 8)


@pytest.mark.shared
class TestPutianPortalPages:
    def test_a_department_titling_part_one_its_own_way_has_all_its_parts(self, shared: Path) -> None:
        """水利局 2025: 一、政府信息主动公开工作 with sub-parts 1.–5., and 六、其他应说明事项."""
        report = read_report(shared / "data" / "raw" / "putian-ptsslj-2025.html")
        assert set(report.narrative.subparts) == set(SubPart)
        assert report.narrative.subparts[SubPart.OVERSIGHT].startswith("严格执行每日读网")
        assert report.narrative.other_matters.endswith("2.信息公开处理费收取情况\n无。")
        assert report.published == date(2026, 1, 28)

    @pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
    def test_the_portal_links_and_the_disclosure_note_stay_out_of_part_six(
        self, shared: Path, year: int
    ) -> None:
        """林业局: 附件下载/打印关闭/相关文章 and “（此件主动公开）” are not part 六's text."""
        report = read_report(shared / "data" / "raw" / f"putian-ptslyj-{year}.html")
        text = report.narrative.other_matters
        assert not any(word in text for word in ("附件下载", "打印关闭", "相关文章", "此件主动公开"))

    def test_a_preamble_naming_the_report_is_not_cut_as_a_title(self, shared: Path) -> None:
        """审计局 2024: “…文件要求，特向社会公布…年度报告。” keeps its opening words."""
        report = read_report(shared / "data" / "raw" / "putian-ptsjj-2024.html")
        assert report.narrative.preamble.startswith("根据《中华人民共和国政府信息公开条例》")


def readers_accuracy() -> ModuleType:
    """evals/readers_accuracy.py loaded as a module (evals/ is not a package)."""
    spec = importlib.util.spec_from_file_location("readers_accuracy", ROOT / "evals" / "readers_accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestReadersAccuracyEval:
    def test_every_truth_file_brings_its_documents(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A new truth file is picked up with its report-*.* and raw/*.* documents; no list to edit."""
        (tmp_path / "truth").mkdir()
        (tmp_path / "raw").mkdir()
        for stem in ("甲镇-2023", "乙局-2024"):
            (tmp_path / "truth" / f"{stem}.json").write_text('{"figures": {}}', encoding="utf-8")
        (tmp_path / "report-甲镇-2023.md").write_text("", encoding="utf-8")
        (tmp_path / "raw" / "甲镇-2023.html").write_text("", encoding="utf-8")
        (tmp_path / "raw" / "乙局-2024.html").write_text("", encoding="utf-8")
        module = readers_accuracy()
        monkeypatch.setattr(module, "SHARED", tmp_path)
        found = {
            name: path.relative_to(tmp_path).as_posix() for name, (path, _) in module.documents().items()
        }
        assert found == {
            "甲镇-2023": "report-甲镇-2023.md",
            "甲镇-2023-html": "raw/甲镇-2023.html",
            "乙局-2024": "raw/乙局-2024.html",
        }
