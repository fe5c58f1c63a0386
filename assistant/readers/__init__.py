"""Readers, one module per format, registered by file suffix and imported lazily.

``read_report(path)`` is the one entry point: it checks size and suffix, reads the file in
a child process under limits of memory and time (:mod:`assistant.readers.sandbox`: the
file may be hostile), and turns anything a reader cannot handle into an ``UnreadableInput``
with a Chinese message naming the file.  Each reader module exposes
``read(path: Path) -> Report``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

from assistant.domain.report import NARRATIVE_PARTS, Agency, Part, Report
from assistant.errors import GongkaiError, UnreadableInput
from assistant.readers.sandbox import read_isolated_many

MAX_BYTES = 50 * 1024 * 1024

READERS: dict[str, str] = {
    ".txt": "assistant.readers.flat_text",
    ".docx": "assistant.readers.docx",
    ".html": "assistant.readers.html",
    ".htm": "assistant.readers.html",
    ".pdf": "assistant.readers.pdf",
    ".md": "assistant.readers.markdown",
}
# What each reader imports when it reads (the fork server imports them once for all children).
LIBRARIES: dict[str, tuple[str, ...]] = {
    ".docx": ("docx",),
    ".html": ("lxml.html",),
    ".htm": ("lxml.html",),
    ".pdf": ("pypdfium2", "pdfplumber"),
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(READERS)


def read_report(path: Path) -> Report:
    """Read one report document into a ``Report`` (figures, narrative, metadata, notes),
    in a child process: a crash or a limit reached there is a message naming the file."""
    (report,) = read_reports([path])
    if isinstance(report, GongkaiError):
        raise report
    return report


def read_reports(paths: Sequence[Path]) -> list[Report | GongkaiError]:
    """:func:`read_report` of each path, in one child process for all of them (a file
    that stops the child is its own message and the rest are read by another): each
    report or the error that refused it."""
    results: dict[int, Report | GongkaiError] = {}
    checked: list[tuple[int, Path]] = []
    for index, path in enumerate(map(Path, paths)):
        try:
            check_file(path)
        except GongkaiError as error:
            results[index] = error
            continue
        checked.append((index, path))
    suffixes = {path.suffix.lower() for _, path in checked}
    modules = sorted(
        {module for suffix in suffixes for module in (READERS[suffix], *LIBRARIES.get(suffix, ()))}
    )
    read = read_isolated_many(
        report_json, [(path, str(path)) for _, path in checked], modules=modules, warm_up=warm_up
    )
    for (index, _), outcome in zip(checked, read, strict=True):
        results[index] = outcome if isinstance(outcome, GongkaiError) else Report.model_validate_json(outcome)
    return [results[index] for index in range(len(paths))]


def report_json(path: Path) -> str:
    """What the child process of :func:`read_report` sends back: the report as JSON."""
    return read_report_in_process(path).model_dump_json()


def warm_up() -> Report:
    """Read once a report of the official layout built here (no file): run by the fork
    server before its first child, so that the patterns, label caches and serializers the
    readers build on first use are shared by every child.  A cold child took about 20 ms
    more per report than a warm one, most of a region review's time."""
    from assistant.readers.document import Document, Paragraph, Table
    from assistant.readers.structure import assemble
    from assistant.writers.tables import official_tables

    report = Report(agency=Agency(name="某县某镇人民政府"), year=2024, figures={"t3.new.natural": 1})
    tables = iter(official_tables(report))
    blocks: list[Paragraph | Table] = [Paragraph(f"{report.agency.name}2024年政府信息公开工作年度报告")]
    for part in Part:
        if part is Part.PREAMBLE:
            continue
        blocks.append(Paragraph(part.heading))
        if part not in NARRATIVE_PARTS:
            blocks.append(Table([[cell.text for cell in row] for row in next(tables).rows]))
        else:
            blocks.append(Paragraph("本年度各项工作有序开展。"))
    blocks += [Paragraph(report.agency.name), Paragraph("2025年1月20日")]
    read = assemble(Document("warm-up", blocks))
    read.model_dump_json()
    return read


def require_supported(path: Path) -> None:
    """Refuse, in Chinese, a file of a format no reader handles (an image, a spreadsheet)."""
    suffix = Path(path).suffix.lower()
    if suffix not in READERS:
        raise UnreadableInput(
            f"{path}：不支持的文件格式“{suffix or '无扩展名'}”，请使用 .docx、.pdf、.html、.txt 或 .md。"
        )


def check_file(path: Path) -> None:
    """Refuse, before any reading, what is no report document by its suffix or size."""
    require_supported(path)
    if not path.is_file():
        raise UnreadableInput(f"{path}：文件不存在。")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableInput(f"{path}：文件为空。")
    if size > MAX_BYTES:
        raise UnreadableInput(
            f"{path}：文件过大（{size / 1024 / 1024:.0f} MB），"
            f"年报文件通常不超过 {MAX_BYTES // 1024 // 1024} MB。"
        )


def read_report_in_process(path: Path) -> Report:
    """The reading itself, without a child process: what the child runs.  Called directly,
    a hostile file can take this process down; only the readers' own benchmark does so,
    to time the readers apart from the child."""
    path = Path(path)
    check_file(path)
    module = importlib.import_module(READERS[path.suffix.lower()])
    try:
        report: Report = module.read(path)
    except GongkaiError:
        raise
    except RecursionError:
        raise UnreadableInput(f"{path}：文件结构嵌套过深，无法读取。") from None
    except MemoryError:
        raise  # the child's memory limit: told as such by the sandbox
    except Exception:
        # A reader library failing on a damaged file must reach the user as a message.
        raise UnreadableInput(
            f"{path}：文件已损坏或格式异常，无法读取；请用原来的软件打开后重新保存再试。"
        ) from None
    report.source = str(path)
    return report
