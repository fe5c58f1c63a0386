"""This year's report beside last year's: what a reviewer looks at, as one typed object.

:func:`compare` is pure: figures cell by cell (this, last, absolute and relative change),
the carry-over and continuity findings (R6, W1) and stale-copy findings (W2) from the rule
chain, copied narrative (W3) with reuse per section and per paragraph, sentences identical
in both years, a paragraph-level diff with the changed characters marked, and the series of
key figures across every year given, for the year-over-year chart.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from assistant.domain.findings import Finding
from assistant.domain.layout import CELL_BY_KEY, CELLS, ReportFormat, printed_row_label
from assistant.domain.report import Figure, Part, Place, Report, SubPart, character_count
from assistant.domain.reuse import reuse_ratio
from assistant.domain.rules import check
from assistant.domain.rules.carry_over import last_year_mismatch, without_tables
from assistant.domain.rules.w3 import (
    Paragraph,
    copied,
    measured,
    narrative_text,
    paragraphs_of,
    sections_of,
)
from assistant.domain.totals import stated_and_derived

CARRY_OVER_RULES = ("R6", "W1")
STALE_COPY_RULES = ("W2",)
COPIED_RULES = ("W3",)

PAIRING_SHARE = 0.3
"""A paragraph is "changed" from last year's when it reuses at least this share of it; below, added."""

MIN_SENTENCE_CHARS = 8
"""Identical short phrases ("一是。") say nothing about copying; only longer sentences are listed."""

_SENTENCE_END = re.compile(r"(?<=[。！？])|\n")
_TABLE_NAMES = {2: "表二 主动公开", 3: "表三 依申请公开", 4: "表四 复议诉讼"}


class CellChange(BaseModel):
    """One table cell in both years: the stated values and how much it moved."""

    key: str
    table: int
    row_label: str
    column_label: str
    this: Figure | None = None
    last: Figure | None = None
    change: Figure | None = None
    relative_change: float | None = None

    @property
    def unfilled(self) -> bool:
        """Last year states the cell and this year's draft has no figures yet: a gap, not a change."""
        return self.this is None and self.last is not None

    @property
    def changed(self) -> bool:
        return not self.unfilled and self.this != self.last


class SectionReuse(BaseModel):
    """How much of one narrative section reuses last year's narrative."""

    part: Part
    subpart: SubPart | None = None
    title: str
    characters: int
    reuse: float
    flagged: bool

    @property
    def place(self) -> Place:
        return Place.of(self.part, self.subpart)


class ParagraphReuse(BaseModel):
    """One paragraph of this year, its reuse, and last year's paragraph it most resembles."""

    part: Part
    subpart: SubPart | None = None
    text: str
    reuse: float
    last_text: str | None = None
    last_part: Part | None = None
    last_subpart: SubPart | None = None
    flagged: bool

    @property
    def place(self) -> Place:
        return Place.of(self.part, self.subpart)

    @property
    def last_place(self) -> Place | None:
        return Place.of(self.last_part, self.last_subpart) if self.last_part is not None else None


class DiffSegment(BaseModel):
    """A run of characters: the same in both years, or what last year had and this year has."""

    op: Literal["equal", "insert", "delete", "replace"]
    last: str = ""
    this: str = ""


class ParagraphDiff(BaseModel):
    """A paragraph added this year, removed since last year, changed, or unchanged."""

    kind: Literal["added", "removed", "changed", "unchanged"]
    part: Part
    subpart: SubPart | None = None
    this: str | None = None
    last: str | None = None
    segments: list[DiffSegment] = Field(default_factory=list)

    @property
    def place(self) -> Place:
        return Place.of(self.part, self.subpart)


class RecurringSentence(BaseModel):
    """A sentence of this year's report found word for word in the reports of earlier years."""

    text: str
    years: list[int]


class SeriesLine(BaseModel):
    """One key figure across the years (None where a year's report does not state it)."""

    key: str
    label: str
    values: dict[int, Figure | None]


