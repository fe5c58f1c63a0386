"""The reviewer one level up: a county's reports reviewed in one batch, their tables summed,
a memo for each — on the synthetic county of ``region_reports``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import ROOT
from openpyxl import load_workbook
from region_reports import (
    AGENCIES,
    COUNTY,
    SECURITY_CELL,
    YEAR,
    expected_findings,
    expected_sum,
    write_region,
)

from assistant.domain.aggregate import Aggregate, find_cells
from assistant.domain.layout import ReportFormat, keys
from assistant.domain.region import Member, Region, region_from_rows, with_rule
from assistant.domain.report import AgencyLevel, Report
from assistant.errors import GongkaiError, UnreadableInput
from assistant.readers.agency_list import read_agency_list
from assistant.render.region import aggregate_json
from assistant.service import regions as review_service
from assistant.service.regions import (
    RegionResult,
    file_sources,
    region_from_reports,
    review_region,
    sources_from_paths,
    sources_from_saved,
    start_county_workspace,
)
from assistant.store import Store
from assistant.writers.memo import memo_bytes, memo_file_name, summary_bytes


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_region(tmp_path_factory.mktemp("county"))


@pytest.fixture(scope="module")
def reviewed(county: dict[str, Path]) -> RegionResult:
    """The county's 2024 reports reviewed against its list and last year's reports."""
    region = read_agency_list(county["xlsx"], COUNTY)
    sources = sources_from_paths([county["this_year"]], region=region, last_year=[county["last_year"]])
    return review_region(sources, YEAR)


def gongkai(*args: str | Path, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"GONGKAI_DATA_DIR": str(data_dir)} if data_dir else {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


class TestRegion:
    def test_a_report_is_matched_to_the_member_whose_name_it_contains(self) -> None:
        """清溪镇 of the list is the 青川县清溪镇人民政府 of the report, and the other way round."""
        region = Region(name=COUNTY, members=[Member(name="清溪镇"), Member(name="青川县财政局")])
        assert region.find("青川县清溪镇人民政府") == Member(name="清溪镇")
        assert region.find("青川县 财政局") == Member(name="青川县财政局")
        assert region.find("青川县教育局") is None

    def test_a_name_two_members_could_be_is_matched_to_neither(self) -> None:
        """“清溪” fits both 清溪镇 and 清溪乡: guessing would count a report for the wrong agency."""
        region = Region(name=COUNTY, members=[Member(name="清溪镇"), Member(name="清溪乡")])
        assert region.find("清溪") is None

    def test_a_list_naming_an_agency_twice_is_refused_with_both_lines(self) -> None:
        """A repeated name is an error that names the two lines."""
        with pytest.raises(UnreadableInput, match=r"第 3 行.*与第 1 行重复"):
            region_from_rows(
                COUNTY, [(1, "清溪镇", "乡镇"), (2, "教育局", "部门"), (3, "清溪镇", "")], "名单"
            )

    def test_a_blank_kind_is_read_from_the_name_and_an_unknown_one_is_refused(self) -> None:
        """Kind words of lists are understood; a blank one follows the name; nonsense is an error."""
        region = region_from_rows(
            COUNTY, [(1, "青川县清溪镇人民政府", ""), (2, "青川县教育局", "县直部门")], "名单"
        )
        assert [member.kind for member in region.members] == [AgencyLevel.TOWN, AgencyLevel.DEPARTMENT]
        with pytest.raises(UnreadableInput, match="第 1 行：类别“国企”无法识别"):
            region_from_rows(COUNTY, [(1, "某公司", "国企")], "名单")


class TestAgencyList:
    def test_the_xlsx_and_the_csv_list_give_the_same_region(self, county: dict[str, Path]) -> None:
        """Both list formats give every agency with its kind, the header row skipped."""
        from_xlsx, from_csv = (
            read_agency_list(county["xlsx"], COUNTY),
            read_agency_list(county["csv"], COUNTY),
        )
        assert from_xlsx == from_csv
        assert [member.name for member in from_xlsx.members] == [agency.name for agency in AGENCIES]
        assert from_xlsx.members[0].kind is AgencyLevel.TOWN

    def test_a_header_may_put_the_kind_first(self, tmp_path: Path) -> None:
        """Columns are found by their headings, in any order."""
        listing = tmp_path / "青川县.csv"
        listing.write_text("类别,单位名称\n部门,青川县教育局\n", encoding="gb18030")
        region = read_agency_list(listing)
        assert region == Region(
            name="青川县", members=[Member(name="青川县教育局", kind=AgencyLevel.DEPARTMENT)]
        )

    def test_a_damaged_spreadsheet_is_named_in_chinese(self, tmp_path: Path) -> None:
        """A file that is not a workbook says so; it does not raise openpyxl's error."""
        listing = tmp_path / "名单.xlsx"
        listing.write_bytes(b"not a workbook")
        with pytest.raises(UnreadableInput, match=r"不是有效的 \.xlsx 文件"):
            read_agency_list(listing)


