"""Tables 2, 3 and 4 mapped onto canonical keys by their labels: the one mapping every grid
goes through.

A reader's table, a grid pasted from Excel/WPS and the 数据录入 page's data editor all hand
their table over as a grid of cell strings (merged cells expanded), so the three agree by
construction.  Rows are found by their labels (fuzzy, tolerant of labels split
over several cells or merged into one, of extra header rows and of typos), columns by
their header labels when the grid's columns line up, and by the order the national
format prints them when they do not (a flattened text, or a Word table typed without
merged cells whose rows are not as wide as its header): then each row's figures are its
right-hand cells.  Blank cells read as 0 with one note a table naming the rows, except
stated totals left blank, which are left out rather than invented.  A table 2 row an
agency has no use for (a department's 规章, 行政强制 where it has no such powers) may be
left out: its cells are recorded as not printed, unknown rather than zero.  A row or
column that cannot be tied to the format raises :class:`UnreadableInput` naming the table,
the row and the cell: the caller never gets a guess; a grid that is none of the tables at
all raises :class:`NotAReport`.

Figures a person enters (``entry=True``: a paste, the data editor) are read the same way,
except that part of a table may be given, a row's columns may follow the format's order
without a header, and each value must be what its cell allows (a count whole and not
negative); a value that is not is a :class:`CellProblem`, collected so that an editor can
show every one while keeping what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from assistant.domain.layout import (
    APPLICANT_COLUMNS,
    CELL_BY_KEY,
    NOT_PROCESSED_ROWS,
    OTHER_HANDLING_ROWS,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    UNAVAILABLE_ROWS,
    WITHHELD_ROWS,
    Cell,
    ReportFormat,
    cell_name,
    cell_of,
    t2_sections,
    t3_rows,
    table_number,
)
from assistant.domain.numbers import BLANK_MARKS, as_figure, figure_problem, normalise, parse_cell
from assistant.errors import NotAReport, UnreadableInput

TABLE_NAMES = {2: "表二（主动公开政府信息情况）", 3: "表三（收到和处理政府信息公开申请情况）",
               4: "表四（政府信息公开行政复议、行政诉讼情况）"}  # fmt: skip


@dataclass(frozen=True)
class CellProblem:
    """A value that cannot stand in its cell, said where it is."""

    key: str
    message: str
    format: ReportFormat = ReportFormat.F2021
    row: int = 0
    """The row of the grid, counting from 1."""
    column: int = 0
    """The figure's place among the row's figures, counting from 1."""

    def __str__(self) -> str:
        return f"{cell_name(self.key, self.format)}：{self.message}"

    def located(self) -> str:
        """The problem with the cell's name and its place in the grid, for a message."""
        cell = cell_name(self.key, self.format, compact=True)
        where = f"，第 {self.row} 行第 {self.column} 列" if self.row else ""
        return f"{table_number(int(self.key[1]))}“{cell}”{where}：{self.message}"


def value_problem(cell: Cell, number: float) -> str | None:
    """What is wrong with a value entered in a cell, or None: a finite number of sensible
    size, and a count whole and not negative (a 2019 本年增/减 may be negative), an amount
    not negative."""
    if problem := figure_problem(number):
        return problem
    if number < 0 and not cell.may_be_negative:
        return "不能为负数"
    if not cell.is_amount and float(number) != int(number):
        return "件数应为整数"
    return None