class Comparison(BaseModel):
    """Everything a reviewer compares between this year's report and last year's."""

    agency: str
    this_year: int | None
    last_year: int | None
    this_format: ReportFormat
    last_format: ReportFormat
    # False for a report whose tables could not be read (the layout before 2019): its
    # cells are unknown, so none is compared and its year stays off the chart.
    this_tables_read: bool = True
    last_tables_read: bool = True
    # Set when the "last year" report is another agency's, not the year before, or either
    # report's tables were not read: the carry-over section then says R6 and W1 did not run.
    last_year_note: str | None = None
    cells: list[CellChange]
    carry_over: list[Finding]
    stale_copy: list[Finding]
    copied: list[Finding]
    narrative_reuse: float
    section_reuse: list[SectionReuse]
    paragraph_reuse: list[ParagraphReuse]
    identical_sentences: list[str]
    recurring_sentences: list[RecurringSentence]
    paragraph_diff: list[ParagraphDiff]
    series: list[SeriesLine]

    # Every cell is in exactly one of the three groups below; the terminal, the HTML page
    # and the 对比上年 page count from them so they never disagree on a draft's gaps.
    @property
    def changed_cells(self) -> list[CellChange]:
        return [cell for cell in self.cells if cell.changed]

    @property
    def unfilled_cells(self) -> list[CellChange]:
        return [cell for cell in self.cells if cell.unfilled]

    @property
    def unchanged_cells(self) -> list[CellChange]:
        """The same figure in both years; a cell this year has not filled yet is not among them."""
        return [cell for cell in self.cells if not (cell.changed or cell.unfilled)]

    @property
    def unread_tables_note(self) -> str | None:
        """Why no cell is compared: the report (or reports) whose tables could not be read."""
        unread = without_tables(
            (
                (self.this_year, "本年报告", self.this_tables_read),
                (self.last_year, "上年报告", self.last_tables_read),
            )
        )
        if not unread:
            return None
        return f"{unread}为2019年以前的旧版格式，表格暂不支持读取，不比较表格数字。"

    @property
    def findings(self) -> list[Finding]:
        return [*self.carry_over, *self.stale_copy, *self.copied]

    @property
    def has_errors(self) -> bool:
        return any(finding.is_error for finding in self.findings)


# --- figures -------------------------------------------------------------------------


def _difference(this: Figure, last: Figure) -> Figure:
    change = this - last
    return round(change, 2) if isinstance(change, float) else change


def table_figures(report: Report) -> dict[str, Figure]:
    """Every cell of a report with tables: stated values kept, cells left out 0, totals derived.

    A figures file or draft lists only what it has (blank means 0 in the format), so its
    unstated cells are filled as the format defines; a report without tables stays empty,
    and the rows a document does not print (``Report.not_printed``) stay out, unknown.
    """
    figures = stated_and_derived(report.figures, report.format) if report.figures else {}
    return {key: value for key, value in figures.items() if key not in report.not_printed}


def cell_changes(this: Report, last: Report) -> list[CellChange]:
    """Every cell of either report; across the 2019/2021 formats only the keys both share.

    None where either report's tables could not be read: every cell would read as a change
    from or to an unknown figure; for the same reason a row either report does not print
    (a department's 规章) is left out.
    """
    if not (this.tables_read and last.tables_read):
        return []
    layout = CELLS[this.format]
    if this.format is not last.format:
        shared = set(CELL_BY_KEY[last.format])
        layout = tuple(cell for cell in layout if cell.key in shared)
    this_figures, last_figures = table_figures(this), table_figures(last)
    changes: list[CellChange] = []
    unknown = {*this.not_printed, *last.not_printed}
    for cell in layout:
        if cell.key in unknown:
            continue
        now, before = this_figures.get(cell.key), last_figures.get(cell.key)
        if now is None and before is None:
            continue
        change = _difference(now, before) if now is not None and before is not None else None
        relative = round(change / before, 4) if change is not None and before else None
        changes.append(
            CellChange(
                key=cell.key,
                table=cell.table,
                row_label=printed_row_label(cell, this.format),
                column_label=cell.column_label,
                this=now,
                last=before,
                change=change,
                relative_change=relative,
            )
        )
    return changes


def table_name(table: int) -> str:
    return _TABLE_NAMES.get(table, f"表{table}")


# --- narrative -----------------------------------------------------------------------


def section_reuse(this: Report, last: Report, last_source: str) -> list[SectionReuse]:
    """Every section either year has, in reading order; one only last year wrote is listed empty
    (0 characters), so a part this year's draft still lacks is seen beside last year's."""
    this_sections = sections_of(this)
    found: list[SectionReuse] = []
    for place in sorted({*this_sections, *sections_of(last)}, key=list(Place).index):
        text = "\n".join(p.text for p in this_sections.get(place, []))
        share = reuse_ratio(text, last_source)
        found.append(
            SectionReuse(
                part=place.part,
                subpart=place.subpart,
                title=place.label,
                characters=character_count(text),
                reuse=round(share, 4),
                flagged=copied(*measured(place.part, text, last_source)),
            )
        )
    return found