class TestRegionReview:
    def test_each_agency_has_exactly_its_seeded_findings(self, reviewed: RegionResult) -> None:
        """Every report that was sent breaks exactly the rules seeded into it, no others."""
        found = {row.agency: tuple(row.rules) for row in reviewed.review.agencies}
        assert found == expected_findings()

    def test_the_agency_that_sent_nothing_is_missing(self, reviewed: RegionResult) -> None:
        """乔庄镇 is on the list and sent no report."""
        review = reviewed.review
        assert [member.name for member in review.missing] == ["青川县乔庄镇人民政府"]
        assert review.rows()[-1].agency == "青川县乔庄镇人民政府"
        assert not review.rows()[-1].received

    def test_a_damaged_file_is_listed_and_the_batch_goes_on(self, reviewed: RegionResult) -> None:
        """The broken .docx is named as unreadable; the other seven reports are reviewed."""
        review = reviewed.review
        assert [Path(item.source).name for item in review.unreadable] == ["损坏的文件.docx"]
        assert review.tally["received"] == 7

    def test_dates_reuse_and_carry_over_are_given_per_agency(self, reviewed: RegionResult) -> None:
        """木鱼镇 is late and copied last year's text; 清溪镇's carry-over breaks; 教育局 is fine."""
        rows = {row.agency: row for row in reviewed.review.agencies}
        late, broken, fine = rows["青川县木鱼镇人民政府"], rows["青川县清溪镇人民政府"], rows["青川县教育局"]
        assert (late.on_time, str(late.deadline)) == (False, "2025-01-31")
        assert late.reuse is not None and late.reuse >= 0.5 and late.copied
        assert [finding.rule for finding in broken.carry_over] == ["R6", "R6"]
        assert fine.on_time and not fine.carry_over and fine.reuse is not None and fine.reuse < 0.5
        assert fine.last_year_source is not None and fine.last_year_source.endswith("2023/教育局.txt")

    def test_rules_are_counted_across_the_region(self, reviewed: RegionResult) -> None:
        """Per rule: how many findings and in how many reports, R before W."""
        counts = {rule: (findings, agencies) for rule, findings, agencies in reviewed.review.rule_counts}
        assert list(counts) == ["R1", "R4", "R6", "W3", "W5", "W8"]
        assert counts["R1"] == (2, 1) and counts["W5"] == (1, 1)
        assert [row.agency for row in with_rule(reviewed.review.rows(), "W8")] == ["青川县财政局"]

    def test_the_pool_gives_what_one_process_gives(
        self, county: dict[str, Path], reviewed: RegionResult
    ) -> None:
        """Two worker processes review the same reports to the same findings, in the same order."""
        region = read_agency_list(county["csv"], COUNTY)
        sources = sources_from_paths([county["this_year"]], region=region, last_year=[county["last_year"]])
        original = review_service.POOL_THRESHOLD
        review_service.POOL_THRESHOLD = 0
        progress: list[tuple[int, int, str]] = []
        try:
            pooled = review_region(sources, YEAR, processes=2, progress=lambda *step: progress.append(step))
        finally:
            review_service.POOL_THRESHOLD = original
        assert [r.model_dump() for r in pooled.review.agencies] == [
            r.model_dump() for r in reviewed.review.agencies
        ]
        assert progress[-1] == (8, 8, "审核") and (7, 7, "读取上年报告") in progress

    def test_without_details_only_counts_and_names_are_kept(self, county: dict[str, Path]) -> None:
        """A province-sized batch keeps no agency's findings, yet counts them and streams each row."""
        streamed = []
        result = review_region(
            sources_from_paths([county["this_year"]]), YEAR, keep_details=False, on_agency=streamed.append
        )
        assert result.review.agencies == [] and len(streamed) == 7
        assert result.review.tally["with_errors"] == 2  # R1 and R4; R6 needs last year's reports
        assert result.review.missing == []  # without a list nobody is expected

    def test_reports_of_another_year_are_set_aside(self, county: dict[str, Path]) -> None:
        """Reviewing 2024, a 2023 report in the folder is named and not reviewed."""
        result = review_region(sources_from_paths([county["last_year"]]), YEAR)
        assert result.review.tally["received"] == 0
        assert len(result.review.other_years) == 7
        assert "是 2023 年度的报告" in result.review.other_years[0].reason