@dataclass
class TableReading:
    """The figures one table states, with the reader's notes and the format it shows."""

    table: int
    figures: dict[str, int | float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    format: ReportFormat | None = None
    blanks: list[str] = field(default_factory=list)
    entry: bool = False
    """Figures a person enters: part of a table may be given, and values are checked."""
    problems: list[CellProblem] = field(default_factory=list)
    # Keys of the cells of rows the table does not print at all (see ``Report.not_printed``).
    not_printed: list[str] = field(default_factory=list)


# Labels and cells repeat from report to report: a batch reading thousands of them (a region's
# review) would otherwise spend most of its time folding the same strings again.
@lru_cache(maxsize=8192)
def clean_label(text: str) -> str:
    """A label with whitespace, markup noise and bracket/quote variants folded away."""
    text = normalise(text)
    text = re.sub(r"\s+", "", text)
    text = text.replace("(", "（").replace(")", "）").replace("．", ".").replace("、", "、")
    return text.replace("*", "").replace('"', "“")


@lru_cache(maxsize=8192)
def is_value_text(text: str) -> bool:
    """Whether a cell reads as a figure (or a blank/—, which reads as 0)."""
    value = clean_label(text)
    if value in BLANK_MARKS:
        return True
    try:
        parse_cell(value)
    except ValueError:
        return False
    return True


def _is_number(text: str) -> bool:
    return clean_label(text) not in BLANK_MARKS and is_value_text(text)


@lru_cache(maxsize=8192)
def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _dedupe(cells: list[str]) -> list[str]:
    """Label cells with the repeats of a merged cell dropped, in order."""
    seen: list[str] = []
    for cell in cells:
        if cell and cell not in seen:
            seen.append(cell)
    return seen


# --- which table a grid is ---------------------------------------------------------

_T3_WORDS = ("本年新收", "上年结转", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理",
             "其他处理", "结转下年", "自然人", "商业企业", "办理结果")  # fmt: skip
_T4_WORDS = ("维持", "纠正", "尚未审结", "直接起诉", "复议后起诉", "复议后诉", "直诉", "行政复议", "行政诉讼")
_T2_WORDS = ("第二十条", "规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
             "政府集中采购", "本年制发", "现行有效", "新制作", "上一年项目", "处理决定")  # fmt: skip


def table_kind(grid: list[list[str]]) -> int | None:
    """2, 3 or 4 for a grid that is (part of) one of the report's tables, else ``None``."""
    text = clean_label("".join("".join(row) for row in grid))
    scores = {
        3: sum(word in text for word in _T3_WORDS),
        4: sum(word in text for word in _T4_WORDS),
        2: sum(word in text for word in _T2_WORDS),
    }
    if scores[3] >= 2:
        return 3
    if (scores[4] >= 2 and scores[3] == 0) or (scores[4] == 1 and not scores[2] + scores[3]):
        return 4
    if scores[2] >= 1 and scores[3] == 0:
        return 2
    if scores[3] == 1 and len(text) < 400:
        return 3
    return None


# --- reading a value cell ----------------------------------------------------------


def _read_value(
    reading: TableReading, fmt: ReportFormat, key: str, text: str, row: int, column: int, label: str
) -> None:
    """One figure cell: blank and — read as 0 (a blank total is left to be derived), a figure
    kept as stated — or, entered by a person, checked against what the cell allows."""
    cell = cell_of(key, fmt)
    try:
        value, blank = parse_cell(clean_label(text))
    except ValueError:
        _problem(reading, CellProblem(key, f"“{text.strip()}”不是数字", fmt, row, column))
        return
    if problem := figure_problem(value):
        _problem(reading, CellProblem(key, problem, fmt, row, column))
        return
    if key in reading.figures:
        raise UnreadableInput(f"第 {row} 行（{TABLE_NAMES[reading.table]}“{label}”）：同一单元格出现了两次。")
    if blank:
        reading.blanks.append(key)
        if cell is not None and cell.is_total:
            return
        reading.figures[key] = 0
        return
    problem = value_problem(cell, value) if reading.entry and cell is not None else None
    if problem:
        _problem(reading, CellProblem(key, f"{problem}（填写的是 {text.strip()}）", fmt, row, column))
        return
    reading.figures[key] = as_figure(value)


def _problem(reading: TableReading, problem: CellProblem) -> None:
    """A value entered by a person is set aside with its problem; one a document states
    that is not a figure at all makes the table unreadable."""
    if not reading.entry:
        raise UnreadableInput(problem.located())
    reading.problems.append(problem)


def _row_error(table: int, row: int, label: str, message: str) -> UnreadableInput:
    named = f"“{label}”" if label else ""
    return UnreadableInput(f"第 {row} 行（{TABLE_NAMES[table]}{named}）：{message}")


def _row_name(key: str, fmt: ReportFormat) -> str:
    """A row as a note names it, briefly: “规章”, “本年新收”, “（三）1.属于国家秘密”, “行政复议”."""
    cell = CELL_BY_KEY[fmt].get(key) or CELL_BY_KEY[ReportFormat.F2021][key]
    if cell.table != 3:
        return cell.row_label
    row_key = key.removeprefix("t3.").rsplit(".", 1)[0]
    row = next(row for row in t3_rows(fmt) if row.key == row_key)
    label = re.sub(r"^[一二四]、|政府信息公开申请数量$|（区分处理的.*）$", "", row.label)
    return f"{row.group_label[:3]}{label}" if row.group_label else label


_ROWS_NAMED = 5


def _blank_note(reading: TableReading) -> None:
    """One note for a table's blank cells: how many, in which rows, and which blank totals
    were left for the code to derive (the format asks for 0 in every cell)."""
    if not reading.blanks:
        return
    fmt = reading.format or ReportFormat.F2021
    name = TABLE_NAMES[reading.table].split("（")[0]
    rows = list(dict.fromkeys(_row_name(key, fmt) for key in reading.blanks))
    shown = "、".join(f"“{row}”" for row in rows[:_ROWS_NAMED]) + ("等" if len(rows) > _ROWS_NAMED else "")
    note = (
        f"{name}有 {len(reading.blanks)} 个单元格为空白或“—”（格式要求填写 0），"
        f"分布在 {len(rows)} 行（{shown}），按 0 读取"
    )
    left_out = [key for key in reading.blanks if key not in reading.figures]
    if left_out:
        keys = "、".join(left_out[:3]) + ("等" if len(left_out) > 3 else "")
        note += f"，其中 {len(left_out)} 个总计单元格（{keys}）未按 0 读取，留给程序推算"
    reading.notes.append(note + "。")


# --- table 2 ------------------------------------------------------------------------

_T2_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("normative", ("规范性文件",)),
    ("rules", ("规章",)),
    ("other_services", ("其他对外管理服务", "对外管理服务")),
    ("licensing", ("行政许可",)),
    ("penalty", ("行政处罚",)),
    ("coercion", ("行政强制",)),
    ("fees", ("行政事业性收费", "事业性收费", "收费")),
    ("procurement", ("政府集中采购", "集中采购")),
)
_T2_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("issued", ("本年制发", "制发件数", "新制发", "制发", "出台", "印发")),
    ("repealed", ("废止",)),
    ("in_force", ("现行有效", "有效")),
    ("amount", ("收费金额",)),
    ("made", ("新制作",)),
    ("published", ("新公开",)),
    ("public_total", ("对外公开总", "公开总数")),
    ("prev_items", ("上一年项目", "上年项目")),
    ("change", ("增/减", "增减", "增（减）")),
    ("decisions", ("处理决定",)),
    ("items", ("采购项目",)),
    ("amount_yuan", ("采购总金额", "采购金额")),
)
_T2_2019_ONLY = {"made", "published", "public_total", "prev_items", "change", "items", "amount_yuan"}


