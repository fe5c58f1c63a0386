"""``gongkai compare``: the terminal report, --json, --html and unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_samples import write_flat_text
from test_readers_flat_text import OLD_LAYOUT_REPORT
from town_reports import copied_2023, report_2022, rewritten_2023

from assistant.cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, main
from assistant.cli import compare as compare_command
from assistant.domain.comparison import Comparison
from assistant.domain.report import Report
from assistant.service.inputs import load


@pytest.fixture
def town_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Three document paths that read as the fictional town's reports (the readers are tested elsewhere)."""
    reports = {"2021.md": rewritten_2023(), "2022.md": report_2022(), "2023.md": copied_2023()}
    reports["2021.md"].year = 2021
    reports["2021-copy.md"] = report_2022().model_copy(update={"year": 2021})
    paths = {name: tmp_path / name for name in reports}
    for path in paths.values():
        path.write_text("已替换", encoding="utf-8")

    def read(path: Path) -> Report:
        return reports[Path(path).name].model_copy(deep=True)

    monkeypatch.setattr(compare_command, "load", read)
    return paths


class TestCompareCommand:
    def test_the_terminal_report_lists_deltas_reuse_and_identical_sentences_in_chinese(
        self, town_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text output has the figure deltas, reuse per part and the identical sentences."""
        code = main(["compare", str(town_files["2023.md"]), str(town_files["2022.md"])])
        out = capsys.readouterr().out
        assert code == EXIT_OK
        assert "青川县清溪镇人民政府：2023年报告与2022年报告对比" in out
        assert "表三 依申请公开｜一、本年新收政府信息公开申请数量｜总计：4 → 6（+2，+50.0%）" in out
        assert "五、存在的主要问题及改进情况" in out and "100%  ← 重复" in out
        assert "镇党政办公室负责信息发布前的保密审查和内容审核" in out

    def test_a_warning_is_labelled_as_check_labels_it(
        self, town_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A warning reads “[提醒 W2]” as in `gongkai check`, never “提示”."""
        main(["compare", str(town_files["2023.md"]), str(town_files["2022.md"])])
        out = capsys.readouterr().out
        assert "[提醒 W2] " in out and "提示]" not in out

    def test_json_output_is_the_typed_comparison(
        self, town_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--json prints the whole Comparison, readable back into the model."""
        main(["compare", str(town_files["2023.md"]), str(town_files["2022.md"]), "--json"])
        comparison = Comparison.model_validate(json.loads(capsys.readouterr().out))
        assert (comparison.this_year, comparison.last_year) == (2023, 2022)

    def test_html_output_is_written_with_the_history_years_in_the_chart(
        self, town_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--html writes one page; --history adds 2021 to the chart."""
        out = tmp_path / "对比.html"
        args = [str(town_files["2023.md"]), str(town_files["2022.md"]), "--html", str(out)]
        code = main(["compare", *args, "--history", str(town_files["2021.md"])])
        page = out.read_text(encoding="utf-8")
        assert code == EXIT_OK
        assert "<svg" in page and ">2021</text>" in page
        assert str(out) in capsys.readouterr().out

    def test_sentences_repeated_over_several_years_are_listed_with_their_years(
        self, town_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A sentence in the 2021, 2022 and 2023 reports is listed as recurring, with its years."""
        this, last = str(town_files["2023.md"]), str(town_files["2022.md"])
        main(["compare", this, last, "--history", str(town_files["2021-copy.md"])])
        out = capsys.readouterr().out
        assert "连续多年出现的句子" in out
        assert "对已公开的文件每半年清理一次。（2021年、2022年）" in out

    def test_figures_files_compare_cell_by_cell(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two figures files (no narrative) give the figure deltas and the carry-over check."""
        (tmp_path / "2023.yaml").write_text(
            "agency: 示例市某局\nyear: 2023\nt3.new.natural: 5\nt3.carried_in.natural: 2\n"
            "t3.disclosed.natural: 7\n",
            encoding="utf-8",
        )
        (tmp_path / "2022.yaml").write_text(
            "agency: 示例市某局\nyear: 2022\nt3.new.natural: 4\nt3.disclosed.natural: 4\n"
            "t3.carried_out.natural: 0\n",
            encoding="utf-8",
        )
        code = main(["compare", str(tmp_path / "2023.yaml"), str(tmp_path / "2022.yaml")])
        out = capsys.readouterr().out
        assert code == EXIT_FINDINGS
        assert "一、本年新收政府信息公开申请数量｜自然人：4 → 5（+1，+25.0%）" in out
        assert "[错误 R6]" in out

    def test_a_draft_without_figures_is_said_to_be_unfilled_not_unchanged(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A draft with no figures yet against last year's: its cells are counted as 本年未填."""
        (tmp_path / "2024.yaml").write_text("agency: 示例市某局\nyear: 2024\nfigures: {}\n", encoding="utf-8")
        (tmp_path / "2023.yaml").write_text(
            "agency: 示例市某局\nyear: 2023\nt3.new.natural: 4\nt3.disclosed.natural: 4\n",
            encoding="utf-8",
        )
        html = tmp_path / "对比.html"
        main(["compare", str(tmp_path / "2024.yaml"), str(tmp_path / "2023.yaml"), "--html", str(html)])
        out = capsys.readouterr().out
        cells = len(compare_command.compare(load(tmp_path / "2024.yaml"), load(tmp_path / "2023.yaml")).cells)
        assert f"比较 {cells} 个单元格，0 个有变化，本年未填 {cells} 项" in out
        page = html.read_text(encoding="utf-8")
        assert f"本年未填的单元格（{cells} 个）" in page and "未变化的单元格" not in page

    def test_a_document_read_by_a_real_reader_compared_with_itself_is_all_reuse(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Through the flat-text reader: no cell changes, every part 100 % reused."""
        document = write_flat_text(tmp_path / "清溪镇2024.txt")
        code = main(["compare", str(document), str(document)])
        out = capsys.readouterr().out
        assert code == EXIT_OK
        assert "个单元格，0 个有变化" in out
        assert "全文重复率：100%" in out

    def test_an_old_layout_report_is_said_to_have_unread_tables_not_zeros(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Beside a pre-2019 report: no “— → N” cell lines, a note instead, and no 2017 in the chart."""
        (tmp_path / "2018.yaml").write_text(
            'agency: 青川县清溪镇人民政府\nyear: 2018\nformat: "2019"\n'
            "t3.new.natural: 3\nt3.disclosed.natural: 3\n",
            encoding="utf-8",
        )
        (tmp_path / "2017.txt").write_text(OLD_LAYOUT_REPORT, encoding="utf-8")
        html = tmp_path / "对比.html"
        main(["compare", str(tmp_path / "2018.yaml"), str(tmp_path / "2017.txt"), "--html", str(html)])
        out = capsys.readouterr().out
        assert "2017年报告为2019年以前的旧版格式，表格暂不支持读取" in out
        assert " → " not in out
        assert "两年表格格式不同" not in out
        carry_over = out.split("二、上下年衔接")[1].split("三、")[0]
        assert "2017年报告的表格未能读取" in carry_over and "不检查结转衔接（R6、W1）" in carry_over
        assert "未发现问题" not in carry_over
        page = html.read_text(encoding="utf-8")
        assert "表格暂不支持读取" in page and "2017年报告的表格未能读取" in page
        assert "两年报告使用的表格格式不同" not in page
        main(["compare", str(tmp_path / "2018.yaml"), str(tmp_path / "2017.txt"), "--json"])
        comparison = json.loads(capsys.readouterr().out)
        assert comparison["cells"] == [] and not comparison["last_tables_read"]
        assert comparison["carry_over"] == [] and "不检查结转衔接" in comparison["last_year_note"]
        assert all(list(line["values"]) == ["2018"] for line in comparison["series"])

    def test_reports_given_in_the_wrong_order_are_pointed_out(
        self, town_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Last year's report given first: the user is asked whether the order is reversed."""
        main(["compare", str(town_files["2022.md"]), str(town_files["2023.md"])])
        assert "是否把两份文件的顺序写反了" in capsys.readouterr().out

    @pytest.mark.parametrize("target", ["", "无此目录/对比.html"])
    def test_an_html_target_that_cannot_be_written_is_a_chinese_message(
        self, town_files: dict[str, Path], target: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--html naming a folder or a file in a missing folder exits 2 with a message, not a traceback."""
        html = town_files["2023.md"].parent / target
        code = main(["compare", str(town_files["2023.md"]), str(town_files["2022.md"]), "--html", str(html)])
        assert code == EXIT_UNREADABLE
        assert f"{html}：" in capsys.readouterr().err

    def test_a_missing_file_is_a_chinese_message_and_exit_code_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unreadable input is named, without a traceback."""
        code = main(["compare", str(tmp_path / "无此文件.docx"), str(tmp_path / "上年.docx")])
        assert code == EXIT_UNREADABLE
        assert "无此文件.docx：文件不存在" in capsys.readouterr().err
