"""W3: narrative copied from last year's report, measured by the one reuse measure."""

from __future__ import annotations

from town_reports import copied_2023, report_2022, rewritten_2023

from assistant.domain.findings import Severity
from assistant.domain.report import Part, Report
from assistant.domain.reuse import reuse_ratio
from assistant.domain.rules.w3 import COPIED_SHARE, sections_of, w3_copied_paragraphs


class TestCopiedParagraphs:
    def test_without_last_years_report_nothing_is_flagged(self) -> None:
        """With no report of last year there is nothing to have copied from."""
        assert w3_copied_paragraphs(copied_2023(), None) == []

    def test_a_report_with_only_the_numbers_changed_is_flagged_in_every_section(self) -> None:
        """Every narrative section of last year's text with new numbers is flagged, at ≥ 90 % reuse,
        except a preamble made only of the format's standard sentences."""
        this = copied_2023()
        findings = w3_copied_paragraphs(this, report_2022())
        by_place = {f.part: f for f in findings}
        expected = {place.code for place in sections_of(this)} - {Part.PREAMBLE.value}
        assert expected <= set(by_place)
        assert Part.PREAMBLE.value not in by_place
        assert {"一", "一（一）", "一（五）", "五", "六"} <= expected
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


class TestTheFormatsPreamble:
    """The preamble's standard sentences (basis, parts, period, where published, contact) read
    alike every year by design: a reviewer is warned only of what else a preamble copies."""

    STANDARD = (
        "本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号的要求，由青川县清溪镇人民政府编制。"
        "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        "本报告的电子版可在青川县人民政府门户网站下载。"
        "如对本报告有任何疑问，请与清溪镇党政办公室联系（地址：清溪镇新街12号，邮编：628100，电话：0839-1234567）。"
    )
    OWN_WORDS = (
        "{year}年，清溪镇坚持把政务公开作为转变作风的抓手，围绕乡村振兴做实做细基层公开，群众获得感不断增强。"
    )

    def pair(self, own_words: bool) -> tuple[Report, Report]:
        last, this = report_2022(), rewritten_2023()
        for report in (last, this):
            year = report.year
            report.narrative.preamble = self.STANDARD.format(year=year) + (
                self.OWN_WORDS.format(year=year) if own_words else ""
            )
        return this, last

    def test_a_preamble_of_the_formats_standard_sentences_is_not_flagged(self) -> None:
        """The same boilerplate opening as last year (96 % reuse as text) raises no W3."""
        this, last = self.pair(own_words=False)
        assert reuse_ratio(this.narrative.preamble, last.narrative.preamble) > 0.9
        assert Part.PREAMBLE.value not in {f.part for f in w3_copied_paragraphs(this, last)}

    def test_a_preamble_that_also_copies_its_own_words_is_flagged_on_those_words(self) -> None:
        """A summary sentence copied into the preamble is still W3, quoted without the boilerplate."""
        this, last = self.pair(own_words=True)
        finding = next(f for f in w3_copied_paragraphs(this, last) if f.part == Part.PREAMBLE.value)
        assert "固定语句不计" in finding.message
        assert finding.quote is not None and finding.quote.startswith("2023年，清溪镇坚持把政务公开")