def _named(label: str, vocabulary: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    text = clean_label(label)
    return next((key for key, words in vocabulary if any(word in text for word in words)), None)


def t2_column(label: str) -> str | None:
    """The table 2 column (``issued``, ``decisions``, ``amount`` …) a label names."""
    return _named(label, _T2_COLUMNS)


def t2_row(label: str) -> str | None:
    """The table 2 row (``rules``, ``normative``, ``penalty``, ``fees`` …) a label names."""
    return _named(label, _T2_ROWS)


def _t2_row(cell: str) -> str | None:
    """A grid cell that labels a table 2 row: short, and not a column header."""
    label = clean_label(cell)
    if not label or t2_column(cell) or len(label) > 30:
        return None
    return t2_row(cell)


@dataclass
class _T2Row:
    """A data row of table 2 with the header row that names its columns."""

    number: int
    key: str
    cells: list[str]
    label_at: int
    columns: list[tuple[int, str]]
    header_width: int


def _section_columns(row_key: str, fmt: ReportFormat) -> list[tuple[int, str]]:
    """The columns of a table 2 row in the order the format prints them (for a row entered
    without its header)."""
    section = next(section for section in t2_sections(fmt) if row_key in dict(section.rows))
    return [(-1, column) for column, _ in section.columns]


def map_table2(
    grid: list[list[str]], fmt_hint: ReportFormat | None = None, *, entry: bool = False
) -> TableReading:
    """Table 2: each block's header row names the columns, each data row names its item.

    Entered without a header, a row's figures follow the format's order for its item."""
    reading = TableReading(2, entry=entry)
    header_width = 0
    columns: list[tuple[int, str]] = []
    found: list[_T2Row] = []
    for number, cells in enumerate(grid, start=1):
        header_keys = [(i, key) for i, cell in enumerate(cells) if (key := t2_column(cell))]
        label_at = next((i for i, cell in enumerate(cells) if _t2_row(cell)), None)
        if header_keys and label_at is None:
            header_width, columns = len(cells), []
            for i, key in header_keys:
                if key not in [k for _, k in columns]:
                    columns.append((i, key))
            continue
        if label_at is None:
            continue
        row_key = _t2_row(cells[label_at]) or ""
        if not columns and not entry:
            raise _row_error(2, number, cells[label_at], "之前没有列标题，无法确定各数字的含义。")
        row_columns = columns or _section_columns(row_key, fmt_hint or ReportFormat.F2021)
        found.append(_T2Row(number, row_key, cells, label_at, row_columns, header_width))
    seen = {key for row in found for _, key in row.columns}
    fmt = ReportFormat.F2019 if seen & _T2_2019_ONLY else (fmt_hint or ReportFormat.F2021)
    reading.format = fmt
    for row in found:
        label = clean_label(row.cells[row.label_at])
        # Columns line up with the header when the row is as wide; otherwise (a flattened
        # text, or a row typed without its header) the figures follow the label in order.
        aligned = len(row.cells) == row.header_width
        keys = [f"t2.{row.key}.{column_key}" for _, column_key in row.columns]
        for key, (_, column_key) in zip(keys, row.columns, strict=True):
            if key not in CELL_BY_KEY[fmt]:
                raise _row_error(2, row.number, label, f"列“{column_key}”不属于{fmt.value}年版格式的表二。")
        following = row.cells[row.label_at + 1 :]
        if entry and not aligned:
            named = [(key, CELL_BY_KEY[fmt][key].column_label) for key in keys]
            following = _entered_values(2, row.number, label, row.cells, [row.cells[row.label_at]], named)
        for position, (key, (column_at, _)) in enumerate(zip(keys, row.columns, strict=True)):
            cells, at = (row.cells, column_at) if aligned else (following, position)
            _read_value(
                reading, fmt, key, cells[at] if at < len(cells) else "", row.number, position + 1, label
            )
    if not found:
        raise NotAReport(f"{TABLE_NAMES[2]}：没有找到任何可以对应到格式的行。")
    if not entry:
        _not_printed(reading, fmt, {row.key for row in found})
    _blank_note(reading)
    return reading


def _not_printed(reading: TableReading, fmt: ReportFormat, printed: set[str]) -> None:
    """The table 2 rows the document leaves out, recorded by their cells with a note: an
    agency prints only the items it has (a department makes no 规章), so a row left out is
    not a damaged table, and its figures are unknown rather than 0."""
    cells = [cell for cell in CELL_BY_KEY[fmt].values() if cell.table == 2]
    absent = [cell for cell in cells if cell.key.split(".")[1] not in printed]
    if not absent:
        return
    reading.not_printed = [cell.key for cell in absent]
    rows = "、".join(f"“{label}”" for label in dict.fromkeys(cell.row_label for cell in absent))
    reading.notes.append(
        f"表二未列出{rows}行（机关不涉及的事项常不列出），按“未列出”处理："
        "不按 0 计，也不拿它们检查或与上年对比。"
    )


# --- table 3 ------------------------------------------------------------------------

_GROUPS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    ("withheld", ("不予公开",), WITHHELD_ROWS),
    ("unavailable", ("无法提供",), UNAVAILABLE_ROWS),
    ("not_processed", ("不予处理",), NOT_PROCESSED_ROWS),
    ("other_handling", ("其他处理",), OTHER_HANDLING_ROWS),
)
_LEAVES = {group: leaves for group, _, leaves in _GROUPS}
_SPLIT = re.compile(r"(?=（[一二三四五六七]）)|(?<![\d.])(?=\d{1,2}[.、](?!\d))")
_LEAF_NUMBER = re.compile(r"^(\d{1,2})[.、]")


