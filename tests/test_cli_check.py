"""`gongkai check` and `gongkai figures` as users run them: JSON contract, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from report_fixtures import CLEAN_FIGURES, ReportSpec, write_docx, write_text
from test_readers_flat_text import OLD_LAYOUT_REPORT

from assistant.domain.layout import ReportFormat, keys

pytest.importorskip(
    "assistant.readers.flat_text", reason="the .txt and .docx readers come from the readers branch"
)


def gongkai(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a clean report, a report with an R1 error and a figures file."""
    write_text(ReportSpec(), tmp_path / "clean.txt")
    write_docx(ReportSpec(figures={**CLEAN_FIGURES, "t3.carried_out.natural": 2}), tmp_path / "broken.docx")
    (tmp_path / "figures.yaml").write_text(
        "year: 2023\nt2:\n  penalty:\n    decisions: 3\n", encoding="utf-8"
    )
    (tmp_path / "readme.rtf").write_text("not a report", encoding="utf-8")
    return tmp_path


class TestCheckCommand:
    def test_one_clean_file_prints_the_json_object_and_exits_0(self, folder: Path) -> None:
        """--json for one file is one object with every canonical key and no finding."""
        result = gongkai("check", folder / "clean.txt", "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert list(data) == [
            "file",
            "agency",
            "people_government",
            "year",
            "published",
            "format",
            "figures",
            "findings",
            "notes",
        ]
        assert (data["agency"], data["year"], data["format"]) == ("青川县清溪镇人民政府", 2023, "2021")
        assert list(data["figures"]) == list(keys(ReportFormat.F2021))
        assert data["figures"]["t3.results_total.total"] == 5
        assert data["findings"] == []

    def test_a_folder_is_checked_file_by_file_and_errors_exit_1(self, folder: Path) -> None:
        """A folder checks every report and figures file in it; an error makes the exit code 1."""
        result = gongkai("check", folder, "--json")
        assert result.returncode == 1, result.stderr
        data = json.loads(result.stdout)
        assert [Path(item["file"]).name for item in data] == ["broken.docx", "clean.txt", "figures.yaml"]
        (broken, _, figures) = data
        finding = broken["findings"][0]
        assert set(finding) == {"rule", "severity", "message", "cells", "part", "quote"}
        assert (finding["rule"], finding["severity"]) == ("R1", "error")
        assert figures["figures"]["t2.penalty.decisions"] == 3
        assert figures["figures"]["t3.new.total"] == 0

    def test_last_year_is_used_for_carry_over(self, tmp_path: Path) -> None:
        """--last-year compares carried-over requests (R6)."""
        write_text(ReportSpec(), tmp_path / "this.txt")
        (tmp_path / "last.json").write_text('{"year": 2022, "t3.carried_out.natural": 3}', encoding="utf-8")
        result = gongkai("check", tmp_path / "this.txt", "--last-year", tmp_path / "last.json", "--json")
        assert result.returncode == 1
        assert {finding["rule"] for finding in json.loads(result.stdout)["findings"]} == {"R6"}

    def test_a_last_year_two_years_older_is_said_not_to_connect(self, tmp_path: Path) -> None:
        """--last-year naming a report two years older says why R6 found nothing, in text and JSON."""
        write_text(ReportSpec(), tmp_path / "this.txt")
        (tmp_path / "last.json").write_text('{"year": 2021, "t3.carried_out.natural": 3}', encoding="utf-8")
        text = gongkai("check", tmp_path / "this.txt", "--last-year", tmp_path / "last.json")
        assert text.returncode == 0, text.stdout
        assert "注意：两份报告相隔 2 年" in text.stdout
        data = json.loads(
            gongkai("check", tmp_path / "this.txt", "--last-year", tmp_path / "last.json", "--json").stdout
        )
        assert any("相隔 2 年" in note for note in data["notes"])

    def test_an_old_layout_last_year_raises_no_r6_and_prints_no_zeros(self, tmp_path: Path) -> None:
        """A pre-2019 report's unread tables are unknown: no R6 against it, format null, no figures."""
        (tmp_path / "清溪镇2017.txt").write_text(OLD_LAYOUT_REPORT, encoding="utf-8")
        (tmp_path / "y.yaml").write_text(
            "year: 2018\nt3.carried_in.natural: 2\nt3.new.natural: 1\nt3.disclosed.natural: 3\n",
            encoding="utf-8",
        )
        result = gongkai("check", tmp_path / "y.yaml", "--last-year", tmp_path / "清溪镇2017.txt", "--json")
        assert result.returncode == 0, result.stdout
        old = json.loads(gongkai("check", tmp_path / "清溪镇2017.txt", "--json").stdout)
        assert (old["format"], old["figures"]) == (None, {})
        assert any("表格暂不支持" in note for note in old["notes"])

    def test_the_human_output_is_chinese(self, folder: Path) -> None:
        """Without --json the findings are listed in Chinese."""
        result = gongkai("check", folder / "broken.docx")
        assert result.returncode == 1
        assert "错误 R1" in result.stdout and "本年新收" in result.stdout

    def test_a_folder_ends_with_a_summary_for_the_reviewer(self, folder: Path) -> None:
        """After the reports, one line counts those with errors, with warnings only and clean."""
        result = gongkai("check", folder)
        assert (
            result.stdout.rstrip().splitlines()[-1]
            == "共检查 3 份：1 份有错误，0 份仅有提醒，2 份未发现问题。"
        )

    def test_an_unreadable_input_exits_2_and_the_others_are_still_checked(self, folder: Path) -> None:
        """One bad file does not stop the others; the exit code says an input was unreadable."""
        (folder / "empty.txt").write_bytes(b"")
        result = gongkai("check", folder / "empty.txt", folder / "clean.txt", "--json")
        assert result.returncode == 2
        assert "empty.txt" in result.stderr and "为空" in result.stderr
        assert [Path(item["file"]).name for item in json.loads(result.stdout)] == ["clean.txt"]


