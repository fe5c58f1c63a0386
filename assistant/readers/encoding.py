"""Text files and pages as agencies save them: UTF-8 (with or without BOM), GB18030/GBK,
or UTF-16 with its byte-order mark (Notepad's “Unicode”)."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import UnreadableInput


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """The text of a file, trying UTF-8, a declared charset, then GB18030, then detection."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInput(f"{name}：这是二进制文件，不是文本，无法作为年报读取。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableInput(f"{name}：文件标记为 UTF-16 编码，但内容无法按该编码读取。") from None
    candidates = ["utf-8-sig"]
    if declared:
        candidates.append(declared)
    candidates.append("gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableInput(f"{name}：无法识别文件的文字编码（已尝试 UTF-8、GB18030）。")
    return str(best)


def read_text(path: Path) -> str:
    return decode(path.read_bytes(), str(path))
