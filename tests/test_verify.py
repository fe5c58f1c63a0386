"""Number verification: every quantity a draft states must come from the plan."""

from __future__ import annotations

from draft_fixtures import NOTES, report_2023, report_2024

from assistant.domain.plan import build_plan, parse_notes
from assistant.domain.verify import mentions, unverified


def plan():  # type: ignore[no-untyped-def]
    return build_plan(report_2024(), report_2023(), parse_notes(NOTES))


class TestVerify:
    def test_an_invented_count_is_caught(self) -> None:
        """“收到申请37件” (no figure, note or change is 37) is unverified."""
        assert [m.text for m in unverified("本年度收到申请37件。", plan())] == ["37"]

    def test_an_altered_percentage_is_caught(self) -> None:
        """55.6% is right for 5 of 9; 57.6% is not."""
        assert unverified("予以公开5件，占55.6%。", plan()) == []
        assert [m.text for m in unverified("予以公开5件，占57.6%。", plan())] == ["57.6%"]

    def test_a_chinese_numeral_quantity_is_checked(self) -> None:
        """“开展培训三次” is fine (the notes say 3); “培训八次” is not."""
        assert unverified("开展培训三次。", plan()) == []
        assert [m.value for m in unverified("开展培训八次。", plan())] == [8.0]

    def test_a_stale_year_is_caught(self) -> None:
        """A 2024 report may name 2023–2025 but not 2019年度 as its own year… except as a regulation year."""
        assert [m.text for m in unverified("2018年完成改版。", plan())] == ["2018年"]
        assert unverified("2025年将继续推进。", plan()) == []

    def test_structure_and_references_are_not_quantities(self) -> None:
        """一是、（二）、第二十条、〔2021〕30号、1月1日 and 一件事 are not checked."""
        text = (
            "一是加强解读；（二）依申请公开。依据第二十条和国办公开办函〔2021〕30号，"
            "统计至12月31日，推进高效办成一件事。"
        )
        assert mentions(text) == []

    def test_a_difference_and_a_change_in_per_cent_are_derivable(self) -> None:
        """“增加5件、增长125.0%” follows from 9 this year and 4 last year."""
        assert unverified("新收申请9件，较上年增加5件、增长125.0%。", plan()) == []
