"""W3: narrative copied from last year's report, measured by the one reuse measure."""

from __future__ import annotations

from town_reports import copied_2023, report_2022, rewritten_2023

from assistant.domain.findings import Severity
from assistant.domain.report import Part
from assistant.domain.rules.w3 import COPIED_SHARE, sections_of, w3_copied_paragraphs


class TestCopiedParagraphs:
    def test_without_last_years_report_nothing_is_flagged(self) -> None:
        """With no report of last year there is nothing to have copied from."""
        assert w3_copied_paragraphs(copied_2023(), None) == []

    def test_a_report_with_only_the_numbers_changed_is_flagged_in_every_section(self) -> None:
        """Every narrative section of last year's text with new numbers is flagged, at ≥ 90 % reuse."""
        this = copied_2023()
        findings = w3_copied_paragraphs(this, report_2022())
        by_place = {f.part: f for f in findings}
        expected = {place.code for place in sections_of(this)}
        assert expected <= set(by_place)
        assert {Part.PREAMBLE.value, "一", "一（一）", "一（五）", "五", "六"} <= expected
        assert all(by_place[place].found is not None and by_place[place].found >= 0.9 for place in expected)
        assert all(f.rule == "W3" and f.severity is Severity.WARNING for f in findings)

    def test_a_rewritten_report_is_not_flagged(self) -> None:
        """A narrative written afresh shares no long runs with last year's and raises nothing."""
        assert w3_copied_paragraphs(rewritten_2023(), report_2022()) == []

    def test_a_copied_paragraph_names_the_paragraph_of_last_year_it_copies(self) -> None:
        """In a section of several paragraphs, each copied paragraph quotes last year's match."""
        findings = w3_copied_paragraphs(copied_2023(), report_2022())
        paragraph_findings = [f for f in findings if f.part == "五" and "上年对应段落" in f.message]
        assert len(paragraph_findings) == 2
        assert "下一步，清溪镇将建立村务公开栏月度巡查制度" in paragraph_findings[1].message
        assert paragraph_findings[1].quote is not None
        assert paragraph_findings[1].quote.startswith("下一步，清溪镇")

    def test_a_one_sentence_statement_repeated_from_last_year_is_not_flagged(self) -> None:
        """“本年度未收取信息处理费。” says the same fact every year; it is not 年年雷同."""
        last, this = report_2022(), rewritten_2023()
        statement = "本年度清溪镇未收取任何信息处理费。"
        last.narrative.other_matters = statement
        this.narrative.other_matters = statement
        assert "六" not in {f.part for f in w3_copied_paragraphs(this, last)}

    def test_the_line_break_between_short_paragraphs_is_not_counted_as_a_character(self) -> None:
        """Two copied paragraphs of 14 and 15 characters make a 29-character section: not flagged."""
        last, this = report_2022(), rewritten_2023()
        statement = "全年未发生行政复议诉讼案件。\n本年度清溪镇未收取信息处理费。"
        last.narrative.other_matters = this.narrative.other_matters = statement
        assert "六" not in {f.part for f in w3_copied_paragraphs(this, last)}

    def test_the_threshold_and_the_measured_share_travel_with_the_finding(self) -> None:
        """A finding says the bar (expected) and the section's reuse (found)."""
        finding = w3_copied_paragraphs(copied_2023(), report_2022())[0]
        assert finding.expected == COPIED_SHARE
        assert finding.found == 1.0
        assert "100%" in finding.message

    def test_the_formats_own_wording_under_the_tables_is_not_counted(self) -> None:
        """The 勾稽关系 note under table 三 is the same in every report and is never flagged."""
        note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        last, this = rewritten_2023(), rewritten_2023()
        last.year = 2022
        last.narrative.table_notes = {Part.REQUEST_TABLE: note}
        this.narrative.table_notes = {Part.REQUEST_TABLE: note}
        findings = w3_copied_paragraphs(this, last)
        assert findings, "the copied narrative parts are flagged"
        assert Part.REQUEST_TABLE.value not in {f.part for f in findings}
