"""The flattened text layout: the seed and a synthetic report of our own."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from report_samples import AGENCY, SIGNED, TITLE, expected_figures, write_flat_text, write_tab_rows

from assistant.domain.report import AgencyLevel, Part, SubPart
from assistant.errors import UnreadableInput
from assistant.readers import read_report


class TestFlatTextReader:
    def test_a_synthetic_flat_report_gives_every_cell(self, tmp_path: Path) -> None:
        """Every cell of a flattened report is read, stated totals included."""
        report = read_report(write_flat_text(tmp_path / "清溪镇2024.txt"))
        assert report.figures == expected_figures()

    def test_a_text_with_a_row_a_line_reads_the_same(self, tmp_path: Path) -> None:
        """Rows written one a line, cells separated by tabs, read like Word's layout."""
        report = read_report(write_tab_rows(tmp_path / "清溪镇2024.txt"))
        assert report.figures == expected_figures()

    def test_a_gb18030_file_reads_the_same(self, tmp_path: Path) -> None:
        """A text saved in GB18030 (as older Windows tools do) reads like UTF-8."""
        report = read_report(write_flat_text(tmp_path / "清溪镇2024.txt", encoding="gb18030"))
        assert report.figures == expected_figures()
        assert report.agency.name == AGENCY

    def test_a_utf16_file_from_notepad_reads_the_same(self, tmp_path: Path) -> None:
        """A text saved as Notepad's “Unicode” (UTF-16 with BOM) reads like UTF-8."""
        report = read_report(write_flat_text(tmp_path / "清溪镇2024.txt", encoding="utf-16"))
        assert report.figures == expected_figures()

    def test_the_signature_gives_agency_level_and_date(self, tmp_path: Path) -> None:
        """The agency and date come from the signature; a town government is 乡镇 level."""
        report = read_report(write_flat_text(tmp_path / "清溪镇2024.txt"))
        assert (report.agency.name, report.agency.level, report.agency.is_people_government) == (
            AGENCY,
            AgencyLevel.TOWN,
            True,
        )
        assert (report.year, report.published) == (2024, date(2025, 1, 20))

    def test_the_narrative_is_split_into_parts_and_subparts(self, tmp_path: Path) -> None:
        """Each of the five sub-parts of part 一 and parts 五 and 六 hold their own text."""
        narrative = read_report(write_flat_text(tmp_path / "清溪镇2024.txt")).narrative
        assert narrative.overview.startswith("2024年，清溪镇")
        assert set(narrative.subparts) == set(SubPart)
        assert narrative.subparts[SubPart.REQUESTS] == "全年收到政府信息公开申请5件，上年结转1件。"
        assert narrative.part_text(Part.OTHER_MATTERS) == "本年度清溪镇未收取信息处理费。"
        assert "改进措施" in narrative.problems

    def test_a_part_one_numbered_by_its_own_themes_is_kept_whole(self, tmp_path: Path) -> None:
        """（一）强化组织领导 / （二）围绕重点，推进主动公开 are the report's themes, not sub-parts."""
        path = write_flat_text(tmp_path / "清溪镇2024.txt")
        text = path.read_text(encoding="utf-8")
        themes = {
            "（一）主动公开情况": "（一）强化组织领导",
            "（二）依申请公开情况": "（二）围绕重点，推进主动公开",
        }
        for heading, theme in themes.items():
            text = text.replace(heading, theme)
        for heading in ("（三）政府信息管理情况", "（四）政府信息公开平台建设情况", "（五）监督保障情况"):
            text = text.replace(heading + "\n", "")
        path.write_text(text, encoding="utf-8")
        narrative = read_report(path).narrative
        assert narrative.subparts == {}
        assert "（一）强化组织领导" in narrative.overview
        assert "全年收到政府信息公开申请5件" in narrative.overview

    def test_a_sub_part_heading_run_into_the_line_before_is_still_found(self, tmp_path: Path) -> None:
        """“…上年结转1件。（三）政府信息管理情况” on one line (text joined over a page break)."""
        path = write_flat_text(tmp_path / "清溪镇2024.txt")
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("上年结转1件。\n（三）", "上年结转1件。（三）"), encoding="utf-8")
        narrative = read_report(path).narrative
        assert set(narrative.subparts) == set(SubPart)
        assert narrative.subparts[SubPart.REQUESTS] == "全年收到政府信息公开申请5件，上年结转1件。"

    def test_a_department_numbering_part_one_by_its_sub_parts_1_to_5(self, tmp_path: Path) -> None:
        """一、政府信息主动公开工作 with 1.主动公开情况 … 5.监督保障情况, and 六、其他应说明事项."""
        path = write_flat_text(tmp_path / "清溪镇2024.txt")
        text = path.read_text(encoding="utf-8").replace("一、总体情况", "一、政府信息主动公开工作")
        for number, heading in enumerate(
            (
                "主动公开情况",
                "依申请公开情况",
                "政府信息管理情况",
                "政府信息公开平台建设情况",
                "监督保障情况",
            ),
            start=1,
        ):
            text = text.replace(f"（{'一二三四五'[number - 1]}）{heading}", f"{number}.{heading}")
        path.write_text(text.replace("六、其他需要报告的事项", "六、其他应说明事项"), encoding="utf-8")
        narrative = read_report(path).narrative
        assert set(narrative.subparts) == set(SubPart)
        assert narrative.subparts[SubPart.OVERSIGHT].startswith("镇里将政务公开纳入年度工作考核")
        assert narrative.other_matters == "本年度清溪镇未收取信息处理费。"

    def test_numbered_themes_that_are_not_the_sub_parts_are_not_filed_under_them(
        self, tmp_path: Path
    ) -> None:
        """1.强化组织领导 / 2.健全制度 in part 一 name no sub-part: part 一 is kept whole."""
        path = write_flat_text(tmp_path / "清溪镇2024.txt")
        text = path.read_text(encoding="utf-8")
        for numeral in "一二三四五":
            text = re.sub(rf"（{numeral}）[^\n]*情况\n", "", text)
        text = text.replace("2024年，清溪镇围绕", "1.强化组织领导\n2024年，清溪镇围绕")
        text = text.replace("全年收到政府信息公开申请", "2.健全制度\n全年收到政府信息公开申请")
        path.write_text(text, encoding="utf-8")
        narrative = read_report(path).narrative
        assert narrative.subparts == {}
        assert "1.强化组织领导" in narrative.overview


