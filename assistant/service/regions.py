"""A region's reports reviewed and summed as one batch, in parallel across cores.

``review_region`` reads every report of the region once, runs the rules on it (with its own
last year's report, where one was given), and streams a compact ``AgencyReview`` per report
into a :class:`~assistant.domain.region.RegionReview` and its cells into an
:class:`~assistant.domain.aggregate.Aggregate`.  No ``Report`` outlives its worker: last
year's reports are read first and parked on disk, one file each, so memory stays flat in
the number of reports.  One bad file never stops the batch: a file that cannot be read, or
even one that kills its worker process, becomes a line in the review and the batch goes on.

The 区域审核 page and the ``review``/``aggregate`` commands both call these functions.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from assistant.domain.agency import infer_agency
from assistant.domain.aggregate import Aggregate
from assistant.domain.layout import ReportFormat
from assistant.domain.region import AgencyReview, Member, Region, RegionReview, normalized_name
from assistant.domain.report import AgencyLevel, Figure, Report
from assistant.domain.reuse import reuse_ratio
from assistant.domain.rules import check
from assistant.domain.rules.carry_over import last_year_mismatch
from assistant.domain.rules.cells import cell_values
from assistant.domain.rules.dates_units import deadline
from assistant.domain.rules.w3 import narrative_text
from assistant.domain.totals import leaf_figures
from assistant.errors import GongkaiError, NotAReport
from assistant.service.inputs import expand, load, load_many
from assistant.store.regions import SavedRegion
from assistant.store.workspaces import WORKSPACE_MARK, Workspace, Workspaces

POOL_THRESHOLD = 48
"""Below this many reports, starting worker processes costs more than it saves."""
CHUNK = 16
"""Reports a worker takes at a time: enough to keep it busy, few enough to stream."""

Progress = Callable[[int, int, str], None]
"""Called as reports are done: (done, total, what is being done — "审核" or "读取上年报告")."""


@dataclass(frozen=True)
class ReportSource:
    """One report of the batch: a file (``from_folder`` when found by walking a folder, so
    that a regulation beside the reports is skipped, not refused) or a saved workspace."""

    label: str
    path: Path | None = None
    report: Report | None = None
    from_folder: bool = False

    def load(self) -> Report:
        if self.report is not None:
            return self.report
        assert self.path is not None
        return load(self.path)


@dataclass
class RegionSources:
    """What one review reads: the region, this year's reports and last year's."""

    region: Region
    reports: list[ReportSource]
    last_year: list[ReportSource] = field(default_factory=list)


@dataclass
class RegionResult:
    """What the batch gives: the review (per agency, per rule, missing, duplicates) and the sum."""

    review: RegionReview
    aggregate: Aggregate


# --- where the reports come from ----------------------------------------------------------


def file_sources(paths: Iterable[Path]) -> list[ReportSource]:
    """Every report or figures file the paths name (folders walked, as ``check`` walks them)."""
    return [
        ReportSource(label=str(path), path=path, from_folder=from_folder)
        for path, from_folder in expand(list(paths))
    ]


def _member_workspaces(store: Workspaces, region: Region, year: int) -> list[Workspace]:
    """Saved workspaces of the region's members for ``year`` that hold figures (an empty one is no report)."""
    return [
        workspace
        for workspace in store.all()
        if workspace.year == year and workspace.figures and region.find(workspace.agency) is not None
    ]


def workspace_sources(store: Workspaces, region: Region, year: int) -> list[ReportSource]:
    return [
        ReportSource(label=f"{WORKSPACE_MARK}{w.agency}/{w.year}", report=w.as_report())
        for w in sorted(_member_workspaces(store, region, year), key=lambda w: w.agency)
    ]


def sources_from_paths(
    paths: Sequence[Path],
    *,
    region: Region | None = None,
    last_year: Sequence[Path] = (),
) -> RegionSources:
    """A folder (or files) of reports; ``region`` (from a list) names the agencies expected.

    Without a list, the region is whoever sent a report, named after the folder."""
    if region is None:
        name = paths[0].resolve().name if len(paths) == 1 and paths[0].is_dir() else "（未命名地区）"
        region = Region(name=name)
    return RegionSources(region, file_sources(paths), file_sources(last_year))