# Phrases that name a leaf row on their own, as staff write them in a message or a label cut
# short; the official wording (``WITHHELD_ROWS`` …) is matched by similarity besides.
_LEAF_PHRASES: tuple[tuple[str, str], ...] = (
    ("国家秘密", "withheld.state_secret"),
    ("法律行政法规禁止公开", "withheld.law_prohibited"),
    ("三安全一稳定", "withheld.security_stability"),
    ("第三方合法权益", "withheld.third_party"),
    ("内部事务信息", "withheld.internal_affairs"),
    ("过程性信息", "withheld.process_info"),
    ("行政执法案卷", "withheld.enforcement_file"),
    ("行政查询事项", "withheld.query_matter"),
    ("不掌握", "unavailable.not_held"),
    ("另行制作", "unavailable.needs_creation"),
    ("仍不明确", "unavailable.unclear"),
    ("信访举报投诉", "not_processed.petition"),
    ("重复申请", "not_processed.duplicate"),
    ("公开出版物", "not_processed.publication"),
    ("大量反复申请", "not_processed.excessive"),
    ("重新出具", "not_processed.reconfirm"),
    ("逾期不补正", "other_handling.no_correction"),
    ("缴纳费用", "other_handling.unpaid_fee"),
    ("收费通知", "other_handling.unpaid_fee"),
)


def t3_row(label: str, group: str | None = None, fmt: ReportFormat = ReportFormat.F2021) -> str | None:
    """The table 3 row (``new``, ``withheld.state_secret`` …) a label names, or None;
    ``group`` is the enclosing group for a bare leaf such as “3.其他” under （六）其他处理."""
    text = clean_label(label).replace("“", "").replace("”", "")
    if not text:
        return None
    valid = {row.key for row in t3_rows(fmt)}
    top = _top_row(text)
    if top is not None and top in valid:
        return top
    for phrase, key in _LEAF_PHRASES:
        if phrase in text and key in valid:
            return key
    found = t3_group(text) or group
    if found == "other_handling" and fmt is ReportFormat.F2019:
        return "other_handling"
    if found == "other_handling" and text.endswith("其他"):
        return "other_handling.other"
    return None


def _segments(label_cells: list[str]) -> list[str]:
    pieces: list[str] = []
    for cell in _dedupe([clean_label(c) for c in label_cells]):
        pieces.extend(piece for piece in _SPLIT.split(cell) if piece)
    return pieces


def _top_row(segment: str) -> str | None:
    if "新收" in segment:
        return "new"
    if "上年结转" in segment or "上年度结转" in segment:
        return "carried_in"
    if "结转下年" in segment or "下年度继续" in segment:
        return "carried_out"
    if "予以公开" in segment and "不予" not in segment:
        return "disclosed"
    if "部分公开" in segment:
        return "partial"
    if "总计" in segment and len(segment) <= 10:
        return "results_total"
    return None


_GROUP_NUMERALS = {"三": "withheld", "四": "unavailable", "五": "not_processed", "六": "other_handling"}