ZONE = "青川县清溪综合实验区"
OTHER_MATTERS = "本年度清溪镇未收取信息处理费。"


def with_title_and_signature(path: Path, title: list[str], signature: list[str]) -> Path:
    """The synthetic report with its title lines and the lines after part 六's text replaced."""
    text = write_tab_rows(path).read_text(encoding="utf-8")
    head, _, rest = text.partition(TITLE + "\n")
    body, _, _ = rest.rpartition(f"{AGENCY}\n{SIGNED}\n")
    path.write_text(head + "\n".join([*title, body.rstrip("\n"), *signature]) + "\n", encoding="utf-8")
    return path


class TestTitleAndSignature:
    def test_a_signer_named_in_the_title_is_the_signature_whatever_its_ending(self, tmp_path: Path) -> None:
        """“青川县清溪综合实验区” before the date ends in none of 政府/局/委, yet it is the signer."""
        title = [f"{ZONE}2024年度政府信息公开工作年度报告"]
        report = read_report(with_title_and_signature(tmp_path / "区.txt", title, [ZONE, SIGNED]))
        assert report.agency.name == ZONE
        assert report.narrative.other_matters == OTHER_MATTERS
        assert report.published == date(2025, 1, 20)

    def test_a_signer_named_in_the_title_closes_the_report_without_a_date(self, tmp_path: Path) -> None:
        """With no date after it, the agency's own name as the last line is still the signature."""
        title = [f"{ZONE}2024年度政府信息公开工作年度报告"]
        report = read_report(with_title_and_signature(tmp_path / "区.txt", title, [ZONE]))
        assert report.narrative.other_matters == OTHER_MATTERS
        assert report.published is None

    def test_a_short_line_right_before_the_closing_date_is_the_signer(self, tmp_path: Path) -> None:
        """A title without an agency: the short line before the trailing date names it."""
        title = ["2024年度政府信息公开工作年度报告"]
        report = read_report(
            with_title_and_signature(tmp_path / "区.txt", title, ["清溪片区工作专班", SIGNED])
        )
        assert report.agency.name == "清溪片区工作专班"
        assert report.narrative.other_matters == OTHER_MATTERS

    def test_part_six_saying_there_is_nothing_to_report_is_not_taken_for_a_signer(
        self, tmp_path: Path
    ) -> None:
        """“无其他需要报告的事项” right before the date stays the text of part 六."""
        path = with_title_and_signature(tmp_path / "区.txt", [TITLE], [SIGNED])
        path.write_text(
            path.read_text(encoding="utf-8").replace(OTHER_MATTERS, "无其他需要报告的事项"), encoding="utf-8"
        )
        report = read_report(path)
        assert report.narrative.other_matters == "无其他需要报告的事项"
        assert report.agency.name == AGENCY

    def test_a_title_broken_after_the_agency_name_is_joined(self, tmp_path: Path) -> None:
        """“青川县清溪综合实验区” / “2024年度…年度报告” is one title, and names the agency."""
        title = [ZONE, "2024年度政府信息公开工作年度报告"]
        report = read_report(with_title_and_signature(tmp_path / "区.txt", title, [ZONE, SIGNED]))
        assert report.title == f"{ZONE}2024年度政府信息公开工作年度报告"
        assert (report.agency.name, report.year) == (ZONE, 2024)
        assert report.narrative.preamble.startswith("根据")


