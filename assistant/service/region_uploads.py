"""区域审核 on the web page: a region's reports uploaded (a folder as one .zip, or several
files), reviewed and summed as one batch by :func:`assistant.service.regions.review_region`.

The uploads are staged in a temporary folder that is removed once the batch is done; a
zip is bounded before anything expands (:mod:`assistant.readers.archive`) and only its
report files are taken.  Messages name each file as the reviewer knows it (the upload's
name, or the entry's path inside the zip), never the staging path.  The batch runs in the
server's own process (``processes=1``): forking a threaded server is unsafe, and each file
is read in a child of its own anyway (:mod:`assistant.readers.sandbox`).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from assistant.domain.region import AgencyReview, Region
from assistant.errors import GongkaiError
from assistant.readers import MAX_BYTES
from assistant.readers.agency_list import read_agency_list
from assistant.readers.archive import MAX_MEMBERS, unpack_reports
from assistant.service.inputs import report_suffixes
from assistant.service.regions import (
    Progress,
    RegionResult,
    RegionSources,
    ReportSource,
    review_region,
    sources_from_saved,
)
from assistant.service.uploads import read_upload
from assistant.store.private import write_private
from assistant.store.regions import SavedRegion
from assistant.store.workspaces import Workspaces

UNNAMED = "（未命名地区）"


@dataclass(frozen=True)
class Upload:
    """One file as the browser sent it."""

    name: str
    data: bytes


@dataclass(frozen=True)
class RegionRequest:
    """What the 区域审核 page asks for: this year's reports (files or zips), last year's,
    the region's list of agencies or a saved region, and the year."""

    reports: tuple[Upload, ...] = ()
    last_year: tuple[Upload, ...] = ()
    agency_list: Upload | None = None
    saved: str | None = None
    member_workspaces: bool = False
    """With a saved region: its members' workspaces of the year (and the year before) are reports too."""
    year: int | None = None
    name: str = ""

    @cached_property
    def key(self) -> str:
        """The same uploads, choices and year give the same key: the page reviews them once."""
        digest = hashlib.sha256()
        for choice in (self.year, self.name, self.saved, self.member_workspaces):
            digest.update(f"{choice!r}\0".encode())
        lists = (self.reports, self.last_year, (self.agency_list,) if self.agency_list else ())
        for group, uploads in enumerate(lists):
            for upload in uploads:
                digest.update(f"{group}\0{upload.name}\0{len(upload.data)}\0".encode())
                digest.update(upload.data)
        return digest.hexdigest()


@dataclass
class ReviewedRegion:
    """The page's result: the review and the sum, the uploads left out, and the documents."""

    key: str
    result: RegionResult
    left_out: list[str] = field(default_factory=list)
    """Uploaded files or zip entries not reviewed because they are no report files."""

    @property
    def region(self) -> str:
        return self.result.review.region

    def memo(self, row: AgencyReview, *, remarks: str = "", reviewer: str = "") -> bytes:
        """The agency's 审核意见 (.docx), with the reviewer's own remarks."""
        from assistant.writers.memo import memo_bytes

        return memo_bytes(row, region=self.region, reviewer=reviewer, remarks=remarks, signed=date.today())

    @staticmethod
    def memo_name(row: AgencyReview) -> str:
        from assistant.writers.memo import memo_file_name

        return memo_file_name(row.agency)

    def summary(self, *, reviewer: str = "") -> bytes:
        """The region's 审核情况 (.docx): who sent what, problems by rule, the sum."""
        from assistant.writers.memo import summary_bytes

        review, aggregate = self.result.review, self.result.aggregate
        return summary_bytes(review, aggregate, reviewer=reviewer, signed=date.today())

    def workbook(self) -> bytes:
        """The 汇总 (.xlsx): the summed tables, each cell's sources, the checks."""
        from assistant.writers.aggregate_xlsx import aggregate_bytes

        return aggregate_bytes(self.result.aggregate, self.result.review)


@dataclass
class _Staged:
    """Uploads written to the staging folder: the sources, their names, what was left out."""

    sources: list[ReportSource] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)


