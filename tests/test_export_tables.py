"""Tables 2–4 of an export: the official template's rows, columns and merged cells."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from assistant.domain.layout import ReportFormat, keys
from assistant.domain.report import Report
from assistant.writers.docx import build_document
from assistant.writers.tables import format_figure, official_tables

FIXTURE = Path(__file__).parent / "fixtures" / "qingxi-town-2025.json"
_NUMBER = re.compile(r"^-?[\d.,]+$")


def qingxi() -> Report:
    return Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))


def structure(tbl: Any) -> list[list[tuple[str, int, str | None]]]:
    """Per row, each cell's label (blank for figures and empty cells), gridSpan and vMerge."""
    rows = []
    for tr in tbl.findall(qn("w:tr")):
        row = []
        for tc in tr.findall(qn("w:tc")):
            text = re.sub(r"\s", "", "".join(t.text or "" for t in tc.iter(qn("w:t"))))
            properties = tc.find(qn("w:tcPr"))
            span = properties.find(qn("w:gridSpan")) if properties is not None else None
            merge = properties.find(qn("w:vMerge")) if properties is not None else None
            row.append(
                (
                    "" if _NUMBER.match(text) else text,
                    int(span.get(qn("w:val"))) if span is not None else 1,
                    (merge.get(qn("w:val")) or "continue") if merge is not None else None,
                )
            )
        rows.append(row)
    return rows


def grid_columns(tbl: Any) -> int:
    return len(tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))


def exported_tables(report: Report) -> list[Any]:
    return [table._tbl for table in build_document(report).tables]


class TestOfficialLayout:
    @pytest.mark.shared
    def test_the_three_tables_have_the_official_templates_rows_columns_and_merges(self, shared: Path) -> None:
        """Every row of tables 2–4 has the template's labels, spans and vertical merges."""
        template = Document(str(shared / "data" / "template-annual-report-format-2021.docx"))
        expected = [structure(table._tbl) for table in template.tables]
        found = [structure(tbl) for tbl in exported_tables(qingxi())]
        assert found == expected

    @pytest.mark.shared
    def test_the_tables_have_the_templates_grid_columns(self, shared: Path) -> None:
        """Each table's grid has as many columns as the template's."""
        template = Document(str(shared / "data" / "template-annual-report-format-2021.docx"))
        expected = [grid_columns(table._tbl) for table in template.tables]
        assert [grid_columns(tbl) for tbl in exported_tables(qingxi())] == expected

    @pytest.mark.parametrize("fmt", list(ReportFormat))
    def test_every_row_fills_the_grid_exactly(self, fmt: ReportFormat) -> None:
        """The spans of each row add up to the number of grid columns, in both formats."""
        report = qingxi().model_copy(update={"format": fmt, "figures": {}})
        for table in official_tables(report):
            columns = len(table.column_weights)
            assert all(sum(cell.span for cell in row) == columns for row in table.rows)

    @pytest.mark.parametrize("fmt", list(ReportFormat))
    def test_every_canonical_key_is_printed_exactly_once(self, fmt: ReportFormat) -> None:
        """Each key of the format has one figure cell, so nothing is left out or doubled."""
        report = qingxi().model_copy(update={"format": fmt, "figures": {}})
        printed = [
            cell.key for table in official_tables(report) for row in table.rows for cell in row if cell.key
        ]
        assert sorted(printed) == sorted(keys(fmt))


class TestFiguresInTables:
    def test_an_empty_report_prints_0_in_every_figure_cell(self) -> None:
        """Zero cells read 0, never blank."""
        report = Report(figures={})
        cells = [cell for table in official_tables(report) for row in table.rows for cell in row if cell.key]
        assert cells and {cell.text for cell in cells} == {"0"}

    def test_derived_totals_are_printed(self) -> None:
        """Row, column and group totals are computed from the leaves for the export."""
        figures = {
            cell.key: cell.text
            for table in official_tables(qingxi())
            for row in table.rows
            for cell in row
            if cell.key
        }
        assert figures["t3.new.total"] == "12"
        assert figures["t3.results_total.total"] == "12"
        assert figures["t3.results_total.natural"] == "9"
        assert figures["t4.review.total"] == "2"

    def test_the_fee_keeps_its_decimals(self) -> None:
        """An amount prints with its decimals (at least two), a whole amount without."""
        assert format_figure(1.35, is_amount=True) == "1.35"
        assert format_figure(0.5, is_amount=True) == "0.50"
        assert format_figure(0.0365, is_amount=True) == "0.0365"
        assert format_figure(2.0, is_amount=True) == "2"
        assert format_figure(0) == "0"

    def test_a_2019_report_prints_its_trial_format_table_2(self) -> None:
        """The trial format's table 2 has its own rows (e.g. 政府集中采购) and negative changes."""
        figures = {
            "t2.penalty.change": -18,
            "t2.procurement.amount_yuan": 73802.9,
            "t3.other_handling.natural": 4,
        }
        report = Report(format=ReportFormat.F2019, figures=figures)
        table2, table3, _ = official_tables(report)
        texts = {cell.key: cell.text for row in table2.rows for cell in row if cell.key}
        assert texts["t2.penalty.change"] == "-18"
        assert texts["t2.procurement.amount_yuan"] == "73802.90"
        labels = [cell.text for row in table3.rows for cell in row]
        assert "（六）其他处理" in labels and "3.其他" not in labels
