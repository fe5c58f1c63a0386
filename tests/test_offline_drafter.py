"""The offline drafter: formal prose from the plan, every number verified, never last year's text."""

from __future__ import annotations

from draft_fixtures import LONG_NOTES, MANY_NOTES, NOTES, QINGXI, report_2023, report_2024

from assistant.domain.plan import build_plan, parse_notes
from assistant.domain.ports import Citation, Passage
from assistant.domain.report import Narrative, Part, Report, SubPart, character_count
from assistant.domain.reuse import reuse_ratio
from assistant.domain.rules import check
from assistant.domain.verify import unverified
from assistant.drafting.offline import Examples, OfflineDrafter, note_sentence, number
from assistant.drafting.report import draft_report
from assistant.drafting.templates import sentence_book
from assistant.testing import FakeRetriever


def drafted():  # type: ignore[no-untyped-def]
    return draft_report(report_2024(), report_2023(), NOTES)


def another_countys_problems() -> FakeRetriever:
    """A retriever holding one example passage of another agency's part 五."""
    text = "存在的问题：一是我县部分栏目内容更新不及时；二是政策解读缺少图解等形式。"
    citation = Citation(
        file="example.md", kind="report", agency="示例县人民政府", year=2022, part="五", quote=text
    )
    return FakeRetriever([Passage(chunk_id="x", text=text, score=1.0, citation=citation)])


