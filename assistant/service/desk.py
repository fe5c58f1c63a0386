"""What a staff member can do with one workspace: the chat's tools and the pages call these.

``Desk`` ties the saved work (:mod:`assistant.store.workspaces`) to the library: reading figures,
checking, drafting and revising parts, comparing with last year, searching the corpus and
exporting.  The Streamlit pages only render what it returns, and with a model configured
the chat model calls exactly these methods as tools.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.domain.comparison import Comparison, compare
from assistant.domain.figures import figures_from_grid
from assistant.domain.figures_text import figures_from_text
from assistant.domain.findings import Finding, Severity
from assistant.domain.forms import leaf_figures, stated_totals_that_disagree, totals_without_cells
from assistant.domain.layout import CELL_BY_KEY, ReportFormat
from assistant.domain.plan import DraftPlan, build_plan, parse_notes
from assistant.domain.ports import Citation, Passage
from assistant.domain.report import (
    NARRATIVE_PARTS,
    PART_TITLES,
    SUBPART_TITLES,
    Part,
    Report,
    SubPart,
)
from assistant.errors import GongkaiError, model_failure
from assistant.store.workspaces import EDITABLE_PARTS, PART_NAMES, PartVersion, Workspace, WorkspaceStore

if TYPE_CHECKING:
    from assistant.bootstrap import Services
    from assistant.drafting.offline import Examples

# Parts of the report as a user names them, mapped to the workspace places they fill.
PART_PLACES: dict[str, tuple[str, ...]] = {
    Part.PREAMBLE.value: (Part.PREAMBLE.value,),
    Part.OVERVIEW.value: (Part.OVERVIEW.value, *(sub.value for sub in SubPart)),
    **{sub.value: (sub.value,) for sub in SubPart},
    Part.PROBLEMS.value: (Part.PROBLEMS.value,),
    Part.OTHER_MATTERS.value: (Part.OTHER_MATTERS.value,),
}
WHOLE_REPORT = "全文"


@dataclass
class FiguresRead:
    """Figures understood from pasted text, with what the reader had to assume."""

    figures: dict[str, int | float]
    notes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


@dataclass
class Drafted:
    """A drafted (or revised) part: its text per workspace place, streamed as it comes."""

    part: str
    texts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    pieces: Iterator[str] | None = None

    def stream(self) -> Iterator[str]:
        """The draft's text as it is produced; ``texts`` is complete once this ends."""
        if self.pieces is not None:
            yield from self.pieces
            return
        yield from chunked(self.display())

    def display(self) -> str:
        return "\n\n".join(
            f"**{PART_NAMES[place]}**\n\n{text}" if len(self.texts) > 1 else text
            for place, text in self.texts.items()
            if text
        )


def chunked(text: str, size: int = 12) -> Iterator[str]:
    """Text in small pieces, so that an already finished answer still appears progressively."""
    for start in range(0, len(text), size):
        yield text[start : start + size]


@lru_cache(maxsize=16)
def _read_cached(path: str, modified: float) -> Report:
    """A report file read once per version of the file (pages rerun on every click)."""
    from assistant.readers import read_report

    return read_report(Path(path))


def read_report_file(path: Path) -> Report:
    """A report file, read again only when it has changed since the last read."""
    return _read_cached(str(path), path.stat().st_mtime)


def _lonely_total(key: str, value: int | float) -> str:
    cell = CELL_BY_KEY[ReportFormat.F2021][key]
    return (
        f"{cell.row_label}（{cell.column_label}）{value}件：没有说明分别是哪类申请人或哪种结果，"
        "请补充，或在“数据录入”页按列填写"
    )


def _report_part(place: str) -> Part:
    """The report part a workspace place belongs to (sub-parts belong to 一)."""
    return Part.OVERVIEW if place in {sub.value for sub in SubPart} else Part(place)


def _section_of(place: str) -> SubPart | None:
    return SubPart(place) if place in {sub.value for sub in SubPart} else None


def _places(part: Part, sections: Mapping[SubPart | None, str]) -> dict[str, str]:
    """A drafted part's sections under the workspace places they fill."""
    return {(sub.value if sub is not None else part.value): text for sub, text in sections.items()}


def _part_heading(part: Part) -> str:
    return f"{part.value}、{PART_TITLES[part]}" if PART_TITLES[part] else "序言"


def _sections_display(texts: Mapping[str, str], part: Part) -> str:
    """Drafted sections as the chat shows them: sub-part headings before their text."""
    lines = []
    for place, text in texts.items():
        if place in {sub.value for sub in SubPart}:
            lines.append(f"**{place}{SUBPART_TITLES[SubPart(place)]}**")
        lines.append(text)
    return "\n\n".join(lines)


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