def sources_from_saved(
    saved: SavedRegion, year: int | None, store: Workspaces | None, last_year: Sequence[Path] = ()
) -> RegionSources:
    """A saved region's reports: the files in its folder and, if it says so, its members'
    workspaces for the year (and for the year before, as last year's reports)."""
    reports = file_sources([saved.folder]) if saved.folder else []
    previous = file_sources(last_year)
    if saved.workspaces and store is not None:
        if year is None:
            raise GongkaiError(f"地区“{saved.name}”的报告来自工作区，请用 --year 指明审核哪一年度。")
        reports += workspace_sources(store, saved.region, year)
        previous += workspace_sources(store, saved.region, year - 1)
    if saved.folder and not saved.folder.is_dir():
        raise GongkaiError(f"地区“{saved.name}”的报告目录“{saved.folder}”不存在。")
    return RegionSources(saved.region, reports, previous)


def region_from_workspaces(store: Workspaces, name: str, year: int | None = None) -> Region:
    """A region of every agency with a saved workspace (of ``year``, if given)."""
    members: dict[str, Member] = {}
    for workspace in sorted(store.all(), key=lambda w: w.agency):
        if year is not None and workspace.year != year:
            continue
        agency = normalized_name(workspace.agency)
        level = AgencyLevel(workspace.level) if workspace.level else infer_agency(agency).level
        members.setdefault(agency, Member(name=agency, kind=level))
    if not members:
        raise GongkaiError("没有找到已保存的工作区" + (f"（{year} 年度）。" if year else "。"))
    return Region(name=name, members=list(members.values()))


def region_from_reports(
    name: str, paths: Sequence[Path], *, processes: int | None = None, progress: Progress | None = None
) -> Region:
    """A region of the agencies whose reports are in a folder, each once, by its report's name."""
    members: dict[str, Member] = {}
    for agency, level in _batch(_identify_one, file_sources(paths), None, processes, progress, "读取"):
        if agency:
            members.setdefault(agency, Member(name=agency, kind=level))
    if not members:
        raise GongkaiError(f"{', '.join(map(str, paths))}：没有读到注明机关名称的年报。")
    return Region(name=name, members=list(members.values()))


# --- the batch ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What every worker needs, sent to each once."""

    region: Region
    year: int | None
    last_year: Region = field(default_factory=lambda: Region(name=""))
    last_year_files: dict[str, tuple[str, str]] = field(default_factory=dict)
    scratch: Path | None = None


@dataclass
class _Outcome:
    """One report's result as a worker sends it back: small, never the report itself."""

    source: str
    review: AgencyReview | None = None
    figures: dict[str, Figure] | None = None
    format: ReportFormat = ReportFormat.F2021
    problem: str = ""
    set_aside: str = "unreadable"


@dataclass
class _LastYear:
    source: str
    agency: str = ""
    year: int | None = None
    parked: str | None = None
    problem: str = ""


Read = Report | str | NotAReport
"""A source as read: the report, or why it could not be (a reader's message), or that it is none."""


def _read(source: ReportSource) -> Read:
    try:
        return source.load()
    except GongkaiError as error:
        return _refusal(error)
    except Exception as error:  # a reader tripped on an input nobody foresaw: say so, go on
        return f"{source.label}：读取时出现意外错误（{type(error).__name__}: {error}），请报告此问题。"


def _refusal(error: GongkaiError) -> Read:
    return error if isinstance(error, NotAReport) else error.message


def _read_all(sources: Sequence[ReportSource]) -> list[Read]:
    """Each source as read, the files among them read together (:func:`load_many`)."""
    files = [source.path for source in sources if source.report is None and source.path is not None]
    try:
        loaded = iter(load_many(files))
    except Exception:  # an unforeseen failure: each file alone, so that it names only its own
        return [_read(source) for source in sources]
    read: list[Read] = []
    for source in sources:
        if source.report is not None or source.path is None:
            read.append(_read(source))
        elif isinstance(item := next(loaded), GongkaiError):
            read.append(_refusal(item))
        else:
            read.append(item)
    return read