def t3_group(segment: str) -> str | None:
    """The outcome group a label names, by its words or (when they are cut off, as in a
    cell broken over two pages) by its number （三）–（六）."""
    for group, words, _ in _GROUPS:
        if any(word in segment for word in words):
            return group
    numbered = re.match(r"^（([三四五六])）", segment)
    if numbered and len(segment) <= 8:
        return _GROUP_NUMERALS[numbered.group(1)]
    return None


def _leaf(segment: str, group: str | None, reading: TableReading) -> str | None:
    """The leaf row a segment names: by its wording, within its group when known."""
    number = _LEAF_NUMBER.match(segment)
    text = _LEAF_NUMBER.sub("", segment)
    candidates = (
        [(group, leaf, label) for leaf, label in _LEAVES[group]]
        if group
        else [(g, leaf, label) for g, leaves in _LEAVES.items() for leaf, label in leaves]
    )
    scored = sorted(
        (
            (_similar(text, clean_label(_LEAF_NUMBER.sub("", label))), g, leaf, label)
            for g, leaf, label in candidates
        ),
        reverse=True,
    )
    if not scored:
        return None
    best, best_group, best_leaf, best_label = scored[0]
    if best >= 0.85 or (
        text and clean_label(_LEAF_NUMBER.sub("", best_label)).startswith(text) and len(text) >= 2
    ):
        return f"{best_group}.{best_leaf}"
    if best >= 0.5 and (number is None or best_label.startswith(f"{number.group(1)}.")):
        reading.notes.append(f"表三行标签“{segment}”与格式中的“{best_label}”近似，按后者读取。")
        return f"{best_group}.{best_leaf}"
    return None


@dataclass
class _T3State:
    group: str | None = None


def _t3_row_key(label_cells: list[str], state: _T3State, reading: TableReading) -> str | None:
    key: str | None = None
    for segment in _segments(label_cells):
        top = _top_row(segment)
        if top is not None:
            state.group = None
            key = top
            continue
        group = t3_group(segment)
        if group is not None and not _LEAF_NUMBER.match(segment):
            state.group = group
            key = group if group == "other_handling" else None
            continue
        if "办理结果" in segment:
            state.group = None
            continue
        leaf = None
        if _LEAF_NUMBER.match(segment) or state.group:
            leaf = _leaf(segment, state.group, reading)
            if leaf is None and state.group and _LEAF_NUMBER.match(segment):
                leaf = _leaf(segment, None, reading)
        if leaf is None and reading.entry:
            leaf = next((key for phrase, key in _LEAF_PHRASES if phrase in segment), None)
        if leaf is not None:
            state.group = leaf.split(".")[0]
            key = leaf
    return key


_T3_COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益"),
    ("legal", "法律服务"),
    ("total", "总计"),
    ("natural", "个人"),
    ("natural", "公民"),
    ("business", "企业"),
    ("other", "其他申请人"),
)


def t3_column(label: str) -> str | None:
    """The table 3 column (``natural`` … ``other``, ``total``) a label names.  The header
    “法人或其他组织” spans five columns and names none of them."""
    text = clean_label(label)
    if text in {"其他", "其它"} or ("其他组织" in text and "法人" not in text):
        return "other"
    return next((key for key, word in _T3_COLUMN_WORDS if word in text), None)


def _column_keys(
    header_rows: list[list[str]], width: int, resolve: Callable[[str], str | None]
) -> list[str | None]:
    """Each column's key from its most specific header text (the lowest non-empty cell)."""
    keys: list[str | None] = []
    for j in range(width):
        texts = _dedupe([clean_label(row[j]) for row in header_rows if j < len(row)])
        key = None
        for text in reversed(texts):
            key = resolve(text)
            if key is not None:
                break
        keys.append(key)
    return keys


def _mistyped_figure(cell: str) -> bool:
    """A cell like "约3" or "3件": digits with at most two other characters.  After a row's
    label it stands where a figure belongs, so it is read (and refused) as a figure rather
    than taken as part of the label, which would leave the row a column short."""
    rest = re.sub(r"[\s0-9０-９.,，．%％]", "", cell)
    return bool(re.search(r"[0-9０-９]", cell)) and len(rest) <= 2


def _t3_labels(row: list[str], entry: bool) -> list[str]:
    """A row's label cells: the cells before its figures that do not read as figures."""
    labels: list[str] = []
    for cell in row:
        if is_value_text(cell) or (entry and labels and _mistyped_figure(cell)):
            if labels and entry:
                break
            continue
        labels.append(cell)
    return labels


