"""Tables 2, 3 and 4 of a report mapped onto canonical keys by their labels.

Every reader (and the pasted-grid parser) hands a table over as a grid of cell strings,
merged cells expanded.  Rows are found by their labels (fuzzy, tolerant of labels split
over several cells or merged into one, of extra header rows and of typos), columns by
their header labels when the grid's columns line up, and by the order the national
format prints them when they do not (a flattened text).  Blank cells read as 0 with a
note, except stated totals left blank, which are left out rather than invented.  A row
or column that cannot be tied to the format raises :class:`TableMappingError` naming the
table, the row and the cell: the caller never gets a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

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
    ReportFormat,
    t3_rows,
)
from assistant.domain.numbers import BLANK_MARKS, as_figure, figure_problem, normalise, parse_cell

TABLE_NAMES = {2: "表二（主动公开政府信息情况）", 3: "表三（收到和处理政府信息公开申请情况）",
               4: "表四（政府信息公开行政复议、行政诉讼情况）"}  # fmt: skip


class TableMappingError(ValueError):
    """A table (or one of its cells) could not be tied to the national format."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class TableReading:
    """The figures one table states, with the reader's notes and the format it shows."""

    table: int
    figures: dict[str, int | float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    format: ReportFormat | None = None
    blanks: list[str] = field(default_factory=list)


def clean_label(text: str) -> str:
    """A label with whitespace, markup noise and bracket/quote variants folded away."""
    text = normalise(text)
    text = re.sub(r"\s+", "", text)
    text = text.replace("(", "（").replace(")", "）").replace("．", ".").replace("、", "、")
    return text.replace("*", "").replace('"', "“")


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
_T4_WORDS = ("维持", "纠正", "尚未审结", "直接起诉", "复议后起诉", "复议后诉", "直诉")
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
    if scores[4] >= 2 and scores[3] == 0:
        return 4
    if scores[2] >= 1 and scores[3] == 0:
        return 2
    if scores[3] == 1 and len(text) < 400:
        return 3
    return None


# --- reading a value cell ----------------------------------------------------------


def _read_value(reading: TableReading, fmt: ReportFormat, key: str, text: str, where: str) -> None:
    cell = CELL_BY_KEY[fmt].get(key) or CELL_BY_KEY[ReportFormat.F2021].get(key)
    try:
        value, blank = parse_cell(clean_label(text))
    except ValueError:
        raise TableMappingError(
            f"{TABLE_NAMES[reading.table]}{where}：单元格“{text.strip()}”不是数字，无法读取。"
        ) from None
    if problem := figure_problem(value):
        raise TableMappingError(f"{TABLE_NAMES[reading.table]}{where}：单元格{problem}。")
    if key in reading.figures:
        raise TableMappingError(f"{TABLE_NAMES[reading.table]}{where}：同一单元格（{key}）出现了两次。")
    if blank:
        reading.blanks.append(key)
        if cell is not None and cell.is_total:
            return
        reading.figures[key] = 0
        return
    reading.figures[key] = as_figure(value)


def _blank_note(reading: TableReading) -> None:
    if not reading.blanks:
        return
    stated_zero = [key for key in reading.blanks if key in reading.figures]
    left_out = [key for key in reading.blanks if key not in reading.figures]
    name = TABLE_NAMES[reading.table].split("（")[0]
    if stated_zero:
        reading.notes.append(f"{name}有 {len(stated_zero)} 个空白或“—”单元格，按 0 读取。")
    if left_out:
        shown = "、".join(left_out[:3]) + ("等" if len(left_out) > 3 else "")
        reading.notes.append(
            f"{name}有 {len(left_out)} 个总计单元格空白（{shown}），未按 0 读取，留给程序推算。"
        )


# --- table 2 ------------------------------------------------------------------------

_T2_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("normative", ("规范性文件",)),
    ("rules", ("规章",)),
    ("other_services", ("其他对外管理服务", "对外管理服务")),
    ("licensing", ("行政许可",)),
    ("penalty", ("行政处罚",)),
    ("coercion", ("行政强制",)),
    ("fees", ("行政事业性收费", "事业性收费")),
    ("procurement", ("政府集中采购", "集中采购")),
)
_T2_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("issued", ("本年制发", "制发件数", "新制发")),
    ("repealed", ("废止",)),
    ("in_force", ("现行有效",)),
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


