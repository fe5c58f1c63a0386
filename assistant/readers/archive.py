"""Zip packages opened without trusting what they declare: a .docx, and a folder's reports
sent to the web page as one .zip.

Both are refused before anything expands when they hold too many entries, would expand
beyond a bounded size, or have an entry compressed beyond any real document's ratio (the
marks of a zip bomb).  A folder's zip is then unpacked entry by entry: only the report
files are taken, each under a folder of its own so that no entry's path can reach outside
the target, and what is left out is said in Chinese, entry by entry.
"""

from __future__ import annotations

import shutil
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from assistant.errors import UnreadableInput

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000
_RATIO_CHECKED_FROM = 1024 * 1024  # small entries (an XML part, a short .txt) compress beyond any ratio
_UTF8_NAMES = 0x800
_ENCRYPTED = 0x1


def bounded_members(package: zipfile.ZipFile, where: str) -> list[zipfile.ZipInfo]:
    """The package's entries, once their count, declared total size and ratios are bounded."""
    members = package.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnreadableInput(f"{where}：压缩包内文件过多（{len(members)} 个），疑似恶意文件，已拒绝读取。")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableInput(
            f"{where}：解压后大小 {total / 1024 / 1024:.0f} MB 超过上限 "
            f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB，疑似“压缩炸弹”，已拒绝读取。"
        )
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > _RATIO_CHECKED_FROM and ratio > MAX_RATIO:
            raise UnreadableInput(
                f"{where}：其中的 {entry_name(member)} 压缩比异常（{ratio}:1），疑似“压缩炸弹”，已拒绝读取。"
            )
    return members


def entry_name(member: zipfile.ZipInfo) -> str:
    """An entry's name as its author typed it: zips made by Windows' own 压缩 write Chinese
    names in GBK without saying so, which Python reads as code page 437."""
    if member.flag_bits & _UTF8_NAMES:
        return member.filename
    raw = member.filename.encode("cp437")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return member.filename


@dataclass
class Unpacked:
    """What a folder's zip gave: each report file written, with its name inside the zip,
    and a line for every entry left out."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def unpack_reports(
    path: Path, folder: Path, suffixes: tuple[str, ...], max_bytes: int, where: str
) -> Unpacked:
    """The entries of the zip at ``path`` whose suffix is one of ``suffixes`` written under
    ``folder``; ``where`` names the zip in messages, ``max_bytes`` is the readers' file limit."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UnreadableInput(f"{where}：不是有效的 zip 压缩包，请重新压缩后上传。") from None
    unpacked = Unpacked()
    with package:
        for number, member in enumerate(bounded_members(package, where)):
            name = entry_name(member)
            parts = PurePosixPath(name).parts
            # Folders, and what the system hides (.DS_Store, __MACOSX/), are no one's report.
            if member.is_dir() or any(part.startswith(".") or part == "__MACOSX" for part in parts):
                continue
            suffix = PurePosixPath(name).suffix.lower()
            if suffix not in suffixes:
                unpacked.left_out.append(
                    f"{where}：{name} 不是年报或数字文件（{suffix or '无扩展名'}），已跳过。"
                )
                continue
            if member.flag_bits & _ENCRYPTED:
                unpacked.left_out.append(f"{where}：{name} 设有密码，无法读取，已跳过。")
                continue
            if member.file_size > max_bytes:
                unpacked.left_out.append(
                    f"{where}：{name} 解压后 {member.file_size / 1024 / 1024:.0f} MB，"
                    f"超过年报文件的上限 {max_bytes // 1024 // 1024} MB，已跳过。"
                )
                continue
            target = folder / f"{number:04d}" / PurePosixPath(name).name
            target.parent.mkdir(parents=True)
            try:
                # Reading stops at the declared size, which the checks above bounded.
                with package.open(member) as source, open(target, "wb") as sink:
                    shutil.copyfileobj(source, sink)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError):
                target.unlink(missing_ok=True)
                unpacked.left_out.append(f"{where}：{name} 在压缩包中已损坏，无法解压，已跳过。")
                continue
            unpacked.files.append((target, name))
    return unpacked
