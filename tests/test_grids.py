"""Tables 2–4 as editable grids: official labels, derived totals, located problems."""

from __future__ import annotations

from assistant.domain.findings import Finding, Severity
from assistant.grids import (
    CHECK_GRIDS,
    EDIT_GRIDS,
    figures_from_grid_values,
    flagged_keys,
    leaf_figures,
    stated_totals_that_disagree,
)


class TestGrid:
    def test_table_three_has_the_official_rows_and_columns(self) -> None:
        """Table 3 shows the six applicant columns and 总计, rows by their official labels."""
        grid = EDIT_GRIDS[3]
        assert grid.column_labels == (
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        )
        assert grid.row_labels[0] == "一、本年新收政府信息公开申请数量"
        assert "（三）不予公开｜1.属于国家秘密" in grid.row_labels
        assert "（七）总计" not in grid.row_labels
        assert "（七）总计" in CHECK_GRIDS[3].row_labels

    def test_totals_are_derived_from_the_cells(self) -> None:
        """The 总计 column adds the applicant columns, whatever total was stated."""
        grid = EDIT_GRIDS[3]
        values = grid.values({"t3.new.natural": 10, "t3.new.business": 2, "t3.new.total": 99})
        assert values[0][:2] == [10, 2] and values[0][-1] == 12

    def test_edited_values_become_figures_without_the_derived_cells(self) -> None:
        """A typed grid gives its leaf figures; locked totals are not taken."""
        grid = EDIT_GRIDS[4]
        values = [[1, 0, 0, 0, 7], [0, 0, 0, 0, 0], [0, 0, 0, 2.0, 0]]
        figures, problems = figures_from_grid_values(grid, values)
        assert problems == []
        assert figures == {"t4.review.upheld": 1, "t4.suit_after_review.pending": 2}

    def test_a_negative_count_is_named_by_its_row_and_column(self) -> None:
        """A negative count is a located Chinese problem and is not taken."""
        grid = EDIT_GRIDS[4]
        figures, problems = figures_from_grid_values(grid, [[-1, 0, 0, 0, 0], [0] * 5, [0] * 5])
        assert figures == {}
        assert str(problems[0]) == "表四“行政复议”行“结果维持”列：不能为负数（填写的是 -1）"

    def test_a_fractional_count_and_text_are_refused(self) -> None:
        """Counts are whole numbers; words are not numbers."""
        grid = EDIT_GRIDS[4]
        _, problems = figures_from_grid_values(grid, [[1.5, "三", 0, 0, 0], [0] * 5, [0] * 5])
        assert [p.message for p in problems] == ["件数应为整数（填写的是 1.5）", "“三”不是数字"]

    def test_the_fee_may_have_decimals(self) -> None:
        """Table 2's fee in 万元 keeps its decimals."""
        grid = EDIT_GRIDS[2]
        values = [[12.35] if "收费" in label else [0] for label in grid.row_labels]
        figures, problems = figures_from_grid_values(grid, values)
        assert problems == [] and figures == {"t2.fees.amount": 12.35}


class TestFlaggedCells:
    def test_errors_win_over_warnings_on_the_same_cell(self) -> None:
        """A cell named by an error and a warning is coloured as an error."""
        findings = [
            Finding(rule="W1", severity=Severity.WARNING, message="", cells={"t2.rules.in_force": 3}),
            Finding(rule="R5", severity=Severity.ERROR, message="", cells={"t2.rules.in_force": 3}),
            Finding(rule="W1", severity=Severity.WARNING, message="", cells={"t2.rules.issued": 1}),
        ]
        assert flagged_keys(findings) == {"t2.rules.in_force": "error", "t2.rules.issued": "warning"}


class TestStatedTotals:
    def test_a_pasted_total_that_does_not_add_up_is_reported(self) -> None:
        """A stated 总计 differing from the sum is named; the workspace keeps only leaves."""
        pasted = {"t3.new.natural": 3, "t3.new.business": 1, "t3.new.total": 5}
        assert stated_totals_that_disagree(pasted) == [
            "表三“一、本年新收政府信息公开申请数量”行“总计”列写的是 5，按各项相加应为 4，已按相加结果计算。"
        ]
        assert leaf_figures(pasted) == {"t3.new.natural": 3, "t3.new.business": 1}
