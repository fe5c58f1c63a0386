"""The draft plan: notes placed in their parts, facts with their year-over-year changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_fixtures import NOTES, report_2023, report_2024

from assistant.domain.plan import ChangeKind, NoteKind, build_plan, last_problem_count, parse_notes
from assistant.domain.report import Part, SubPart
from assistant.readers import read_report


class TestNotes:
    def test_a_new_douyin_account_belongs_to_platform_building(self) -> None:
        """An untagged note about a 抖音号 is placed in 一（四）平台建设."""
        (note,) = parse_notes("今年新开了抖音号")
        assert (note.part, note.subpart) == (Part.OVERVIEW, SubPart.PLATFORMS)

    def test_training_belongs_to_oversight(self) -> None:
        """开展培训3次 is placed in 一（五）监督保障."""
        (note,) = parse_notes("开展培训3次")
        assert note.subpart is SubPart.OVERSIGHT

    def test_a_tag_places_a_note_where_the_user_says(self) -> None:
        """A tag such as “一（三）：” or “五措施：” overrides the placement by words."""
        management, measure, other = parse_notes(
            "一（三）：开展培训3次\n五措施：加强培训\n六：人大建议已公开"
        )
        assert management.subpart is SubPart.MANAGEMENT
        assert (measure.part, measure.kind) == (Part.PROBLEMS, NoteKind.MEASURE)
        assert other.part is Part.OTHER_MATTERS

    def test_blank_lines_and_bullets_are_ignored(self) -> None:
        """Empty lines add nothing and list bullets are stripped."""
        assert [n.text for n in parse_notes("\n- 网站完成改版\n\n")] == ["网站完成改版"]


class TestPlan:
    def test_facts_carry_the_change_from_last_year(self) -> None:
        """A figure that fell, rose, appeared or stayed gets the matching change kind."""
        plan = build_plan(report_2024(), report_2023())
        facts = {f.key: f for f in plan.part(Part.OVERVIEW, SubPart.PROACTIVE).facts}
        assert facts["t2.normative.issued"].change is ChangeKind.DOWN
        assert facts["t2.coercion.decisions"].change is ChangeKind.NEW
        assert facts["t2.penalty.decisions"].change is ChangeKind.SAME
        assert facts["t2.licensing.decisions"].change is ChangeKind.GONE
        assert facts["t2.rules.issued"].change is ChangeKind.NONE
        assert facts["t2.normative.issued"].percent == 20.0

    def test_a_peoples_government_must_state_assessment_and_accountability(self) -> None:
        """Part 一（五） of a 人民政府 requires the 工作考核、社会评议和责任追究 statement."""
        plan = build_plan(report_2024())
        assert any("责任追究" in r for r in plan.part(Part.OVERVIEW, SubPart.OVERSIGHT).required)

    def test_part_six_requires_the_fee_statement_and_the_provinces_items(self) -> None:
        """Part 六 requires the 信息处理费 statement and the items the province asks for."""
        plan = build_plan(report_2024(), province="福建省")
        required = plan.part(Part.OTHER_MATTERS).required
        assert "信息处理费收取情况" in required
        assert "政务公开工作创新情况" in required

    def test_the_notes_numbers_and_computed_shares_are_allowed(self) -> None:
        """Numbers from notes, totals, differences and years may be stated."""
        plan = build_plan(report_2024(), report_2023(), parse_notes(NOTES))
        allowed = plan.allowed_numbers()
        assert {3.0, 9.0, 5.0, 2024.0, 2025.0} <= allowed
        assert any(abs(p - 55.555) < 0.01 for p in plan.allowed_percents())


class TestLastProblemCount:
    def test_last_years_problems_are_counted_before_the_measures(self) -> None:
        """“一是…二是…” before the measures count as last year's problems."""
        text = "存在的问题：一是解读不足；二是更新不及时。改进措施：一是加强解读；二是定期检查。"
        assert last_problem_count(text) == 2

    def test_enumerated_measures_after_prose_problems_are_not_counted(self) -> None:
        """Problems written as prose and measures as 一是/二是/三是: no count is stated."""
        text = (
            "（一）存在的主要问题：解读形式单一。栏目更新不及时。"
            "（二）改进措施：一是丰富解读；二是定期检查；三是拓宽渠道。"
        )
        assert last_problem_count(text) == 0

    def test_a_measures_paragraph_opening_with_its_plan_ends_the_problems(self) -> None:
        """“将重点做好以下工作” begins the measures, so its items are not problems."""
        text = (
            "主要问题有：一是解读不足；二是更新不及时。\n"
            "2024年，将重点做好以下工作：一是加强解读；二是定期检查。"
        )
        assert last_problem_count(text) == 2

    def test_the_next_step_begins_the_measures(self) -> None:
        """“下一步” begins the measures as a heading does."""
        text = "一是解读不足；二是更新不及时；三是培训不够。下一步，一是加强解读；二是定期检查。"
        assert last_problem_count(text) == 3

    def test_a_measures_word_in_the_problems_opening_begins_nothing(self) -> None:
        """“存在以下方面的不足：一是…二是…” introduces problems, not measures."""
        text = "存在以下方面的不足：一是解读不足；二是更新不及时。"
        assert last_problem_count(text) == 2

    def test_a_measures_word_inside_a_problem_item_begins_nothing(self) -> None:
        """“今后需改进” within 一是 does not cut off 二是 and 三是."""
        text = "一是解读形式单一，今后需改进；二是更新不及时；三是培训不够。"
        assert last_problem_count(text) == 3

    @pytest.mark.shared
    def test_pingtans_2021_problems_are_not_enumerated(self, shared: Path) -> None:
        """Pingtan 2021 states its two problems as prose; its three items are measures."""
        last = read_report(shared / "data" / "report-pingtan-2021.md")
        assert last_problem_count(last.narrative.problems) == 0