def _agency_name(report: Report, member: Member | None, source: str) -> str:
    if member is not None:
        return member.name
    return normalized_name(report.agency.name) or f"（未注明机关）{Path(source).name}"


def _last_year_of(report: Report, context: _Context) -> tuple[Report | None, str | None]:
    member = context.last_year.find(report.agency.name)
    if member is None:
        return None, None
    source, parked = context.last_year_files[member.name]
    with open(parked, "rb") as handle:
        last: Report = pickle.load(handle)
    return last, source


def _review_one(source: ReportSource, read: Read, context: _Context) -> _Outcome:
    if isinstance(read, NotAReport):
        return _Outcome(source.label, problem=read.message, set_aside="skipped" if source.from_folder else "")
    if isinstance(read, str):
        return _Outcome(source.label, problem=read)
    report = read
    if context.year is not None and report.year is not None and report.year != context.year:
        return _Outcome(
            source.label,
            problem=f"{source.label}：是 {report.year} 年度的报告，不是 {context.year} 年度的，未审核。",
            set_aside="other_year",
        )
    member = context.region.find(report.agency.name)
    if member is not None and member.kind is not None and report.agency.level is None:
        # The list knows what the name does not tell: the deadline (W5) and scope words (W4) follow it.
        report = report.model_copy(update={"agency": report.agency.model_copy(update={"level": member.kind})})
    last, last_source = _last_year_of(report, context)
    mismatch = last_year_mismatch(report, last) if last is not None else None
    this_text, last_text = narrative_text(report), narrative_text(last) if last is not None else ""
    level = report.agency.level
    year = report.year or context.year
    review = AgencyReview(
        agency=_agency_name(report, member, source.label),
        kind=member.kind if member is not None and member.kind else level,
        listed=member is not None or not context.region.members,
        source=source.label,
        report_agency=report.agency.name,
        year=report.year,
        format=report.format.value if report.tables_read else None,
        published=report.published,
        deadline=deadline(level, year) if level is not None and year is not None else None,
        findings=check(report, last),
        notes=[*report.notes, *([mismatch] if mismatch else [])],
        last_year_source=last_source,
        reuse=round(reuse_ratio(this_text, last_text), 4)
        if this_text and last_text and not mismatch
        else None,
    )
    figures = (
        {key: value for key, value in cell_values(report).items() if value} if report.tables_read else None
    )
    return _Outcome(source.label, review, figures, report.format)


