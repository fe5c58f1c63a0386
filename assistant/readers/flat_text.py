"""The flattened text layout: prose lines, and tables as blocks of tab-led cell lines.

As Word's "save as plain text" writes a report: each table row is a block of lines
separated by a blank line, one cell a line, each cell line led by a tab; a cell whose text
wrapped goes on in the following line without a tab (“商业” / “企业”).  Other tools
write a row a line, its cells separated by tabs; such lines are read as rows too.
"""

from __future__ import annotations

from pathlib import Path

from assistant.domain.report import Report
from assistant.readers.document import Document, Paragraph, Table
from assistant.readers.encoding import read_text
from assistant.readers.structure import assemble


def parse(text: str, name: str) -> Document:
    document = Document(name)
    rows: list[list[str]] = []
    row: list[str] = []
    last_was_cell = False

    def close_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
        row = []

    def close_table() -> None:
        nonlocal rows
        close_row()
        if rows:
            document.blocks.append(document.cells.add(Table(rows)))
        rows = []

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if "\t" in raw.strip() and not raw.startswith("\t"):
            close_row()
            rows.append([cell.strip() for cell in raw.split("\t")])
            last_was_cell = False
            continue
        if raw.startswith("\t"):
            row.append(raw[1:].strip())
            last_was_cell = True
        elif not raw.strip():
            close_row()
            last_was_cell = False
        elif last_was_cell:
            row[-1] += raw.strip()
        else:
            close_table()
            document.blocks.append(Paragraph(raw.strip()))
    close_table()
    return document


def read(path: Path) -> Report:
    return assemble(parse(read_text(path), str(path)))