def map_table3(
    grid: list[list[str]], fmt_hint: ReportFormat | None = None, *, entry: bool = False
) -> TableReading:
    """Table 3: rows by their (possibly split) labels, the applicant columns by header.

    Without 总计 in the header (or, entered without a header, when every row has six
    figures) the totals are left to be derived.  Entered by a person, part of the table may
    be given."""
    reading = TableReading(3, entry=entry)
    state = _T3State()
    rows: list[tuple[int, str, list[str], list[str]]] = []
    header_rows: list[list[str]] = []
    width = max((len(row) for row in grid), default=0)
    for number, row in enumerate(grid, start=1):
        if not any(cell.strip() for cell in row):
            continue
        labels = _t3_labels(row, entry)
        if len({t3_column(cell) for cell in labels} - {None}) >= 2:
            if not rows:
                header_rows.append(row)
            continue
        key = _t3_row_key(labels, state, reading)
        if key is None:
            if any(_is_number(cell) for cell in row) and labels:
                raise _row_error(3, number, "".join(_dedupe(labels)), "无法对应到格式中的任何一行。")
            if not rows and not any(_is_number(cell) for cell in row):
                header_rows.append(row)
            continue
        rows.append((number, key, row, labels))
    if not rows:
        raise NotAReport(f"{TABLE_NAMES[3]}：没有找到任何可以对应到格式的行。")
    columns = _column_keys(header_rows, width, t3_column)
    named = set(filter(None, columns))
    applicants = {key for key, _ in APPLICANT_COLUMNS}
    # Positions under the header hold only when the header rows are as wide as the rows
    # below them (merged cells expanded); a header typed shorter, as in a Word table
    # without merges, says nothing about where a row's figures sit.
    aligned = (
        named in (applicants, applicants | {"total"})
        and all(len(row) == width for _, _, row, _ in rows)
        and all(len(row) == width for row in header_rows if any(t3_column(cell) for cell in row))
    )
    without_total = (aligned and "total" not in named) or (
        not header_rows
        and all(_figure_count(row, labels) == len(APPLICANT_COLUMNS) for _, _, row, labels in rows)
    )
    read_columns = T3_COLUMNS[:-1] if without_total else T3_COLUMNS
    fmt = ReportFormat.F2019 if any(key == "other_handling" for _, key, _, _ in rows) else ReportFormat.F2021
    if (
        fmt_hint is ReportFormat.F2019
        and fmt is ReportFormat.F2021
        and not any(key.startswith("other_handling.") for _, key, _, _ in rows)
    ):
        fmt = ReportFormat.F2019
    reading.format = fmt
    for number, row_key, row, labels in rows:
        label = "".join(_dedupe([clean_label(c) for c in labels]))
        _refuse_extra_values(3, number, label, row, len(read_columns), "六类申请人及总计")
        if aligned:
            positions: dict[str, int] = {}
            for j, column in enumerate(columns):
                if column is not None and column not in positions:
                    positions[column] = j
            for place, (column, _) in enumerate(read_columns, start=1):
                _read_value(
                    reading, fmt, f"t3.{row_key}.{column}", row[positions[column]], number, place, label
                )
            continue
        values = _entered_values(3, number, label, row, labels, read_columns) if entry else None
        values = values or _trailing_values(row, len(read_columns))
        if values is None:
            raise _row_error(
                3, number, label, f"应有 {len(read_columns)} 列数字（六类申请人及总计），未能读出。"
            )
        for place, ((column, _), text) in enumerate(zip(read_columns, values, strict=True), start=1):
            _read_value(reading, fmt, f"t3.{row_key}.{column}", text, number, place, label)
    if not entry:
        expected = {row.key for row in t3_rows(fmt)}
        missing_rows = [
            row.label for row in t3_rows(fmt) if row.key in expected - {key for _, key, _, _ in rows}
        ]
        if missing_rows:
            raise UnreadableInput(f"{TABLE_NAMES[3]}缺少以下行：{'；'.join(missing_rows)}。")
    _blank_note(reading)
    return reading


def _after_labels(row: list[str], labels: list[str]) -> list[str]:
    """The cells that follow a row's labels: its figures, blank or not."""
    last_label = max((i for i, cell in enumerate(row) if cell in labels), default=-1)
    return row[last_label + 1 :]


def _figure_count(row: list[str], labels: list[str]) -> int:
    return len(_after_labels(row, labels))


def _entered_values(
    table: int, number: int, label: str, row: list[str], labels: list[str], columns: Sequence[tuple[str, str]]
) -> list[str]:
    """A row a person entered without its header: its figures are the cells after its label,
    one for each column in the format's order; one too few or too many is said, not guessed."""
    values = _after_labels(row, labels)
    while len(values) > len(columns) and not values[-1].strip():
        values = values[:-1]
    if len(values) < len(columns):
        missing = columns[len(values)][1]
        raise _row_error(
            table, number, label, f"只有 {len(values)} 列数字，缺少第 {len(values) + 1} 列“{missing}”。"
        )
    if len(values) > len(columns):
        raise _row_error(table, number, label, f"有 {len(values)} 列数字，本行应为 {len(columns)} 列。")
    return values


def _refuse_extra_values(
    table: int, number: int, label: str, row: list[str], count: int, columns: str
) -> None:
    """A row with more value cells after its label than the table has columns is an error:
    which cell is the stray one cannot be known, so no ``count`` of them may be picked."""
    run: list[str] = []
    for cell in reversed(row):
        if not is_value_text(cell):
            break
        run.insert(0, cell)
    # Blank cells at either end are layout (an empty label column, a ragged row end).
    while len(run) > count and not _is_number(run[-1]):
        run.pop()
    while len(run) > count and not _is_number(run[0]):
        run.pop(0)
    if len(run) > count:
        raise _row_error(
            table,
            number,
            label,
            f"有 {len(run)} 列数字，本行应为 {count} 列（{columns}），"
            "无法确定多出的数字属于哪一列，请核对该行。",
        )


