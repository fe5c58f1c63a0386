"""The rules one by one on reports built in memory (no reader involved)."""

from __future__ import annotations

from datetime import date

from assistant.domain.agency import agency_level, infer_agency, is_people_government
from assistant.domain.figures import figures_from_mapping
from assistant.domain.layout import ReportFormat
from assistant.domain.report import AgencyLevel, Narrative, Report, SubPart
from assistant.domain.rules import RULES, check
from assistant.domain.rules.carry_over import last_year_mismatch
from assistant.domain.rules.narrative_numbers import enumerations, stated_numbers

TOWN = infer_agency("青川县清溪镇人民政府")


def complete_narrative(overview: str) -> Narrative:
    """Every part present and neutral, so that only ``overview`` can break a rule."""
    if not overview:
        return Narrative()
    return Narrative(
        overview=overview,
        subparts={sub: "按要求开展相关工作。" for sub in SubPart}
        | {SubPart.OVERSIGHT: "开展工作考核和社会评议，未发生责任追究情况。"},
        problems="个别栏目更新不及时，已明确专人负责。",
        other_matters="本年度未收取信息处理费。",
    )


def report(overview: str = "", figures: dict[str, int | float] | None = None, **fields: object) -> Report:
    return Report(
        agency=fields.pop("agency", TOWN),  # type: ignore[arg-type]
        year=2023,
        figures=figures or {},
        narrative=complete_narrative(overview),
        **fields,  # type: ignore[arg-type]
    )


class TestTheChain:
    def test_every_rule_states_its_id_in_its_docstring(self) -> None:
        """Each rule function documents the rule it enforces, with its id."""
        for rule in RULES:
            doc = rule.__doc__ or ""
            assert rule.__name__[:2].upper() in doc, rule.__name__

    def test_a_figures_file_is_checked_without_narrative_warnings(self) -> None:
        """Totals a figures file leaves out are derived; no prose rule fires on it."""
        figures = figures_from_mapping({"t3.new.natural": 2, "t3.disclosed.natural": 2, "year": 2023})
        assert check(figures.to_report()) == []

    def test_a_stated_total_that_is_wrong_is_an_error(self) -> None:
        """A total stated in a document is checked, not replaced."""
        findings = check(report(figures={"t4.review.upheld": 1, "t4.review.total": 3}))
        assert [finding.rule for finding in findings] == ["R4"]


class TestNarrativeNumbers:
    def test_disclosed_or_partly_disclosed_is_their_sum(self) -> None:
        """ "予以公开及部分公开N件" is compared with disclosed plus partial."""
        text = "本年度予以公开及部分公开20件，占四成；因本机关不掌握等原因无法提供9件。"
        r = report(
            text,
            {
                "t3.disclosed.natural": 18,
                "t3.partial.natural": 3,
                "t3.unavailable.not_held.natural": 5,
                "t3.unavailable.unclear.natural": 4,
                "t3.new.natural": 30,
            },
        )
        findings = check(r)
        assert [(f.rule, f.expected, f.found) for f in findings] == [("R7", 21, 20)]

    def test_no_requests_received_contradicts_new_requests(self) -> None:
        """ "未收到…申请" with new requests in table 3 is an R7 error."""
        r = report(
            "本年度清溪镇未收到个人和组织的信息公开申请。", {"t3.new.natural": 1, "t3.disclosed.natural": 1}
        )
        assert [f.rule for f in check(r)] == ["R7"]

    def test_a_comparison_with_last_year_is_not_read_as_this_years_figure(self) -> None:
        """ "较去年减少3件" is not a cell."""
        r = report(
            "收到政府信息公开申请5件，较去年减少3件。", {"t3.new.natural": 5, "t3.disclosed.natural": 5}
        )
        assert [s.value for s in stated_numbers(r)] == [5]
        assert check(r) == []

    def test_a_sentence_about_another_year_is_skipped(self) -> None:
        """Numbers stated about 2022 are not compared with the 2023 tables."""
        r = report("2022年收到政府信息公开申请9件。", {"t3.new.natural": 5, "t3.disclosed.natural": 5})
        assert stated_numbers(r) == []

    def test_received_may_include_carried_over_requests(self) -> None:
        """ "收到申请N件" may count last year's carried-over requests too."""
        r = report(
            "全年收到政府信息公开申请6件。",
            {"t3.new.natural": 5, "t3.carried_in.natural": 1, "t3.disclosed.natural": 6},
        )
        assert check(r) == []

    def test_chinese_numerals_are_read(self) -> None:
        """ "行政处罚三件" is 3."""
        r = report("全年作出行政处罚三件。", {"t2.penalty.decisions": 2})
        assert [(f.rule, f.found) for f in check(r)] == [("R7", 3)]