OTHER_DOCUMENTS = {
    "通知.txt": "关于做好春节值班工作的通知\n请各单位安排好值班人员。\n",
    "清单.tsv": "文件\t类别\t年份\t页数\n甲.txt\t通知\t2023\t2\n乙.txt\t办法\t2024\t12\n",
    "配置.json": '{"name": "示例", "version": 2}',
}


class TestFolderWithOtherDocuments:
    @pytest.fixture
    def mixed(self, folder: Path) -> Path:
        """The report folder, plus a notice, a list saved as .tsv and a JSON that are not reports."""
        for name, text in OTHER_DOCUMENTS.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    def test_documents_that_are_not_reports_are_skipped_by_name(self, mixed: Path) -> None:
        """Walking a folder, each non-report is listed as skipped and does not make the exit code 2."""
        result = gongkai("check", mixed, "--json")
        assert result.returncode == 1, result.stderr
        assert [Path(item["file"]).name for item in json.loads(result.stdout)] == [
            "broken.docx",
            "clean.txt",
            "figures.yaml",
        ]
        for name in OTHER_DOCUMENTS:
            assert f"跳过：{mixed / name}（不是年度报告" in result.stderr
        assert "无法读取" not in result.stderr

    def test_the_summary_counts_the_skipped_documents(self, mixed: Path) -> None:
        """The closing line says how many files were passed over as not reports."""
        result = gongkai("check", mixed)
        assert f"跳过 {len(OTHER_DOCUMENTS)} 个非年报文件。" in result.stdout.rstrip().splitlines()[-1]

    @pytest.mark.parametrize("name", OTHER_DOCUMENTS)
    def test_a_non_report_named_explicitly_is_still_refused(self, mixed: Path, name: str) -> None:
        """Named on the command line, a file that is not a report exits 2 with its message."""
        result = gongkai("check", mixed / name)
        assert result.returncode == 2
        assert name in result.stderr and "跳过" not in result.stderr

    def test_an_unreadable_report_in_a_folder_still_exits_2(self, folder: Path) -> None:
        """Only documents that are plainly something else are skipped; a damaged report is not."""
        (folder / "damaged.docx").write_bytes(b"this is not a zip archive")
        result = gongkai("check", folder)
        assert result.returncode == 2
        assert "damaged.docx" in result.stderr and "不是有效的 .docx" in result.stderr

    def test_a_folder_holding_no_report_at_all_exits_2(self, tmp_path: Path) -> None:
        """When everything was skipped, the user is told there was nothing to check."""
        for name, text in OTHER_DOCUMENTS.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        result = gongkai("check", tmp_path)
        assert result.returncode == 2
        assert "没有找到可检查的年报" in result.stderr