def _trailing_values(row: list[str], count: int) -> list[str] | None:
    """The last ``count`` cells of a row when they all read as figures (or blanks)."""
    cells = list(row)
    while cells and not cells[-1].strip() and len(cells) > count and not _row_has_enough(cells, count):
        cells.pop()
    tail = cells[-count:]
    if len(tail) < count or not all(is_value_text(cell) for cell in tail):
        return None
    return tail


def _row_has_enough(cells: list[str], count: int) -> bool:
    tail = cells[-count:]
    return len(tail) == count and all(is_value_text(c) for c in tail) and any(_is_number(c) for c in tail)


# --- table 4 ------------------------------------------------------------------------


def t4_group(text: str) -> str | None:
    """The table 4 group (``review``, ``suit_direct``, ``suit_after_review``) a label names."""
    if "复议后" in text:
        return "suit_after_review"
    if "直接起诉" in text or "未经复议" in text or "直诉" in text:
        return "suit_direct"
    if "诉讼" in text:
        return None
    if "复议" in text:
        return "review"
    return None


def t4_column(text: str) -> str | None:
    """The table 4 result column (``upheld`` … ``total``) a label names."""
    for key, word in (("upheld", "维持"), ("corrected", "纠正"), ("pending", "审结"), ("pending", "审理中"),
                      ("total", "总计"), ("total", "合计"), ("other", "其他")):  # fmt: skip
        if word in text:
            return key
    return None


def _t4_key(header_text: str) -> str | None:
    group, column = t4_group(header_text), t4_column(header_text)
    return f"{group}.{column}" if group and column else None


_T4_ORDER = tuple(f"{group}.{column}" for group, _ in T4_GROUPS for column, _ in T4_COLUMNS)


def map_table4(grid: list[list[str]], *, entry: bool = False) -> TableReading:
    """Table 4: the one row of fifteen figures under its group and result headers, or one
    row per group (行政复议, 未经复议直接起诉, 复议后起诉) with its four results and 总计."""
    reading = TableReading(4, entry=entry)
    # The data row is fifteen figures, perhaps after a label of its own (“行政复议 1 0 0 …”).
    data_rows = [
        (number, row[len(row) - len(figures) :])
        for number, row in enumerate(grid, start=1)
        if len(figures := _without_leading_labels(row)) >= 15 and all(is_value_text(cell) for cell in figures)
    ]
    if not data_rows:
        _map_group_rows(reading, grid)
        _blank_note(reading)
        return reading
    number, data = data_rows[-1]
    header_rows = [row for row in grid[: number - 1] if not all(is_value_text(cell) for cell in row)]
    columns = [_t4_key(text) for text in _joined_headers(header_rows, len(data))]
    _refuse_extra_values(4, number, "", data, len(_T4_ORDER), "三组×五列")
    header_as_wide = all(len(row) == len(data) for row in header_rows)
    if (
        header_as_wide
        and sorted(filter(None, columns)) == sorted(_T4_ORDER)
        and len(set(filter(None, columns))) == 15
    ):
        positions: dict[str, int] = {}
        for j, column in enumerate(columns):
            if column is not None and column not in positions:
                positions[column] = j
        for place, key in enumerate(_T4_ORDER, start=1):
            _read_value(reading, ReportFormat.F2021, f"t4.{key}", data[positions[key]], number, place, "")
    else:
        values = _trailing_values(data, 15)
        if values is None or sum(_is_number(cell) for cell in data) > 15:
            raise _row_error(4, number, "", "应有 15 个数字（三组×五列），未能按列标题读出。")
        header_words = "".join(clean_label("".join(row)) for row in header_rows)
        if header_rows and not ("复议" in header_words and "诉" in header_words):
            raise UnreadableInput(
                f"{TABLE_NAMES[4]}：列标题中没有“行政复议”“行政诉讼”，无法确定各数字的含义。"
            )
        for place, (key, text) in enumerate(zip(_T4_ORDER, values, strict=True), start=1):
            _read_value(reading, ReportFormat.F2021, f"t4.{key}", text, number, place, "")
    _blank_note(reading)
    return reading


def _without_leading_labels(row: list[str]) -> list[str]:
    at = 0
    while at < len(row) and row[at].strip() and not is_value_text(row[at]):
        at += 1
    return row[at:]