class TestEnumerations:
    def test_a_nested_enumeration_adds_up_at_both_levels(self) -> None:
        """ "共N条（其中，a；b：其中 c，d；…）" checks the total and the nested part."""
        text = "全年共发布信息20条（其中，动态10条；公示6条：其中事前公示4条，事后公示2条；其他4条。）。"
        found = enumerations(text)
        assert [(e.total, sum(e.items)) for e in found] == [(20, 20), (6, 6)]
        assert check(report(text)) == []

    def test_a_wrong_nested_sum_is_an_r8_error(self) -> None:
        """A nested part that does not add up is flagged."""
        text = "全年共发布信息20条（其中，动态10条；公示6条：其中事前公示4条，事后公示3条；其他4条。）。"
        assert [(f.rule, f.expected, f.found) for f in check(report(text))] == [("R8", 6, 7)]

    def test_a_partial_list_after_qizhong_is_not_an_error(self) -> None:
        """ "共12件，其中自然人10件" names only part of the total."""
        assert check(report("共收到申请12件，其中自然人10件。")) == []

    def test_a_list_exceeding_its_total_is_an_error(self) -> None:
        """Items cannot add up to more than the total."""
        assert [f.rule for f in check(report("共收到申请3件，其中自然人2件、企业2件。"))] == ["R8"]


class TestScopeWords:
    def test_a_town_report_that_speaks_of_the_county_is_flagged(self) -> None:
        """全县 in a town government's report is W4."""
        findings = check(report("清溪镇着力提升全县政务公开水平。"))
        assert [f.rule for f in findings] == ["W4"]

    def test_a_town_report_naming_another_place_it_serves_is_flagged(self) -> None:
        """ "助力平安高质量发展" names a place that is not the town's own."""
        findings = check(report("清溪镇助力平安高质量发展。"))
        assert [f.rule for f in findings] == ["W4"]
        assert "平安" in findings[0].message

    def test_the_towns_own_name_and_generic_words_are_not_flagged(self) -> None:
        """助力清溪高质量发展 and 推动全镇高质量发展 are fine."""
        assert check(report("清溪镇助力清溪高质量发展，推动全镇高质量发展，助力经济高质量发展。")) == []

    def test_a_district_may_speak_of_its_whole_district(self) -> None:
        """全区 fits an agency whose area is a 区."""
        assert check(report("全区收到申请0件。", agency=infer_agency("示例市清河区人民政府"))) == []


