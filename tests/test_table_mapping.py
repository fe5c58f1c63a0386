"""Grids mapped onto canonical keys by their labels: drift, typos, splits and refusals."""

from __future__ import annotations

import pytest
from report_samples import STATED, table2_grid, table3_grid, table4_grid, trial_table2_grid

from assistant.domain.layout import ReportFormat
from assistant.domain.table_mapping import map_grid, table_kind
from assistant.errors import UnreadableInput


def stated(table: int) -> dict[str, int | float]:
    return {key: value for key, value in STATED.items() if key.startswith(f"t{table}.")}


def non_zero(figures: dict[str, int | float]) -> dict[str, int | float]:
    return {key: value for key, value in figures.items() if value}


class TestTableKind:
    def test_each_table_is_recognised_by_its_labels(self) -> None:
        """Tables 2, 3 and 4 are told apart by their labels."""
        assert [table_kind(g) for g in (table2_grid(), table3_grid(), table4_grid())] == [2, 3, 4]

    def test_a_layout_table_is_not_a_report_table(self) -> None:
        """A portal's navigation table is none of the report's tables."""
        assert table_kind([["首页", "政务公开", "互动交流"], ["网站地图", "联系我们", ""]]) is None


class TestTable3:
    def test_rows_found_by_labels_whatever_their_order(self) -> None:
        """Shuffled data rows still land on their keys: labels decide, not positions."""
        grid = table3_grid()
        header, rows = grid[:3], grid[3:]
        reading = map_grid(header + rows[::-1], 3)
        assert non_zero(reading.figures) == stated(3)

    def test_extra_header_rows_and_merged_labels_are_tolerated(self) -> None:
        """A title row above the header and labels merged into one cell read the same."""
        grid = table3_grid()
        merged = [["".join(dict.fromkeys(row[:3])), "", "", *row[3:]] for row in grid[3:]]
        reading = map_grid([["表三 收到和处理政府信息公开申请情况"] * 10, *grid[:3], *merged], 3)
        assert non_zero(reading.figures) == stated(3)

    def test_a_typo_in_a_row_label_is_matched_with_a_note(self) -> None:
        """“属于国家秘蜜” still reads as state_secret, and the reader says it matched approximately."""
        grid = table3_grid()
        row = next(r for r in grid if r[2] == "1.属于国家秘密")
        row[2] = "1.属于国家秘蜜"
        reading = map_grid(grid, 3)
        assert "t3.withheld.state_secret.natural" in reading.figures
        assert non_zero(reading.figures) == stated(3)

    def test_dashes_and_blanks_read_as_zero_with_a_note(self) -> None:
        """“—” and blank figure cells are 0, noted; a blank stated total is left out."""
        grid = table3_grid()
        row = next(r for r in grid if r[2] == "2.重复申请")
        row[3:] = ["—", "", "0", "0", "0", "0", ""]
        reading = map_grid(grid, 3)
        assert reading.figures["t3.not_processed.duplicate.natural"] == 0
        assert "t3.not_processed.duplicate.total" not in reading.figures
        assert any("按 0 读取" in note for note in reading.notes)

    def test_blank_cells_are_noted_once_for_the_table_with_their_count_and_rows(self) -> None:
        """Cells left blank instead of 0 in two rows give one note: how many, and which rows."""
        grid = table3_grid()
        for label in ("2.重复申请", "3.其他"):
            row = next(r for r in grid if r[2] == label)
            row[4:9] = [""] * 5
        notes = [note for note in map_grid(grid, 3).notes if "空白" in note]
        assert notes == [
            "表三有 10 个单元格为空白或“—”（格式要求填写 0），分布在 2 行"
            "（“（五）2.重复申请”、“（六）3.其他”），按 0 读取。"
        ]

    def test_an_unknown_row_with_figures_is_refused_by_name(self) -> None:
        """A row the format does not have is named in the error, never guessed."""
        grid = table3_grid()
        grid.insert(
            6,
            [
                "三、本年度办理结果",
                "（八）转送其他机关",
                "（八）转送其他机关",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "1",
            ],
        )
        with pytest.raises(UnreadableInput, match=r"表三.*（八）转送其他机关.*无法对应"):
            map_grid(grid, 3)

    def test_a_text_in_a_figure_cell_is_refused_with_its_place(self) -> None:
        """A figure cell holding words names the table, the row and the cell."""
        grid = table3_grid()
        grid[3][3] = "见附件"
        with pytest.raises(UnreadableInput, match=r"表三.*本年新收.*见附件"):
            map_grid(grid, 3)

    def test_a_row_with_an_extra_figure_is_refused_not_guessed(self) -> None:
        """A row with eight figures after its label names the table, the row and the count."""
        grid = table3_grid()
        row = next(r for r in grid if r[1] == "（一）予以公开")
        row.insert(4, "0")
        with pytest.raises(UnreadableInput, match=r"表三.*（一）予以公开.*有 8 列数字，本行应为 7 列"):
            map_grid(grid, 3)

    def test_a_row_with_an_extra_figure_is_refused_even_when_columns_line_up(self) -> None:
        """Every row one cell wider still cannot say which of its eight figures is the stray one."""
        grid = [[*row, "0" if index >= 3 else ""] for index, row in enumerate(table3_grid())]
        with pytest.raises(UnreadableInput, match=r"表三.*有 8 列数字，本行应为 7 列"):
            map_grid(grid, 3)

    def test_a_missing_row_is_refused(self) -> None:
        """A table 3 without its （七）总计 row is an error naming the row."""
        grid = [row for row in table3_grid() if row[1] != "（七）总计"]
        with pytest.raises(UnreadableInput, match=r"缺少.*（七）总计"):
            map_grid(grid, 3)

    def test_the_trial_format_single_other_handling_row(self) -> None:
        """A table 3 whose （六）其他处理 is one row reads in the 2019 format."""
        grid = [row for row in table3_grid() if not row[2].startswith(("2.申请人逾期", "3.其他"))]
        row = next(r for r in grid if r[1] == "（六）其他处理")
        row[2] = "（六）其他处理"
        reading = map_grid(grid, 3)
        assert reading.format is ReportFormat.F2019
        assert reading.figures["t3.other_handling.natural"] == 0


