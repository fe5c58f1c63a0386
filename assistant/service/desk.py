"""The desk: what a staff member does with one workspace — the only thing pages and the
chat call.

``Desk`` ties the saved work (:mod:`assistant.store`) to the library: its figures
(:mod:`assistant.service.figures`) and narrative (:mod:`assistant.service.texts`), last
year's report, the check, the comparison, the corpus search and the export.  With a model
configured the chat model calls the same methods as tools.  What changes the workspace is
refused for a person whose role only lets them read it (:class:`~assistant.service.accounts.Access`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.domain.comparison import Comparison, compare
from assistant.domain.findings import Finding
from assistant.domain.plan import DraftPlan, build_plan, parse_notes
from assistant.domain.ports import Passage, SearchFilter
from assistant.domain.report import Place, Report
from assistant.errors import GongkaiError
from assistant.service.accounts import TYPED, Access
from assistant.service.figures import Figures
from assistant.service.texts import Drafted, Texts
from assistant.service.uploads import save_if_readable
from assistant.store.chat import ChatMessage, Turn, TurnStatus
from assistant.store.comments import Comment
from assistant.store.workspaces import Workspace

if TYPE_CHECKING:
    from assistant.bootstrap import Services
    from assistant.service.turns import TurnRunner


MAX_COMMENT_LENGTH = 2000


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

    def __init__(
        self,
        services: Services,
        workspace_id: int,
        turns: TurnRunner | None = None,
        *,
        access: Access | None = None,
    ) -> None:
        self.services = services
        self.store = services.store()
        self.workspace_id = workspace_id
        self.turns = turns
        # Without an office's access (tests, tools): nobody signed in, which is everyone
        # on a desktop and no one once accounts exist.
        self.access = access or Access(self.store, None)
        self.figures = Figures(self)
        self.texts = Texts(self)

    @property
    def workspace(self) -> Workspace:
        return self.store.workspaces.get(self.workspace_id)

    def report(self) -> Report:
        return self.workspace.as_report()

    @property
    def may_edit(self) -> bool:
        """Whether the person at this desk may change the workspace (a reviewer only reads)."""
        return self.access.may_edit(self.workspace.agency)

    def require_edit(self) -> None:
        """Refuse, with the reason in Chinese, a change the person's role does not allow."""
        self.access.require_edit(self.workspace.agency)

    def author(self, how: str = TYPED) -> str:
        """The name a saved version is recorded under (see ``Access.author``)."""
        return self.access.author(how)

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
        self.require_edit()
        self.store.workspaces.set_notes(self.workspace_id, notes)

    def add_notes(self, lines: Sequence[str]) -> list[str]:
        """Lines added to the notes (those already there are not repeated); returns those added."""
        present = self.workspace.notes.splitlines()
        added = [
            line for line in dict.fromkeys(line.strip() for line in lines) if line and line not in present
        ]
        if added:
            self.set_notes("\n".join([*(line for line in present if line.strip()), *added]))
        return added

    def remove_notes(self, lines: Sequence[str]) -> None:
        """Take lines out of the notes again (the chat's 撤销), leaving the others as they are."""
        unwanted = set(lines)
        self.set_notes("\n".join(line for line in self.workspace.notes.splitlines() if line not in unwanted))

    def set_signature(self, signatory: str, published: date | None) -> None:
        """The 落款 agency (blank or the workspace's own name: the agency itself) and 成文日期."""
        self.require_edit()
        signatory = signatory.strip()
        self.store.workspaces.set_signature(
            self.workspace_id, "" if signatory == self.workspace.agency else signatory, published
        )

    def _uploads(self) -> Path:
        return self.services.settings.data_dir / "uploads" / str(self.workspace_id)

    def import_document(self, name: str, data: bytes) -> tuple[Report, list[str]]:
        """An uploaded report as this year's figures and narrative (see ``Figures.adopt``);
        returns it with the names of the places it filled."""
        from assistant.readers import read_report

        self.require_edit()
        _, report = save_if_readable(self._uploads(), name, data, read_report)
        return report, self.figures.adopt(report)

    def use_as_last_year(self, name: str, data: bytes) -> Report:
        """An uploaded report as last year's, for the carry-over check and the comparison."""
        from assistant.readers import read_report

        self.require_edit()
        target, report = save_if_readable(self._uploads(), name, data, read_report)
        self.store.workspaces.set_last_year(self.workspace_id, str(target))
        return report

    # --- chat -------------------------------------------------------------------------

    def chat_model(self) -> Any:
        """The configured chat model, or None (the chat then routes offline)."""
        return self.services.chat_model()

    def messages(self) -> list[ChatMessage]:
        return self.store.chat.messages(self.workspace_id)

    @staticmethod
    def drafted_in(message: ChatMessage) -> Drafted | None:
        """The draft an answer carries, as it can be saved later."""
        draft = message.extra.get("draft")
        if not isinstance(draft, dict) or not draft.get("texts"):
            return None
        return Drafted(str(draft["part"]), dict(draft["texts"]), bases=dict(draft.get("bases", {})))

    def ask(self, prompt: str) -> Turn:
        """Record the user's message and answer it: in a worker of the server process when the
        desk has one (the page may reload meanwhile), else here and now."""
        from assistant.service.turns import answer

        self.require_edit()
        turn = self.store.chat.start_turn(self.workspace_id, prompt)
        if self.turns is None:
            answer(self, turn.id, pace=0)
        else:
            self.turns.submit(turn, lambda: answer(self, turn.id))
        return self.store.chat.turn(turn.id)

    def pending_turns(self) -> list[Turn]:
        """The requests still being answered, oldest first.  One whose worker is gone (the
        server was restarted) is closed here, with what it had already changed."""
        from assistant.service.turns import SILENT_LIMIT_SECONDS, changes_since, unfinished_message

        pending = []
        for turn in self.store.chat.pending_turns(self.workspace_id):
            held = self.turns is not None and self.turns.alive(turn.id)
            if held or turn.silent_for() < SILENT_LIMIT_SECONDS:
                pending.append(turn)
                continue
            changes = changes_since(turn.before, self.workspace) if turn.status is TurnStatus.RUNNING else []
            message = unfinished_message(turn, "处理它的服务已停止（可能重启过）", changes)
            self.store.chat.finish_turn(turn, TurnStatus.FAILED, message, {"failed": True})
        return pending

    def record(self, role: str, content: str, extra: dict[str, object] | None = None) -> ChatMessage:
        self.require_edit()
        return self.store.chat.add(self.workspace_id, role, content, extra)

    def clear_messages(self) -> None:
        self.require_edit()
        self.store.chat.clear(self.workspace_id)

    # --- reviewers' comments ----------------------------------------------------------

    def comments(self) -> list[Comment]:
        return self.store.comments.of(self.workspace_id)

    def comment(self, text: str, place: str | None = None) -> Comment:
        """A comment on one place (or the whole report, ``place`` None) by whoever may see the
        workspace: reviewers comment, writers answer."""
        text = text.strip()
        if not text:
            raise GongkaiError("请填写意见内容。")
        if len(text) > MAX_COMMENT_LENGTH:
            raise GongkaiError(f"意见不超过 {MAX_COMMENT_LENGTH} 字，请分几条写。")
        if place is not None:
            place = Place(place).value
        return self.store.comments.add(self.workspace_id, place, self.author(), text)

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
        """Passages for ``query``; 今年/去年/前年 in it count from this workspace's year."""
        where = where or SearchFilter()
        if where.current_year is None:
            where = where.model_copy(update={"current_year": self.workspace.year})
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