class TestDatesUnitsAndParts:
    def test_a_county_report_is_due_by_20_february(self) -> None:
        """A county government may publish on 20 February but not on 21 February."""
        county = infer_agency("青川县人民政府")
        assert check(report(agency=county, published=date(2024, 2, 20))) == []
        assert [f.rule for f in check(report(agency=county, published=date(2024, 2, 21)))] == ["W5"]

    def test_a_fee_in_yuan_is_flagged_for_a_town(self) -> None:
        """20,000 万元 for a town is probably 元."""
        assert [f.rule for f in check(report(figures={"t2.fees.amount": 20000}))] == ["W8"]

    def test_a_large_fee_is_plausible_for_a_province(self) -> None:
        """A province may collect 20,000 万元."""
        province = infer_agency("示例省人民政府")
        assert check(report(figures={"t2.fees.amount": 20000}, agency=province)) == []

    def test_unpaid_fee_requests_contradict_no_fee_notices(self) -> None:
        """W6: requests dropped for unpaid fees while part 六 says no fee notice was sent."""
        r = report(figures={"t3.other_handling.unpaid_fee.natural": 1, "t3.new.natural": 1})
        r.narrative = Narrative(
            overview="概述。",
            subparts={sub: "情况。" for sub in SubPart}
            | {SubPart.OVERSIGHT: "工作考核、社会评议、责任追究均已落实。"},
            problems="问题。",
            other_matters="本年度未收取信息处理费，未发出收费通知。",
        )
        assert [f.rule for f in check(r)] == ["W6"]

    def test_this_year_named_as_another_year_is_stale(self) -> None:
        """ "本年度（2022年）" in a 2023 report is W2."""
        assert [f.rule for f in check(report("本年度（2022年）清溪镇扎实推进政务公开。"))] == ["W2"]

    def test_a_part_six_opening_with_last_year_is_stale(self) -> None:
        """ "2022年，…" opening a sentence of part 六 in a 2023 report is W2."""
        r = report("清溪镇扎实推进政务公开。")
        r.narrative.other_matters = "2022年，清溪镇未收取信息处理费。"
        assert [f.rule for f in check(r)] == ["W2"]

    def test_looking_back_since_an_earlier_year_is_not_stale(self) -> None:
        """ "2021年以来，…" is a legitimate look back, not a leftover year."""
        assert check(report("2021年以来，清溪镇持续推进政务公开标准化建设。")) == []

    def test_last_years_figure_left_in_the_text_is_stale(self) -> None:
        """The text keeps last year's 4 new requests while this year's table says 6."""
        this = report(
            "本年度共收到政府信息公开申请4件。", figures={"t3.new.natural": 6, "t3.carried_out.natural": 10}
        )
        last = report(figures={"t3.new.natural": 4, "t3.carried_out.natural": 4}).model_copy(
            update={"year": 2022}
        )
        this.figures["t3.carried_in.natural"] = 4
        rules = sorted(f.rule for f in check(this, last))
        assert rules == ["R7", "W2"]

    def test_figures_unchanged_from_last_year_are_stale(self) -> None:
        """W2: every table figure the same as last year's."""
        figures = {"t2.penalty.decisions": 3}
        last = report(figures=figures).model_copy(update={"year": 2022})
        assert [f.rule for f in check(report(figures=figures), last)] == ["W2"]


class TestAgencyFromName:
    def test_a_town_government(self) -> None:
        """节固镇人民政府 is a town and a people's government."""
        assert agency_level("节固镇人民政府") is AgencyLevel.TOWN
        assert is_people_government("节固镇人民政府")

    def test_a_county_department(self) -> None:
        """A 局 is a department, not a government."""
        agency = infer_agency("沭阳县发展和改革局")
        assert (agency.level, agency.is_people_government) == (AgencyLevel.DEPARTMENT, False)

    def test_governments_of_every_level(self) -> None:
        """县, 市 and 省 governments get their level."""
        assert agency_level("青川县人民政府") is AgencyLevel.COUNTY
        assert agency_level("淮安市人民政府") is AgencyLevel.CITY
        assert agency_level("河北省人民政府") is AgencyLevel.PROVINCE
        assert agency_level("某某街道办事处") is AgencyLevel.TOWN

    def test_a_report_format_is_kept_for_2019_figures(self) -> None:
        """Figures with 2019 keys make a 2019-format report."""
        assert figures_from_mapping({"t2.rules.made": 1}).to_report().format is ReportFormat.F2019


class TestMoreNarrativeCases:
    def test_a_colon_nested_part_is_checked_without_qizhong(self) -> None:
        """ "预算、决算4条：预算3条，决算2条" inside an enumeration is a nested sum."""
        text = "全年共发布信息10条（其中，预算、决算4条：预算3条，决算2条；动态6条）。"
        assert [(f.rule, f.expected, f.found) for f in check(report(text))] == [("R8", 4, 5)]

    def test_rural_revitalisation_is_not_a_place(self) -> None:
        """ "推动乡村振兴高质量发展" names no other place."""
        assert check(report("清溪镇推动乡村振兴高质量发展，助力城乡高质量发展。")) == []

    def test_a_named_county_is_another_place(self) -> None:
        """ "助力青山县高质量发展" in a town of 青川县 names another county."""
        assert [f.rule for f in check(report("清溪镇助力青山县高质量发展。"))] == ["W4"]


