"""From a file on disk to chunks: tell a report from a regulation, read it, chunk it.

A file is a regulation when its title names one (条例, 办法, 规定, 解释, a 格式 notice) or
when it is made of articles (第X条); it is a report when its title says 年度报告 or it has
the format's part headings.  ``kind`` given by the user (``gongkai index --kind``) wins.
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from assistant.domain.report import Report
from assistant.errors import UnreadableInput
from assistant.readers import read_report, require_supported, supported_suffixes
from assistant.readers.sandbox import read_isolated
from assistant.retrieval.chunks import (
    KIND_REGULATION,
    KIND_REPORT,
    Chunk,
    numbered_articles,
    regulation_chunks,
    regulation_title,
    report_chunks,
)

_REGULATION_TITLE = re.compile(r"条例|办法|规定|规则|解释|细则|格式|通知|意见|决定")
_REPORT_TITLE = re.compile(r"年度报告|年报")
_REPORT_HEADINGS = re.compile(r"一、\s*总体情况")


@dataclass
class Document:
    """One indexed file: its path, content hash, kind and chunks."""

    path: Path
    content_hash: str
    kind: str
    chunks: list[Chunk]


def content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# What :func:`plain_text_in_process` imports for each format, imported once by the fork server.
_TEXT_LIBRARIES: dict[str, tuple[str, ...]] = {
    ".docx": ("docx", "assistant.readers.docx"),
    ".pdf": ("assistant.readers.pdf", "pypdfium2"),
    ".html": ("bs4", "lxml"),
    ".htm": ("bs4", "lxml"),
}


def plain_text(path: Path) -> str:
    """The text of a document, for kind detection and regulation chunking, read in a child
    process under the readers' limits (:mod:`assistant.readers.sandbox`): the file may be
    hostile."""
    modules = _TEXT_LIBRARIES.get(path.suffix.lower(), ())
    return read_isolated(plain_text_in_process, path, path.name, modules=modules)


def plain_text_in_process(path: Path) -> str:
    """What the child of :func:`plain_text` runs."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            import docx

            from assistant.readers.docx import check_package

            # The readers' own check names what is wrong (not a zip, an old .doc, a zip bomb).
            check_package(path)
            return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        if suffix == ".pdf":
            from assistant.readers.pdf import plain_text as pdf_text

            return pdf_text(path)
        if suffix in (".html", ".htm"):
            from bs4 import BeautifulSoup

            return BeautifulSoup(_decode(path), "lxml").get_text("\n")
        return _decode(path)
    except (UnreadableInput, MemoryError):
        raise  # a memory limit reached is told as such by the sandbox
    except Exception as error:
        raise UnreadableInput(f"{path.name}：文件已损坏或格式异常，无法读取。") from error


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise UnreadableInput(f"{path.name}：无法识别文件编码，请另存为 UTF-8。") from None
        return str(best)


def detect_kind(text: str) -> str | None:
    """``report`` or ``regulation`` from the content, or None when it cannot tell."""
    title = regulation_title(text)
    if _REPORT_TITLE.search(title) and not re.search(r"格式|通知", title):
        return KIND_REPORT
    if _REGULATION_TITLE.search(title):
        return KIND_REGULATION
    if _REPORT_HEADINGS.search(text):
        return KIND_REPORT
    if len(numbered_articles(text)) >= 3:
        return KIND_REGULATION
    return None


def load_document(path: Path, kind: str | None = None) -> Document:
    """Read and chunk one file; ``kind`` overrides detection."""
    require_supported(path)
    text = plain_text(path)
    kind = kind or detect_kind(text)
    if kind is None:
        raise UnreadableInput(
            f"{path.name}：无法判断是年报还是法规文件，请用 --kind report 或 --kind regulation 指定。"
        )
    source = str(path)
    if kind == KIND_REGULATION:
        chunks = regulation_chunks(text, source)
    else:
        report = _read_report(path)
        chunks = report_chunks(report, text)
    if not chunks:
        raise UnreadableInput(f"{path.name}：没有找到可索引的正文。")
    return Document(path=path, content_hash=content_hash(path), kind=kind, chunks=chunks)


def _read_report(path: Path) -> Report:
    """The report through the readers, which find its parts and tables."""
    try:
        report = read_report(path)
    except ModuleNotFoundError as missing:
        raise UnreadableInput(
            f"{path.name}：读取这种格式需要的组件 {missing.name} 没有安装，请重新安装 gongkai。"
        ) from missing
    return report


def indexable_files(paths: list[Path]) -> list[Path]:
    """Every supported file under the given paths, sorted.  Directories are walked, leaving out
    hidden files and README files (which describe a folder rather than belong to it), and
    everything that is not a regular file of the folder itself: a symbolic link (which could
    make ``/etc/shadow`` searchable), a device or a named pipe.  A file named on its own must
    be a regular file too."""
    suffixes = set(supported_suffixes())
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            found.update(
                p.resolve()
                for p in path.rglob("*")
                if p.suffix.lower() in suffixes
                and not p.name.startswith(".")
                and not p.stem.upper().startswith("README")
                and _regular_file_inside(p, root)
            )
        elif path.is_file() and stat.S_ISREG(path.stat().st_mode):
            found.add(path.resolve())
        elif path.exists():
            raise UnreadableInput(f"{path}：不是普通文件（设备、管道等），不能索引。")
        else:
            raise UnreadableInput(f"{path}：文件或目录不存在。")
    return sorted(found)


def _regular_file_inside(path: Path, root: Path) -> bool:
    """Whether ``path`` is a regular file, not a link, and really lies under ``root``."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and path.resolve().is_relative_to(root)
