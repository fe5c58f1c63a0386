"""The desk: what a staff member does with one workspace — the only thing pages and the
chat call.

``Desk`` ties the saved work (:mod:`assistant.store`) to the library: its figures
(:mod:`assistant.service.figures`) and narrative (:mod:`assistant.service.texts`), last
year's report, the check, the comparison, the corpus search and the export.  With a model
configured the chat model calls the same methods as tools.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.domain.comparison import Comparison, compare
from assistant.domain.findings import Finding
from assistant.domain.plan import DraftPlan, build_plan, parse_notes
from assistant.domain.ports import Passage, SearchFilter
from assistant.domain.report import Report
from assistant.errors import GongkaiError
from assistant.service.figures import Figures
from assistant.service.texts import Texts
from assistant.service.uploads import save_if_readable
from assistant.store.chat import ChatMessage
from assistant.store.workspaces import Workspace

if TYPE_CHECKING:
    from assistant.bootstrap import Services


@lru_cache(maxsize=16)
def _read_cached(path: str, modified: float) -> Report:
    """A report file read once per version of the file (pages rerun on every click)."""
    from assistant.readers import read_report

    return read_report(Path(path))


def read_report_file(path: Path) -> Report:
    """A report file, read again only when it has changed since the last read."""
    return _read_cached(str(path), path.stat().st_mtime)


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


class Desk:
    """One workspace and the services that work on it."""

    def __init__(self, services: Services, workspace_id: int) -> None:
        self.services = services
        self.store = services.store()
        self.workspace_id = workspace_id
        self.figures = Figures(self)
        self.texts = Texts(self)

    @property
    def workspace(self) -> Workspace:
        return self.store.workspaces.get(self.workspace_id)

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
            w
            for w in self.store.workspaces.all()
            if w.agency == workspace.agency and w.year == workspace.year - 1
        ]
        return previous[0].as_report() if previous else None

    def plan(self) -> DraftPlan:
        """The draft plan from this year's figures, last year's report and the saved notes."""
        province = self.services.settings.province or ""
        return build_plan(self.report(), self.last_year(), parse_notes(self.workspace.notes), province)

    # --- what the staff member tells it ---------------------------------------------

    def set_notes(self, notes: str) -> None:
        """The notes on the year's work ("今年新开了抖音号"), used when drafting."""
        self.store.workspaces.set_notes(self.workspace_id, notes)

    def _uploads(self) -> Path:
        return self.services.settings.data_dir / "uploads" / str(self.workspace_id)

    def import_document(self, name: str, data: bytes) -> tuple[Report, list[str]]:
        """An uploaded report as this year's figures and narrative (see ``Figures.adopt``);
        returns it with the names of the places it filled."""
        from assistant.readers import read_report

        _, report = save_if_readable(self._uploads(), name, data, read_report)
        return report, self.figures.adopt(report)

    def use_as_last_year(self, name: str, data: bytes) -> Report:
        """An uploaded report as last year's, for the carry-over check and the comparison."""
        from assistant.readers import read_report

        target, report = save_if_readable(self._uploads(), name, data, read_report)
        self.store.workspaces.set_last_year(self.workspace_id, str(target))
        return report

    # --- chat -------------------------------------------------------------------------

    def chat_model(self) -> Any:
        """The configured chat model, or None (the chat then routes offline)."""
        return self.services.chat_model()

    def messages(self) -> list[ChatMessage]:
        return self.store.chat.messages(self.workspace_id)

    def record(self, role: str, content: str, extra: dict[str, object] | None = None) -> ChatMessage:
        return self.store.chat.add(self.workspace_id, role, content, extra)

    def clear_messages(self) -> None:
        self.store.chat.clear(self.workspace_id)

    # --- checks, last year, corpus, export --------------------------------------------

    def findings(self) -> list[Finding]:
        """Every rule finding on the saved work, with last year's report when there is one."""
        from assistant.domain.rules import check

        return list(check(self.report(), self.last_year()))

    def compare(self) -> Comparison:
        """This draft against last year's report; the agency's other saved years and its earlier
        reports in the corpus index join the chart."""
        last = self.last_year()
        if last is None:
            raise GongkaiError("尚未指定上年年报：请在“对比上年”页上传上年的年报文件。")
        workspace = self.workspace
        history = [
            other.as_report()
            for other in self.store.workspaces.all()
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

    def search(self, query: str, *, k: int = 5, where: SearchFilter | None = None) -> list[Passage]:
        return self.services.retriever().search(query, k=k, where=where)

    def export_bytes(self, *, allow_warnings: bool = False) -> bytes:
        """The .docx; refused while an R-rule error stands, or while warnings or a draft's
        【请核实】 marks stand that the user has not accepted."""
        findings = self.findings()
        errors = errors_of(findings)
        if errors:
            raise GongkaiError(f"还有 {len(errors)} 处错误未改正，暂不能导出：{errors[0].message}")
        if findings and not allow_warnings:
            raise GongkaiError(f"还有 {len(findings)} 条提醒未确认，请确认后再导出。")
        if (marked := self.texts.marked()) and not allow_warnings:
            raise GongkaiError(
                f"{'、'.join(marked)}还有“【请核实】/【请补充】”标注，请核对后删除标注，或确认后再导出。"
            )
        from assistant.writers import report_bytes

        return report_bytes(self.report())