class TestCarryOver:
    def test_a_last_year_without_carried_out_figures_raises_no_r6(self) -> None:
        """R6 says nothing when last year's report states no 结转下年度 figure (tables not read)."""
        last_year = Report(agency=TOWN, year=2022, tables_read=False)
        this_year = report(
            figures={"t3.carried_in.natural": 2, "t3.new.natural": 1, "t3.disclosed.natural": 3}
        )
        assert [f for f in check(this_year, last_year) if f.rule == "R6"] == []

    def test_a_stated_carried_out_is_still_compared(self) -> None:
        """R6 fires when last year states 结转下年度 and this year's 上年结转 differs."""
        last_year = Report(agency=TOWN, year=2022, figures={"t3.carried_out.natural": 1})
        this_year = report(
            figures={"t3.carried_in.natural": 2, "t3.new.natural": 1, "t3.disclosed.natural": 3}
        )
        assert {f.rule for f in check(this_year, last_year)} == {"R6"}

    def test_another_agencys_report_as_last_year_raises_no_r6(self) -> None:
        """R6 does not compare this year's 上年结转 with another agency's 结转下年度."""
        last_year = Report(
            agency=infer_agency("淮安市人民政府"), year=2022, figures={"t3.carried_out.natural": 1}
        )
        this_year = report(
            figures={"t3.carried_in.natural": 2, "t3.new.natural": 1, "t3.disclosed.natural": 3}
        )
        assert [f for f in check(this_year, last_year) if f.rule == "R6"] == []


class TestLastYearMismatch:
    def test_the_report_of_the_year_before_by_the_same_agency_connects(self) -> None:
        """The same agency's report of the year before raises no note."""
        assert last_year_mismatch(report(), Report(agency=TOWN, year=2022)) is None

    def test_a_variant_of_the_agency_name_is_the_same_agency(self) -> None:
        """One name within the other (平潭综合实验区 / 平潭综合实验区管委会) is one agency."""
        this = report(agency=infer_agency("平潭综合实验区"))
        last = Report(agency=infer_agency("平潭综合实验区管委会"), year=2022)
        assert last_year_mismatch(this, last) is None

    def test_another_agency_is_named_in_the_note(self) -> None:
        """A report by another agency is named, with why R6 and W1 did not run."""
        note = last_year_mismatch(report(), Report(agency=infer_agency("淮安市人民政府"), year=2022))
        assert note is not None and "淮安市人民政府" in note and "不是同一机关" in note and "R6" in note

    def test_a_report_two_years_older_is_not_last_years(self) -> None:
        """A 2021 report given as last year's for 2023 is said to be two years apart."""
        note = last_year_mismatch(report(), Report(agency=TOWN, year=2021))
        assert note is not None and "相隔 2 年" in note

    def test_a_report_whose_tables_were_not_read_is_named_in_the_note(self) -> None:
        """An old-layout report of the year before is named, with why R6 and W1 did not run."""
        note = last_year_mismatch(report(), Report(agency=TOWN, year=2022, tables_read=False))
        assert note is not None and "2022年报告的表格未能读取" in note and "R6" in note

    def test_this_years_unread_tables_are_not_checked_against_last_years_carry_over(self) -> None:
        """Unread tables are unknown figures, not zeros: no R6 error against last year's 结转 3."""
        this = report(tables_read=False, figures={})
        last = Report(agency=TOWN, year=2022, figures={"t3.carried_out.natural": 3})
        assert [f for f in check(this, last) if f.rule == "R6"] == []

    def test_a_report_of_the_same_year_asks_for_the_year_before(self) -> None:
        """A 2023 report given as last year's for 2023 asks for the 2022 report."""
        note = last_year_mismatch(report(), Report(agency=TOWN, year=2023))
        assert note is not None and "同为 2023 年度" in note and "2022 年度" in note


