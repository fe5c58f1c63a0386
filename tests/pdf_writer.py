"""A small PDF writer for tests: pages of Chinese text lines and ruled tables, no library.

The text layer is what a reader sees of a report a word processor exported: lines at
their positions, a first-line indent, page numbers and running headers where the test
puts them, tables as ruled cells (see :func:`write_pdf` for how characters are set).
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
        return int((RIGHT - LEFT + 0.01) // self.size)

    def new_page(self) -> None:
        self.pages.append(PdfPage())
        self.y = TOP

    def _line(self, x: float, text: str, size: float | None = None) -> None:
        if self.y < BOTTOM + self.leading:
            self.new_page()
        self.pages[-1].text(x, self.y, size or self.size, text)
        self.y -= self.leading

    def paragraph(self, text: str, *, indent: bool = True, page_break_after: int | None = None) -> None:
        """Wrapped at the right margin; the first line indented by two characters unless
        ``indent`` is false; ``page_break_after`` lines, the rest goes on the next page."""
        lines: list[str] = []
        line, room = "", RIGHT - LEFT - (2 * self.size if indent else 0)
        for character in text:
            if text_width(line + character, self.size) > room:
                lines.append(line)
                line, room = "", RIGHT - LEFT
            line += character
        lines.append(line)
        for number, line in enumerate(lines):
            if number == page_break_after:
                self.new_page()
            self._line(LEFT + (2 * self.size if indent and number == 0 else 0), line)

    def full_lines(self, count: int, *, indent: bool = True) -> int:
        """How many CJK characters fill ``count`` lines exactly (the first one indented)."""
        return count * self.chars_per_line - (2 if indent else 0)

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


def _fonts(pages: list[PdfPage]) -> dict[str, tuple[int, int]]:
    """Each character's font and code: Type 3 fonts of 256 glyphs each, as many as needed."""
    characters = sorted({ch for page in pages for _, _, _, text in page.texts for ch in text})
    return {ch: divmod(index, 256) for index, ch in enumerate(characters)}


def _glyph(width: int) -> bytes:
    """A glyph that is a box one em high: PDFium and pdfminer measure it like a real one."""
    body = b"%d 0 0 -120 %d 880 d1\n0 -120 %d 1000 re f" % (width, width, width)
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)


def write_pdf(path: Path, pages: list[PdfPage]) -> Path:
    """The pages as a PDF file with a text layer.

    The characters are set in Type 3 fonts whose glyphs are plain boxes of the character's
    width (CJK one em, ASCII half), each font with a ``ToUnicode`` map: a reader extracts
    exactly the text written, with true character boxes, and no font file is needed.
    """
    codes = _fonts(pages)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _glyph(1000), _glyph(500)]
    font_count = max((font for font, _ in codes.values()), default=0) + 1
    font_objects = []
    for font in range(font_count):
        glyphs = sorted((code, ch) for ch, (f, code) in codes.items() if f == font)
        procs = b" ".join(b"/g%d %d 0 R" % (code, 4 if ord(ch) < 128 else 3) for code, ch in glyphs)
        widths = {code: 500 if ord(ch) < 128 else 1000 for code, ch in glyphs}
        mapping = b"\n".join(b"<%02X> <%04X>" % (code, ord(ch)) for code, ch in glyphs)
        cmap = (
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /Glyphs%d def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"%d beginbfchar\n%s\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
            % (font, len(glyphs), mapping)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap))
        objects.append(
            b"<< /Type /Font /Subtype /Type3 /FontBBox [0 -120 1000 880] /FontMatrix [0.001 0 0 0.001 0 0] "
            b"/CharProcs << %s >> /Encoding << /Type /Encoding /Differences [%s] >> "
            b"/FirstChar 0 /LastChar 255 /Widths [%s] /ToUnicode %d 0 R /Resources << >> >>"
            % (
                procs,
                b" ".join(b"%d /g%d" % (code, code) for code, _ in glyphs),
                b" ".join(b"%d" % widths.get(code, 0) for code in range(256)),
                len(objects),
            )
        )
        font_objects.append(len(objects))
    resources = b"<< /Font << %s >> >>" % b" ".join(
        b"/F%d %d 0 R" % (f, n) for f, n in enumerate(font_objects)
    )
    kids = []
    for page in pages:
        content = [b"0.5 w"]
        content += [b"%.2f %.2f %.2f %.2f re S" % box for box in page.boxes]
        for x, y, size, text in page.texts:
            for ch in text:
                font, code = codes[ch]
                content.append(b"BT /F%d %.2f Tf %.2f %.2f Td <%02X> Tj ET" % (font, size, x, y, code))
                x += text_width(ch, size)
        stream = b"\n".join(content)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, resources, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    path.write_bytes(pdf_bytes(objects))
    return path


def pdf_bytes(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """The objects (numbered from 1, the catalogue first) as a PDF file with its
    cross-reference table; ``trailer`` adds entries to the trailer dictionary."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    entries = b"/Size %d /Root 1 0 R" % (len(objects) + 1) + trailer
    out += b"trailer\n<< " + entries + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