PairReuse = list[list[float]]
"""``pairs[i][j]``: how much of this year's paragraph i reuses last year's paragraph j."""


def pair_reuse(this_paragraphs: list[Paragraph], last_paragraphs: list[Paragraph]) -> PairReuse:
    """Every paragraph of this year against every one of last year's, measured once for both uses."""
    return [
        [
            1.0 if mine.text == theirs.text else reuse_ratio(mine.text, theirs.text)
            for theirs in last_paragraphs
        ]
        for mine in this_paragraphs
    ]


def paragraph_reuse(
    this_paragraphs: list[Paragraph], last_paragraphs: list[Paragraph], last_source: str, pairs: PairReuse
) -> list[ParagraphReuse]:
    """Each paragraph's reuse of last year's narrative, with the paragraph it reuses most."""
    found: list[ParagraphReuse] = []
    for i, paragraph in enumerate(this_paragraphs):
        share = reuse_ratio(paragraph.text, last_source)
        best = max(range(len(last_paragraphs)), key=lambda j: pairs[i][j], default=None)
        match = last_paragraphs[best] if best is not None and pairs[i][best] > 0 and share else None
        found.append(
            ParagraphReuse(
                part=paragraph.part,
                subpart=paragraph.subpart,
                text=paragraph.text,
                reuse=round(share, 4),
                last_text=match.text if match else None,
                last_part=match.part if match else None,
                last_subpart=match.subpart if match else None,
                flagged=copied(*measured(paragraph.part, paragraph.text, last_source)),
            )
        )
    return found


def sentences(text: str) -> list[str]:
    """Sentences ending in 。！？ (or a line end), whitespace removed."""
    pieces = (re.sub(r"\s+", "", piece) for piece in _SENTENCE_END.split(text))
    return [piece for piece in pieces if piece]


def identical_sentences(this: Report, last: Report) -> list[str]:
    """Sentences of this year's narrative found word for word in last year's, in reading order."""
    before = set(sentences(narrative_text(last)))
    seen: set[str] = set()
    found: list[str] = []
    for sentence in sentences(narrative_text(this)):
        if len(sentence) >= MIN_SENTENCE_CHARS and sentence in before and sentence not in seen:
            seen.add(sentence)
            found.append(sentence)
    return found


def recurring_sentences(this: Report, earlier: Sequence[Report]) -> list[RecurringSentence]:
    """This year's sentences that earlier years' reports (with a year) also contain, with those years."""
    by_year = {
        report.year: set(sentences(narrative_text(report))) for report in earlier if report.year is not None
    }
    found: list[RecurringSentence] = []
    seen: set[str] = set()
    for sentence in sentences(narrative_text(this)):
        if len(sentence) < MIN_SENTENCE_CHARS or sentence in seen:
            continue
        seen.add(sentence)
        years = sorted(year for year, known in by_year.items() if sentence in known)
        if years:
            found.append(RecurringSentence(text=sentence, years=years))
    return found