class TestOfflineDrafter:
    def test_every_number_in_the_draft_is_verified(self) -> None:
        """The offline draft states no number the plan cannot account for."""
        result = drafted()
        for part in (Part.PREAMBLE, Part.OVERVIEW, Part.PROBLEMS, Part.OTHER_MATTERS):
            assert unverified(result.report.narrative.part_text(part), result.plan) == [], part

    def test_totals_come_with_their_breakdown(self) -> None:
        """The requests sub-part says 共9件 … 其中自然人7件、商业企业2件."""
        text = drafted().report.narrative.subparts[SubPart.REQUESTS]
        assert "9件" in text and "自然人7件、商业企业2件" in text

    def test_year_over_year_wording_fits_each_change(self) -> None:
        """A fall says 减少, a figure new this year says so, an unchanged one says 持平/相同/一致."""
        text = drafted().report.narrative.subparts[SubPart.PROACTIVE]
        assert "减少1件" in text
        assert any(w in text for w in ("上年无此类事项", "上年度为零", "上年未发生"))
        assert any(w in text for w in ("持平", "相同", "一致"))

    def test_a_kind_of_decision_that_fell_to_zero_is_stated_with_last_years_count(self) -> None:
        """行政许可 went from 3 to 0: the draft says 0件 and names last year's 3件."""
        text = drafted().report.narrative.subparts[SubPart.PROACTIVE]
        assert "行政许可处理决定0件（上年" in text and "3件）" in text

    def test_fees_that_fell_to_zero_are_stated_with_last_years_amount(self) -> None:
        """Fees of 1.25万元 last year and none this year: the draft names last year's amount."""
        last = report_2024()
        this = report_2024()
        this.figures["t2.fees.amount"] = 0
        text = draft_report(this, last).report.narrative.subparts[SubPart.PROACTIVE]
        assert "1.25万元）" in text

    def test_an_in_force_count_that_does_not_follow_on_asks_for_the_reason(self) -> None:
        """When 现行有效 ≠ last year's + issued − repealed (W1), the draft asks for the explanation."""
        this = report_2024()
        this.figures["t2.normative.in_force"] = 20
        text = draft_report(this, report_2023()).report.narrative.subparts[SubPart.PROACTIVE]
        assert "【请补充" in text and "清理" in text
        assert "【请补充" not in drafted().report.narrative.subparts[SubPart.PROACTIVE]

    def test_review_and_suits_are_stated(self) -> None:
        """行政复议1件 appears in the requests sub-part."""
        assert "行政复议" in drafted().report.narrative.subparts[SubPart.REQUESTS]

    def test_the_fee_statement_follows_the_unpaid_fee_row(self) -> None:
        """With one application dropped for an unpaid fee, part 六 says fee notices were issued."""
        text = drafted().report.narrative.other_matters
        assert "信息处理费" in text and "收费通知" in text and "1件" in text

    def test_no_fee_notice_means_a_no_fee_statement(self) -> None:
        """Without unpaid-fee applications part 六 says no 信息处理费 was charged, marked for review."""
        text = draft_report(report_2023()).report.narrative.other_matters
        assert ("未" in text or "无" in text) and "信息处理费" in text and "【请核实】" in text

    def test_every_required_element_is_present(self) -> None:
        """Five sub-parts, the people's-government statement, problems, measures, last year's fixes."""
        narrative = drafted().report.narrative
        assert all(narrative.subparts.get(sub) for sub in SubPart)
        oversight = narrative.subparts[SubPart.OVERSIGHT]
        assert all(w in oversight for w in ("工作考核", "社会评议", "责任追究"))
        assert "一是" in narrative.problems and "2023年度报告" in narrative.problems
        assert "提案" in narrative.other_matters

    def test_the_notes_facts_appear_in_their_parts(self) -> None:
        """抖音号 in 平台建设, 培训3次 in 监督保障, the noted problem in part 五."""
        narrative = drafted().report.narrative
        assert "抖音号" in narrative.subparts[SubPart.PLATFORMS]
        assert "培训3次" in narrative.subparts[SubPart.OVERSIGHT]
        assert "政策解读形式单一" in narrative.problems

    def test_the_same_input_gives_the_same_draft(self) -> None:
        """Drafting is deterministic."""
        assert drafted().report.narrative == drafted().report.narrative

    def test_a_draft_reuses_little_of_last_years_drafted_text(self) -> None:
        """Last year's draft by the same tool is reused ≤ 30 % per part this year."""
        last = report_2023()
        last.narrative = draft_report(last).report.narrative
        this = draft_report(report_2024(), last, NOTES).report.narrative
        for part in (Part.PREAMBLE, Part.OVERVIEW, Part.PROBLEMS, Part.OTHER_MATTERS):
            assert reuse_ratio(this.part_text(part), last.narrative.part_text(part)) <= 0.3, part

    def test_stock_problems_named_last_year_are_not_repeated(self) -> None:
        """A stock problem already in last year's part 五 gives way to another stock problem."""
        first = draft_report(report_2024()).report.narrative.problems
        clauses = [v.split("，")[0] for v in sentence_book().root["problem_generic"].variants]
        named = [clause for clause in clauses if clause in first]
        last = report_2023()
        last.narrative = Narrative(problems="主要问题有：" + "；".join(named) + "。")
        problems = draft_report(report_2024(), last).report.narrative.problems
        assert named and not any(clause in problems for clause in named)
        assert "二是" in problems

    def test_part_one_stays_within_a_thousand_characters(self) -> None:
        """Part 一 of the draft is at most 1,000 characters."""
        assert len(drafted().report.narrative.part_text(Part.OVERVIEW)) <= 1000

    def test_the_tables_are_completed(self) -> None:
        """Derived totals are filled in the drafted report."""
        figures = drafted().report.figures
        assert figures["t3.new.total"] == 9 and figures["t3.results_total.total"] == 9
        assert figures["t4.review.total"] == 1

    def test_retrieved_examples_are_adapted_and_marked(self) -> None:
        """An example's problem is fitted to this agency (no 我县), marked 【请核实】 and cited."""
        report = Report(agency=QINGXI, year=2024, figures={})
        result = draft_report(report, retriever=another_countys_problems())
        problems = result.report.narrative.problems
        assert "部分栏目内容更新不及时【请核实】" in problems and "我县" not in problems
        assert result.parts[Part.PROBLEMS].citations[0].agency == "示例县人民政府"

    def test_a_report_without_requests_says_so(self) -> None:
        """No applications: the requests sub-part says none were received and no review or suit."""
        plan = build_plan(Report(agency=QINGXI, year=2024), notes=parse_notes(""))
        text = OfflineDrafter(plan, examples=Examples()).section(Part.OVERVIEW, SubPart.REQUESTS)
        assert "申请" in text and ("未" in text or "没有" in text or "为0" in text)
        assert "行政复议" in text


