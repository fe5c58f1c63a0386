"""``gongkai draft FIGURES [--last-year REPORT] [--notes NOTES] -o draft.docx``.

Drafts the whole report — tables filled, narrative written offline or with the configured
model — writes it as a .docx and prints the check result of the draft.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from assistant.bootstrap import bootstrap
from assistant.errors import UnreadableInput
from assistant.readers.encoding import decode
from assistant.render import findings as rendered


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "draft",
        help="根据本年度数据起草完整报告（.docx）",
        description="根据本年度数据（数据文件或报告文档）、上年度报告和备注起草完整的年度报告，并检查草稿。",
    )
    parser.add_argument(
        "figures", type=Path, metavar="FIGURES", help="本年度数据：.yaml/.json 数据文件或报告文档"
    )
    parser.add_argument(
        "--last-year", type=Path, metavar="REPORT", help="上年度报告（用于同比、衔接和避免雷同）"
    )
    parser.add_argument(
        "--notes", type=Path, metavar="NOTES", help="备注文本，一行一条（如：今年新开了抖音号）"
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DRAFT.docx", help="输出的 .docx 文件"
    )
    parser.add_argument(
        "--examples",
        action="store_true",
        help="从语料库检索其他机关的写法作为第五部分的参考（需先运行 gongkai index）",
    )
    parser.set_defaults(run=run)


def read_notes(path: Path | None) -> str:
    """The notes as saved by any editor: Notepad's GBK ("ANSI") as well as UTF-8 or UTF-16."""
    if path is None:
        return ""
    if path.is_dir():
        raise UnreadableInput(f"{path}：这是一个目录，--notes 需要一个备注文本文件。")
    if not path.is_file():
        raise UnreadableInput(f"{path}：备注文件不存在。")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableInput(f"{path}：无法读取备注文件，请检查文件权限。") from error
    return decode(data, str(path))


def run(args: argparse.Namespace) -> int:
    from assistant.domain.report import character_count
    from assistant.domain.rules import check
    from assistant.drafting.report import draft_report
    from assistant.service.inputs import load
    from assistant.writers import write_report

    services = bootstrap()
    started = time.perf_counter()
    this_year = load(args.figures)
    last_year = load(args.last_year) if args.last_year else None
    retriever = services.retriever() if args.examples and services.index().count() else None
    result = draft_report(
        this_year,
        last_year,
        read_notes(args.notes),
        retriever=retriever,
        chat_model=services.chat_model(),
        province=services.settings.province or "",
    )
    written = write_report(result.report, args.output)
    elapsed = time.perf_counter() - started
    print(f"已起草：{written or args.output}（{elapsed:.2f} 秒）")
    for part, draft in result.parts.items():
        source = "大模型" if draft.source == "model" else "离线"
        print(f"  {part.value}：{character_count(draft.text)} 字（{source}）")
    for note in result.notes:
        print(f"  {note}")
    findings = check(result.report, last_year)
    errors = [f for f in findings if f.is_error]
    print(f"检查结果：{rendered.count(findings)}。" if findings else "检查结果：未发现问题。")
    for line in rendered.text_lines(findings):
        print(line)
    marks = result.report.narrative.model_dump_json().count("【请")
    if marks:
        print(f"草稿中有 {marks} 处标注“【请核实】/【请补充】”，请逐一核对后删除标注。")
    return 1 if errors else 0
