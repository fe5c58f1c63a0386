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


class TestMagnitudesAndApproximations:
    def test_a_magnitude_multiplies_the_number(self) -> None:
        """“5万余人次” is 50000 and “3千次” is 3000, not 5 and 3 (the notes say 培训3次)."""
        found = unverified("累计5万余人次浏览，开展培训3千次。", plan())
        assert [m.value for m in found] == [50000.0, 3000.0]

    def test_an_approximation_a_note_states_is_verified(self) -> None:
        """A note saying “累计浏览5万余人次” lets the draft repeat it."""
        noted = build_plan(report_2024(), report_2023(), parse_notes(NOTES + "\n网站累计浏览5万余人次"))
        assert unverified("网站累计5万余人次浏览。", noted) == []

    def test_a_chinese_approximation_is_checked_by_its_base(self) -> None:
        """“二十余次” is found and read as 20, which nothing accounts for."""
        assert [m.value for m in unverified("开展培训二十余次。", plan())] == [20.0]

    def test_tenths_are_percentages(self) -> None:
        """5 of 9 is 55.6 %: “约六成” fits, “九成” does not."""
        assert unverified("予以公开的约占六成。", plan()) == []
        assert [m.text for m in unverified("予以公开的约占九成。", plan())] == ["九成"]

    def test_cheng_inside_a_word_is_no_percentage(self) -> None:
        """“逐一成册”“合一成效”“一成不变” state no share, so nothing in them is checked."""
        assert mentions("对申请材料逐一成册归档，推动公开与服务合一成效明显，一成不变。") == []

    def test_tenths_ending_the_share_are_still_checked(self) -> None:
        """“两成” and “三成以上” are read as 20 % and 30 %; “九成以上” of 5 of 9 is caught."""
        found = mentions("不予公开的约占两成，予以公开的占三成以上。")
        assert [(m.text, m.value, m.is_percent) for m in found] == [
            ("两成", 20.0, True),
            ("三成", 30.0, True),
        ]
        assert [m.text for m in unverified("予以公开的占九成以上。", plan())] == ["九成"]

    def test_amounts_before_yuan_read_in_wan_yuan(self) -> None:
        """“1.25万元” is the table's 1.25 (万元); “1.2亿元” is 12000 万元."""
        assert [m.value for m in mentions("收费1.25万元，预算1.2亿元。")] == [1.25, 12000.0]

    def test_a_chinese_amount_in_yuan_reads_in_wan_yuan(self) -> None:
        """“三万五千元” is 3.5 (万元), not 3000.5, and “一万二千五百元” matches the 1.25 万元 fee."""
        assert [m.value for m in mentions("收费三万五千元，预算五万元。")] == [3.5, 5.0]
        assert unverified("收取费用一万二千五百元。", plan()) == []
