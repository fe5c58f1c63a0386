"""Small files built to exhaust a reader, written by the tests (never committed as blobs).

Each one is the kind an attacker (or a broken export) uploads: a few kilobytes that expand
to gigabytes or minutes of work in a naive reader.  ``HOSTILE`` names them for tests that
take every one in turn.
"""

from __future__ import annotations

import os
import threading
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from pdf_writer import pdf_bytes

_SPACES = b" " * (1 << 20)


def inflating_pdf(path: Path, *, megabytes: int = 1024) -> Path:
    """A page whose content stream is ~1 MB of Flate data inflating to ``megabytes`` MB.

    Deflate blocks after a full flush do not refer back, so one compressed megabyte of
    spaces is repeated instead of compressing a gigabyte in the test."""
    compressor = zlib.compressobj(9)
    first = compressor.compress(_SPACES) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(_SPACES) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(_SPACES, checksum)
    # An empty final stored block, then the zlib trailer over everything inflated.
    stream = first + block * (megabytes - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")
    text = b"BT /F1 12 Tf 72 720 Td (Annual report) Tj ET\n"
    streams = [_stream(text), _stream(stream, compressed=True)]
    return _pdf(path, streams, contents=b"[4 0 R 5 0 R]")


def _stream(data: bytes, *, compressed: bool = False) -> bytes:
    flate = b" /Filter /FlateDecode" if compressed else b""
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), flate, data)


def ruled_pdf(path: Path, *, pages: int = 200, lines: int = 40) -> Path:
    """``pages`` pages each ruled as a ``lines`` × ``lines`` grid of cells with a word in
    each row: the work of table detection grows with pages × rulings × intersections."""
    page_streams = []
    for number in range(pages):
        step = 700 / lines
        rulings = b"".join(
            b"%.1f %.1f m %.1f %.1f l S " % (50, 80 + i * step, 750, 80 + i * step)
            + b"%.1f %.1f m %.1f %.1f l S " % (50 + i * step, 80, 50 + i * step, 780)
            for i in range(lines + 1)
        )
        words = b"".join(
            b"BT /F1 6 Tf %.1f %.1f Td (%d) Tj ET " % (55, 82 + i * step, i) for i in range(lines)
        )
        heading = b"BT /F1 9 Tf 60 800 Td (Page %d) Tj ET" % number
        page_streams.append(_stream(zlib.compress(rulings + words + heading, 9), compressed=True))
    return _pdf(path, page_streams)


def _pdf(path: Path, streams: list[bytes], *, contents: bytes | None = None) -> Path:
    """A PDF of one page per stream (or one page of all streams when ``contents`` lists them),
    with Helvetica as font 1 so that the pages have a text layer."""
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    if contents is not None:
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %s >>"
            % (font, contents),
            *streams,
        ]
    else:
        first_page = 3
        kids = b" ".join(b"%d 0 R" % (first_page + 2 * n) for n in range(len(streams)))
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(streams)),
        ]
        for n, stream in enumerate(streams):
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                % (font, first_page + 2 * n + 1)
            )
            objects.append(stream)
    path.write_bytes(pdf_bytes(objects))
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def spanning_docx(path: Path, *, span: int = 100_000_000, rows: int = 3, element: str = "gridSpan") -> Path:
    """A ~1 KB Word file whose table cells each claim ``span`` grid columns (``gridSpan``),
    or rows that skip ``span`` columns first (``gridBefore``)."""
    text = "<w:p><w:r><w:t>1</w:t></w:r></w:p>"
    if element == "gridBefore":
        row = f'<w:tr><w:trPr><w:gridBefore w:val="{span}"/></w:trPr><w:tc>{text}</w:tc></w:tr>'
    else:
        cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{text}</w:tc>'
        row = f"<w:tr>{cell * 2}</w:tr>"
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>年度报告</w:t></w:r></w:p>"
        f"<w:tbl>{row * rows}</w:tbl></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELATIONSHIPS)
        package.writestr("word/document.xml", document)
    return path


def spanning_html(path: Path, *, rows: int = 40, cells: int = 80) -> Path:
    """~117 KB of table cells each spanning 100 rows and 100 columns (the per-cell cap)."""
    row = "<tr>" + '<td rowspan="100" colspan="100">1</td>' * cells + "</tr>\n"
    path.write_text(f"<html><body><p>年度报告</p><table>{row * rows}</table></body></html>", encoding="utf-8")
    return path


def alias_bomb_yaml(path: Path) -> Path:
    """The “billion laughs”: nine levels of nine aliases each in ``notes``, under 1 KB
    expanding to 9⁹ items wherever the loaded data is walked or printed."""
    lines = [
        "t2.penalty.decisions: 3",
        "notes:",
        '  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  - &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HOSTILE: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "inflating_pdf": ("内容流膨胀.pdf", inflating_pdf),
    "spanning_docx": ("合并单元格.docx", spanning_docx),
    "spanning_html": ("跨行跨列.html", spanning_html),
    "alias_bomb_yaml": ("别名炸弹.yaml", alias_bomb_yaml),
    "ruled_pdf": ("两百页表格线.pdf", ruled_pdf),
}
"""Each hostile file: the name it is uploaded under, and how it is written."""


class PeakMemory:
    """The largest resident memory a process tree reached while the block ran: ``root``'s
    descendants (and ``root`` itself unless ``descendants_only``), sampled from /proc."""

    def __init__(self, root: int, *, descendants_only: bool = False, every: float = 0.02) -> None:
        self.root = root
        self.descendants_only = descendants_only
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.resident())
            self._stop.wait(self.every)

    def resident(self) -> int:
        parents: dict[int, int] = {}
        sizes: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                statm = (entry / "statm").read_text().split()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            sizes[int(entry.name)] = int(statm[1]) * os.sysconf("SC_PAGE_SIZE")
        tree = {self.root}
        grown = True
        while grown:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            grown = bool(found)
            tree |= found
        if self.descendants_only:
            tree.discard(self.root)
        return sum(sizes.get(pid, 0) for pid in tree)