def _t2_column(cell: str) -> str | None:
    label = clean_label(cell)
    for key, words in _T2_COLUMNS:
        if any(word in label for word in words):
            return key
    return None


def _t2_row(cell: str) -> str | None:
    label = clean_label(cell)
    if not label or _t2_column(cell) or len(label) > 30:
        return None
    for key, words in _T2_ROWS:
        if any(word in label for word in words):
            return key
    return None


@dataclass
class _T2Row:
    """A data row of table 2 with the header row that names its columns."""

    number: int
    key: str
    cells: list[str]
    label_at: int
    columns: list[tuple[int, str]]
    header_width: int


def map_table2(grid: list[list[str]]) -> TableReading:
    """Table 2: each block's header row names the columns, each data row names its item."""
    reading = TableReading(2)
    header_width = 0
    columns: list[tuple[int, str]] = []
    found: list[_T2Row] = []
    for number, cells in enumerate(grid, start=1):
        header_keys = [(i, key) for i, cell in enumerate(cells) if (key := _t2_column(cell))]
        label_at = next((i for i, cell in enumerate(cells) if _t2_row(cell)), None)
        if header_keys and label_at is None:
            header_width, columns = len(cells), []
            for i, key in header_keys:
                if key not in [k for _, k in columns]:
                    columns.append((i, key))
            continue
        if label_at is None:
            continue
        if not columns:
            raise TableMappingError(
                f"{TABLE_NAMES[2]}第{number}行“{cells[label_at]}”之前没有列标题，无法确定各数字的含义。"
            )
        found.append(_T2Row(number, _t2_row(cells[label_at]) or "", cells, label_at, columns, header_width))
    seen = {key for row in found for _, key in row.columns}
    fmt = ReportFormat.F2019 if seen & _T2_2019_ONLY else ReportFormat.F2021
    reading.format = fmt
    for row in found:
        label = clean_label(row.cells[row.label_at])
        # Columns line up with the header when the row is as wide; otherwise (a flattened
        # text) the figures follow the label in the header's order.
        aligned = len(row.cells) == row.header_width
        following = row.cells[row.label_at + 1 :]
        for position, (column_at, column_key) in enumerate(row.columns):
            key = f"t2.{row.key}.{column_key}"
            if key not in CELL_BY_KEY[fmt]:
                raise TableMappingError(
                    f"{TABLE_NAMES[2]}第{row.number}行“{label}”：列“{column_key}”不属于{fmt.value}年版格式的表二。"
                )
            cells, at = (row.cells, column_at) if aligned else (following, position)
            _read_value(reading, fmt, key, cells[at] if at < len(cells) else "", f"第{row.number}行“{label}”")
    if not found:
        raise TableMappingError(f"{TABLE_NAMES[2]}：没有找到任何可以对应到格式的行。")
    expected = {cell.key.split(".")[1] for cell in CELL_BY_KEY[fmt].values() if cell.table == 2}
    missing = sorted(expected - {row.key for row in found})
    if missing:
        labels = {key: label for key, words in _T2_ROWS for label in words[:1]}
        raise TableMappingError(f"{TABLE_NAMES[2]}缺少以下行：{'、'.join(labels[key] for key in missing)}。")
    _blank_note(reading)
    return reading


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


def _group_of(segment: str) -> str | None:
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
        group = _group_of(segment)
        if group is not None and not _LEAF_NUMBER.match(segment):
            state.group = group
            key = group if group == "other_handling" else None
            continue
        if "办理结果" in segment:
            state.group = None
            continue
        if _LEAF_NUMBER.match(segment) or state.group:
            leaf = _leaf(segment, state.group, reading)
            if leaf is None and state.group and _LEAF_NUMBER.match(segment):
                leaf = _leaf(segment, None, reading)
            if leaf is not None:
                state.group = leaf.split(".")[0]
                key = leaf
    return key