# Relative to ../shared: the only rule errors its documents contain, reports and truth files alike.
# The putian portal pages give none (林业局's “未收到法人或其他组织…申请” is about that group only);
# pthyyyyj-2024 has a published R8: 33条 whose parts add up to 37.
SHARED_ERRORS = {
    "data/report-pingtan-2020.md": ["R2", "R2"],
    "data/truth/pingtan-2020.json": ["R2", "R2"],
    "data/report-shanghai-szfbgt-2019.md": ["R7", "R7"],
    "data/raw/putian-pthyyyyj-2024.html": ["R8"],
}


@pytest.mark.shared
class TestSharedFolders:
    @pytest.mark.parametrize("where", ["data", "."])
    def test_the_shared_folders_give_exactly_the_known_errors(self, shared: Path, where: str) -> None:
        """`check ../shared/data` and `../shared`: others skipped, truth files read, real errors only."""
        result = gongkai("check", shared / where, "--json")
        assert result.returncode == 1, result.stderr
        assert "无法读取" not in result.stderr and "Traceback" not in result.stderr
        assert f"跳过：{shared / 'data' / 'MANIFEST.tsv'}" in result.stderr
        checked = json.loads(result.stdout)
        errors = {
            Path(item["file"]).relative_to(shared).as_posix(): [
                finding["rule"] for finding in item["findings"] if finding["severity"] == "error"
            ]
            for item in checked
        }
        assert {name: rules for name, rules in errors.items() if rules} == SHARED_ERRORS
        assert {name for name in errors if name.startswith("data/truth/")} == {
            f"data/truth/{path.name}" for path in (shared / "data" / "truth").glob("*.json")
        }


BAD_INPUTS = {
    "empty.txt": (b"", "文件为空"),
    "fake.docx": (b"this is not a zip archive", "不是有效的 .docx"),
    "binary.txt": (bytes(range(256)) * 8, "二进制"),
    "notice.txt": ("关于做好春节值班工作的通知\n请各单位安排好值班人员。\n".encode(), "看起来不是"),
    "unknown.yaml": (b"t3.new.natral: 3\n", "未知的数字键“t3.new.natral”"),
    "negative.json": (b'{"t3.new.natural": -2}', "不能为负数"),
}


class TestBadInput:
    @pytest.mark.parametrize("name", BAD_INPUTS)
    def test_a_bad_input_gets_a_chinese_message_naming_the_file_and_exit_2(
        self, tmp_path: Path, name: str
    ) -> None:
        """Empty, fake, binary, table-less or wrong-key files: a clear message, exit 2, no traceback."""
        content, problem = BAD_INPUTS[name]
        (tmp_path / name).write_bytes(content)
        result = gongkai("check", tmp_path / name)
        assert result.returncode == 2
        assert name in result.stderr and problem in result.stderr
        assert "Traceback" not in result.stderr + result.stdout

    def test_output_cut_short_by_head_ends_without_a_traceback(self, tmp_path: Path) -> None:
        """`check --json DIR | head` closes the pipe early: the command stops quietly."""
        for number in range(20):
            (tmp_path / f"s{number}.yaml").write_text("year: 2023\nt3.new.natural: 1\n", encoding="utf-8")
        command = [sys.executable, "-m", "assistant", "check", "--json", str(tmp_path)]
        with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
            assert process.stdout is not None and process.stderr is not None
            process.stdout.readline()
            process.stdout.close()
            errors = process.stderr.read().decode("utf-8")
        assert "Traceback" not in errors and "BrokenPipeError" not in errors

    def test_a_missing_path_is_reported(self, tmp_path: Path) -> None:
        """A path that does not exist is named."""
        result = gongkai("check", tmp_path / "nowhere.docx")
        assert result.returncode == 2
        assert "nowhere.docx" in result.stderr and "Traceback" not in result.stderr

    @pytest.mark.parametrize("command", [("figures",), ("export", "-o", "out.docx"), ("compare", "FILE")])
    def test_a_folder_where_a_file_is_expected_is_named_a_folder(
        self, folder: Path, command: tuple[str, ...]
    ) -> None:
        """A folder given where one file is expected is called a folder, not a file without a suffix."""
        args = [folder if arg == "FILE" else arg for arg in command[1:]]
        result = gongkai(command[0], folder, *args)
        assert result.returncode == 2
        assert f"{folder}：这是一个目录" in result.stderr and "无扩展名" not in result.stderr

    def test_a_folder_as_last_year_is_named_a_folder(self, folder: Path) -> None:
        """--last-year naming a folder is called a folder."""
        result = gongkai("check", folder / "clean.txt", "--last-year", folder)
        assert result.returncode == 2 and "这是一个目录" in result.stderr


