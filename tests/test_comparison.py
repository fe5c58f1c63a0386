"""The comparison of this year's report with last year's, as one typed object."""

from __future__ import annotations

import json

from town_reports import copied_2023, report_2022, rewritten_2023

from assistant.domain.comparison import (
    Comparison,
    cell_changes,
    character_diff,
    compare,
    identical_sentences,
    year_series,
)
from assistant.domain.layout import ReportFormat
from assistant.domain.report import Narrative, Part, Report, SubPart
from assistant.domain.rules.w3 import sections_of


def _report(year: int, figures: dict[str, int | float], fmt: ReportFormat = ReportFormat.F2021) -> Report:
    return Report(year=year, format=fmt, figures=figures)


class TestCellChanges:
    def test_each_cell_shows_both_years_and_its_absolute_and_relative_change(self) -> None:
        """New requests 8 → 10 is +2, +25 %."""
        cells = cell_changes(_report(2023, {"t3.new.total": 10}), _report(2022, {"t3.new.total": 8}))
        new = next(c for c in cells if c.key == "t3.new.total")
        assert (new.this, new.last, new.change, new.relative_change) == (10, 8, 2, 0.25)

    def test_cells_a_figures_file_leaves_out_are_zero_and_its_totals_derived(self) -> None:
        """A draft listing only 自然人 4 compares as 总计 4 and every other cell 0."""
        cells = cell_changes(_report(2023, {"t3.new.natural": 4}), _report(2022, {"t3.new.total": 3}))
        by_key = {c.key: c for c in cells}
        assert (by_key["t3.new.total"].this, by_key["t3.new.total"].last) == (4, 3)
        assert (by_key["t2.penalty.decisions"].this, by_key["t2.penalty.decisions"].change) == (0, 0)

    def test_a_report_without_tables_has_no_values_to_compare(self) -> None:
        """Against a report whose tables could not be read, last year's values stand alone."""
        cells = cell_changes(_report(2023, {"t3.new.total": 2}), Report(year=2022))
        new = next(c for c in cells if c.key == "t3.new.total")
        assert (new.this, new.last, new.change) == (2, None, None)

    def test_a_cell_this_years_draft_has_not_filled_yet_is_a_gap_not_a_change(self) -> None:
        """A draft without figures against last year's tables: every cell unfilled, none changed."""
        comparison = compare(Report(year=2024), _report(2023, {"t3.new.total": 2}))
        assert comparison.cells and comparison.changed_cells == []
        assert len(comparison.unfilled_cells) == len(comparison.cells)

    def test_a_cell_not_filled_yet_is_not_counted_as_unchanged(self) -> None:
        """A draft without figures has no unchanged cell: all of them are still to be filled."""
        comparison = compare(Report(year=2024), _report(2023, {"t3.new.total": 2}))
        assert comparison.unchanged_cells == []

    def test_a_report_compared_with_itself_has_every_cell_unchanged(self) -> None:
        """The same figures in both years: every cell unchanged, none changed or unfilled."""
        report = _report(2023, {"t3.new.total": 2})
        comparison = compare(report, report)
        assert len(comparison.unchanged_cells) == len(comparison.cells)
        assert comparison.changed_cells == comparison.unfilled_cells == []

    def test_a_value_stated_only_this_year_is_a_change(self) -> None:
        """Against a report whose tables could not be read, this year's figures still count as changed."""
        cells = cell_changes(_report(2023, {"t3.new.total": 2}), Report(year=2022))
        new = next(c for c in cells if c.key == "t3.new.total")
        assert new.changed and not new.unfilled

    def test_growth_from_zero_has_no_relative_change(self) -> None:
        """0 → 4 is +4; a percentage of zero means nothing."""
        cells = cell_changes(_report(2023, {"t4.review.total": 4}), _report(2022, {"t4.review.total": 0}))
        cell = next(c for c in cells if c.key == "t4.review.total")
        assert (cell.change, cell.relative_change) == (4, None)

    def test_fee_amounts_change_by_rounded_decimals(self) -> None:
        """万元 amounts keep two decimals."""
        cells = cell_changes(_report(2023, {"t2.fees.amount": 1.3}), _report(2022, {"t2.fees.amount": 1.1}))
        cell = next(c for c in cells if c.key == "t2.fees.amount")
        assert cell.change == 0.2

    def test_across_the_2019_and_2021_formats_only_shared_keys_are_compared(self) -> None:
        """Against a 2019 trial-format report, table 2 keys of one format only are left out."""
        this = _report(2021, {"t2.normative.issued": 5, "t2.penalty.decisions": 9, "t3.new.total": 7})
        last = _report(
            2020, {"t2.rules.made": 2, "t2.penalty.decisions": 4, "t3.new.total": 3}, ReportFormat.F2019
        )
        keys = {c.key for c in cell_changes(this, last)}
        assert {"t2.penalty.decisions", "t3.new.total", "t4.review.total"} <= keys
        assert not keys & {"t2.normative.issued", "t2.rules.made", "t3.other_handling.total"}
        assert not any(key.startswith("t3.other_handling.") for key in keys)

    def test_a_sub_row_is_labelled_with_its_group(self) -> None:
        """Table 3's "4.保护第三方合法权益" reads with its group "（三）不予公开"."""
        key = "t3.withheld.third_party.total"
        cells = cell_changes(_report(2023, {key: 1}), _report(2022, {key: 0}))
        cell = next(c for c in cells if c.key == key)
        assert cell.row_label == "（三）不予公开 4.保护第三方合法权益"