class TestTable2And4:
    def test_table2_reads_each_block_under_its_own_header(self) -> None:
        """Each 第二十条 block's header names its columns; the fee keeps its decimals."""
        reading = map_grid(table2_grid(), 2)
        assert non_zero(reading.figures) == stated(2)
        assert reading.format is ReportFormat.F2021

    def test_table2_in_the_trial_format(self) -> None:
        """上一年项目数量 / 本年增/减 columns make a 2019-format table 2, negatives kept."""
        reading = map_grid(trial_table2_grid(), 2)
        assert reading.format is ReportFormat.F2019
        assert {key: reading.figures[key] for key in ("t2.penalty.change", "t2.procurement.amount_yuan")} == {
            "t2.penalty.change": -1,
            "t2.procurement.amount_yuan": 86000,
        }

    def test_a_table2_row_left_out_is_not_printed_rather_than_zero(self) -> None:
        """A table 2 without its 行政强制 row reads, the row's cell recorded as not printed, with a note."""
        grid = [row for row in table2_grid() if row[0] != "行政强制"]
        reading = map_grid(grid, 2)
        assert reading.not_printed == ["t2.coercion.decisions"]
        assert "t2.coercion.decisions" not in reading.figures
        assert non_zero(reading.figures) == stated(2)
        assert any("未列出“行政强制”行" in note for note in reading.notes)

    def test_table4_with_a_typo_in_its_group_label(self) -> None:
        """“行政法复议” (a typo seen in real reports) still names the review group."""
        grid = table4_grid()
        grid[0] = ["行政法复议"] * 5 + ["行政诉讼"] * 10
        assert non_zero(map_grid(grid, 4).figures) == stated(4)

    def test_table4_with_an_extra_figure_is_refused_not_guessed(self) -> None:
        """Sixteen figures under fifteen columns name table 4 and the count."""
        grid = table4_grid()
        grid[-1].insert(3, "0")
        with pytest.raises(UnreadableInput, match=r"表四.*有 16 列数字，本行应为 15 列"):
            map_grid(grid, 4)

    def test_table4_with_columns_in_another_order(self) -> None:
        """Columns are found by their headers: a table printing 总计 first still reads right."""
        grid = table4_grid()
        order = [4, 0, 1, 2, 3, *range(5, 15)]
        reordered = [[row[j] for j in order] for row in grid]
        assert non_zero(map_grid(reordered, 4).figures) == stated(4)
