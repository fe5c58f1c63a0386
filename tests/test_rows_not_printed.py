"""Table 2 rows an agency leaves out (a department's 规章, 行政强制 where it has no such
powers): read as not printed, never refused, and never compared as if they were 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_samples import blocks, expected_figures, table2_grid, write_docx, write_markdown

from assistant.cli import EXIT_OK, main
from assistant.domain.comparison import compare
from assistant.domain.rules import check
from assistant.readers import read_report

LEFT_OUT = ["t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force", "t2.coercion.decisions"]


def department_table2() -> list[list[str]]:
    """The sample's table 2 as a department prints it: no 规章 and no 行政强制 row, and the
    documents row labelled just 规范性文件."""
    rows = [row for row in table2_grid() if row[0] not in ("规章", "行政强制")]
    return [["规范性文件", *row[1:]] if row[0] == "行政规范性文件" else row for row in rows]


def department_report() -> list[str | list[list[str]]]:
    """The sample report with that table 2, and part 一 speaking of 行政强制 all the same."""
    content: list[str | list[list[str]]] = []
    for block in blocks():
        if isinstance(block, list) and block == table2_grid():
            content.append(department_table2())
        elif block == "清溪镇落实公开前保密审查，更新公开目录。":
            content.append(block + "全年实施行政强制2件，均按规定公开。")
        else:
            content.append(block)
    return content


@pytest.fixture
def markdown(tmp_path: Path) -> Path:
    return write_markdown(tmp_path / "部门.md", department_report())


class TestReading:
    @pytest.mark.parametrize("writer", [write_markdown, write_docx])
    def test_a_table2_without_rows_is_read_not_refused(self, tmp_path: Path, writer: object) -> None:
        """The rows left out are recorded, their cells left out of the figures; the rest is read."""
        path = tmp_path / ("部门.md" if writer is write_markdown else "部门.docx")
        report = read_report(writer(path, content=department_report()))  # type: ignore[operator]
        assert report.not_printed == LEFT_OUT
        assert report.figures == {k: v for k, v in expected_figures().items() if k not in LEFT_OUT}
        assert any("表二未列出“规章”、“行政强制”行" in note for note in report.notes)

    def test_no_rule_reads_a_row_left_out_as_zero(self, markdown: Path) -> None:
        """ "行政强制2件" in the text against a table without that row: no R7, nothing at all."""
        assert check(read_report(markdown)) == []


class TestAcrossYears:
    def test_last_years_printed_rows_are_not_compared_with_rows_left_out(
        self, markdown: Path, tmp_path: Path
    ) -> None:
        """Last year's full table 2 against this year's without 规章: no W1, no cell change for them."""
        this = read_report(markdown)
        last = read_report(write_markdown(tmp_path / "上年.md")).model_copy(update={"year": 2023})
        last.figures.update({"t2.rules.in_force": 4, "t2.normative.in_force": 4})  # 4 + 2 − 1 = 5 follows on
        assert [f.rule for f in check(this, last) if f.rule in ("W1", "R6")] == []
        compared = {cell.key for cell in compare(this, last).cells}
        assert compared.isdisjoint(LEFT_OUT)
        assert "t2.normative.in_force" in compared


class TestCommands:
    def test_check_json_leaves_the_cells_out_and_says_why(
        self, markdown: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`check --json`: no figure for the rows left out, the reader's note instead; exit 0."""
        assert main(["check", str(markdown), "--json"]) == EXIT_OK
        data = json.loads(capsys.readouterr().out)
        assert set(LEFT_OUT).isdisjoint(data["figures"]) and data["figures"]["t2.normative.in_force"] == 5
        assert any("未列出" in note for note in data["notes"])

    def test_export_prints_the_rows_and_says_it_filled_them_with_zero(
        self, markdown: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The official table has every row: the export fills them with 0 and tells the user."""
        assert main(["export", str(markdown), "-o", str(tmp_path / "导出.docx")]) == EXIT_OK
        assert "原文表二未列出“规章”、“行政强制”行；导出按国家格式列出这些行并填 0" in capsys.readouterr().err