class TestNarrativeComparison:
    def test_sentences_identical_in_both_years_are_listed_in_reading_order(self) -> None:
        """Word-for-word sentences are listed once; changed and very short ones are not."""
        last = Report(year=2022, narrative=Narrative(problems="村务公开栏更新不及时。一是。图解材料偏少。"))
        this = Report(
            year=2023,
            narrative=Narrative(
                problems="图解材料偏少，需要加强。一是。村务公开栏更新不及时。村务公开栏更新不及时。"
            ),
        )
        assert identical_sentences(this, last) == ["村务公开栏更新不及时。"]

    def test_sentences_carried_through_several_years_name_every_year(self) -> None:
        """A sentence in this year's, last year's and the year before's report lists both earlier years."""
        kept, dropped = "村务公开栏更新不及时。", "图解材料偏少需要加强。"
        reports = [
            Report(year=2021, narrative=Narrative(problems=kept)),
            Report(year=2022, narrative=Narrative(problems=kept + dropped)),
            Report(year=2023, narrative=Narrative(problems=kept + dropped + "新写的一句话在这里。")),
        ]
        comparison = compare(reports[2], reports[1], [reports[0]])
        assert [(r.text, r.years) for r in comparison.recurring_sentences] == [
            (kept, [2021, 2022]),
            (dropped, [2022]),
        ]

    def test_a_paragraph_with_new_numbers_is_changed_and_marks_only_the_numbers(self) -> None:
        """The diff of a renumbered paragraph replaces digits and keeps the words."""
        comparison = compare(copied_2023(), report_2022())
        entry = next(d for d in comparison.paragraph_diff if d.subpart is SubPart.REQUESTS)
        assert entry.kind == "changed"
        replaced = [(s.last, s.this) for s in entry.segments if s.op != "equal"]
        assert replaced == [("4", "6")]

    def test_character_diff_marks_inserted_and_deleted_characters(self) -> None:
        """Last year's text and this year's are rebuilt from the segments."""
        segments = character_diff("公开政府信息128条", "主动公开政府信息141条")
        assert "".join(s.last for s in segments) == "公开政府信息128条"
        assert "".join(s.this for s in segments) == "主动公开政府信息141条"
        assert any(s.op == "insert" and s.this == "主动" for s in segments)

    def test_rewritten_paragraphs_are_added_and_last_years_removed(self) -> None:
        """With nothing reused, every paragraph of this year is added and every one of last year removed."""
        comparison = compare(rewritten_2023(), report_2022())
        kinds = {d.kind for d in comparison.paragraph_diff}
        assert kinds == {"added", "removed"}
        assert sum(d.kind == "removed" for d in comparison.paragraph_diff) == len(
            report_2022().narrative.paragraphs()
        )

    def test_a_removed_paragraph_stays_in_the_section_it_left(self) -> None:
        """A paragraph dropped from part 五 is listed before anything of part 六."""
        last = Report(
            year=2022,
            narrative=Narrative(problems="甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳。", other_matters="午未"),
        )
        this = Report(year=2023, narrative=Narrative(other_matters="午未"))
        parts = [(d.kind, d.part) for d in compare(this, last).paragraph_diff]
        assert parts == [("removed", Part.PROBLEMS), ("unchanged", Part.OTHER_MATTERS)]

    def test_each_paragraph_carries_its_reuse_and_last_years_matching_paragraph(self) -> None:
        """Reuse per paragraph comes with the paragraph of last year it most resembles."""
        comparison = compare(copied_2023(), report_2022())
        requests = next(p for p in comparison.paragraph_reuse if p.subpart is SubPart.REQUESTS)
        assert requests.reuse == 1.0
        assert requests.last_subpart is SubPart.REQUESTS
        assert requests.last_text is not None and requests.last_text.startswith("全年新收政府信息公开申请4件")


class TestYearSeries:
    def test_the_series_runs_over_every_year_given_in_order(self) -> None:
        """History, last year and this year make one line per key figure, oldest first."""
        reports = [
            _report(2023, {"t3.new.total": 9}),
            _report(2021, {"t3.new.total": 5}),
            _report(2022, {"t3.new.total": 7}),
        ]
        new = next(line for line in year_series(reports) if line.key == "t3.new.total")
        assert list(new.values.items()) == [(2021, 5), (2022, 7), (2023, 9)]

    def test_both_kinds_of_lawsuit_add_up_to_one_line(self) -> None:
        """行政诉讼 is direct suits plus suits after review."""
        report = _report(2023, {"t4.suit_direct.total": 2, "t4.suit_after_review.total": 1})
        suits = next(line for line in year_series([report]) if line.label == "行政诉讼")
        assert suits.values == {2023: 3}

    def test_a_report_without_figures_leaves_a_gap(self) -> None:
        """A year whose report states no figures has no value rather than a made-up 0."""
        series = year_series([Report(year=2020), _report(2021, {"t3.new.total": 5})])
        new = next(line for line in series if line.key == "t3.new.total")
        assert new.values == {2020: None, 2021: 5}