class Desk:
    """One workspace and the services that work on it."""

    def __init__(self, services: Services, workspace_id: int) -> None:
        self.services = services
        self.store: WorkspaceStore = services.workspaces()
        self.workspace_id = workspace_id

    @property
    def workspace(self) -> Workspace:
        return self.store.get(self.workspace_id)

    def report(self) -> Report:
        return self.workspace.as_report()

    def last_year(self) -> Report | None:
        """Last year's report: the file the workspace names, else the agency's saved work for
        the year before, else None."""
        workspace = self.workspace
        if workspace.last_year_source:
            path = Path(workspace.last_year_source)
            if not path.is_file():
                raise GongkaiError(f"上年年报文件 {path.name} 已不存在，请重新上传。")
            return read_report_file(path)
        previous = [
            w for w in self.store.all() if w.agency == workspace.agency and w.year == workspace.year - 1
        ]
        return previous[0].as_report() if previous else None

    # --- figures --------------------------------------------------------------------

    def read_figures(self, text: str) -> FiguresRead:
        """Figures from a pasted Excel/WPS grid or from free text; raises ``UnreadableInput``."""
        if "\t" in text:
            grid = figures_from_grid(text)
            notes = [*grid.notes, *stated_totals_that_disagree(grid.figures)]
            return FiguresRead(dict(grid.figures), notes)
        typed = figures_from_text(text)
        lonely = totals_without_cells(typed.figures)
        unmatched = [*typed.unmatched, *(_lonely_total(key, typed.figures[key]) for key in lonely)]
        figures = {k: v for k, v in typed.figures.items() if k not in lonely}
        return FiguresRead(figures, list(typed.notes), unmatched)

    def merge_figures(self, figures: Mapping[str, int | float]) -> Workspace:
        """Add read figures to the saved ones (a read value replaces the saved one);
        stated totals are dropped because the workspace derives them."""
        workspace = self.workspace
        merged = leaf_figures({**workspace.figures, **figures})
        self.store.save_figures(self.workspace_id, merged, base_version=workspace.figures_version)
        return self.workspace

    def adopt_report(self, report: Report) -> list[str]:
        """This year's figures and narrative from a document: figures merged, and each part
        that is still empty filled with the document's text (written parts are kept).
        Returns the names of the parts filled."""
        self.merge_figures(report.figures)
        workspace = self.workspace
        narrative = report.narrative
        texts = {
            Part.PREAMBLE.value: narrative.preamble,
            Part.OVERVIEW.value: narrative.overview,
            **{sub.value: narrative.subparts.get(sub, "") for sub in SubPart},
            Part.PROBLEMS.value: narrative.problems,
            Part.OTHER_MATTERS.value: narrative.other_matters,
        }
        filled = []
        for place, text in texts.items():
            if text.strip() and not workspace.text(place).strip():
                self.store.save_part(
                    self.workspace_id, place, text, base_version=workspace.version(place), author="导入"
                )
                filled.append(PART_NAMES[place])
        return filled

    def save_table(self, keys: set[str], figures: Mapping[str, int | float], *, base_version: int) -> None:
        """Replace the figures of one table (its ``keys``) with what its grid now holds."""
        workspace = self.store.get(self.workspace_id)
        kept = {k: v for k, v in workspace.figures.items() if k not in keys}
        self.store.save_figures(self.workspace_id, {**kept, **figures}, base_version=base_version)

    def findings(self) -> list[Finding]:
        """Every rule finding on the saved work, with last year's report when there is one."""
        from assistant.domain.rules import check

        return list(check(self.report(), self.last_year()))

    # --- narrative ------------------------------------------------------------------

    def plan(self) -> DraftPlan:
        """The draft plan from this year's figures, last year's report and the saved notes."""
        workspace = self.workspace
        province = self.services.settings.province or ""
        return build_plan(self.report(), self.last_year(), parse_notes(workspace.notes), province)

    def _examples(self, plan: DraftPlan) -> Examples:
        """Passages of other reports for drafting; an index that cannot be opened gives none."""
        from assistant.drafting.offline import Examples
        from assistant.drafting.report import retrieve_examples

        try:
            return retrieve_examples(self.services.retriever(), plan)
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
        plan = self.plan()
        examples = self._examples(plan)
        last = self.last_year()
        model = self.services.chat_model() if use_model else None
        report_parts = list(NARRATIVE_PARTS) if part == WHOLE_REPORT else [_report_part(part)]
        wanted = set(PART_PLACES[part]) if part != WHOLE_REPORT else set(EDITABLE_PARTS)
        drafted = Drafted(part)

        def pieces() -> Iterator[str]:
            nonlocal model
            for number, report_part in enumerate(report_parts):
                last_text = last.narrative.part_text(report_part) if last is not None else ""
                if len(report_parts) > 1:
                    yield ("\n\n" if number else "") + f"**{_part_heading(report_part)}**\n\n"
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
                texts = {
                    place: text
                    for place, text in _places(report_part, sections).items()
                    if place in wanted and text
                }
                drafted.texts.update(texts)
                # Only a whole part 一 can be measured; a single sub-part joins saved text.
                whole_overview = wanted >= set(PART_PLACES[Part.OVERVIEW.value])
                if (
                    report_part is Part.OVERVIEW
                    and whole_overview
                    and (note := overview_length_note(sections))
                ):
                    drafted.notes.append(note)
                if offline:
                    if streamed:
                        yield "\n\n"
                    yield from chunked(_sections_display(texts, report_part))

        drafted.pieces = pieces()
        return drafted

    def revise(self, part: str, instruction: str, *, use_model: bool = True) -> Drafted:
        """The saved text of ``part`` rewritten as the instruction asks (offline, or with
        ``use_model`` false after the model failed to answer: what it can)."""
        if part == WHOLE_REPORT or part not in PART_PLACES:
            raise GongkaiError("请说明要修改哪一部分，例如“把监督保障改得更简洁一些”。")
        workspace = self.workspace
        places = PART_PLACES[part]
        if not any(workspace.text(place) for place in places):
            raise GongkaiError(f"“{PART_NAMES[part]}”还没有内容，请先起草或填写后再修改。")
        from assistant.drafting.revise import revise_part

        report_part = _report_part(part)
        sections = {_section_of(place): workspace.text(place) for place in places}
        last = self.last_year()
        last_text = last.narrative.part_text(report_part) if last is not None else ""
        revision = revise_part(
            self.plan(),
            report_part,
            sections,
            instruction,
            self.services.chat_model() if use_model else None,
            last_text,
        )
        texts = {
            place: text for place, text in _places(report_part, revision.texts).items() if place in places
        }
        drafted = Drafted(part, texts, notes=[revision.message])
        drafted.pieces = chunked(_sections_display(texts, report_part))
        return drafted

    def save_draft(self, drafted: Drafted, *, author: str = "助手") -> list[PartVersion]:
        """Put a drafted part into the workspace, each place as a new version."""
        workspace = self.workspace
        return [
            self.store.save_part(
                self.workspace_id, place, text, base_version=workspace.version(place), author=author
            )
            for place, text in drafted.texts.items()
            if place in EDITABLE_PARTS
        ]

    # --- last year, corpus, export ---------------------------------------------------

    def compare(self) -> Comparison:
        """This draft against last year's report; the agency's other saved years and its earlier
        reports in the corpus index join the chart."""
        last = self.last_year()
        if last is None:
            raise GongkaiError("尚未指定上年年报：请在“对比上年”页上传上年的年报文件。")
        workspace = self.workspace
        history = [
            other.as_report()
            for other in self.store.all()
            if other.agency == workspace.agency and other.year < workspace.year and other.figures
        ]
        known = {report.year for report in (last, *history)}
        history += [report for report in self._indexed_history() if report.year not in known]
        return compare(self.report(), last, history)

    def _indexed_history(self) -> list[Report]:
        """The agency's earlier reports in the corpus index, when one has been built."""
        settings = self.services.settings
        if settings.chroma_url is None and not (settings.data_dir / "index").is_dir():
            return []
        from assistant.service.history import earlier_reports

        documents = self.services.index().documents()
        return earlier_reports(documents, self.workspace.agency, self.workspace.year, read_report_file)

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        agency: str | None = None,
        year: int | None = None,
        part: str | None = None,
        kind: str | None = None,
    ) -> list[Passage]:
        return self.services.retriever().search(query, k=k, agency=agency, year=year, part=part, kind=kind)

    def marked_parts(self) -> list[str]:
        """Names of the parts still carrying a draft's 【请核实】/【请补充】 marks, which must not
        reach the published report."""
        workspace = self.workspace
        return [PART_NAMES[place] for place in EDITABLE_PARTS if "【请" in workspace.text(place)]

    def export_bytes(self, *, allow_warnings: bool = False) -> bytes:
        """The .docx; refused while an R-rule error stands, or while warnings or a draft's
        【请核实】 marks stand that the user has not accepted."""
        findings = self.findings()
        errors = errors_of(findings)
        if errors:
            raise GongkaiError(f"还有 {len(errors)} 处错误未改正，暂不能导出：{errors[0].message}")
        if findings and not allow_warnings:
            raise GongkaiError(f"还有 {len(findings)} 条提醒未确认，请确认后再导出。")
        if (marked := self.marked_parts()) and not allow_warnings:
            raise GongkaiError(
                f"{'、'.join(marked)}还有“【请核实】/【请补充】”标注，请核对后删除标注，或确认后再导出。"
            )
        from assistant.writers import report_bytes

        return report_bytes(self.report())


def mask_secret(secret: str) -> str:
    """A key as the settings page may show it: never more than its last four characters."""
    if not secret:
        return ""
    return "*" * 8 + (secret[-4:] if len(secret) > 8 else "")


def try_chat_model(services: Services) -> tuple[bool, str]:
    """Send the configured model one short greeting; say in Chinese whether it answered."""
    try:
        model = services.chat_model()
    except GongkaiError as error:
        return False, error.message
    if model is None:
        return False, "尚未配置大模型：请选择提供方并填写模型名称。不配置时，起草使用离线方式。"
    try:
        answer = model.invoke("你好，请回复“连接正常”。")
    # Any failure of the call (refused, timeout, HTTP 401, a provider's own errors) is
    # reported to the user as it is; the settings page must not crash on a bad endpoint.
    except Exception as error:
        return False, f"连接失败：{model_failure(error)}。"
    reply = str(answer.content).strip().replace("\n", " ")
    return True, f"连接成功，模型回复：{reply[:60]}"
