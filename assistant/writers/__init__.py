"""Writers, one module per output format, registered by file suffix and imported lazily.

``write_report(report, path)`` is the one entry point: it picks the writer from the
suffix, checks that the target can be written, and turns what goes wrong into a
``GongkaiError`` with a Chinese message naming the file.  Each writer module exposes
``write(report: Report, path: Path) -> Path`` and a class implementing
:class:`assistant.domain.ports.ReportWriter`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from assistant.domain.ports import ReportWriter
from assistant.domain.report import Report
from assistant.errors import GongkaiError, UnwritableOutput

WRITERS: dict[str, str] = {
    ".docx": "assistant.writers.docx",
}

# The third-party package each writer needs, named in the message when it is missing.
REQUIRES: dict[str, str] = {
    "assistant.writers.docx": "python-docx",
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(WRITERS)


def _writer_module(path: Path) -> ModuleType:
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        supported = "、".join(WRITERS)
        raise UnwritableOutput(
            f"{path.name}：不支持导出为“{suffix or '无扩展名'}”格式，目前可导出的格式：{supported}。"
        )
    name = WRITERS[suffix]
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise UnwritableOutput(
            f"导出 {suffix} 需要安装 {REQUIRES.get(name, name)}（{error}）。"
            "请运行 make run 或重新安装 gongkai。"
        ) from error


def writer_for(path: Path | str) -> ReportWriter:
    """The writer for a target file, chosen by its suffix.

    A folder is refused first: "-o 输出/" lacks a file name rather than naming an
    unsupported format.
    """
    path = Path(path)
    if path.is_dir():
        raise UnwritableOutput(f"{path}：这是一个目录，请给出要导出的文件名（如 年报.docx）。")
    writer: ReportWriter = _writer_module(path).writer()
    return writer


def _refuse_unread_tables(report: Report) -> None:
    """A report whose tables could not be read (the layout before 2019) is not written: its
    tables would print as zeros, and the narrative alone is not a report in the current format."""
    if not report.tables_read:
        name = f"{Path(report.source).name}：" if report.source else ""
        raise UnwritableOutput(f"{name}该报告为2019年以前的旧版格式，表格无法读取，不能按现行格式导出。")


def write_report(report: Report, path: Path | str) -> Path:
    """Write ``report`` to ``path`` in the format its suffix names; returns the path written."""
    path = Path(path)
    writer = writer_for(path)
    _refuse_unread_tables(report)
    if not path.parent.is_dir():
        raise UnwritableOutput(f"{path}：目录“{path.parent}”不存在，无法导出。")
    with writing(path, "Word/WPS"):
        return writer.write(report, path)


@contextmanager
def writing(path: Path, program: str) -> Iterator[None]:
    """Turn what goes wrong while writing ``path`` into a Chinese message naming the file
    (``program`` is what may hold it open: Word/WPS, Excel/WPS)."""
    try:
        yield
    except GongkaiError:
        raise
    except PermissionError as error:
        raise UnwritableOutput(
            f"{path.name}：没有写入权限，或文件正在 {program} 中打开，请关闭后重试。"
        ) from error
    except OSError as error:
        raise UnwritableOutput(f"{path.name}：无法写入（{error.strerror or error}）。") from error


def report_bytes(report: Report, suffix: str = ".docx") -> bytes:
    """The exported file's content without touching the disk (for the UI's download button)."""
    _refuse_unread_tables(report)
    content: bytes = _writer_module(Path(f"report{suffix}")).writer().to_bytes(report)
    return content
