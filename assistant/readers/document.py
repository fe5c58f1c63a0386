"""What every format reader extracts: an ordered list of paragraphs and tables.

A format module only turns its file into a ``Document``; everything a report *means*
(parts, figures, agency, dates) is worked out once, by :mod:`assistant.readers.structure`,
so that a .docx and the HTML page of the same report read the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    """A table as a grid of cell texts, merged cells expanded (every covered cell repeats
    the merged text) so that columns line up; ``page`` is set by paged formats."""

    rows: list[list[str]]
    page: int | None = None


Block = Paragraph | Table


@dataclass
class Document:
    """A report as its file presents it; ``hints`` carries metadata a format states
    outside the text (a Markdown front matter, an HTML ``<title>``)."""

    name: str
    blocks: list[Block] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]