def character_diff(last: str, this: str) -> list[DiffSegment]:
    """Last year's paragraph turned into this year's, as runs of kept, inserted and deleted characters."""
    matcher = difflib.SequenceMatcher(None, last, this, autojunk=False)
    return [
        DiffSegment(op=op, last=last[i1:i2], this=this[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def paragraph_diff(
    this_paragraphs: list[Paragraph], last_paragraphs: list[Paragraph], pairs: PairReuse
) -> list[ParagraphDiff]:
    """Pair each paragraph with last year's it reuses most (each used once), then diff the pairs.

    Pairs are chosen greedily from the strongest reuse down (identical text first, however
    short), so a paragraph moved to another part still pairs with its origin; unpaired
    paragraphs are added or removed.
    """
    candidates = sorted(
        ((pairs[i][j], i, j) for i in range(len(this_paragraphs)) for j in range(len(last_paragraphs))),
        reverse=True,
    )
    pair_of: dict[int, int] = {}
    taken: set[int] = set()
    for share, i, j in candidates:
        if share < PAIRING_SHARE:
            break
        if i in pair_of or j in taken:
            continue
        pair_of[i] = j
        taken.add(j)
    diff: list[ParagraphDiff] = []
    for i, mine in enumerate(this_paragraphs):
        if i not in pair_of:
            diff.append(ParagraphDiff(kind="added", part=mine.part, subpart=mine.subpart, this=mine.text))
            continue
        theirs = last_paragraphs[pair_of[i]]
        same = mine.text == theirs.text
        diff.append(
            ParagraphDiff(
                kind="unchanged" if same else "changed",
                part=mine.part,
                subpart=mine.subpart,
                this=mine.text,
                last=theirs.text,
                segments=[] if same else character_diff(theirs.text, mine.text),
            )
        )
    for j, theirs in enumerate(last_paragraphs):
        if j in taken:
            continue
        removed = ParagraphDiff(kind="removed", part=theirs.part, subpart=theirs.subpart, last=theirs.text)
        rank = _section_rank(removed)
        position = next((n for n, entry in enumerate(diff) if _section_rank(entry) > rank), len(diff))
        diff.insert(position, removed)
    return diff


def _section_rank(entry: ParagraphDiff) -> int:
    """Reading order of a section, so a removed paragraph shows at the end of the section it left."""
    return list(Place).index(entry.place)


# --- the year-over-year series -------------------------------------------------------

SERIES_KEYS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("t3.new.total", "本年新收申请", ("t3.new.total",)),
    ("t3.disclosed.total", "予以公开", ("t3.disclosed.total",)),
    ("t3.partial.total", "部分公开", ("t3.partial.total",)),
    ("t3.results_total.total", "办理结果总计", ("t3.results_total.total",)),
    ("t4.review.total", "行政复议", ("t4.review.total",)),
    ("t4.suits.total", "行政诉讼", ("t4.suit_direct.total", "t4.suit_after_review.total")),
    ("t2.licensing.decisions", "行政许可决定", ("t2.licensing.decisions",)),
    ("t2.penalty.decisions", "行政处罚决定", ("t2.penalty.decisions",)),
)
"""The chart's lines: a label and the cells whose sum it plots (both suit rows make 行政诉讼)."""


def _series_value(figures: dict[str, Figure], summed: tuple[str, ...]) -> Figure | None:
    if not all(key in figures for key in summed):
        return None
    return sum(figures[key] for key in summed)


def year_series(reports: Sequence[Report]) -> list[SeriesLine]:
    """The key figures of every report with a year, one value per year (the later-given wins).

    A report whose tables could not be read is left out: its year would plot as gaps.
    """
    by_year: dict[int, Report] = {}
    for report in reports:
        if report.year is not None and report.tables_read:
            by_year[report.year] = report
    figures = {year: table_figures(by_year[year]) for year in sorted(by_year)}
    return [
        SeriesLine(
            key=key,
            label=label,
            values={year: _series_value(cells, summed) for year, cells in figures.items()},
        )
        for key, label, summed in SERIES_KEYS
    ]


# --- the whole comparison ------------------------------------------------------------


def compare(this: Report, last: Report, history: Sequence[Report] = ()) -> Comparison:
    """Compare this year's report with last year's; ``history`` adds earlier years to the chart."""
    chain = check(this, last)
    this_paragraphs, last_paragraphs = paragraphs_of(this), paragraphs_of(last)
    last_source = narrative_text(last)
    this_source = narrative_text(this)
    pairs = pair_reuse(this_paragraphs, last_paragraphs)
    return Comparison(
        agency=this.agency.name or last.agency.name,
        this_year=this.year,
        last_year=last.year,
        this_format=this.format,
        last_format=last.format,
        this_tables_read=this.tables_read,
        last_tables_read=last.tables_read,
        last_year_note=last_year_mismatch(this, last),
        cells=cell_changes(this, last),
        carry_over=[f for f in chain if f.rule in CARRY_OVER_RULES],
        stale_copy=[f for f in chain if f.rule in STALE_COPY_RULES],
        copied=[f for f in chain if f.rule in COPIED_RULES],
        narrative_reuse=round(reuse_ratio(this_source, last_source), 4),
        section_reuse=section_reuse(this, last, last_source),
        paragraph_reuse=paragraph_reuse(this_paragraphs, last_paragraphs, last_source, pairs),
        identical_sentences=identical_sentences(this, last),
        recurring_sentences=recurring_sentences(this, [*history, last]),
        paragraph_diff=paragraph_diff(this_paragraphs, last_paragraphs, pairs),
        series=year_series([*history, last, this]),
    )
