"""``gongkai compare``: the terminal report, --json, --html and unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from town_reports import copied_2023, report_2022, rewritten_2023

from assistant.cli import EXIT_OK, EXIT_UNREADABLE, main
from assistant.cli import compare as compare_command
from assistant.domain.comparison import Comparison
from assistant.domain.report import Report


@pytest.fixture
def town_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Three document paths that read as the fictional town's reports (the readers are tested elsewhere)."""
    reports = {"2021.md": rewritten_2023(), "2022.md": report_2022(), "2023.md": copied_2023()}
    reports["2021.md"].year = 2021
    paths = {name: tmp_path / name for name in reports}
    for path in paths.values():
        path.write_text("已替换", encoding="utf-8")

    def read(path: Path) -> Report:
        return reports[Path(path).name].model_copy(deep=True)

    monkeypatch.setattr(compare_command, "read_report", read)
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

    def test_a_missing_file_is_a_chinese_message_and_exit_code_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unreadable input is named, without a traceback."""
        code = main(["compare", str(tmp_path / "无此文件.docx"), str(tmp_path / "上年.docx")])
        assert code == EXIT_UNREADABLE
        assert "无此文件.docx：文件不存在" in capsys.readouterr().err
