"""What every format reader extracts: an ordered list of paragraphs and tables.

A format module only turns its file into a ``Document``; everything a report *means*
(parts, figures, agency, dates) is worked out once, by :mod:`assistant.readers.structure`,
so that a .docx and the HTML page of the same report read the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.errors import UnreadableInput

MAX_TABLE_CELLS = 20_000
MAX_DOCUMENT_CELLS = 100_000
"""Cells the tables may expand to, merged cells counted in every slot they cover: the
report's tables hold a few hundred; a few bytes claiming huge spans (``gridSpan`` of
100000000, thousands of ``rowspan=100 colspan=100``) would otherwise take gigabytes."""


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
class CellBudget:
    """The cells one document's tables have expanded to so far, refused past the limits
    before a reader allocates them."""

    name: str
    document: int = 0
    table: int = 0
    tables: int = 0

    def start_table(self) -> None:
        self.tables += 1
        self.table = 0

    def spend(self, cells: int) -> None:
        self.table += cells
        self.document += cells
        if self.table > MAX_TABLE_CELLS:
            raise UnreadableInput(
                f"{self.name}：第 {self.tables} 个表格展开合并单元格后超过 {MAX_TABLE_CELLS} 格"
                "（年报的表格只有几百格），文件结构异常或过于复杂，已停止读取。"
            )
        if self.document > MAX_DOCUMENT_CELLS:
            raise UnreadableInput(
                f"{self.name}：各表格展开后共超过 {MAX_DOCUMENT_CELLS} 格，"
                "文件结构异常或过于复杂，已停止读取。"
            )

    def add(self, table: Table) -> Table:
        """A table read whole (text formats, PDF): counted, then returned."""
        self.start_table()
        self.spend(sum(len(row) for row in table.rows))
        return table


@dataclass
class Document:
    """A report as its file presents it; ``hints`` carries metadata a format states
    outside the text (a Markdown front matter, an HTML ``<title>``)."""

    name: str
    blocks: list[Block] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    cells: CellBudget = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.cells = CellBudget(self.name)

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]