def _park_last_year(source: ReportSource, read: Read, context: _Context) -> _LastYear:
    if isinstance(read, NotAReport):
        return _LastYear(source.label, problem="" if source.from_folder else read.message)
    if isinstance(read, str):
        return _LastYear(source.label, problem=read)
    assert context.scratch is not None
    parked = context.scratch / f"{uuid.uuid4().hex}.pickle"
    with open(parked, "wb") as handle:
        pickle.dump(read, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return _LastYear(source.label, normalized_name(read.agency.name), read.year, str(parked))


def _identify_one(source: ReportSource, read: Read, context: None) -> tuple[str, AgencyLevel | None]:
    if not isinstance(read, Report):
        return "", None
    return normalized_name(read.agency.name), read.agency.level


def _crashed_review(source: ReportSource) -> _Outcome:
    return _Outcome(source.label, problem=_crash_message(source.label))


def _crashed_last_year(source: ReportSource) -> _LastYear:
    return _LastYear(source.label, problem=_crash_message(source.label))


def _crash_message(label: str) -> str:
    return f"{label}：读取时处理进程异常退出（文件可能已损坏或过于复杂），已跳过，其余报告照常审核。"


Result = TypeVar("Result")
Work = Callable[[ReportSource, Read, Any], Result]
"""What is done with each source once read: ``work(source, read, context)``."""
_WORKER_CONTEXT: Any = None


def _set_worker_context(context: Any) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context


def _work_chunk(work: Work[Result], chunk: Sequence[ReportSource]) -> list[Result]:
    return _worked(work, chunk, _WORKER_CONTEXT)


def _worked(work: Work[Result], chunk: Sequence[ReportSource], context: Any) -> list[Result]:
    return [work(source, read, context) for source, read in zip(chunk, _read_all(chunk), strict=True)]


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _batch(
    work: Work[Result],
    jobs: Sequence[ReportSource],
    context: Any,
    processes: int | None,
    progress: Progress | None,
    what: str,
    crashed: Callable[[ReportSource], Result] | None = None,
) -> Iterator[Result]:
    """``work`` for every source, results in the sources' order, as they are done; the
    sources are read ``CHUNK`` at a time, together (:func:`_read_all`)."""
    workers = processes if processes is not None else available_cores()
    total = len(jobs)
    results = (
        (result for chunk in _chunks(jobs) for result in _worked(work, chunk, context))
        if workers <= 1 or total < POOL_THRESHOLD
        else _pooled(work, jobs, context, workers, crashed)
    )
    for done, result in enumerate(results, start=1):
        if progress is not None:
            progress(done, total, what)
        yield result


def _chunks(jobs: Sequence[ReportSource]) -> list[Sequence[ReportSource]]:
    return [jobs[start : start + CHUNK] for start in range(0, len(jobs), CHUNK)]


def _pooled(
    work: Work[Result],
    jobs: Sequence[ReportSource],
    context: Any,
    workers: int,
    crashed: Callable[[ReportSource], Result] | None,
) -> Iterator[Result]:
    """The jobs in chunks over a process pool, a bounded number in flight so results stream.

    A worker that dies (a reader library crashing on a hostile file) breaks the whole pool;
    the chunks in flight are then redone one job at a time, each alone in a fresh process,
    so that only the file that kills its process is lost, and the batch goes on.
    """
    chunks = _chunks(jobs)
    window = workers * 3

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, initializer=_set_worker_context, initargs=(context,))

    pool = new_pool()
    pending: deque[tuple[Sequence[ReportSource], Future[list[Result]]]] = deque()
    submitted = 0
    try:
        while pending or submitted < len(chunks):
            while submitted < len(chunks) and len(pending) < window:
                pending.append((chunks[submitted], pool.submit(_work_chunk, work, chunks[submitted])))
                submitted += 1
            chunk, future = pending.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                redo = [job for waiting in (chunk, *(waiting for waiting, _ in pending)) for job in waiting]
                pending.clear()
                yield from _one_by_one(work, redo, context, crashed)
                pool = new_pool()
    finally:
        pool.shutdown(cancel_futures=True)


def _one_by_one(
    work: Work[Result],
    jobs: Sequence[ReportSource],
    context: Any,
    crashed: Callable[[ReportSource], Result] | None,
) -> Iterator[Result]:
    """The jobs in one worker process, one at a time; a job that kills it is answered by
    ``crashed`` and a new process takes the rest."""
    pool: ProcessPoolExecutor | None = None
    try:
        for job in jobs:
            pool = pool or ProcessPoolExecutor(1, initializer=_set_worker_context, initargs=(context,))
            try:
                yield pool.submit(_work_chunk, work, [job]).result()[0]
            except BrokenProcessPool:
                if crashed is None:
                    raise
                pool.shutdown(cancel_futures=True)
                pool = None
                yield crashed(job)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _read_last_year(
    sources: Sequence[ReportSource],
    year: int | None,
    scratch: Path,
    processes: int | None,
    progress: Progress | None,
    review: RegionReview,
) -> tuple[Region, dict[str, tuple[str, str]]]:
    """Last year's reports read once and parked on disk; a directory of them by agency name.

    Where one agency has several, the one of the year before ``year`` is kept."""
    context = _Context(region=Region(name=""), year=year, scratch=scratch)
    kept: dict[str, _LastYear] = {}
    for entry in _batch(
        _park_last_year, sources, context, processes, progress, "读取上年报告", _crashed_last_year
    ):
        if entry.problem:
            review.set_aside(entry.source, f"上年报告：{entry.problem}")
            continue
        if not entry.agency or entry.parked is None:
            continue
        previous = kept.get(entry.agency)
        if previous is None or (year is not None and entry.year == year - 1 and previous.year != year - 1):
            kept[entry.agency] = entry
    directory = Region(name="上年", members=[Member(name=agency) for agency in kept])
    return directory, {agency: (entry.source, entry.parked or "") for agency, entry in kept.items()}