def _t3_column(header_text: str) -> str | None:
    label = clean_label(header_text)
    for key, word in (("natural", "自然人"), ("business", "商业企业"), ("research", "科研机构"),
                      ("nonprofit", "社会公益"), ("legal", "法律服务"), ("total", "总计")):  # fmt: skip
        if word in label:
            return key
    if label in {"其他", "其它"}:
        return "other"
    return None


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


def map_table3(grid: list[list[str]], fmt_hint: ReportFormat | None = None) -> TableReading:
    """Table 3: rows by their (possibly split) labels, the seven applicant columns by header."""
    reading = TableReading(3)
    state = _T3State()
    rows: list[tuple[int, str, list[str], list[str]]] = []
    header_rows: list[list[str]] = []
    width = max((len(row) for row in grid), default=0)
    for number, row in enumerate(grid, start=1):
        if not any(cell.strip() for cell in row):
            continue
        labels = [cell for cell in row if not is_value_text(cell)]
        if len({_t3_column(cell) for cell in labels} - {None}) >= 2:
            if not rows:
                header_rows.append(row)
            continue
        key = _t3_row_key(labels, state, reading)
        if key is None:
            if any(_is_number(cell) for cell in row) and labels:
                raise TableMappingError(
                    f"{TABLE_NAMES[3]}第{number}行“{''.join(_dedupe(labels))}”无法对应到格式中的任何一行。"
                )
            if not rows and not any(_is_number(cell) for cell in row):
                header_rows.append(row)
            continue
        rows.append((number, key, row, labels))
    if not rows:
        raise TableMappingError(f"{TABLE_NAMES[3]}：没有找到任何可以对应到格式的行。")
    columns = _column_keys(header_rows, width, _t3_column)
    aligned = sorted(set(filter(None, columns))) == sorted(key for key, _ in T3_COLUMNS) and all(
        len(row) == width for _, _, row, _ in rows
    )
    fmt = ReportFormat.F2019 if any(key == "other_handling" for _, key, _, _ in rows) else ReportFormat.F2021
    if (
        fmt_hint is ReportFormat.F2019
        and fmt is ReportFormat.F2021
        and not any(key.startswith("other_handling.") for _, key, _, _ in rows)
    ):
        fmt = ReportFormat.F2019
    reading.format = fmt
    for number, row_key, row, labels in rows:
        where = f"第{number}行“{''.join(_dedupe([clean_label(c) for c in labels]))}”"
        _refuse_extra_values(3, row, len(T3_COLUMNS), where, "六类申请人及总计")
        if aligned:
            positions: dict[str, int] = {}
            for j, column in enumerate(columns):
                if column is not None and column not in positions:
                    positions[column] = j
            for column, _ in T3_COLUMNS:
                _read_value(reading, fmt, f"t3.{row_key}.{column}", row[positions[column]], where)
            continue
        values = _trailing_values(row, len(T3_COLUMNS))
        if values is None:
            raise TableMappingError(f"{TABLE_NAMES[3]}{where}：应有 7 列数字（六类申请人及总计），未能读出。")
        for (column, _), text in zip(T3_COLUMNS, values, strict=True):
            _read_value(reading, fmt, f"t3.{row_key}.{column}", text, where)
    expected = {row.key for row in t3_rows(fmt)}
    missing = [row.label for row in t3_rows(fmt) if row.key in expected - {key for _, key, _, _ in rows}]
    if missing:
        raise TableMappingError(f"{TABLE_NAMES[3]}缺少以下行：{'；'.join(missing)}。")
    _blank_note(reading)
    return reading