@pytest.mark.shared
class TestTheSeed:
    def test_the_seed_is_read_fully(self, shared: Path) -> None:
        """Every cell of the seed is 0 except the three penalty decisions."""
        report = read_report(shared / "seed" / "jiegu-town-2023.txt")
        assert len(report.figures) == 200
        assert {k: v for k, v in report.figures.items() if v} == {"t2.penalty.decisions": 3}

    def test_the_seed_metadata_is_read(self, shared: Path) -> None:
        """节固镇人民政府, a town people's government, 2023, signed 2024-01-18."""
        report = read_report(shared / "seed" / "jiegu-town-2023.txt")
        assert report.agency.name == "节固镇人民政府"
        assert report.agency.level is AgencyLevel.TOWN and report.agency.is_people_government
        assert (report.year, report.published) == (2023, date(2024, 1, 18))
        assert report.title == "节固镇2023年政府信息公开工作年度报告"

    def test_the_seed_narrative_has_every_part(self, shared: Path) -> None:
        """Parts 一, 五, 六 and all five sub-parts are found; the enumeration stays intact."""
        narrative = read_report(shared / "seed" / "jiegu-town-2023.txt").narrative
        assert "全县" in narrative.overview
        assert set(narrative.subparts) == set(SubPart)
        assert "共69条（其中，工作动态54条" in narrative.subparts[SubPart.PROACTIVE]
        assert narrative.problems and "信息处理费" in narrative.other_matters
        assert narrative.preamble.startswith("根据《中华人民共和国政府信息公开条例》")


OLD_LAYOUT_REPORT = """青川县清溪镇人民政府2017年政府信息公开工作年度报告
本报告依据《中华人民共和国政府信息公开条例》编制。
一、概述
2017年，清溪镇按照县里部署推进政府信息公开工作。
二、主动公开政府信息情况
全年主动公开政府信息35条。
三、依申请公开政府信息情况
全年未收到政府信息公开申请。
四、政府信息公开的收费及减免情况
本年度未收取任何费用。
五、因政府信息公开申请提起行政复议、行政诉讼的情况
本年度未发生相关行政复议和行政诉讼。
六、政府信息公开工作存在的主要问题及改进情况
栏目更新不够及时，将明确专人维护。
七、其他需要报告的事项
无。
"""


class TestOlderLayouts:
    def test_a_report_before_2019_is_recognised_and_its_narrative_kept(self, tmp_path: Path) -> None:
        """A 2017 report in the old layout says its tables are not supported; its text is read."""
        path = tmp_path / "清溪镇2017.txt"
        path.write_text(OLD_LAYOUT_REPORT, encoding="utf-8")
        report = read_report(path)
        assert report.figures == {}
        assert any("旧版年报格式" in note and "只读取了正文" in note for note in report.notes)
        assert report.year == 2017
        assert report.narrative.overview.startswith("2017年，清溪镇")

    def test_a_text_with_parts_but_no_tables_is_refused(self, tmp_path: Path) -> None:
        """A 2024 report whose tables are missing says so instead of reading zeros."""
        path = tmp_path / "无表格.txt"
        text = OLD_LAYOUT_REPORT.replace("2017", "2024").replace("四、政府信息公开的收费及减免情况\n", "")
        path.write_text(text.replace("七、其他需要报告的事项\n", ""), encoding="utf-8")
        with pytest.raises(UnreadableInput, match=r"无表格\.txt.*没有找到表二、表三、表四"):
            read_report(path)
