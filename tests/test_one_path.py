"""One path from every input to the same answer: a report read by `gongkai check` and the
same file imported on 数据录入 give the same figures and the same findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from report_samples import write_docx, write_flat_text, write_html, write_markdown

from assistant.bootstrap import bootstrap
from assistant.domain.report import Figure, Report
from assistant.domain.rules import check
from assistant.domain.totals import stated_and_derived
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