class TestFiguresCommand:
    def test_figures_json_is_the_check_object_without_findings(self, folder: Path) -> None:
        """`figures --json` prints every canonical key, no findings."""
        result = gongkai("figures", folder / "clean.txt", "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert "findings" not in data
        assert data["figures"]["t2.penalty.decisions"] == 3
        assert len(data["figures"]) == len(keys(ReportFormat.F2021))

    def test_typed_text_is_read_and_leftovers_are_reported(self) -> None:
        """`figures --text` reads a message and lists what it could not place."""
        result = gongkai("figures", "--text", "行政处罚三件；行政诉讼1件", "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["figures"]["t2.penalty.decisions"] == 3
        assert len(data["unmatched"]) == 1

    @pytest.mark.parametrize("text", ["今天天气很好", "行政处罚二十余件"])
    def test_text_that_gives_no_figure_exits_2_saying_so(self, text: str) -> None:
        """`figures --text` with nothing readable prints no table of zeros and exits 2."""
        result = gongkai("figures", "--text", text, "--json")
        assert result.returncode == 2
        assert result.stdout == "" and "没有读出任何" in result.stderr

    def test_figures_json_reads_back_as_a_figures_file(self, tmp_path: Path) -> None:
        """`figures --json` saved to a file is accepted by figures and check, date and figures kept."""
        seed = tmp_path / "seed.yaml"
        seed.write_text(
            "agency: 青川县清溪镇人民政府\nyear: 2023\npublished: 2024-01-18\n"
            "t3.new.natural: 2\nt3.disclosed.natural: 2\n",
            encoding="utf-8",
        )
        first = gongkai("figures", seed, "--json")
        assert json.loads(first.stdout)["published"] == "2024-01-18"
        saved = tmp_path / "s.json"
        saved.write_text(first.stdout, encoding="utf-8")
        again = gongkai("figures", saved, "--json")
        assert again.returncode == 0, again.stderr
        before, after = json.loads(first.stdout), json.loads(again.stdout)
        for key in ("agency", "year", "published", "format", "figures"):
            assert after[key] == before[key], key
        checked = tmp_path / "c.json"
        checked.write_text(gongkai("check", saved, "--json").stdout, encoding="utf-8")
        assert gongkai("check", checked).returncode == 0

    def test_a_stated_people_government_survives_the_json_round_trip(self, tmp_path: Path) -> None:
        """`figures --json` writes people_government, and the saved output keeps it."""
        seed = tmp_path / "平潭.yaml"
        seed.write_text(
            "agency: 平潭综合实验区\npeople_government: true\nyear: 2024\nt3.new.natural: 1\n"
            "t3.disclosed.natural: 1\n",
            encoding="utf-8",
        )
        first = gongkai("figures", seed, "--json")
        assert json.loads(first.stdout)["people_government"] is True
        saved = tmp_path / "s.json"
        saved.write_text(first.stdout, encoding="utf-8")
        assert json.loads(gongkai("figures", saved, "--json").stdout)["people_government"] is True

    def test_the_human_listing_names_rows_and_columns(self, folder: Path) -> None:
        """Without --json each key is shown with its row and column label."""
        result = gongkai("figures", folder / "figures.yaml")
        assert result.returncode == 0, result.stderr
        assert "t2.penalty.decisions" in result.stdout and "行政处罚" in result.stdout
