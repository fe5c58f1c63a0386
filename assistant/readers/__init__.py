"""Readers, one module per format, registered by file suffix and imported lazily.

``read_report(path)`` is the one entry point: it checks size and suffix, reads the file in
a child process under limits of memory and time (:mod:`assistant.readers.sandbox`: the
file may be hostile), and turns anything a reader cannot handle into an ``UnreadableInput``
with a Chinese message naming the file.  Each reader module exposes
``read(path: Path) -> Report``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from assistant.domain.report import Report
from assistant.errors import GongkaiError, UnreadableInput
from assistant.readers.sandbox import read_isolated

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
    path = Path(path)
    check_file(path)
    suffix = path.suffix.lower()
    modules = (READERS[suffix], *LIBRARIES.get(suffix, ()))
    return Report.model_validate_json(read_isolated(report_json, path, str(path), modules=modules))


def report_json(path: Path) -> str:
    """What the child process of :func:`read_report` sends back: the report as JSON."""
    return read_report_in_process(path).model_dump_json()


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
