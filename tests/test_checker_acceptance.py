"""Acceptance: synthetic reports of 清溪镇, each breaking one rule, in .txt and .docx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from report_fixtures import CLEAN_FIGURES, CLEAN_NARRATIVE, ReportSpec, write_docx, write_text

from assistant.domain.report import Figure, Report
from assistant.domain.rules import check

pytest.importorskip(
    "assistant.readers.flat_text", reason="the .txt and .docx readers come from the readers branch"
)

from assistant.readers import read_report

CLEAN = ReportSpec()
LAST_YEAR_NARRATIVE: dict[str, str] = {
    "preamble": "依据政府信息公开条例的规定，现公布本镇年度报告，数据期间为{year}年1月1日至12月31日。",
    "overview": "这一年，镇政府把政务公开列入重要议事日程，公开工作稳步推进。",
    "（一）": "围绕群众关心的惠农补贴、村务财务等事项发布信息，栏目内容保持更新。",
    "（二）": "申请受理渠道保持畅通，现场和网上申请均有专人登记办理。",
    "（三）": "对拟公开的文件逐一进行审核，防止泄露涉密和个人隐私信息。",
    "（四）": "镇级政务公开专栏完成改版，便民服务事项实现集中展示。",
    "（五）": "年内开展了公开工作考核，组织群众开展社会评议，没有出现需要责任追究的情形。",
    "五": "存在的不足是信息解读不够通俗，下一步将采用问答形式解读重要政策。",
    "六": "年内没有向申请人收取信息处理费。",
}
LAST_YEAR = CLEAN.copy(
    year=2022,
    published="2023年1月18日",
    figures={**CLEAN_FIGURES, "t2.normative.in_force": 4},
    narrative=LAST_YEAR_NARRATIVE,
)
LONG_MANAGEMENT = "清溪镇建立公开前保密审查制度，规范信息发布流程，逐条核对拟公开内容。" * 40


def figures(**changes: Figure) -> dict[str, Figure]:
    return {**CLEAN_FIGURES, **changes}


def narrative(**changes: str) -> dict[str, str]:
    return {**CLEAN_NARRATIVE, **changes}


BROKEN: dict[str, ReportSpec] = {
    "R1": CLEAN.copy(figures=figures(**{"t3.carried_out.natural": 2})),
    "R2": CLEAN.copy(
        figures=figures(**{"t3.disclosed.natural": 2}),
        stated={"t3.results_total.natural": 4, "t3.results_total.total": 5},
    ),
    "R3": CLEAN.copy(stated={"t3.disclosed.total": 4, "t3.unavailable.not_held.total": 0}),
    "R4": CLEAN.copy(stated={"t4.review.total": 2}),
    "R5": CLEAN.copy(figures=figures(**{"t2.coercion.decisions": -2})),
    "R7": CLEAN.copy(
        narrative=narrative(**{"（二）": "{year}年，清溪镇共收到政府信息公开申请8件，均按时答复。"})
    ),
    "R8": CLEAN.copy(
        narrative=narrative(
            **{"（一）": "{year}年主动公开政府信息共32条（其中，工作动态20条；通知公告6条；政策文件4条）。"}
        )
    ),
    "W2": CLEAN.copy(narrative=narrative(preamble="报告中所列数据统计期限为2022年1月1日至12月31日。")),
    "W4": CLEAN.copy(
        narrative=narrative(overview="{year}年，清溪镇人民政府紧紧围绕全县中心工作，推进政务公开。")
    ),
    "W5": CLEAN.copy(published="2024年3月1日"),
    "W6": CLEAN.copy(narrative=narrative(**{"六": "本年度无其他需要报告的事项。"})),
    "W7": CLEAN.copy(narrative={key: text for key, text in CLEAN_NARRATIVE.items() if key != "（四）"}),
    "W8": CLEAN.copy(figures=figures(**{"t2.fees.amount": 50000})),
    "W9": CLEAN.copy(narrative=narrative(**{"（三）": LONG_MANAGEMENT})),
}
LAST_YEAR_BROKEN: dict[str, ReportSpec] = {
    "R6": LAST_YEAR.copy(
        figures={**LAST_YEAR.figures, "t3.carried_out.natural": 2, "t3.disclosed.natural": 2},
    ),
    "W1": LAST_YEAR.copy(figures={**LAST_YEAR.figures, "t2.normative.in_force": 10}),
}

Writer = Callable[[ReportSpec, Path], Path]
WRITERS = {"txt": write_text, "docx": write_docx}


def read(spec: ReportSpec, tmp_path: Path, name: str, layout: str) -> Report:
    return read_report(WRITERS[layout](spec, tmp_path / f"{name}.{layout}"))


@pytest.mark.parametrize("layout", WRITERS)
class TestSyntheticReports:
    def test_a_clean_report_has_no_finding(self, tmp_path: Path, layout: str) -> None:
        """The clean 清溪镇 report passes every rule."""
        assert check(read(CLEAN, tmp_path, "clean", layout)) == []

    @pytest.mark.parametrize("rule", BROKEN)
    def test_a_report_breaking_one_rule_is_flagged_with_exactly_that_rule(
        self, tmp_path: Path, layout: str, rule: str
    ) -> None:
        """A report that breaks only one rule gets findings of that rule and no other."""
        findings = check(read(BROKEN[rule], tmp_path, rule, layout))
        assert findings
        assert {finding.rule for finding in findings} == {rule}

    def test_a_report_that_follows_on_from_last_year_has_no_finding(
        self, tmp_path: Path, layout: str
    ) -> None:
        """With last year's report, carry-over and documents in force connect."""
        this = read(CLEAN, tmp_path, "this", layout)
        last = read(LAST_YEAR, tmp_path, "last", layout)
        assert check(this, last) == []

    @pytest.mark.parametrize("rule", LAST_YEAR_BROKEN)
    def test_a_broken_carry_over_is_flagged_with_exactly_that_rule(
        self, tmp_path: Path, layout: str, rule: str
    ) -> None:
        """R6 (carried-over requests) and W1 (documents in force) compare with last year."""
        this = read(CLEAN, tmp_path, "this", layout)
        last = read(LAST_YEAR_BROKEN[rule], tmp_path, "last", layout)
        findings = check(this, last)
        assert findings
        assert {finding.rule for finding in findings} == {rule}


class TestFindingsCarryEvidence:
    def test_an_r7_finding_quotes_the_sentence_and_names_the_part(self, tmp_path: Path) -> None:
        """A narrative finding says where it stands and what the table says."""
        (finding,) = check(read(BROKEN["R7"], tmp_path, "r7", "txt"))
        assert finding.part == "一"
        assert finding.quote is not None and "8件" in finding.quote
        assert finding.cells == {"t3.new.total": 5}
        assert (finding.expected, finding.found) == (5, 8)

    def test_an_r1_finding_names_its_cells(self, tmp_path: Path) -> None:
        """A table finding carries the four cells of the balance."""
        finding = check(read(BROKEN["R1"], tmp_path, "r1", "txt"))[0]
        assert finding.cells["t3.carried_out.natural"] == 2
        assert finding.severity == "error"
