"""The narrative places of one workspace: typed in the editor, drafted, revised, restored.

Every change is a new version; every save names the version it started from, so a
colleague's newer text is never overwritten (:class:`assistant.errors.StaleEdit`).  A draft
remembers the versions it was drafted over, so saving it later from the chat is checked
the same way as saving from the editor.  Each version records who saved it (the signed-in
person's name, with 助手 or 导入 when the text came from the drafter or a document).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.domain.plan import DraftPlan
from assistant.domain.ports import Citation
from assistant.domain.report import NARRATIVE_PARTS, Narrative, Part, Place, Sections
from assistant.errors import GongkaiError
from assistant.service.accounts import TYPED
from assistant.store.parts import PartVersion

if TYPE_CHECKING:
    from assistant.drafting.offline import Examples
    from assistant.service.desk import Desk

WHOLE_REPORT = "全文"

PART_PLACES: dict[str, tuple[Place, ...]] = {
    Part.PREAMBLE.value: (Place.PREAMBLE,),
    Part.OVERVIEW.value: Place.in_part(Part.OVERVIEW),
    **{place.value: (place,) for place in Place if place.subpart is not None},
    Part.PROBLEMS.value: (Place.PROBLEMS,),
    Part.OTHER_MATTERS.value: (Place.OTHER_MATTERS,),
}
"""What a user can ask to draft or revise — a part, or one sub-part of 一 — and the places it fills."""


@dataclass
class Drafted:
    """A drafted (or revised) part: its text per place, streamed as it comes, and the
    versions of those places it was drafted over."""

    part: str
    texts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    pieces: Iterator[str] | None = None
    bases: dict[str, int] = field(default_factory=dict)

    def stream(self) -> Iterator[str]:
        """The draft's text as it is produced; ``texts`` is complete once this ends."""
        if self.pieces is not None:
            yield from self.pieces
            return
        yield from chunked(self.display())

    def display(self) -> str:
        return "\n\n".join(
            f"**{Place(place).label}**\n\n{text}" if len(self.texts) > 1 else text
            for place, text in self.texts.items()
            if text
        )


def chunked(text: str, size: int = 12) -> Iterator[str]:
    """Text in small pieces, so that an already finished answer still appears progressively."""
    for start in range(0, len(text), size):
        yield text[start : start + size]


def _sections_display(sections: Mapping[str, str]) -> str:
    """Drafted sections as the chat shows them: sub-part headings before their text."""
    lines = []
    for place, text in sections.items():
        if Place(place).subpart is not None:
            lines.append(f"**{Place(place).label}**")
        lines.append(text)
    return "\n\n".join(lines)


def _places(part: Part, sections: Sections) -> dict[str, str]:
    """A drafted part's sections under the places they fill."""
    return {Place.of(part, sub).value: text for sub, text in sections.items()}