def _refuse_extra_values(table: int, row: list[str], count: int, where: str, columns: str) -> None:
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
        raise TableMappingError(
            f"{TABLE_NAMES[table]}{where}：有 {len(run)} 列数字，本行应为 {count} 列（{columns}），"
            "无法确定多出的数字属于哪一列，请核对该行。"
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


def _t4_group(text: str) -> str | None:
    if "复议后" in text:
        return "suit_after_review"
    if "直接起诉" in text or "未经复议" in text or "直诉" in text:
        return "suit_direct"
    if "诉讼" in text:
        return None
    if "复议" in text:
        return "review"
    return None


def _t4_column(text: str) -> str | None:
    for key, word in (("upheld", "维持"), ("corrected", "纠正"), ("pending", "审结"), ("total", "总计"),
                      ("total", "合计"), ("other", "其他")):  # fmt: skip
        if word in text:
            return key
    return None


def _t4_key(header_text: str) -> str | None:
    group, column = _t4_group(header_text), _t4_column(header_text)
    return f"{group}.{column}" if group and column else None


_T4_ORDER = tuple(f"{group}.{column}" for group, _ in T4_GROUPS for column, _ in T4_COLUMNS)


def map_table4(grid: list[list[str]]) -> TableReading:
    """Table 4: the one row of fifteen figures under its group and result headers."""
    reading = TableReading(4)
    data_rows = [
        (number, row)
        for number, row in enumerate(grid, start=1)
        if len(row) >= 15 and all(is_value_text(cell) for cell in row)
    ]
    if not data_rows:
        raise TableMappingError(f"{TABLE_NAMES[4]}：没有找到 15 个数字的数据行。")
    number, data = data_rows[-1]
    header_rows = [row for row in grid[: number - 1] if not all(is_value_text(cell) for cell in row)]
    columns = [_t4_key(text) for text in _joined_headers(header_rows, len(data))]
    where = f"第{number}行"
    _refuse_extra_values(4, data, len(_T4_ORDER), where, "三组×五列")
    if sorted(filter(None, columns)) == sorted(_T4_ORDER) and len(set(filter(None, columns))) == 15:
        positions: dict[str, int] = {}
        for j, column in enumerate(columns):
            if column is not None and column not in positions:
                positions[column] = j
        for key in _T4_ORDER:
            _read_value(reading, ReportFormat.F2021, f"t4.{key}", data[positions[key]], where)
    else:
        values = _trailing_values(data, 15)
        if values is None or sum(_is_number(cell) for cell in data) > 15:
            raise TableMappingError(
                f"{TABLE_NAMES[4]}{where}：应有 15 个数字（三组×五列），未能按列标题读出。"
            )
        header_words = "".join(clean_label("".join(row)) for row in header_rows)
        if header_rows and not ("复议" in header_words and "诉" in header_words):
            raise TableMappingError(
                f"{TABLE_NAMES[4]}：列标题中没有“行政复议”“行政诉讼”，无法确定各数字的含义。"
            )
        for key, text in zip(_T4_ORDER, values, strict=True):
            _read_value(reading, ReportFormat.F2021, f"t4.{key}", text, where)
    _blank_note(reading)
    return reading


def _joined_headers(header_rows: list[list[str]], width: int) -> list[str]:
    """Per column, the header texts above it joined; an empty cell inherits from its left
    neighbour in the same row (a merged group cell that a format left empty)."""
    filled: list[list[str]] = []
    for row in header_rows:
        cells = [clean_label(c) for c in row] + [""] * max(0, width - len(row))
        for j in range(1, len(cells)):
            if not cells[j] and _t4_group(cells[j - 1]) is not None:
                cells[j] = cells[j - 1]
        filled.append(cells)
    return ["".join(_dedupe([row[j] for row in filled if j < len(row)])) for j in range(width)]


# --- the whole report ---------------------------------------------------------------


def map_grid(
    grid: list[list[str]], table: int | None = None, fmt_hint: ReportFormat | None = None
) -> TableReading:
    """Map one grid (a whole table, or a table's blocks joined) onto canonical keys."""
    kind = table or table_kind(grid)
    if kind == 2:
        return map_table2(grid)
    if kind == 3:
        return map_table3(grid, fmt_hint)
    if kind == 4:
        return map_table4(grid)
    raise TableMappingError("无法判断这是表二、表三还是表四：表格中没有可识别的行或列标题。")


__all__ = [
    "APPLICANT_COLUMNS",
    "TableMappingError",
    "TableReading",
    "clean_label",
    "is_value_text",
    "map_grid",
    "map_table2",
    "map_table3",
    "map_table4",
    "table_kind",
]
