"""The dates reports and figures files write, and the 落款 that closes a report."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.domain.figures import figures_from_mapping
from assistant.domain.years import chinese_date, is_written_date, written_date
from assistant.errors import UnreadableInput
from assistant.readers.furniture import is_page_info, prose_lines, without_page_info
from assistant.readers.signature import signed, split_signature

FIGURE = {"t3.new.natural": 1}


class TestWrittenDate:
    @pytest.mark.parametrize(
        "text",
        [
            "2024年1月20日",
            "二〇二四年一月二十日",
            "二○二四年一月二十日",
            "2024 年 1 月 20 日",
            "2024-01-20",
            "2024/1/20",
        ],
    )
    def test_a_date_as_a_signature_or_a_figures_file_writes_it_is_read(self, text: str) -> None:
        assert written_date(text, whole=True) == date(2024, 1, 20)
        assert is_written_date(text)

    def test_the_first_date_in_a_sentence_is_the_one_read(self) -> None:
        assert written_date("统计期限为2023年1月1日至12月31日") == date(2023, 1, 1)
        assert written_date("统计期限为2023年1月1日至12月31日", whole=True) is None

    def test_a_day_that_does_not_exist_looks_like_a_date_but_is_none(self) -> None:
        assert is_written_date("2024年2月30日")
        assert written_date("2024年2月30日") is None

    def test_a_chinese_date_reads_back_as_the_day_it_prints(self) -> None:
        assert written_date(chinese_date(date(2025, 12, 31))) == date(2025, 12, 31)

    def test_a_figures_file_may_write_its_date_either_way_and_is_told_which_value_is_wrong(self) -> None:
        assert figures_from_mapping({"published": "二〇二四年一月十八日", **FIGURE}).published == date(
            2024, 1, 18
        )
        assert figures_from_mapping({"published": "2024年1月18", **FIGURE}).published == date(2024, 1, 18)
        with pytest.raises(UnreadableInput, match="“published”应为日期（如 2024-01-18），读到“下周”"):
            figures_from_mapping({"published": "下周", **FIGURE})


class TestSignature:
    def test_the_agency_and_date_closing_the_last_part_are_the_signature(self) -> None:
        lines = ["本机关本年度未收取信息处理费。", "青川县清溪镇人民政府", "2024年1月20日"]
        prose, signature = split_signature(lines, ("清溪镇人民政府",))
        assert prose == ["本机关本年度未收取信息处理费。"]
        assert signed(signature, {}) == (date(2024, 1, 20), "青川县清溪镇人民政府")

    def test_a_parts_own_closing_words_are_not_a_signer_however_short(self) -> None:
        prose, signature = split_signature(["无其他需要报告的事项", "2024年1月20日"], ())
        assert prose == ["无其他需要报告的事项"]
        assert signature == ["2024年1月20日"]

    def test_without_a_date_in_the_signature_the_pages_date_is_taken(self) -> None:
        assert signed(["青川县清溪镇人民政府"], {"published": "2024-01-22"}) == (
            date(2024, 1, 22),
            "青川县清溪镇人民政府",
        )


class TestPageFurniture:
    def test_buttons_links_and_the_disclosure_note_are_not_prose(self) -> None:
        lines = [
            "正文第一段。【打印本页】",
            "分享到 微信 微博",
            "【打印本页】【关闭窗口】",
            "（此件主动公开）",
            "",
            "正文第二段。",
        ]
        assert prose_lines(lines) == ["正文第一段。", "正文第二段。"]

    def test_a_run_on_page_text_starts_where_the_reports_prose_does(self) -> None:
        first = "清溪镇2023年政府信息公开工作年度报告 发布时间：2024-01-20 来源：本站 根据条例编制。"
        assert without_page_info(first) == "根据条例编制。"

    def test_the_pages_information_line_is_told_by_its_labels(self) -> None:
        assert is_page_info("发布日期：2024-01-20  浏览次数：35")
        assert not is_page_info("统计时间为2023年1月1日至12月31日。")
