"""``gongkai export``: from a figures file or a report document to a .docx."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_readers_flat_text import OLD_LAYOUT_REPORT

from assistant.cli import EXIT_OK, EXIT_UNREADABLE, main
from assistant.domain.layout import ReportFormat
from assistant.domain.report import Report
from assistant.errors import UnwritableOutput
from assistant.writers import report_bytes, write_report

FIXTURE = Path(__file__).parent / "fixtures" / "qingxi-town-2025.json"


def qingxi() -> Report:
    return Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))


class TestExportCommand:
    def test_an_unsupported_output_format_is_refused_before_reading(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o 年报.pdf exits 2 with a Chinese message naming the suffix."""
        code = main(["export", str(tmp_path / "没有的文件.txt"), "-o", str(tmp_path / "年报.pdf")])
        assert code == EXIT_UNREADABLE
        assert "不支持导出为“.pdf”" in capsys.readouterr().err

    def test_a_folder_as_output_asks_for_a_file_name(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming a folder exits 2 asking for a file name, not calling the suffix unsupported."""
        code = main(["export", str(FIXTURE), "-o", str(tmp_path)])
        assert code == EXIT_UNREADABLE
        err = capsys.readouterr().err
        assert "这是一个目录，请给出要导出的文件名" in err and "无扩展名" not in err

    def test_an_old_layout_report_is_refused_rather_than_exported_with_zero_tables(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A pre-2019 report exits 2 saying its tables cannot be read; no file is written."""
        source = tmp_path / "清溪镇2017.txt"
        source.write_text(OLD_LAYOUT_REPORT, encoding="utf-8")
        output = tmp_path / "2017.docx"
        code = main(["export", str(source), "-o", str(output)])
        assert code == EXIT_UNREADABLE
        err = capsys.readouterr().err
        assert "清溪镇2017.txt：该报告为2019年以前的旧版格式，表格无法读取，不能按现行格式导出" in err
        assert not output.exists()

    def test_the_download_refuses_an_old_layout_report_too(self) -> None:
        """The bytes for the web page's download are refused the same way."""
        report = Report(year=2017, format=ReportFormat.F2019, tables_read=False)
        with pytest.raises(UnwritableOutput, match="旧版格式"):
            report_bytes(report)

    def test_the_input_is_never_overwritten(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Exporting a .docx onto itself is refused and the file is left as it was."""
        source = write_report(qingxi(), tmp_path / "年报.docx")
        before = source.read_bytes()
        assert main(["export", str(source), "-o", str(source)]) == EXIT_UNREADABLE
        assert "不能覆盖输入文件" in capsys.readouterr().err
        assert source.read_bytes() == before

    def test_a_report_document_is_exported(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A .docx report read and written again names the file it wrote."""
        source = write_report(qingxi(), tmp_path / "旧版.docx")
        target = tmp_path / "新版.docx"
        assert main(["export", str(source), "-o", str(target)]) == EXIT_OK
        assert target.is_file()
        assert f"已导出：{target}" in capsys.readouterr().out

    def test_a_figures_file_is_exported_with_its_totals(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A YAML figures file becomes a report whose table 3 prints the derived totals."""
        from docx import Document

        source = tmp_path / "figures.yaml"
        source.write_text(
            "agency: 青川县清溪镇人民政府\nyear: 2025\nt3.new.natural: 3\nt3.disclosed.natural: 3\n",
            encoding="utf-8",
        )
        target = tmp_path / "年报.docx"
        assert main(["export", str(source), "-o", str(target)]) == EXIT_OK
        table3 = Document(str(target)).tables[1]
        assert [cell.text for cell in table3.rows[3].cells][-1] == "3"

    def test_stated_totals_that_the_export_corrects_are_reported(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A report whose own total disagrees with its rows is exported with a warning naming the cell."""
        from assistant.cli.export import warnings_for

        report = qingxi()
        report.figures["t3.results_total.total"] = 21
        assert any("（七）总计" in warning and "21" in warning for warning in warnings_for(report))

    def test_without_o_the_export_is_named_after_the_input_in_the_current_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """gongkai export 数据.yaml writes ./数据.docx."""
        source = tmp_path / "输入" / "数据.yaml"
        source.parent.mkdir()
        source.write_text("agency: 示例市某局\nyear: 2025\nt2.penalty.decisions: 3\n", encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        assert main(["export", str(source)]) == EXIT_OK
        assert (tmp_path / "数据.docx").is_file()
