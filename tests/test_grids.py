"""Tables 2–4 as editable grids: official labels, derived totals, located problems."""

from __future__ import annotations

from assistant.domain.findings import Finding, Severity
from assistant.domain.forms import (
    CHECK_GRIDS,
    EDIT_GRIDS,
    figures_from_grid_values,
    flagged_keys,
    short_label,
)
from assistant.domain.totals import leaf_figures, stated_totals_that_disagree
from assistant.render.figures import read_summary


class TestGrid:
    def test_table_three_has_the_official_rows_and_columns(self) -> None:
        """Table 3 shows the six applicant columns and 总计, rows by their official labels."""
        grid = EDIT_GRIDS[3][0]
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
        assert "（七）总计" in CHECK_GRIDS[3][0].row_labels

    def test_totals_are_derived_from_the_cells(self) -> None:
        """The 总计 column adds the applicant columns, whatever total was stated."""
        grid = EDIT_GRIDS[3][0]
        values = grid.values({"t3.new.natural": 10, "t3.new.business": 2, "t3.new.total": 99})
        assert values[0][:2] == [10, 2] and values[0][-1] == 12

    def test_edited_values_become_figures_without_the_derived_cells(self) -> None:
        """A typed grid gives its leaf figures; locked totals are not taken."""
        grid = EDIT_GRIDS[4][0]
        values = [[1, 0, 0, 0, 7], [0, 0, 0, 0, 0], [0, 0, 0, 2.0, 0]]
        figures, problems = figures_from_grid_values(grid, values)
        assert problems == []
        assert figures == {"t4.review.upheld": 1, "t4.suit_after_review.pending": 2}

    def test_a_negative_count_is_named_by_its_row_and_column(self) -> None:
        """A negative count is a located Chinese problem and is not taken."""
        grid = EDIT_GRIDS[4][0]
        figures, problems = figures_from_grid_values(grid, [[-1, 0, 0, 0, 0], [0] * 5, [0] * 5])
        assert figures == {}
        assert str(problems[0]) == "表四“行政复议”行“结果维持”列：不能为负数（填写的是 -1）"

    def test_a_fractional_count_and_text_are_refused(self) -> None:
        """Counts are whole numbers; words are not numbers."""
        grid = EDIT_GRIDS[4][0]
        _, problems = figures_from_grid_values(grid, [[1.5, "三", 0, 0, 0], [0] * 5, [0] * 5])
        assert [p.message for p in problems] == ["件数应为整数（填写的是 1.5）", "“三”不是数字"]

    def test_table_two_is_one_grid_per_article_item_as_the_form_prints_it(self) -> None:
        """Table 2 shows 第二十条第（一）（五）（六）（八）项, each with its own rows and columns."""
        shape = [(g.section, g.row_labels, g.column_labels) for g in EDIT_GRIDS[2]]
        assert shape == [
            (
                "第二十条第（一）项",
                ("规章", "行政规范性文件"),
                ("本年制发件数", "本年废止件数", "现行有效件数"),
            ),
            ("第二十条第（五）项", ("行政许可",), ("本年处理决定数量",)),
            ("第二十条第（六）项", ("行政处罚", "行政强制"), ("本年处理决定数量",)),
            ("第二十条第（八）项", ("行政事业性收费",), ("本年收费金额（单位：万元）",)),
        ]
        assert EDIT_GRIDS[2][0].keys[1] == (
            "t2.normative.issued",
            "t2.normative.repealed",
            "t2.normative.in_force",
        )

    def test_the_fee_may_have_decimals(self) -> None:
        """Table 2's fee in 万元 keeps its decimals."""
        figures, problems = figures_from_grid_values(EDIT_GRIDS[2][3], [[12.35]])
        assert problems == [] and figures == {"t2.fees.amount": 12.35}

    def test_a_table_two_problem_is_named_by_its_row_and_column(self) -> None:
        """A fractional count in the 第二十条第（一）项 grid names 规章 and 现行有效件数."""
        _, problems = figures_from_grid_values(EDIT_GRIDS[2][0], [[1, 0, 2.5], [0, 0, 0]])
        assert str(problems[0]) == "表二“规章”行“现行有效件数”列：件数应为整数（填写的是 2.5）"

    def test_a_grids_revision_follows_only_its_own_figures(self) -> None:
        """Another grid's figures leave a grid's revision alone; its own change it."""
        penalty = EDIT_GRIDS[2][2]
        before = penalty.revision({"t2.penalty.decisions": 3})
        assert penalty.revision({"t2.penalty.decisions": 3, "t3.new.natural": 2}) == before
        assert penalty.revision({"t2.penalty.decisions": 4}) != before


class TestRowLabels:
    def test_short_labels_are_kept_whole(self) -> None:
        """A label that fits the label column is shown as the form words it."""
        assert short_label("（一）予以公开") == "（一）予以公开"

    def test_a_long_label_is_cut_at_a_clause_break(self) -> None:
        """部分公开's counting note is left to the column help, not cut mid-word."""
        assert short_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "（二）部分公开…"

    def test_an_item_of_a_group_shows_the_groups_number_and_the_items_words(self) -> None:
        """“（三）不予公开｜1.属于国家秘密” shows as “（三）1.属于国家秘密”, the item in full."""
        assert short_label("（三）不予公开｜1.属于国家秘密") == "（三）1.属于国家秘密"

    def test_every_shortened_row_keeps_its_official_wording_at_hand(self) -> None:
        """Table 3's shortened rows map back to their full labels, and no two look alike."""
        grid = EDIT_GRIDS[3][0]
        assert len(set(grid.display_labels)) == len(grid.row_labels)
        assert grid.shortened["（二）部分公开…"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        assert all(len(label) <= 15 for label in grid.display_labels)


class TestReadSummary:
    def test_what_was_read_is_listed_by_official_labels(self) -> None:
        """Each figure read is said with its row, column and value."""
        assert read_summary({"t2.penalty.decisions": 3, "t3.new.natural": 2, "t2.fees.amount": 2.5}) == (
            "已读取 3 项数据：行政处罚·本年处理决定数量 3；一、本年新收政府信息公开申请数量·自然人 2；"
            "行政事业性收费·本年收费金额（单位：万元） 2.5。"
        )

    def test_a_long_read_lists_the_first_ten_and_the_count(self) -> None:
        """Twelve figures: ten are listed, then 等 12 项."""
        figures = {
            f"t4.{group}.{col}": 1
            for group in ("review", "suit_direct", "suit_after_review")
            for col in ("upheld", "corrected", "other", "pending")
        }
        summary = read_summary(figures)
        assert summary.startswith("已读取 12 项数据：行政复议·结果维持 1；")
        assert summary.count("；") == 9 and summary.endswith("等 12 项。")

    def test_nothing_read_is_said_plainly(self) -> None:
        """No figures: the summary says nothing could be placed."""
        assert read_summary({}) == "没有读到可以确定位置的数据。"


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