class TestOneApplicantGroup:
    def test_no_requests_from_organisations_is_held_against_the_five_organisation_columns(self) -> None:
        """ "未收到法人或其他组织…申请" while natural persons applied is no R7."""
        r = report(
            "本年度收到公民申请2条，均按时办结；未收到法人或其他组织办理政府信息公开申请。",
            {"t3.new.natural": 2, "t3.disclosed.natural": 2},
        )
        assert check(r) == []

    def test_no_requests_from_organisations_while_a_business_applied_is_r7(self) -> None:
        """The same sentence with a 商业企业 request in table 3 is an error about that group."""
        r = report(
            "未收到法人或其他组织办理政府信息公开申请。",
            {
                "t3.new.natural": 2,
                "t3.new.business": 1,
                "t3.disclosed.natural": 2,
                "t3.disclosed.business": 1,
            },
        )
        findings = check(r)
        assert [(f.rule, f.expected, f.found) for f in findings] == [("R7", 1, 0)]
        assert "法人或其他组织" in findings[0].message

    def test_requests_stated_for_natural_persons_are_compared_with_that_column(self) -> None:
        """ "收到自然人政府信息公开申请2件" is 自然人's figure, not the 总计."""
        r = report(
            "全年收到自然人政府信息公开申请2件。",
            {"t3.new.natural": 2, "t3.new.legal": 1, "t3.disclosed.natural": 2, "t3.disclosed.legal": 1},
        )
        assert [s.keys for s in stated_numbers(r)] == [("t3.new.natural",)]
        assert check(r) == []

    def test_no_requests_from_anyone_is_still_the_total(self) -> None:
        """ "未收到公民、法人或其他组织的申请" speaks of everyone: the 总计 is compared."""
        r = report(
            "未收到公民、法人或其他组织的政府信息公开申请。", {"t3.new.natural": 1, "t3.disclosed.natural": 1}
        )
        assert [(f.rule, f.found) for f in check(r)] == [("R7", 0)]


class TestStaleYearInPartOne:
    def subparts_report(self, requests: str) -> Report:
        r = report("清溪镇扎实推进政务公开。")
        r.narrative.subparts[SubPart.REQUESTS] = requests
        return r

    def test_a_sentence_of_last_year_left_in_the_requests_subpart_is_stale(self) -> None:
        """ "2022年度本机关未收到…申请。" in a 2023 report's 一（二） is W2, quoted."""
        findings = check(self.subparts_report("2022年度本机关未收到政府信息公开申请。"))
        assert [(f.rule, f.found, f.part) for f in findings] == [("W2", 2022, "一")]
        assert findings[0].quote == "2022年度本机关未收到政府信息公开申请。"

    def test_a_year_opening_a_later_sentence_of_the_subpart_is_stale_too(self) -> None:
        """The stale year may open any sentence of part 一, not only its first."""
        text = "清溪镇畅通申请渠道。2022年本镇共受理政府信息公开申请3件，均按期答复。"
        assert [f.rule for f in check(self.subparts_report(text))] == ["W2"]

    def test_comparisons_cumulative_figures_and_spans_are_not_stale(self) -> None:
        """ "与2022年相比", "截至2022年底", "2022年以来", "2022年12月" state no fact of another year."""
        text = (
            "与2022年相比，申请数量有所下降。截至2022年底，累计公开申请答复40件。"
            "2022年以来，清溪镇持续完善申请登记台账。2022年12月印发的办理规程继续执行。"
        )
        assert check(self.subparts_report(text)) == []

    def test_the_report_year_opening_a_sentence_is_not_stale(self) -> None:
        """ "2023年度本机关未收到…" in the 2023 report is its own year."""
        assert check(self.subparts_report("2023年度本机关未收到政府信息公开申请。")) == []


class TestRowsNotPrinted:
    def department(self, overview: str = "", **figures: int) -> Report:
        """A department's report whose table 2 prints neither 规章 nor 行政强制."""
        r = report(overview, dict(figures), agency=infer_agency("青川县林业局"))
        r.not_printed = [
            "t2.rules.issued",
            "t2.rules.repealed",
            "t2.rules.in_force",
            "t2.coercion.decisions",
        ]
        return r

    def test_a_number_stated_about_a_row_not_printed_is_not_compared(self) -> None:
        """ "行政强制2件" with no 行政强制 row in table 2 is unknown, not an R7 against 0."""
        assert check(self.department("全年实施行政强制2件。")) == []

    def test_the_rows_that_are_printed_are_still_compared(self) -> None:
        """ "行政处罚3件" against a printed 行政处罚 row of 2 is R7."""
        findings = check(self.department("全年作出行政处罚3件。", **{"t2.penalty.decisions": 2}))
        assert [(f.rule, f.found) for f in findings] == [("R7", 3)]

    def test_rules_in_force_do_not_follow_on_from_a_row_not_printed(self) -> None:
        """Last year's 5 规章 in force against this year's table without the row: no W1."""
        last = report(figures={"t2.rules.in_force": 5, "t2.normative.in_force": 3}).model_copy(
            update={"year": 2022, "agency": infer_agency("青川县林业局")}
        )
        this = self.department(**{"t2.normative.in_force": 3})
        assert [f for f in check(this, last) if f.rule == "W1"] == []
