"""Drafting a whole report: tables completed, every narrative part drafted.

The UI and ``gongkai draft`` call :func:`draft_report`; it plans from the figures, last
year's report and the notes, retrieves examples for the parts the figures cannot write
(part 五), and drafts each narrative part offline or with the configured chat model.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from assistant.domain.plan import DraftPlan, Note, build_plan, parse_notes
from assistant.domain.ports import Passage, Retriever, SearchFilter
from assistant.domain.report import NARRATIVE_PARTS, Narrative, Part, Report
from assistant.domain.totals import complete
from assistant.drafting.llm import MODEL_SKIPPED, ModelDrafter, PartDraft
from assistant.drafting.offline import Examples, OfflineDrafter, overview_length_note

EXAMPLE_QUERIES: dict[Part, str] = {Part.PROBLEMS: "存在的主要问题及改进情况 一是 二是 改进措施"}


class DraftResult(BaseModel):
    """The drafted report, each part's draft (source, notes, citations) and the plan behind it."""

    report: Report
    parts: dict[Part, PartDraft]
    plan: DraftPlan
    notes: list[str] = Field(default_factory=list)


def retrieve_examples(retriever: Retriever | None, plan: DraftPlan) -> Examples:
    """Passages of other reports for the parts the figures cannot write; never this report itself."""
    examples = Examples()
    if retriever is None:
        return examples
    for part, query in EXAMPLE_QUERIES.items():
        passages: list[Passage] = retriever.search(
            query, k=5, where=SearchFilter(part=part.value, kind="report")
        )
        examples.by_part[part] = [
            p for p in passages if not (p.citation.agency == plan.agency and p.citation.year == plan.year)
        ][:3]
    return examples


def draft_report(
    report: Report,
    last_year: Report | None = None,
    notes: str | list[Note] = "",
    retriever: Retriever | None = None,
    chat_model: BaseChatModel | None = None,
    province: str = "",
) -> DraftResult:
    """This year's report with its derived cells filled and its narrative drafted."""
    parsed = parse_notes(notes) if isinstance(notes, str) else notes
    plan = build_plan(report, last_year, parsed, province)
    examples = retrieve_examples(retriever, plan)
    last = last_year.narrative if last_year is not None else Narrative()
    drafts: dict[Part, PartDraft] = {}
    offline = OfflineDrafter(plan, examples=examples)
    model = ModelDrafter(chat_model, plan, examples) if chat_model is not None else None
    narrative = Narrative()
    for part in NARRATIVE_PARTS:
        # The text to avoid: last year's, and any narrative the input already carries
        # (a report document used as the figures source is often last year's copy).
        last_text = "\n".join(t for t in (last.part_text(part), report.narrative.part_text(part)) if t)
        if model is not None:
            drafts[part] = model.draft_part(part, last_text)
            if drafts[part].unreachable:
                model = None
                if part is not NARRATIVE_PARTS[-1]:
                    drafts[part].notes.append(MODEL_SKIPPED)
        else:
            drafts[part] = PartDraft(
                part=part,
                texts=offline.part(part, last_text),
                source="offline",
                citations=examples.citations(part),
            )
        # Offline, part 一 has been fitted as far as the facts allow; a model may write long
        # too.  Either way the user is told what is left, not only by W9 in the check.
        if part is Part.OVERVIEW and (note := overview_length_note(drafts[part].texts)):
            drafts[part].notes.append(note)
        narrative = narrative.with_sections(part, drafts[part].texts)
    user_notes = [note for draft in drafts.values() for note in draft.notes]
    drafted = report.model_copy(
        update={
            "figures": complete(report.figures, report.format),
            "narrative": narrative,
            "title": report.title or f"{plan.agency}{plan.year}年政府信息公开工作年度报告",
            "notes": [*report.notes, *user_notes],
        }
    )
    return DraftResult(report=drafted, parts=drafts, plan=plan, notes=user_notes)