def _kill_on_poison(source: review_service.ReportSource, read: object, context: object) -> str:
    if source.label == "poison":
        os._exit(3)
    return source.label.upper()


class TestBatch:
    def test_a_file_that_kills_its_worker_loses_only_itself(self) -> None:
        """A worker dying mid-batch breaks the pool; the batch redoes the rest and names only that job."""
        labels = [f"r{n}" for n in range(40)]
        labels[21] = "poison"
        jobs = [review_service.ReportSource(label, report=Report()) for label in labels]
        results = list(
            review_service._pooled(_kill_on_poison, jobs, None, 2, crashed=lambda job: f"crashed {job.label}")
        )
        assert results[21] == "crashed poison"
        assert results[:21] + results[22:] == [label.upper() for label in labels if label != "poison"]


class TestAggregate:
    def test_every_cell_is_the_sum_of_the_reports_cells(self, reviewed: RegionResult) -> None:
        """Each of the format's cells, totals included, is the sum of the seven reports' cells as stated."""
        totals = reviewed.aggregate.totals
        assert reviewed.aggregate.count == 7
        assert totals == {key: expected_sum(key) for key in keys(ReportFormat.F2021)}

    def test_the_drill_down_names_the_agencies_behind_a_cell(self, reviewed: RegionResult) -> None:
        """表三 “（三）不予公开 3.危及三安全一稳定” 总计 3 is 公安局's 2 and 白石乡's 1."""
        (key,) = find_cells("（三）不予公开 3.危及“三安全一稳定”")
        assert key == SECURITY_CELL
        contributions = reviewed.aggregate.contributions(key)
        assert {c.agency: c.value for c in contributions} == {"青川县公安局": 2, "青川县白石乡人民政府": 1}
        assert reviewed.aggregate.totals[key] == 3

    def test_a_source_with_an_r_error_is_flagged_and_the_rules_run_on_the_sum(
        self, reviewed: RegionResult
    ) -> None:
        """白石乡 (R1), 发展和改革局 (R4), 清溪镇 (R6) are listed with their errors; the sum shows R1, R4."""
        flagged = {
            s.agency: sorted({f.rule for f in s.errors}) for s in reviewed.aggregate.sources_with_errors
        }
        assert flagged == {
            "青川县白石乡人民政府": ["R1"],
            "青川县发展和改革局": ["R4"],
            "青川县清溪镇人民政府": ["R6"],
        }
        assert sorted({f.rule for f in reviewed.aggregate.findings()}) == ["R1", "R4"]

    def test_an_agency_sent_twice_is_summed_once_and_named(
        self, county: dict[str, Path], tmp_path: Path
    ) -> None:
        """A second copy of 教育局's report is a duplicate: named, and left out of the sum."""
        folder = tmp_path / "2024"
        shutil.copytree(county["this_year"], folder)
        shutil.copy(folder / "教育局.txt", folder / "教育局（重报）.txt")
        result = review_region(sources_from_paths([folder]), YEAR)
        assert [d.agency for d in result.review.duplicate_list] == ["青川县教育局"]
        assert result.aggregate.count == 7
        assert [item.agency for item in result.aggregate.excluded] == ["青川县教育局"]
        assert result.aggregate.totals["t3.new.total"] == expected_sum("t3.new.total")

    def test_a_sum_saved_beside_the_reports_is_not_read_as_a_report(
        self, county: dict[str, Path], reviewed: RegionResult, tmp_path: Path
    ) -> None:
        """汇总.json in the reports' folder is skipped as not a report the next time the folder is read."""
        folder = tmp_path / "2024"
        shutil.copytree(county["this_year"], folder)
        data = aggregate_json(reviewed.aggregate, reviewed.review)
        (folder / "汇总.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        result = review_region(sources_from_paths([folder]), YEAR)
        assert [Path(item.source).name for item in result.review.skipped] == ["汇总.json"]
        assert result.aggregate.count == 7

    def test_the_sum_starts_the_countys_workspace(self, reviewed: RegionResult, tmp_path: Path) -> None:
        """The summed figures open the county government's workspace; a second sum does not overwrite it."""
        store = Store.in_data_dir(tmp_path).workspaces
        workspace = start_county_workspace(store, reviewed.aggregate, "青川县人民政府")
        assert (workspace.agency, workspace.year, workspace.level) == ("青川县人民政府", YEAR, "县")
        assert workspace.as_report().figures[SECURITY_CELL] == 3
        with pytest.raises(GongkaiError, match="已有数据"):
            start_county_workspace(store, reviewed.aggregate, "青川县人民政府")
        assert (
            start_county_workspace(store, reviewed.aggregate, "青川县人民政府", replace=True).figures_version
            == 2
        )

    def test_an_empty_aggregate_has_zero_cells_and_no_contributions(self) -> None:
        """Nothing summed: every cell 0, nobody behind any."""
        aggregate = Aggregate(COUNTY, YEAR)
        assert set(aggregate.totals.values()) == {0}
        assert aggregate.contributions(SECURITY_CELL) == []


class TestMemos:
    def test_each_memo_opens_and_states_the_reports_findings(
        self, reviewed: RegionResult, tmp_path: Path
    ) -> None:
        """Every received report's memo is a .docx in the 公文 styles holding each of its findings."""
        for row in reviewed.review.agencies:
            path = tmp_path / memo_file_name(row.agency)
            path.write_bytes(memo_bytes(row, region=COUNTY, remarks="请于2月5日前重新报送。"))
            document = docx.Document(str(path))
            text = "\n".join(paragraph.text for paragraph in document.paragraphs)
            assert document.paragraphs[0].style.name == "公文标题"
            assert f"关于{row.agency}2024年政府信息公开工作年度报告的审核意见" in text
            for finding in row.findings:
                assert finding.message in text
            assert "请于2月5日前重新报送。" in text

    def test_the_summary_names_the_missing_agency_and_counts_the_rules(
        self, reviewed: RegionResult, tmp_path: Path
    ) -> None:
        """The region's summary lists who sent nothing, a table per rule and the sources with errors."""
        path = tmp_path / "汇总.docx"
        path.write_bytes(summary_bytes(reviewed.review, reviewed.aggregate))
        document = docx.Document(str(path))
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        assert "未收到报告的 1 个：青川县乔庄镇人民政府" in text
        assert "青川县白石乡人民政府（白石乡.txt）：R1" in text
        rules = [row.cells[0].text for row in document.tables[0].rows[1:]]
        assert rules == ["R1", "R4", "R6", "W3", "W5", "W8"]


class TestSavedRegions:
    def test_a_saved_region_comes_back_with_its_members_and_folder(self, tmp_path: Path) -> None:
        """Saving replaces a region of the same name; get, all and delete see the same."""
        store = Store.in_data_dir(tmp_path).regions
        region = Region(
            name=COUNTY, members=[Member(name="清溪镇", kind=AgencyLevel.TOWN), Member(name="教育局")]
        )
        store.save(Region(name=COUNTY))
        saved = store.save(region, folder=tmp_path, workspaces=True)
        assert (saved.region, saved.folder, saved.workspaces) == (region, tmp_path, True)
        assert [r.name for r in store.all()] == [COUNTY]
        store.delete("@青川县")
        with pytest.raises(GongkaiError, match="找不到地区“青川县”"):
            store.get(COUNTY)

    def test_a_region_of_workspaces_reviews_them_and_last_years(self, tmp_path: Path) -> None:
        """Members' workspaces of the year are reviewed, with their workspaces of the year before."""
        store = Store.in_data_dir(tmp_path).workspaces
        for year, carried_out in ((YEAR - 1, 3), (YEAR, 1)):
            workspace = store.open("青川县清溪镇人民政府", year, level="乡镇", is_people_government=True)
            figures = {"t3.new.natural": 2, "t3.disclosed.natural": 1, "t3.carried_out.natural": carried_out}
            store.save_figures(workspace.id, figures, base_version=0)
        store.open("青川县教育局", YEAR)  # an empty workspace is no report
        region = Region(name=COUNTY, members=[Member(name="清溪镇"), Member(name="教育局")])
        saved = Store.in_data_dir(tmp_path).regions.save(region, workspaces=True)
        result = review_region(sources_from_saved(saved, YEAR, store), YEAR)
        (row,) = result.review.agencies
        assert (row.agency, row.source) == ("清溪镇", "@青川县清溪镇人民政府/2024")
        assert row.last_year_source == "@青川县清溪镇人民政府/2023"
        assert [m.name for m in result.review.missing] == ["教育局"]

    def test_a_region_read_from_a_folder_has_each_reporting_agency_once(
        self, county: dict[str, Path]
    ) -> None:
        """The agencies of the reports in a folder, with their kinds from their names."""
        region = region_from_reports(COUNTY, [county["this_year"]])
        assert len(region.members) == 7
        assert region.find("青川县公安局") == Member(name="青川县公安局", kind=AgencyLevel.DEPARTMENT)
        assert len(file_sources([county["this_year"]])) == 8


class TestCommands:
    def test_review_json_lists_the_seeded_findings_and_the_missing_agency(
        self, county: dict[str, Path]
    ) -> None:
        """`review --json` gives each agency's rules, the missing agency, and exits 2 for the damaged file."""
        result = gongkai(
            "review", county["this_year"], "--year", YEAR, "--last-year", county["last_year"],
            "--list", county["csv"], "--name", COUNTY, "--json",
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        data = json.loads(result.stdout)
        received = {row["agency"]: tuple(row["rules"]) for row in data["agencies"] if row["received"]}
        assert received == expected_findings()
        assert [row["agency"] for row in data["missing"]] == ["青川县乔庄镇人民政府"]
        assert data["rule_counts"][0] == {"rule": "R1", "title": "表三第一项加第二项不等于第三项加第四项",
                                          "findings": 2, "agencies": 1}  # fmt: skip

    def test_review_writes_a_memo_per_report_and_the_summary(
        self, county: dict[str, Path], tmp_path: Path
    ) -> None:
        """`--memos DIR` writes one memo for each report received and the region's summary."""
        result = gongkai("review", county["this_year"], "--year", YEAR, "--memos", tmp_path / "意见")
        assert "青川县白石乡人民政府（乡镇）" in result.stdout and "[错误 R1]" in result.stdout
        names = sorted(path.name for path in (tmp_path / "意见").iterdir())
        assert len(names) == 8 and "区域审核汇总.docx" in names and "审核意见_青川县财政局.docx" in names

    def test_aggregate_saves_the_sum_and_shows_a_cells_agencies(
        self, county: dict[str, Path], tmp_path: Path
    ) -> None:
        """`aggregate -o 汇总.xlsx --cell` prints who is behind the cell and saves the official tables."""
        output = tmp_path / "汇总.xlsx"
        result = gongkai(
            "aggregate", county["this_year"], "--year", YEAR, "-o", output, "--cell", "危及三安全一稳定"
        )
        assert result.returncode == 2, result.stderr  # the damaged file
        assert "“总计”列 = 3" in result.stdout and "青川县公安局：2" in result.stdout
        assert "青川县白石乡人民政府：1" in result.stdout and "来源报告本身有错误" in result.stdout
        workbook = load_workbook(output)
        table3 = workbook["表三"]
        assert table3["J4"].value == expected_sum("t3.new.total")
        behind = {
            row[4]
            for row in workbook["来源"].iter_rows(min_row=2, values_only=True)
            if row[3] == SECURITY_CELL
        }
        assert behind == {"青川县公安局", "青川县白石乡人民政府"}

    def test_a_saved_region_is_named_with_an_at_sign(self, county: dict[str, Path], tmp_path: Path) -> None:
        """`region add` with a list and a folder, then `review @青川县` and `aggregate @青川县 -o .json`."""
        added = gongkai("region", "add", COUNTY, "--list", county["xlsx"], "--folder", county["this_year"],
                        data_dir=tmp_path)  # fmt: skip
        assert added.returncode == 0, added.stderr
        assert "@青川县\t8 个机关" in added.stdout
        reviewed = gongkai("review", "@青川县", "--year", YEAR, data_dir=tmp_path)
        assert "青川县乔庄镇人民政府（乡镇）：未收到报告" in reviewed.stdout
        output = tmp_path / "汇总.json"
        gongkai("aggregate", "@青川县", "--year", YEAR, "-o", output, data_dir=tmp_path)
        data = json.loads(output.read_text(encoding="utf-8"))
        assert data["cells"][SECURITY_CELL]["total"] == 3
        assert [row["agency"] for row in data["missing"]] == ["青川县乔庄镇人民政府"]
        listed = gongkai("region", "list", data_dir=tmp_path)
        shown = gongkai("region", "show", "@青川县", data_dir=tmp_path)
        assert listed.stdout.startswith("@青川县\t8 个机关，报告来自：目录")
        assert "青川县乔庄镇人民政府\t乡镇" in shown.stdout
        assert "已删除地区 @青川县" in gongkai("region", "delete", COUNTY, data_dir=tmp_path).stdout

    def test_a_long_run_shows_its_progress_on_stderr(self, tmp_path: Path) -> None:
        """Twenty figures files or more: progress lines on stderr, the review itself on stdout."""
        for n in range(20):
            (tmp_path / f"{n:02d}.yaml").write_text(
                f"agency: 青川县第{n}局\nyear: {YEAR}\nt2.penalty.decisions: {n}\n", encoding="utf-8"
            )
        result = gongkai("review", tmp_path, "--year", YEAR)
        assert "审核：20/20" in result.stderr
        assert "审核" not in result.stdout.splitlines()[0]

    def test_review_explains_an_unknown_region(self, tmp_path: Path) -> None:
        """An "@地区" never saved is a Chinese message and exit code 2."""
        result = gongkai("review", "@某县", "--year", YEAR, data_dir=tmp_path)
        assert result.returncode == 2
        assert "找不到地区“某县”" in result.stderr