class TestUnreadTables:
    def test_no_cell_is_compared_with_a_report_whose_tables_were_not_read(self) -> None:
        """An old-layout report beside figures: no cell listed, and a note says why."""
        old = Report(year=2017, format=ReportFormat.F2019, tables_read=False)
        comparison = compare(_report(2018, {"t3.new.natural": 3}, ReportFormat.F2019), old)
        assert comparison.cells == []
        assert comparison.unread_tables_note is not None
        assert (
            "2017年报告" in comparison.unread_tables_note and "表格暂不支持" in comparison.unread_tables_note
        )

    def test_the_chart_leaves_out_a_year_whose_tables_were_not_read(self) -> None:
        """The old-layout year is not in the series at all, not a gap or a zero."""
        old = Report(year=2017, format=ReportFormat.F2019, tables_read=False)
        series = year_series([old, _report(2018, {"t3.new.total": 3})])
        new = next(line for line in series if line.key == "t3.new.total")
        assert new.values == {2018: 3}

    def test_reports_with_tables_have_no_unread_note(self) -> None:
        """Two readable reports compare as before, without the note."""
        comparison = compare(_report(2023, {"t3.new.total": 9}), _report(2022, {"t3.new.total": 7}))
        assert comparison.unread_tables_note is None and comparison.cells


class TestSectionReuse:
    def test_a_part_only_last_year_wrote_is_listed_empty_in_reading_order(self) -> None:
        """This year's draft has only 总体情况: 五 and 六 from last year follow it with 0 characters."""
        this = Report(year=2024, narrative=Narrative(overview="本年持续推进政务公开工作。"))
        last = Report(
            year=2023,
            narrative=Narrative(
                overview="上年持续推进政务公开工作。",
                problems="一是公开内容不够全面。",
                other_matters="本年度未收取信息处理费。",
            ),
        )
        sections = compare(this, last).section_reuse
        assert [(s.part, s.characters) for s in sections] == [
            (Part.OVERVIEW, 13),
            (Part.PROBLEMS, 0),
            (Part.OTHER_MATTERS, 0),
        ]
        assert not any(s.flagged for s in sections[1:])

    def test_a_short_identical_section_is_not_marked_as_w3_does_not_flag_it(self) -> None:
        """An identical 15-character part 六 is 100 % reused but, under 30 characters, not flagged."""
        statement = "本年度清溪镇未收取信息处理费。"
        this, last = rewritten_2023(), report_2022()
        this.narrative.other_matters = last.narrative.other_matters = statement
        comparison = compare(this, last)
        section = next(s for s in comparison.section_reuse if s.part is Part.OTHER_MATTERS)
        assert (section.characters, section.reuse, section.flagged) == (15, 1.0, False)
        assert not any(p.flagged for p in comparison.paragraph_reuse if p.text == statement)
        assert "六" not in {f.part for f in comparison.copied}


class TestSyntheticPair:
    def test_every_narrative_section_of_a_renumbered_copy_is_flagged_w3(self) -> None:
        """Last year's report with only the numbers changed: every section W3, reuse ≥ 90 %; the
        preamble, the format's standard sentences only, is listed at its reuse but not flagged."""
        this = copied_2023()
        comparison = compare(this, report_2022())
        flagged = {f.part for f in comparison.copied if f.found is not None and f.found >= 0.9}
        sections = {place.code for place in sections_of(this)}
        assert sections - {Part.PREAMBLE.value} <= flagged
        assert all(section.reuse >= 0.9 for section in comparison.section_reuse)
        assert [s.part for s in comparison.section_reuse if not s.flagged] == [Part.PREAMBLE]
        assert comparison.narrative_reuse >= 0.9

    def test_a_leftover_2022_in_a_2023_report_is_flagged_w2(self) -> None:
        """The "2022年" left at the opening of part 一 of the 2023 report comes back as W2."""
        comparison = compare(copied_2023(), report_2022())
        assert any(f.rule == "W2" and "2022" in (f.quote or f.message) for f in comparison.stale_copy)

    def test_a_carry_over_that_connects_raises_no_r6_error(self) -> None:
        """Last year's 结转下年度 (0) is this year's 上年结转 (0): no R6."""
        comparison = compare(copied_2023(), report_2022())
        assert not [f for f in comparison.carry_over if f.rule == "R6"]

    def test_the_comparison_round_trips_through_json(self) -> None:
        """The typed result serialises for the UI and the --json output, and reads back equal."""
        comparison = compare(copied_2023(), report_2022(), [rewritten_2023()])
        again = Comparison.model_validate(json.loads(comparison.model_dump_json()))
        assert again == comparison