def _sum_into(aggregate: Aggregate, row: AgencyReview, outcome: _Outcome) -> None:
    source = row.source or ""
    if row.duplicate_of is not None:
        aggregate.exclude(
            row.agency, source, f"同一机关的第二份报告（已计入 {row.duplicate_of}），未重复计入"
        )
    elif outcome.figures is None:
        aggregate.exclude(row.agency, source, "表格未能读取（2019年以前的旧版格式），未计入")
    elif outcome.format is not aggregate.format:
        aggregate.exclude(
            row.agency,
            source,
            f"为 {outcome.format.value} 年格式，与汇总的 {aggregate.format.value} 年格式不同，未计入",
        )
    else:
        aggregate.add(row.agency, source, outcome.figures, row.errors)


def review_region(
    sources: RegionSources,
    year: int | None = None,
    *,
    keep_details: bool = True,
    on_agency: Callable[[AgencyReview], None] | None = None,
    progress: Progress | None = None,
    processes: int | None = None,
) -> RegionResult:
    """Review and sum a region's reports of ``year`` (None: whatever year each report is).

    ``on_agency`` is called with each agency's review as soon as it is done (the command line
    prints it then); with ``keep_details`` False the review keeps only counts and names, for
    batches too large to hold every agency's findings.  ``processes`` defaults to the cores
    this process may use.
    """
    review = RegionReview(
        region=sources.region.name, year=year, members=list(sources.region.members), keep_details=keep_details
    )
    aggregate = Aggregate(sources.region.name, year)
    with tempfile.TemporaryDirectory(prefix="gongkai-review-") as scratch:
        last_year, last_year_files = _read_last_year(
            sources.last_year, year, Path(scratch), processes, progress, review
        )
        context = _Context(sources.region, year, last_year, last_year_files)
        outcomes = _batch(_review_one, sources.reports, context, processes, progress, "审核", _crashed_review)
        for outcome in outcomes:
            if outcome.review is None:
                review.set_aside(outcome.source, outcome.problem, kind=outcome.set_aside or "unreadable")
                continue
            row = review.add(outcome.review)
            _sum_into(aggregate, row, outcome)
            if on_agency is not None:
                on_agency(row)
    return RegionResult(review, aggregate)


# --- the county's own report --------------------------------------------------------------


def start_county_workspace(
    store: Workspaces, aggregate: Aggregate, agency: str, *, replace: bool = False
) -> Workspace:
    """Open (or create) the county government's workspace for the year with the summed figures,
    so that its own report is drafted like any other.  Figures already saved there are kept
    unless ``replace``: a staff member's corrections must not vanish under a new sum."""
    if aggregate.year is None:
        raise GongkaiError("汇总的年度未知，请用 --year 指明年度后再建立工作区。")
    if aggregate.format is not ReportFormat.F2021:
        raise GongkaiError("工作区只支持 2021 年格式，2019 年试行格式的汇总不能建立工作区。")
    who = infer_agency(agency)
    try:
        existing: Workspace | None = store.find(f"{WORKSPACE_MARK}{who.name}/{aggregate.year}")
    except GongkaiError:
        existing = None
    if existing is not None and existing.figures and not replace:
        raise GongkaiError(
            f"工作区“{existing.label}”已有数据，为免覆盖未写入汇总数字；确需覆盖，"
            "请在网页上勾选“覆盖已有数据”，或在命令行加 --replace。"
        )
    workspace = existing or store.open(
        who.name,
        aggregate.year,
        level=(who.level or AgencyLevel.COUNTY).value,
        is_people_government=who.is_people_government,
    )
    store.save_figures(workspace.id, leaf_figures(aggregate.totals), base_version=workspace.figures_version)
    return store.get(workspace.id)