def _stage(uploads: Sequence[Upload], folder: Path, staged: _Staged) -> list[ReportSource]:
    """Each upload written under ``folder``: a zip's report entries (as a folder's files, so
    that what is no report is skipped), other files as given; the staged files' sources."""
    suffixes = report_suffixes()
    sources: list[ReportSource] = []
    for number, upload in enumerate(uploads):
        target = folder / f"{number:04d}" / Path(upload.name).name
        suffix = target.suffix.lower()
        if suffix == ".zip":
            write_private(target, upload.data)
            unpacked = unpack_reports(target, target.parent / "内容", suffixes, MAX_BYTES, target.name)
            target.unlink()
            staged.left_out += unpacked.left_out
            files = [(path, name, True) for path, name in unpacked.files]
        elif suffix in suffixes:
            files = [(write_private(target, upload.data), target.name, False)]
        else:
            staged.left_out.append(
                f"{target.name}：不是年报、数字文件或 zip 压缩包（{suffix or '无扩展名'}），已跳过。"
            )
            continue
        for path, name, from_folder in files:
            staged.names[str(path)] = name
            sources.append(ReportSource(label=name, path=path, from_folder=from_folder))
        if len(staged.names) > MAX_MEMBERS:
            raise GongkaiError(f"上传的文件超过 {MAX_MEMBERS} 个，请分批审核。")
    return sources


def _as_uploaded(text: str, names: dict[str, str], root: str) -> str:
    """A reader's message naming a staged file, naming the upload instead."""
    if root not in text:
        return text
    for path, name in names.items():
        text = text.replace(path, name)
    return text


def _name_files_as_uploaded(result: RegionResult, names: dict[str, str], root: str) -> None:
    review = result.review
    for item in (*review.unreadable, *review.other_years, *review.skipped):
        item.reason = _as_uploaded(item.reason, names, root)
    for row in review.agencies:
        row.notes = [_as_uploaded(note, names, root) for note in row.notes]


def _region(request: RegionRequest, saved: SavedRegion | None) -> Region:
    """The region the reports are matched against: the saved one, the uploaded list, or
    whoever sends a report (named as typed, else after the one zip uploaded)."""
    if saved is not None:
        return saved.region
    name = request.name.strip()
    if request.agency_list is not None:
        upload = request.agency_list
        return read_upload(upload.name, upload.data, lambda path: read_agency_list(path, name or None))
    zips = [upload for upload in request.reports if upload.name.lower().endswith(".zip")]
    return Region(name=name or (Path(zips[0].name).stem if len(zips) == 1 else UNNAMED))


def _visible(sources: list[ReportSource], may_see: Callable[[str], bool] | None) -> list[ReportSource]:
    """The sources whose saved workspace this person may see (files always)."""
    if may_see is None:
        return sources
    return [source for source in sources if source.report is None or may_see(source.report.agency.name)]


def review_uploads(
    request: RegionRequest,
    *,
    saved: SavedRegion | None = None,
    workspaces: Workspaces | None = None,
    may_see: Callable[[str], bool] | None = None,
    progress: Progress | None = None,
) -> ReviewedRegion:
    """Review and sum what the page received; one bad file is a line in the review, never
    the end of the batch; the staged files are gone when this returns.  Of a saved
    region's member workspaces only those of agencies ``may_see`` allows are read."""
    region = _region(request, saved)
    with tempfile.TemporaryDirectory(prefix="gongkai-region-") as scratch:
        root = Path(scratch)
        staged = _Staged()
        reports = _stage(request.reports, root / "本年", staged)
        last_year = _stage(request.last_year, root / "上年", staged)
        sources = RegionSources(region, reports, last_year)
        if saved is not None:
            chosen = replace(saved, workspaces=request.member_workspaces)
            from_saved = sources_from_saved(chosen, request.year, workspaces)
            sources = RegionSources(
                region,
                [*_visible(from_saved.reports, may_see), *reports],
                [*_visible(from_saved.last_year, may_see), *last_year],
            )
        if not sources.reports:
            raise GongkaiError(
                "没有可审核的年报：请上传年报文件（docx、pdf、html、txt、md 或数字文件），"
                "或把一个文件夹的年报压缩为 .zip 后上传。"
                + (f"（{'；'.join(staged.left_out)}）" if staged.left_out else "")
            )
        result = review_region(sources, request.year, progress=progress, processes=1)
        _name_files_as_uploaded(result, staged.names, scratch)
    return ReviewedRegion(request.key, result, staged.left_out)
