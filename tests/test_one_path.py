"""One path from every input to the same answer: a report read by `gongkai check` and the
same file imported on 数据录入 give the same figures and the same findings; a table pasted
from Excel, typed into the data editor or printed in a document gives the same cells."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from report_samples import (
    STATED,
    table2_grid,
    table3_grid,
    table4_grid,
    write_docx,
    write_flat_text,
    write_html,
    write_markdown,
)

from assistant.bootstrap import bootstrap
from assistant.domain.figures import figures_from_grid
from assistant.domain.forms import EDIT_GRIDS, figures_from_grid_values
from assistant.domain.report import Figure, Report
from assistant.domain.rules import check
from assistant.domain.table_mapping import map_grid
from assistant.domain.totals import leaf_figures, stated_and_derived
from assistant.errors import UnreadableInput
from assistant.readers import read_report
from assistant.service.office import Office
from assistant.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
Outcome = tuple[dict[str, Figure], list[tuple[str, str, str | None, str | None]]]


def checked_and_imported(path: Path, data_dir: Path) -> tuple[Outcome, Outcome]:
    """(figures, findings) of the file as `gongkai check` reads it, and as the workspace holds it
    once the page imported it into a new workspace of the report's agency and year."""
    read = read_report(path)
    office = Office(bootstrap(Settings(data_dir=data_dir)))
    workspace = office.open(read.agency.name or "某机关", read.year or 2024)
    desk = office.desk(workspace.id)
    desk.import_document(path.name, path.read_bytes())
    imported = desk.report()

    return outcome(read), outcome(imported)


def outcome(report: Report) -> Outcome:
    """Every cell's value as the rules read it, and every finding with where it stands."""
    figures = stated_and_derived(report.figures, report.format) if report.figures else {}
    return figures, [(f.rule, f.message, f.part, f.quote) for f in check(report)]


def shared_reports() -> list[Path]:
    data = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
    return sorted([*data.glob("report-*"), *data.glob("raw/*.html")])


WRITERS: dict[str, Callable[[Path], Path]] = {
    "report.docx": write_docx,
    "report.html": write_html,
    "report.txt": write_flat_text,
    "report.md": write_markdown,
}


class TestADocumentReadsAlikeOnEveryPath:
    @pytest.mark.shared
    @pytest.mark.parametrize("path", shared_reports(), ids=lambda p: p.name)
    def test_a_real_report_imported_on_the_page_gives_what_check_gives(
        self, path: Path, shared: Path, tmp_path: Path
    ) -> None:
        """The figures (its own stated totals included) and every finding are the same."""
        by_check, by_import = checked_and_imported(path, tmp_path / "data")
        assert by_import == by_check

    @pytest.mark.parametrize("name", sorted(WRITERS))
    def test_a_synthetic_report_of_each_format_imports_as_it_checks(self, name: str, tmp_path: Path) -> None:
        """.docx, .html, .txt and .md written from one fictional report agree on both paths."""
        path = WRITERS[name](tmp_path / name)
        by_check, by_import = checked_and_imported(path, tmp_path / "data")
        assert by_import == by_check

    def test_a_pdf_imports_as_it_checks(self, tmp_path: Path) -> None:
        """The fictional PDF report agrees on both paths too."""
        by_check, by_import = checked_and_imported(FIXTURES / "qingxi-2024.pdf", tmp_path / "data")
        assert by_import == by_check

    @pytest.mark.shared
    def test_a_2019_format_report_keeps_its_one_row_of_other_handling(
        self, shared: Path, tmp_path: Path
    ) -> None:
        """Pingtan 2020 (the 2019 trial format) keeps （六）其他处理 and its published R2, no new R1."""
        _, (figures, findings) = checked_and_imported(shared / "data" / "report-pingtan-2020.md", tmp_path)
        assert "t3.other_handling.total" in figures
        rules = {rule for rule, *_ in findings}
        assert "R2" in rules and "R1" not in rules


def pasted(grid: list[list[str]]) -> str:
    """A table as Excel/WPS puts it on the clipboard: tab-separated cells, a line a row."""
    return "\n".join("\t".join(row) for row in grid)


def typed_into_the_editor(table: int, figures: dict[str, Figure]) -> tuple[dict[str, Figure], list[str]]:
    """The figures a person gets by typing ``figures`` into the 数据录入 grids of one table."""
    read: dict[str, Figure] = {}
    problems: list[str] = []
    for grid in EDIT_GRIDS[table]:
        values, found = figures_from_grid_values(grid, grid.values(figures))
        read.update(values)
        problems += [str(problem) for problem in found]
    return read, problems


GRIDS = {2: table2_grid, 3: table3_grid, 4: table4_grid}


class TestAGridReadsAlikeOnEveryPath:
    @pytest.mark.parametrize("table", [2, 3, 4])
    def test_a_pasted_table_and_the_data_editor_give_the_same_figures(self, table: int) -> None:
        """The same table pasted whole from Excel and typed into the data editor gives the same
        cells, and the same ones a document printing it gives."""
        paste = leaf_figures(figures_from_grid(pasted(GRIDS[table]())).figures)
        typed, problems = typed_into_the_editor(table, STATED)
        document = leaf_figures(map_grid(GRIDS[table](), table).figures)
        assert problems == []
        assert {k: v for k, v in paste.items() if v} == typed == {k: v for k, v in document.items() if v}

    def test_a_pasted_table_and_the_data_editor_leave_the_same_findings(self, tmp_path: Path) -> None:
        """Two workspaces, one pasted and one typed into the grids, check alike."""
        office = Office(bootstrap(Settings(data_dir=tmp_path)))
        by_paste = office.desk(office.open("青川县清溪镇人民政府", 2024).id)
        by_editor = office.desk(office.open("青川县红岩乡人民政府", 2024).id)
        for table, grid in GRIDS.items():
            by_paste.figures.merge(by_paste.figures.read(pasted(grid())).figures)
            for edit_grid in EDIT_GRIDS[table]:
                version = by_editor.workspace.figures_version
                by_editor.figures.save_table(edit_grid, edit_grid.values(STATED), base_version=version)
        assert by_paste.report().figures == by_editor.report().figures
        assert [(f.rule, f.message) for f in by_paste.findings()] == [
            (f.rule, f.message) for f in by_editor.findings()
        ]

    def test_a_negative_count_is_refused_alike_by_the_paste_and_the_editor(self) -> None:
        """−3 under 行政处罚 is the same problem of the same cell on both paths."""
        with pytest.raises(UnreadableInput) as refused:
            figures_from_grid("行政处罚\t-3")
        _, problems = typed_into_the_editor(2, {"t2.penalty.decisions": -3})
        assert problems == ["表二“行政处罚”行“本年处理决定数量”列：不能为负数（填写的是 -3）"]
        assert "不能为负数（填写的是 -3）" in refused.value.message
