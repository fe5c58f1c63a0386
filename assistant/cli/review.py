"""``gongkai review DIR|@地区 --year 2024 [--last-year DIR] [--list 名单.xlsx] [--json] [--memos DIR]``:
every report of a region reviewed as one batch, agency by agency.

Per agency: received or missing, the publication date against the deadline (W5), errors and
warnings, reuse against its own last year's report and carry-over breaks (R6/W1); then the
agencies missing or sent twice, the files that could not be read, and a count per rule across
the region.  Lines stream as reports are done; progress goes to stderr on long runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from assistant.bootstrap import bootstrap
from assistant.cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, exit_codes
from assistant.domain.region import RULE_TITLES, AgencyReview, Region, RegionReview
from assistant.errors import GongkaiError, UnwritableOutput
from assistant.readers.agency_list import read_agency_list
from assistant.render import findings as rendered
from assistant.render.region import agency_facts, agency_json, review_summary_json
from assistant.service.regions import RegionResult, RegionSources, sources_from_paths, sources_from_saved
from assistant.store.regions import REGION_MARK

PROGRESS_MINIMUM = 20
"""Fewer reports than this finish before a progress line would help."""
SUMMARY_MEMO = "区域审核汇总.docx"


def add_region_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments ``review`` and ``aggregate`` share: which reports, of which region and year."""
    parser.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="目录或@地区",
        help="年报目录或文件，或已保存的地区（@地区名称）",
    )
    parser.add_argument(
        "--year", type=int, metavar="年度", help="审核哪一年度的报告（其他年度的报告列出但不审核）"
    )
    parser.add_argument(
        "--list",
        type=Path,
        metavar="名单",
        help="机关名单（.xlsx 或 .csv：机关名称、类别），用于找出未报送的机关",
    )
    parser.add_argument("--name", metavar="地区名称", help="地区名称（默认取名单或目录的名称）")


def region_sources(args: argparse.Namespace, last_year: list[Path] | None = None) -> RegionSources:
    """The reports the command line names: a saved region ("@青川县"), or folders and files."""
    given = [str(path) for path in args.sources]
    if any(text.startswith(REGION_MARK) for text in given):
        if len(given) > 1 or args.list:
            raise GongkaiError("“@地区”须单独给出，不能与其他目录、文件或 --list 同时使用。")
        services = bootstrap()
        saved = services.store().regions.get(given[0])
        return sources_from_saved(saved, args.year, services.store().workspaces, last_year or [])
    for path in [*args.sources, *(last_year or [])]:
        if not path.exists():
            raise GongkaiError(f"{path}：文件或目录不存在。")
    region = read_agency_list(args.list, args.name) if args.list else None
    if region is None and args.name:
        region = Region(name=args.name)
    return sources_from_paths(args.sources, region=region, last_year=last_year or [])