class TestPartOneWithManyNotes:
    def test_forty_notes_fit_within_a_thousand_characters(self) -> None:
        """Forty notes that would run past the limit are all kept, in at most 1,000 characters."""
        result = draft_report(report_2024(), report_2023(), MANY_NOTES)
        text = result.report.narrative.part_text(Part.OVERVIEW)
        assert character_count(text) <= 1000
        for note in parse_notes(MANY_NOTES):
            assert note_sentence(note, 2024) in text, note.text
        assert not any(finding.rule == "W9" for finding in check(result.report))

    def test_filler_sentences_go_before_the_notes_are_condensed(self) -> None:
        """Dropping the general sentences suffices here: each note keeps a sentence of its own."""
        text = draft_report(report_2024(), report_2023(), MANY_NOTES).report.narrative.part_text(
            Part.OVERVIEW
        )
        plain = draft_report(report_2024(), report_2023(), NOTES).report.narrative.part_text(Part.OVERVIEW)
        opening = plain.split("\n")[0]
        assert opening not in text
        assert "开展培训3次。" in text and "开展培训3次；" not in text

    def test_notes_are_condensed_into_one_sentence_when_dropping_fillers_is_not_enough(self) -> None:
        """With more notes still, a sub-part's short notes are joined with “；”, each once."""
        doubled = MANY_NOTES + "\n" + MANY_NOTES
        platforms = draft_report(report_2024(), report_2023(), doubled).report.narrative.subparts[
            SubPart.PLATFORMS
        ]
        assert "网站完成改版；微信公众号发布信息120条；" in platforms
        assert platforms.count("网站完成改版") == 1

    def test_a_part_one_that_cannot_fit_says_so_in_the_draft_notes(self) -> None:
        """Long notes that cannot fit are all kept, and the notes name the length W9 counts."""
        result = draft_report(report_2024(), report_2023(), LONG_NOTES)
        (w9,) = [finding for finding in check(result.report) if finding.rule == "W9"]
        assert f"第一部分 {w9.found} 字，超过 1000 字，请精简。" in result.notes
        for note in parse_notes(LONG_NOTES):
            assert note_sentence(note, 2024) in result.report.narrative.part_text(Part.OVERVIEW)


class TestWording:
    def test_a_corrected_result_completes_the_review_sentence(self) -> None:
        """“…行政诉讼0件，其中…被纠正1件。” is one sentence in every variant, never a fragment."""
        this = report_2024()
        this.figures["t4.review.corrected"] = 1
        drafter = OfflineDrafter(build_plan(this, report_2023()))
        for offset in range(3):
            text = drafter.section(Part.OVERVIEW, SubPart.REQUESTS, offset)
            assert "件，其中" in text and "纠正1件" in text and "。其中" not in text, offset

    def test_outcome_items_are_separated_by_semicolons(self) -> None:
        """Each outcome with its share is one item of a “；” list, in every variant."""
        drafter = OfflineDrafter(build_plan(report_2024(), report_2023()))
        for offset in range(3):
            text = drafter.section(Part.OVERVIEW, SubPart.REQUESTS, offset)
            assert "55.6%）；" in text or "55.6%；" in text, offset

    def test_two_of_last_years_problems_read_liang_ge(self) -> None:
        """Last year's two enumerated problems are “两个方面问题”, not “二个”."""
        last = report_2023()
        last.narrative = Narrative(
            problems="主要问题有：一是解读不足；二是更新不及时。下一步，一是加强解读。"
        )
        problems = draft_report(report_2024(), last).report.narrative.problems
        assert "两个方面问题" in problems

    def test_a_spoken_le_in_a_note_is_left_out(self) -> None:
        """“今年新开了抖音号” reads 本年度新开设抖音号; “开展了培训” reads 开展培训; 了解 stays."""
        notes = parse_notes("今年新开了抖音号\n开展了培训3次\n了解群众需求")
        assert [note_sentence(n, 2024) for n in notes] == [
            "本年度新开设抖音号",
            "开展培训3次",
            "了解群众需求",
        ]


class TestHowFiguresArePrinted:
    def test_amounts_keep_at_most_two_decimals_in_prose(self) -> None:
        """5949.088667 万元 reads 5949.09; whole numbers never gain a decimal point."""
        assert [number(5949.088667), number(12.5), number(3.0), number(1204)] == [
            "5949.09",
            "12.5",
            "3",
            "1204",
        ]
