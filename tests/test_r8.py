"""R8 on the shapes reports write an enumeration in: a total, then its parts, with one unit."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from assistant.domain.report import Narrative, Report
from assistant.domain.rules.narrative_numbers import enumerations, r8_enumerations_add_up


def read(text: str) -> list[tuple[int | float, int | float]]:
    return [(found.total, sum(found.items)) for found in enumerations(text)]


def r8(text: str) -> list[tuple[int | float | None, int | float | None]]:
    report = Report(year=2023, narrative=Narrative(overview=text))
    return [(finding.expected, finding.found) for finding in r8_enumerations_add_up(report, None)]


class TestEnumerations:
    def test_parts_after_a_comma_and_qizhong_are_read(self) -> None:
        """ "30条，其中a、b、c、d" is read without a 共 before the total."""
        text = "全年主动公开政府信息30条，其中工作动态12条、通知公告8条、政策文件6条、其他信息5条。"
        assert read(text) == [(30, 31)]

    def test_parts_after_baokuo_are_read(self) -> None:
        """ "共20条，包括a、b、c" is an enumeration like 其中."""
        assert read("共发布信息20条，包括工作动态10条、通知公告6条、人事信息4条。") == [(20, 20)]

    def test_parts_opening_the_next_sentence_are_read(self) -> None:
        """ "9件。其中，a，b，c。" takes its total from the sentence before."""
        text = "全年受理政府信息公开申请9件，均按时答复。其中，自然人申请5件，法人申请3件，其他组织申请2件。"
        assert read(text) == [(9, 10)]

    def test_a_noun_between_the_total_and_qizhong_is_allowed(self) -> None:
        """ "共发布40条财政资金信息，其中…" keeps 40 as the total."""
        assert read("共发布40条财政资金信息，其中专项资金12条、预决算20条、债券8条。") == [(40, 40)]

    def test_a_part_with_its_own_qizhong_is_summed_at_its_own_level(self) -> None:
        """ "公示5条：其中事前3条，事后2条" counts 5 at the top level and 3+2 below it."""
        text = "全年发布信息15条，其中：工作动态6条；公示公告5条：其中事前公示3条，事后公示2条；其他信息4条。"
        assert read(text) == [(15, 15), (5, 5)]

    def test_a_bracketed_part_is_a_nested_enumeration(self) -> None:
        """ "预决算公开20条（政府8条、部门12条）" is a part of 20 with its own parts."""
        text = "共发布财政信息40条，其中专项资金12条，预决算公开20条（政府8条、部门12条）、“三公”经费8条。"
        assert read(text) == [(40, 40), (20, 20)]

    def test_a_trailing_clause_without_a_count_ends_the_parts(self) -> None:
        """ "…文件2条，全文电子化率100%" stops before the rate."""
        assert read("主动公开信息10条，其中动态4条、公告3条、文件2条，全文电子化率100%。") == [(10, 9)]

    def test_a_clause_about_something_besides_the_total_ends_the_parts(self) -> None:
        """ "其中自然人9件、企业2件，另有上年结转申请1件" leaves the carried-over request out."""
        assert read("全年新收申请11件，其中自然人9件、商业企业2件，另有上年结转申请1件。") == [(11, 11)]
        assert read("全年新收申请11件。其中，自然人9件，商业企业2件，此外上年结转1件。") == [(11, 11)]

    def test_two_lists_in_one_sentence_are_read_apart(self) -> None:
        """ "复议5件，其中…；诉讼4件，其中…" gives two enumerations, each ending at its "；"."""
        text = "行政复议5件，其中维持2件，纠正1件，其他2件；行政诉讼4件，其中维持1件，纠正1件，其他1件。"
        assert read(text) == [(5, 5), (4, 3)]

    def test_chinese_and_full_width_numerals_are_read(self) -> None:
        """ "十二条" and "１２条" are 12."""
        assert read("共发布信息十二条，其中动态五条、公告四条、文件二条。") == [(12, 11)]
        assert read("共发布信息１２条，其中动态５条、公告４条、文件２条。") == [(12, 11)]

    def test_thousands_separators_are_not_taken_for_commas(self) -> None:
        """ "1,234条，其中动态1,000条…" is a total of 1234."""
        assert read("全年发布信息1,234条，其中动态1,000条、公告200条、文件35条。") == [(1234, 1235)]

    def test_qizhong_opening_a_sentence_needs_one_clear_total_before_it(self) -> None:
        """ "收到5件，办结4件。其中…" or a sentence that lists its own parts gives no total."""
        assert read("收到申请5件，办结4件。其中，自然人2件，法人1件，其他1件。") == []
        assert read("共收到申请12件，其中网上申请8件。其中，自然人10件、法人2件、其他组织1件。") == []

    def test_parts_with_their_percentages_are_read(self) -> None:
        """ "自然人6件，占60%；法人4件，占40%" counts 6 and 4, not the shares."""
        assert read("共收到申请10件，其中自然人6件，占60%；法人4件，占40%。") == [(10, 10)]

    def test_a_single_part_is_not_an_enumeration(self) -> None:
        """ "共收到申请5件，其中依申请公开3件" names a subset by design."""
        assert read("共收到申请5件，其中依申请公开3件。") == []

    def test_parts_in_another_unit_are_not_read(self) -> None:
        """ "27条，其中…11份" or a part in 个 among 条 is not summed."""
        assert read("共发布信息27条，其中机构设置类11份、审计报告类5份、其他类10份。") == []
        assert read("共发布信息20条，其中动态10条、专题3个、文件8条。") == []

    def test_parts_given_only_as_shares_are_not_read(self) -> None:
        """ "自然人占60%、法人占30%" has no counts to add up."""
        assert read("共收到申请10件，其中自然人占60%、法人占30%、其他组织占20%。") == []

    def test_a_change_is_not_a_total(self) -> None:
        """ "较上年增加5条，其中…" and "同比增加6条。其中…" are not totals."""
        assert read("发布信息较上年增加5条，其中动态3条、公告2条、文件1条。") == []
        assert read("全年发布信息20条，同比增加6条。其中，动态3条，公告2条，文件2条。") == []

    def test_one_of_a_kind_is_not_a_total(self) -> None:
        """ "建成一个平台，包括3个栏目…" does not say the platform counts one."""
        assert read("建成一个平台，包括3个栏目、2个专题、4个专区。") == []

    def test_a_part_without_its_own_count_makes_the_list_unreadable(self) -> None:
        """ "政策、规范性文件类68条" could be one part or two: nothing is read."""
        assert read("共公布信息100条（其中机构职能类25条，政策、规范性文件类68条，其他5条）。") == []

    def test_a_part_listing_two_counts_without_qizhong_makes_the_list_unreadable(self) -> None:
        """ "…；行政复议2件、行政诉讼7件" inside the parts of 81 is not a nested sum."""
        text = "办结申请81件，其中：予以公开42件，占51.85%；不予公开5件；无法提供34件；复议2件、诉讼7件。"
        assert read(text) == []

    def test_a_long_text_without_full_stops_is_read_in_bounded_time(self) -> None:
        """120,000 characters of unclosed "共5条（其中" are given up on within seconds."""
        started = time.monotonic()
        assert enumerations("共5条（其中" * 20_000) == []
        assert time.monotonic() - started < 10


class TestR8EnumerationsAddUp:
    def test_a_list_after_qizhong_that_does_not_add_up_is_an_error(self) -> None:
        """ "33条，其中 3、17、1、3、10、3条" is R8 with 33 and 37."""
        text = "全年公开信息33条，其中规划3条、机构17条、法规1条、应急3条、其他10条、监督3条，电子化率100%。"
        assert r8(text) == [(33, 37)]

    def test_the_message_gives_both_numbers_and_the_quote_is_the_sentence(self) -> None:
        """The finding names the total's words, 33 and 37, and quotes the whole sentence."""
        text = "本机关重视公开。全年主动公开信息33条，其中规划3条、机构17条、其他17条。"
        report = Report(year=2023, narrative=Narrative(overview=text))
        (finding,) = r8_enumerations_add_up(report, None)
        assert finding.message == "“全年主动公开信息33条”写总数 33，但所列各项之和为 37。"
        assert finding.quote == "全年主动公开信息33条，其中规划3条、机构17条、其他17条。"

    def test_a_list_after_baokuo_that_does_not_add_up_is_an_error(self) -> None:
        """ "共20条，包括10、6、5条" is R8."""
        assert r8("共发布信息20条，包括工作动态10条、通知公告6条、人事信息5条。") == [(20, 21)]

    def test_parts_in_the_next_sentence_that_do_not_add_up_are_an_error(self) -> None:
        """ "9件。其中，5件，3件，2件。" is R8 with 9 and 10."""
        text = "全年受理政府信息公开申请9件。其中，自然人申请5件，法人申请3件，其他组织申请2件。"
        assert r8(text) == [(9, 10)]

    def test_a_nested_part_that_does_not_add_up_is_an_error_at_its_own_level(self) -> None:
        """The top level adds up; "公示5条：其中3条，3条" is R8 with 5 and 6."""
        text = "全年发布信息15条，其中：工作动态6条；公示公告5条：其中事前公示3条，事后公示3条；其他信息4条。"
        assert r8(text) == [(5, 6)]

    def test_an_enumeration_that_adds_up_is_silent(self) -> None:
        """ "249条，其中：9条；7条；…" adding up gives nothing."""
        text = "全年共发布信息50条，其中：政策解读9条；人事任免7条；重点工作28条；财政预决算6条。"
        assert r8(text) == []

    def test_two_parts_short_of_the_total_may_be_a_subset(self) -> None:
        """ "共10件，其中自然人6件、法人2件" names two kinds, not necessarily all."""
        assert r8("共收到申请10件，其中自然人6件、法人2件。") == []

    def test_main_parts_are_not_all_parts(self) -> None:
        """ "主要包括…" is silent even when the parts fall short."""
        assert r8("共发布信息20条，主要包括工作动态10条、通知公告6条、人事信息1条。") == []
        assert r8("共发布信息20条，其中主要是工作动态10条、通知公告6条、人事信息1条。") == []

    def test_parts_ending_in_deng_are_not_all_parts(self) -> None:
        """ "…通知公告6条等" is silent."""
        assert r8("共发布信息20条，其中工作动态10条、通知公告6条、人事信息1条等。") == []

    def test_parts_given_as_examples_are_not_all_parts(self) -> None:
        """ "其中如…" is silent."""
        assert r8("共发布信息20条，其中如工作动态10条、通知公告6条、人事信息1条。") == []

    def test_parts_said_with_you_and_deng_are_not_all_parts(self) -> None:
        """ "其中有…等" is silent."""
        assert r8("共发布信息20条，其中有工作动态10条、通知公告6条、人事信息1条等。") == []

    def test_a_subset_by_design_is_silent(self) -> None:
        """ "共收到申请5件，其中依申请公开3件" is no error."""
        assert r8("共收到申请5件，其中依申请公开3件。") == []


@pytest.mark.shared
class TestCheckCommandOnPublishedReports:
    def test_the_putian_fisheries_report_gets_r8_with_33_and_37(self, shared: Path) -> None:
        """`gongkai check` on 莆田市海洋与渔业局 2024 reports its enumeration of 33 that adds up to 37."""
        path = shared / "data/raw/putian-pthyyyyj-2024.html"
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "check", str(path), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1, result.stderr
        findings = [finding for finding in json.loads(result.stdout)["findings"] if finding["rule"] == "R8"]
        assert len(findings) == 1
        assert "写总数 33" in findings[0]["message"] and "之和为 37" in findings[0]["message"]
        assert findings[0]["quote"].startswith("全年通过网站主动公开各类政府信息33条，其中发展规划3条")