def _map_group_rows(reading: TableReading, grid: list[list[str]]) -> None:
    """Table 4 as one row per group: the results by the header's words where it names them,
    else in the format's order (总计 may be left out, to be derived)."""
    header: list[str | None] = []
    found = False
    for number, row in enumerate(grid, start=1):
        labels = [cell for cell in row if cell.strip() and not is_value_text(cell)]
        group = t4_group(clean_label("".join(labels))) if labels else None
        if group is None:
            if labels and any(_is_number(cell) for cell in row):
                raise _row_error(4, number, "".join(labels), "无法对应到表四的任何一组。")
            if labels:
                header = [t4_column(clean_label(cell)) if cell.strip() else None for cell in row]
            continue
        found = True
        label = clean_label("".join(labels))
        named = [(j, column) for j, column in enumerate(header) if column is not None]
        if named and len(header) == len(row):
            places = [(j, column) for j, column in named]
        else:
            given = len(_after_labels(row, labels))
            order = [key for key, _ in T4_COLUMNS]
            columns = [(c, dict(T4_COLUMNS)[c]) for c in (order if given >= len(order) else order[:-1])]
            values = _entered_values(4, number, label, row, labels, columns)
            offset = len(row) - len(values)
            places = [(offset + i, column) for i, (column, _) in enumerate(columns)]
        for place, (at, column) in enumerate(places, start=1):
            _read_value(reading, ReportFormat.F2021, f"t4.{group}.{column}", row[at], number, place, label)
    if not found:
        raise NotAReport(
            f"{TABLE_NAMES[4]}：没有找到 15 个数字的数据行，也没有按“行政复议”“行政诉讼”分行的数字。"
        )


def _joined_headers(header_rows: list[list[str]], width: int) -> list[str]:
    """Per column, the header texts above it joined; an empty cell inherits from its left
    neighbour in the same row (a merged group cell that a format left empty)."""
    filled: list[list[str]] = []
    for row in header_rows:
        cells = [clean_label(c) for c in row] + [""] * max(0, width - len(row))
        for j in range(1, len(cells)):
            if not cells[j] and t4_group(cells[j - 1]) is not None:
                cells[j] = cells[j - 1]
        filled.append(cells)
    return ["".join(_dedupe([row[j] for row in filled if j < len(row)])) for j in range(width)]


# --- a grid of bare figures ----------------------------------------------------------


def labelled_by_shape(grid: list[list[str]]) -> tuple[int, list[list[str]]]:
    """A grid of figures without a single label, as pasted from the number cells of a
    table: which table it is by its shape, with the format's row labels put in front.

    Table 3 is 25 rows (23 in the 2019 format) of six or seven figures; table 4 one row of
    fifteen or three rows of four or five; table 2 six rows of 3, 3, 1, 1, 1, 1.  Any other
    shape is refused, never guessed."""
    rows = [row for row in grid if any(cell.strip() for cell in row)]
    widths = [len(row) for row in rows]
    for fmt in ReportFormat:
        labels = [f"{row.group_label or ''}{row.label}" for row in t3_rows(fmt)]
        if len(rows) == len(labels) and set(widths) <= {6, 7}:
            return 3, [[label, *row] for label, row in zip(labels, rows, strict=True)]
    if widths == [15]:
        return 4, rows
    if len(rows) == len(T4_GROUPS) and set(widths) <= {4, 5}:
        return 4, [[label, *row] for (_, label), row in zip(T4_GROUPS, rows, strict=True)]
    if widths == [3, 3, 1, 1, 1, 1]:
        labels = [label for section in t2_sections() for _, label in section.rows]
        return 2, [[label, *row] for label, row in zip(labels, rows, strict=True)]
    raise NotAReport(
        "无法识别是哪一张表：既没有可识别的行标签，形状也不符合表二（6 行）、表三（25 行 × 7 列）"
        f"或表四（1 行 × 15 列）；读到 {len(rows)} 行数字，每行列数为 {widths}。"
    )


def entered_figures(
    grid: list[list[str]], table: int | None = None, fmt_hint: ReportFormat | None = None
) -> TableReading:
    """What a person entered as a grid (a paste, the data editor): labelled rows, or bare
    figures in a table's shape.  Problems in cells are collected, not raised."""
    has_labels = any(cell.strip() and not is_value_text(cell) for row in grid for cell in row)
    if not has_labels:
        table, grid = labelled_by_shape(grid)
    return map_grid(grid, table, fmt_hint, entry=True)


# --- the whole report ---------------------------------------------------------------


def map_grid(
    grid: list[list[str]],
    table: int | None = None,
    fmt_hint: ReportFormat | None = None,
    *,
    entry: bool = False,
) -> TableReading:
    """Map one grid (a whole table, a table's blocks joined, or what a person entered) onto
    canonical keys."""
    kind = table or table_kind(grid)
    if kind == 2:
        return map_table2(grid, fmt_hint, entry=entry)
    if kind == 3:
        return map_table3(grid, fmt_hint, entry=entry)
    if kind == 4:
        return map_table4(grid, entry=entry)
    raise NotAReport("无法判断这是表二、表三还是表四：表格中没有可识别的行或列标题。")


__all__ = [
    "APPLICANT_COLUMNS",
    "CellProblem",
    "TableReading",
    "clean_label",
    "is_value_text",
    "map_grid",
    "map_table2",
    "map_table3",
    "map_table4",
    "table_kind",
]