class StderrProgress:
    """Progress of a long batch on stderr: one line rewritten on a terminal, else every 5 %."""

    def __call__(self, done: int, total: int, what: str) -> None:
        if total < PROGRESS_MINIMUM:
            return
        if sys.stderr.isatty():
            print(f"\r{what}：{done}/{total}", end="\n" if done == total else "", file=sys.stderr, flush=True)
        elif done == total or done % max(1, total // 20) == 0:
            print(f"{what}：{done}/{total}", file=sys.stderr, flush=True)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "review",
        help="区域审核：逐个机关审核一个地区的全部年报，列出缺报、逾期、错误和各规则计数",
        description="审核一个地区（如一个县的各部门和乡镇）报送的全部年报。" + exit_codes("有报告存在错误"),
    )
    add_region_arguments(parser)
    parser.add_argument(
        "--last-year",
        type=Path,
        action="append",
        default=[],
        metavar="目录",
        help="上年度的年报目录或文件，用于衔接检查和重复率",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（供其他工具使用）")
    parser.add_argument(
        "--memos", type=Path, metavar="目录", help="为每份报告写一份审核意见（.docx），并写区域审核汇总"
    )
    parser.add_argument("--reviewer", default="", metavar="审核单位", help="审核意见落款的单位名称")
    parser.set_defaults(run=run)


def agency_lines(row: AgencyReview) -> list[str]:
    """One agency as the terminal shows it: who, what was sent, the dates, the findings."""
    kind = f"（{row.kind.value}）" if row.kind else ""
    if not row.received:
        return [f"{row.agency}{kind}：未收到报告"]
    head = f"{row.agency}{kind}：{row.source}"
    if row.duplicate_of:
        head += f"（重复报送，已有 {row.duplicate_of}）"
    if not row.listed:
        head += "（不在名单中）"
    return [
        head,
        "  " + " · ".join(agency_facts(row)),
        *rendered.text_lines(row.findings, indent="  "),
        *(f"  说明：{note}" for note in row.notes),
    ]


def summary_lines(review: RegionReview) -> list[str]:
    """After the agencies: who is missing or sent twice, files set aside, and the count per rule."""
    lines = [""]
    tally = review.tally
    year = f"{review.year}年度" if review.year else ""
    listed = f"名单 {len(review.members)} 个机关，" if review.members else ""
    lines.append(
        f"{review.region}{year}：{listed}收到 {tally['received']} 份：{tally['with_errors']} 份有错误，"
        f"{tally['warnings_only']} 份仅有提醒，{tally['clean']} 份未发现问题。"
    )
    if review.members:
        missing = review.missing
        lines.append(
            f"未收到 {len(missing)} 个：{'、'.join(m.name for m in missing)}"
            if missing
            else "名单内机关均已报送。"
        )
    for duplicate in review.duplicate_list:
        lines.append(f"重复报送：{duplicate.agency}（{'、'.join(duplicate.sources)}）")
    if review.unlisted:
        lines.append(f"不在名单中：{'、'.join(review.unlisted)}")
    lines += [f"无法读取：{item.reason}" for item in review.unreadable]
    lines += [f"其他年度：{item.reason}" for item in review.other_years]
    if review.skipped:
        lines.append(f"跳过 {len(review.skipped)} 个非年报文件。")
    if review.rule_counts:
        lines.append("各规则（涉及报告份数 / 问题处数）：")
        lines += [
            f"  {rule} {RULE_TITLES.get(rule, '')}：{agencies} 份 / {findings} 处"
            for rule, findings, agencies in review.rule_counts
        ]
    return lines


class _MemoWriter:
    """Writes each agency's memo as its review arrives; names stay unique when one agency sent two."""

    def __init__(self, folder: Path, region: str, reviewer: str) -> None:
        if folder.exists() and not folder.is_dir():
            raise UnwritableOutput(f"{folder}：这不是目录，请给出存放审核意见的目录。")
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.region, self.reviewer = folder, region, reviewer
        self.used: set[str] = set()
        self.written = 0

    def __call__(self, row: AgencyReview) -> None:
        from assistant.writers.memo import memo_file_name, write_memo

        name = memo_file_name(row.agency)
        number = 2
        while name in self.used:
            name = memo_file_name(f"{row.agency}_{number}")
            number += 1
        self.used.add(name)
        write_memo(row, self.folder / name, region=self.region, reviewer=self.reviewer, signed=date.today())
        self.written += 1

    def summary(self, result: RegionResult) -> Path:
        from assistant.writers.memo import write_summary

        return write_summary(
            result.review,
            self.folder / SUMMARY_MEMO,
            result.aggregate,
            reviewer=self.reviewer,
            signed=date.today(),
        )


def exit_code(review: RegionReview) -> int:
    if review.unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if review.tally["with_errors"] else EXIT_OK


def run(args: argparse.Namespace) -> int:
    from assistant.service.regions import review_region

    sources = region_sources(args, args.last_year)
    if not sources.reports:
        print("错误：没有找到可审核的年报或数字文件。", file=sys.stderr)
        return EXIT_UNREADABLE
    memos = _MemoWriter(args.memos, sources.region.name, args.reviewer) if args.memos else None
    first = True

    def show(row: AgencyReview) -> None:
        nonlocal first
        if memos is not None and row.received:
            memos(row)
        if args.json:
            print(("" if first else ",\n") + json.dumps(agency_json(row), ensure_ascii=False), end="")
        else:
            print("\n".join(agency_lines(row)))
        first = False

    if args.json:
        head = json.dumps({"region": sources.region.name, "year": args.year}, ensure_ascii=False)[:-1]
        print(f'{head}, "agencies": [', end="\n")
    result = review_region(sources, args.year, keep_details=False, on_agency=show, progress=StderrProgress())
    review = result.review
    for row in review.rows():  # the details were not kept: these are the members that sent nothing
        show(row)
    if args.json:
        summary = json.dumps(review_summary_json(review), ensure_ascii=False, indent=1)
        print(f"\n], {summary[1:]}")
    else:
        print("\n".join(summary_lines(review)))
    if memos is not None:
        path = memos.summary(result)
        print(f"已写入审核意见 {memos.written} 份及汇总：{path}", file=sys.stderr)
    return exit_code(review)
