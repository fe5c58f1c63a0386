"""A small PDF writer for tests: pages of Chinese text lines and ruled tables, no library.

Text is set in the Adobe-GB1 font STSong-Light through the predefined ``UniGB-UCS2-H``
CMap (not embedded: a reader needs no font file to extract it) with a ``ToUnicode`` map,
so PDFium and pdfminer read back exactly the characters written.  Widths follow the
font's metrics closely enough for line ends and cell boxes: CJK characters one em wide,
ASCII half.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
LEFT, RIGHT, TOP, BOTTOM = 80.0, 515.0, 770.0, 72.0


def text_width(text: str, size: float) -> float:
    return sum(size / 2 if ord(ch) < 128 else size for ch in text)


@dataclass
class PdfPage:
    """What one page draws: text runs at positions, and table cells as ruled boxes."""

    texts: list[tuple[float, float, float, str]] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    def text(self, x: float, y: float, size: float, text: str) -> None:
        self.texts.append((x, y, size, text))

    def box(self, x: float, y: float, width: float, height: float) -> None:
        self.boxes.append((x, y, width, height))


class PageFlow:
    """Paragraphs and tables laid top to bottom in a body frame, a new page when full;
    body paragraphs have a first-line indent of two characters, as 公文 do."""

    def __init__(self, size: float = 12.0, leading: float = 20.0) -> None:
        self.size, self.leading = size, leading
        self.pages: list[PdfPage] = [PdfPage()]
        self.y = TOP

    @property
    def chars_per_line(self) -> int:
        return int((RIGHT - LEFT) // self.size)

    def new_page(self) -> None:
        self.pages.append(PdfPage())
        self.y = TOP

    def _line(self, x: float, text: str, size: float | None = None) -> None:
        if self.y < BOTTOM + self.leading:
            self.new_page()
        self.pages[-1].text(x, self.y, size or self.size, text)
        self.y -= self.leading

    def paragraph(self, text: str, *, indent: bool = True) -> None:
        """Wrapped at the right margin; the first line indented by two characters."""
        first = self.chars_per_line - (2 if indent else 0)
        lines = [text[:first]] + [
            text[i : i + self.chars_per_line] for i in range(first, len(text), self.chars_per_line)
        ]
        for number, line in enumerate(line for line in lines if line):
            self._line(LEFT + (2 * self.size if indent and number == 0 else 0), line)

    def centred(self, text: str, size: float | None = None) -> None:
        width = text_width(text, size or self.size)
        self._line((PAGE_WIDTH - width) / 2, text, size)

    def table(self, grid: list[list[str]], size: float = 5.0) -> None:
        """A grid drawn as ruled cells of equal height, each column as wide as its longest
        text (a merged cell's repeats are drawn in every cell it covers)."""
        width = max(len(row) for row in grid)
        widths = [
            max(text_width(row[j], size) if j < len(row) else 0 for row in grid) + 4 for j in range(width)
        ]
        scale = min(1.0, (RIGHT - LEFT + 40) / sum(widths))
        widths = [w * scale for w in widths]
        height = size + 6
        if self.y - height * len(grid) < BOTTOM:
            self.new_page()
        top = self.y
        for i, row in enumerate(grid):
            x = LEFT - 20
            y = top - (i + 1) * height
            for j in range(width):
                self.pages[-1].box(x, y, widths[j], height)
                text = row[j] if j < len(row) else ""
                if text:
                    self.pages[-1].text(x + 2, y + 3, size * scale, text)
                x += widths[j]
        self.y = top - height * len(grid) - self.leading


def _hex(text: str) -> str:
    return "".join(f"{ord(ch):04X}" for ch in text)


_TO_UNICODE = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end"
)


def write_pdf(path: Path, pages: list[PdfPage]) -> Path:
    """The pages as a PDF file with a text layer (see the module docstring)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages' numbers are known
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 6 0 R /DW 1000 /W [32 126 500] >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_TO_UNICODE), _TO_UNICODE),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    kids = []
    for page in pages:
        content = [b"0.5 w"]
        content += [b"%.2f %.2f %.2f %.2f re S" % box for box in page.boxes]
        for x, y, size, text in page.texts:
            content.append(b"BT /F1 %.2f Tf %.2f %.2f Td <%s> Tj ET" % (size, x, y, _hex(text).encode()))
        stream = b"\n".join(content)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
