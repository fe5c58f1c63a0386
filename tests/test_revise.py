"""Revising one part with an instruction: offline what can be done, and a clear word on the rest."""

from __future__ import annotations

from draft_fixtures import NOTES, report_2023, report_2024

from assistant.domain.plan import build_plan, parse_notes
from assistant.domain.report import Part, SubPart
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.revise import revise_part, shorten


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

    def test_adding_a_topic_to_part_one_leaves_part_fives_notes_out(self) -> None:
        """Problem and measure notes about 新媒体 stay in part 五; 一（四） gets the platform facts."""
        plan, texts = setup(NOTES + "\n五问题：政务新媒体更新频次不高\n五措施：制定新媒体发布计划")
        texts[SubPart.PLATFORMS] = "加强网站管理。"
        revision = revise_part(plan, Part.OVERVIEW, texts, "补充政务新媒体的情况")
        assert "更新频次" not in revision.text and "发布计划" not in revision.text
        assert revision.texts[None] == texts[None]
        assert "抖音号" in revision.texts[SubPart.PLATFORMS]

    def test_more_concrete_adds_the_notes_facts_the_section_lacks(self) -> None:
        """“写得更具体一些” on 平台建设 alone adds its noted facts not yet written there."""
        plan, _ = setup()
        platforms = {SubPart.PLATFORMS: "加强网站管理。"}
        revision = revise_part(plan, Part.OVERVIEW, platforms, "把平台建设写得更具体一些")
        assert set(revision.texts) == {SubPart.PLATFORMS}
        assert "抖音号" in revision.texts[SubPart.PLATFORMS] and revision.applied

    def test_more_concrete_without_notes_says_what_is_needed(self) -> None:
        """Nothing in the notes: the text stays and the message asks for 工作要点 or a model."""
        plan, _ = setup(notes="")
        platforms = {SubPart.PLATFORMS: "加强网站管理。"}
        revision = revise_part(plan, Part.OVERVIEW, platforms, "把平台建设写得更具体一些")
        assert revision.texts == platforms and not revision.applied
        assert "工作要点" in revision.message and "大模型" in revision.message

    def test_more_concise_keeps_the_notes_facts(self) -> None:
        """“更简洁一些” on part 一 keeps the noted 抖音号 and 网站改版 and drops the general sentence."""
        plan, texts = setup()
        platforms = revise_part(plan, Part.OVERVIEW, texts, "更简洁一些").texts[SubPart.PLATFORMS]
        assert "抖音号" in platforms and "网站完成改版" in platforms
        assert platforms != texts[SubPart.PLATFORMS]

    def test_adding_a_topic_without_a_note_says_what_is_needed(self) -> None:
        """Nothing in the notes about the topic: the reply asks for a note or a model."""
        plan, texts = setup(notes="")
        revision = revise_part(plan, Part.OVERVIEW, texts, "补充政务新媒体的情况")
        assert revision.texts == texts
        assert "工作要点" in revision.message and "大模型" in revision.message

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


class TestShorten:
    def test_a_general_sentence_goes_and_a_noted_fact_stays(self) -> None:
        """The user's notes are kept even without a number; the general sentence before them goes."""
        text = "加强网站日常维护。本年度新开设抖音号。此外，网站完成改版。"
        assert (
            shorten(text, ("本年度新开设抖音号", "网站完成改版"))
            == "本年度新开设抖音号。此外，网站完成改版。"
        )

    def test_a_connective_left_at_the_start_is_dropped(self) -> None:
        """“同时，开展培训3次。” loses its 同时 once the sentence before it is gone."""
        assert shorten("加强组织领导，保障任务落实。同时，开展培训3次。") == "开展培训3次。"

    def test_enumerated_items_are_never_dropped(self) -> None:
        """Every 一是/二是 item stays, the first one included."""
        text = (
            "主要问题有：一是解读形式单一；二是栏目更新不及时。\n下一步，一是丰富解读形式；二是定期检查栏目。"
        )
        assert shorten(text) == text

    def test_a_list_cut_short_ends_with_a_full_stop(self) -> None:
        """A kept sentence that ended on “；” now ends the paragraph with “。”."""
        assert shorten("办结申请9件；答复质量持续提高。") == "办结申请9件。"
