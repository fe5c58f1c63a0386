"""Revising one part with an instruction: offline what can be done, and a clear word on the rest."""

from __future__ import annotations

from draft_fixtures import NOTES, report_2023, report_2024

from assistant.domain.plan import build_plan, parse_notes
from assistant.domain.report import Part, SubPart
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.revise import revise_part


def setup(notes: str = NOTES):  # type: ignore[no-untyped-def]
    plan = build_plan(report_2024(), report_2023(), parse_notes(notes))
    return plan, OfflineDrafter(plan).part(Part.OVERVIEW)


class TestOfflineRevision:
    def test_more_concise_drops_sentences_without_facts(self) -> None:
        """“更简洁一些” keeps the figures and the required statement, and shortens the part."""
        plan, texts = setup()
        revision = revise_part(plan, Part.OVERVIEW, texts, "更简洁一些")
        assert len(revision.text) < len("".join(texts.values()))
        assert "9件" in revision.texts[SubPart.REQUESTS]
        assert "责任追究" in revision.texts[SubPart.OVERSIGHT]
        assert revision.applied

    def test_adding_a_topic_takes_the_fact_from_the_notes(self) -> None:
        """“补充政务新媒体的情况” adds the noted 抖音号 to 平台建设 when the draft lacks it."""
        plan, texts = setup()
        texts[SubPart.PLATFORMS] = "加强网站管理。"
        revision = revise_part(plan, Part.OVERVIEW, texts, "补充政务新媒体的情况")
        assert "抖音号" in revision.texts[SubPart.PLATFORMS]
        assert revision.applied and not revision.needs_model

    def test_adding_a_topic_without_a_note_says_what_is_needed(self) -> None:
        """Nothing in the notes about the topic: the reply asks for a note or a model."""
        plan, texts = setup(notes="")
        revision = revise_part(plan, Part.OVERVIEW, texts, "补充政务新媒体的情况")
        assert revision.texts == texts
        assert "备注" in revision.message and "大模型" in revision.message

    def test_not_repeating_last_year_rewords_with_other_variants(self) -> None:
        """“不要和去年重复” gives different wording with the same figures."""
        plan, texts = setup()
        revision = revise_part(plan, Part.OVERVIEW, texts, "不要和去年重复")
        assert revision.texts != texts
        assert "9件" in revision.texts[SubPart.REQUESTS]

    def test_an_instruction_only_a_model_can_follow_is_named(self) -> None:
        """“语气更生动” cannot be done offline; the message says so in Chinese."""
        plan, texts = setup()
        revision = revise_part(plan, Part.OVERVIEW, texts, "语气更生动")
        assert revision.texts == texts
        assert "需要配置大模型" in revision.message