class Texts:
    """The narrative of the desk's workspace."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    # --- typed and restored ----------------------------------------------------------

    def save(self, place: str, text: str, *, base_version: int, author: str = TYPED) -> PartVersion:
        """A new version of one place, unless someone saved it after ``base_version``;
        ``author`` says how the text came (typed, 助手, 导入), the desk adds who saved it."""
        self.desk.require_edit()
        return self.desk.store.parts.save(
            self.desk.workspace_id, place, text, base_version=base_version, author=self.desk.author(author)
        )

    def history(self, place: str) -> list[PartVersion]:
        """Every saved version of one place, newest first."""
        return self.desk.store.parts.history(self.desk.workspace_id, place)

    def restore(self, place: str, version: int, *, author: str = TYPED) -> PartVersion:
        """An earlier version saved again as the newest (the versions between are kept)."""
        earlier = next((v for v in self.history(place) if v.version == version), None)
        if earlier is None:
            raise GongkaiError(f"“{Place(place).label}”没有第 {version} 版。")
        current = self.desk.workspace.version(place)
        return self.save(place, earlier.text, base_version=current, author=author)

    def fill_empty(self, narrative: Narrative) -> list[str]:
        """Each place still empty filled with ``narrative``'s text; returns the names filled."""
        workspace = self.desk.workspace
        filled = []
        for place, text in narrative.texts().items():
            if text.strip() and not workspace.text(place).strip():
                self.save(place, text, base_version=workspace.version(place), author="导入")
                filled.append(place.label)
        return filled

    def marked(self) -> list[str]:
        """Names of the places still carrying a draft's 【请核实】/【请补充】 marks, which must
        not reach the published report."""
        workspace = self.desk.workspace
        return [place.label for place in Place if "【请" in workspace.text(place)]

    # --- drafted and revised ---------------------------------------------------------

    def _examples(self, plan: DraftPlan) -> Examples:
        """Passages of other reports for drafting; an index that cannot be opened gives none."""
        from assistant.drafting.offline import Examples
        from assistant.drafting.report import retrieve_examples

        try:
            return retrieve_examples(self.desk.services.retriever(), plan)
        except GongkaiError:
            return Examples()

    def draft(self, part: str, *, use_model: bool = True) -> Drafted:
        """A first draft of ``part`` (a key of ``PART_PLACES`` or ``WHOLE_REPORT``), streamed.

        With a chat model the text streams as the model writes it (verified, with the
        offline draft as fallback); offline, or with ``use_model`` false (the model just
        failed to answer), it is built from the figures at once.  Once the model cannot be
        reached, the remaining parts are drafted offline rather than waited on again.  The
        drafting library (it brings LangChain) is imported here, so the app's first page
        opens quickly."""
        from assistant.drafting.llm import MODEL_SKIPPED, ModelDrafter
        from assistant.drafting.offline import OfflineDrafter, overview_length_note

        if part != WHOLE_REPORT and part not in PART_PLACES:
            raise GongkaiError(
                f"无法起草“{part}”：请说明是序言、总体情况（或其中某一方面）、第五部分还是第六部分。"
            )
        plan = self.desk.plan()
        examples = self._examples(plan)
        last = self.desk.last_year()
        model = self.desk.services.chat_model() if use_model else None
        report_parts = list(NARRATIVE_PARTS) if part == WHOLE_REPORT else [PART_PLACES[part][0].part]
        wanted = {p.value for p in (Place if part == WHOLE_REPORT else PART_PLACES[part])}
        workspace = self.desk.workspace
        drafted = Drafted(part, bases={place: workspace.version(place) for place in wanted})

        def pieces() -> Iterator[str]:
            nonlocal model
            for number, report_part in enumerate(report_parts):
                last_text = last.narrative.part_text(report_part) if last is not None else ""
                if len(report_parts) > 1:
                    yield ("\n\n" if number else "") + f"**{report_part.heading}**\n\n"
                streamed = model is not None
                offline = not streamed
                if model is not None:
                    stream = ModelDrafter(model, plan, examples).stream_part(report_part, last_text)
                    yield from stream
                    assert stream.result is not None
                    sections = stream.result.texts
                    drafted.citations.extend(stream.result.citations)
                    # A failed or rejected model draft is replaced by the offline one: show
                    # that one, since it is what 写入工作区 saves, not what streamed above.
                    offline = stream.result.source == "offline"
                    if stream.result.unreachable and number + 1 < len(report_parts):
                        yield "\n\n" + MODEL_SKIPPED
                        model = None
                else:
                    sections = OfflineDrafter(plan, examples=examples).part(report_part, last_text)
                    drafted.citations.extend(examples.citations(report_part))
                texts = {p: t for p, t in _places(report_part, sections).items() if p in wanted and t}
                drafted.texts.update(texts)
                # Only a whole part 一 can be measured; a single sub-part joins saved text.
                whole_overview = wanted >= {p.value for p in Place.in_part(Part.OVERVIEW)}
                if (
                    report_part is Part.OVERVIEW
                    and whole_overview
                    and (note := overview_length_note(sections))
                ):
                    drafted.notes.append(note)
                if offline:
                    if streamed:
                        yield "\n\n"
                    yield from chunked(_sections_display(texts))

        drafted.pieces = pieces()
        return drafted

    def revise(self, part: str, instruction: str, *, use_model: bool = True) -> Drafted:
        """The saved text of ``part`` rewritten as the instruction asks (offline, or with
        ``use_model`` false after the model failed to answer: what it can)."""
        if part == WHOLE_REPORT or part not in PART_PLACES:
            raise GongkaiError("请说明要修改哪一部分，例如“把监督保障改得更简洁一些”。")
        workspace = self.desk.workspace
        places = PART_PLACES[part]
        if not any(workspace.text(place) for place in places):
            name = Part(part).heading if part in {p.value for p in NARRATIVE_PARTS} else Place(part).label
            raise GongkaiError(f"“{name}”还没有内容，请先起草或填写后再修改。")
        from assistant.drafting.revise import revise_part

        report_part = places[0].part
        sections = {place.subpart: workspace.text(place) for place in places}
        last = self.desk.last_year()
        last_text = last.narrative.part_text(report_part) if last is not None else ""
        revision = revise_part(
            self.desk.plan(),
            report_part,
            sections,
            instruction,
            self.desk.services.chat_model() if use_model else None,
            last_text,
        )
        bases = {p.value: workspace.version(p) for p in places}
        if not revision.applied:
            # Nothing could be done (offline): the message says what needs a model; no draft.
            return Drafted(part, {}, notes=[revision.message], bases=bases)
        wanted = {place.value for place in places}
        texts = {p: t for p, t in _places(report_part, revision.texts).items() if p in wanted}
        drafted = Drafted(part, texts, notes=[revision.message], bases=bases)
        drafted.pieces = chunked(_sections_display(texts))
        return drafted

    def save_draft(self, drafted: Drafted, *, author: str = "助手") -> list[PartVersion]:
        """Put a drafted part into the workspace, each place as a new version — refused, as
        in the editor, when someone saved any of its places after the draft was made; then
        none of them is saved."""
        self.desk.require_edit()
        workspace = self.desk.workspace
        texts = {
            place: (text, drafted.bases.get(place, workspace.version(place)))
            for place, text in drafted.texts.items()
        }
        return self.desk.store.parts.save_together(
            self.desk.workspace_id, texts, author=self.desk.author(author)
        )
