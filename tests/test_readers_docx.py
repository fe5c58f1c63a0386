"""Word documents as Word and WPS save them: merged cells, nested tables, blank cells."""

from __future__ import annotations

import random
import zipfile
from datetime import date
from pathlib import Path

import pytest
from report_samples import AGENCY, blocks, expected_figures, table3_grid, write_docx

from assistant.domain.layout import CELL_BY_KEY, ReportFormat
from assistant.domain.report import SubPart
from assistant.domain.rules import check
from assistant.errors import UnreadableInput
from assistant.readers import read_report


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The synthetic report as Word, Word with a nested table, and WPS-style, built once."""
    folder = tmp_path_factory.mktemp("docx")
    return {
        "word": write_docx(folder / "清溪镇.docx"),
        "nested": write_docx(folder / "清溪镇-嵌套.docx", nested=True),
        "wps": write_docx(folder / "清溪镇-wps.docx", wps=True),
    }


def copy_of(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes())
    return target


class TestDocxReader:
    def test_a_word_report_with_merged_cells_gives_every_cell(self, written: dict[str, Path]) -> None:
        """Merged label and header cells are expanded and every figure lands on its key."""
        report = read_report(written["word"])
        assert report.figures == expected_figures()
        assert (report.agency.name, report.year, report.published) == (AGENCY, 2024, date(2025, 1, 20))

    def test_a_table_nested_in_a_layout_table_is_read(self, written: dict[str, Path]) -> None:
        """Table 4 placed inside the cell of another table is still found and read."""
        report = read_report(written["nested"])
        assert report.figures == expected_figures()

    def test_a_wps_style_file_reads_the_same(self, written: dict[str, Path]) -> None:
        """Content controls, one run a character and bare vMerge marks read like Word's file."""
        report = read_report(written["wps"])
        assert report.figures == expected_figures()
        assert set(report.narrative.subparts) == set(SubPart)
        assert report.narrative.preamble.count("（印章）") == 1

    def test_blank_cells_read_as_zero_with_a_note(self, tmp_path: Path, written: dict[str, Path]) -> None:
        """Blank figure cells read as 0 with a note; blank stated totals are left out, not invented."""
        import docx

        path = copy_of(written["word"], tmp_path / "清溪镇.docx")
        document = docx.Document(str(path))
        for cell in document.tables[1]._cells:
            if cell.text == "0":
                cell.text = ""
        document.save(str(path))
        report = read_report(path)
        left_out = set(expected_figures()) - set(report.figures)
        assert left_out and all(CELL_BY_KEY[ReportFormat.F2021][key].is_total for key in left_out)
        assert all(
            report.figures[key] == value for key, value in expected_figures().items() if key not in left_out
        )
        assert any("空白" in note and "按 0 读取" in note for note in report.notes)
        assert any("未按 0 读取" in note for note in report.notes)

    def test_headings_numbered_by_word_are_found(self, tmp_path: Path, written: dict[str, Path]) -> None:
        """Part and sub-part headings whose 一、/（一） come from Word's numbering still split the text."""
        import docx

        path = copy_of(written["word"], tmp_path / "自动编号.docx")
        document = docx.Document(str(path))
        for paragraph in document.paragraphs:
            for prefix in (
                "一、",
                "二、",
                "三、",
                "四、",
                "五、",
                "六、",
                "（一）",
                "（二）",
                "（三）",
                "（四）",
                "（五）",
            ):
                if paragraph.text.startswith(prefix) and len(paragraph.text) < 30:
                    paragraph.text = paragraph.text.removeprefix(prefix)
        document.save(str(path))
        report = read_report(path)
        assert report.figures == expected_figures()
        assert set(report.narrative.subparts) == set(SubPart)
        assert report.narrative.other_matters == "本年度清溪镇未收取信息处理费。"


class TestDocxBadInput:
    def test_a_docx_that_is_not_a_zip_is_refused(self, tmp_path: Path) -> None:
        """A text renamed to .docx gets a message naming the file and saying it is not a zip."""
        path = tmp_path / "年报.docx"
        path.write_text("这不是Word文件", encoding="utf-8")
        with pytest.raises(UnreadableInput, match=r"年报\.docx.*不是有效的 \.docx"):
            read_report(path)

    def test_a_docx_whose_tables_were_deleted_is_refused(
        self, tmp_path: Path, written: dict[str, Path]
    ) -> None:
        """A report with its text but no tables says the tables are missing."""
        import docx

        path = copy_of(written["word"], tmp_path / "无表格.docx")
        document = docx.Document(str(path))
        for table in document.tables:
            table._tbl.getparent().remove(table._tbl)
        document.save(str(path))
        with pytest.raises(UnreadableInput, match=r"无表格\.docx.*没有找到表二、表三、表四"):
            read_report(path)

    def test_a_zip_bomb_disguised_as_docx_is_refused_quickly(self, tmp_path: Path) -> None:
        """A small .docx whose content expands a thousandfold is refused before anything expands."""
        path = tmp_path / "炸弹.docx"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
            package.writestr("[Content_Types].xml", "<Types/>")
            with package.open("word/document.xml", "w", force_zip64=True) as member:
                chunk = b"\0" * (1024 * 1024)
                for _ in range(30):
                    member.write(chunk)
        assert path.stat().st_size < 256 * 1024
        with pytest.raises(UnreadableInput, match=r"炸弹\.docx.*压缩炸弹"):
            read_report(path)

    def test_a_body_too_large_to_parse_is_refused_before_parsing(self, tmp_path: Path) -> None:
        """A 21 MB document.xml of an ordinary compression ratio is refused with the cap named."""
        path = tmp_path / "超大.docx"
        noise = random.Random(1)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            package.writestr("[Content_Types].xml", "<Types/>")
            with package.open("word/document.xml", "w") as member:
                for _ in range(21 * 16):
                    member.write(noise.randbytes(1024) + b"<w:p/>" * 10752)
        with pytest.raises(UnreadableInput, match=r"超大\.docx.*word/document\.xml.*21 MB.*上限 20 MB"):
            read_report(path)


@pytest.mark.shared
class TestTheTemplate:
    def test_the_empty_template_reads_without_crashing(self, shared: Path) -> None:
        """The national template (all cells blank) reads as zeros with notes, no figures guessed."""
        report = read_report(shared / "data" / "template-annual-report-format-2021.docx")
        assert report.figures["t2.penalty.decisions"] == 0
        assert "t3.new.total" not in report.figures
        assert report.notes


class TestDocxStyleHints:
    def test_the_title_and_signer_styles_of_an_export_name_title_and_agency(self, tmp_path: Path) -> None:
        """A 公文标题 paragraph broken over three lines is one title; the 落款 paragraph is the agency."""
        import docx

        from assistant.domain.agency import infer_agency
        from assistant.writers import write_report

        zone = "青川县清溪综合实验区"
        source = read_report(write_docx(tmp_path / "清溪镇.docx"))
        report = source.model_copy(update={"agency": infer_agency(zone)})
        path = write_report(report, tmp_path / "导出.docx")
        document = docx.Document(str(path))
        title = next(p for p in document.paragraphs if p.style is not None and p.style.name == "公文标题")
        for run in title.runs:
            run.text = ""
        title.runs[0].text = zone
        title.runs[0].add_break()
        title.runs[0].add_text("2024年度政府信息")
        title.runs[0].add_break()
        title.runs[0].add_text("公开工作年度报告")
        document.save(str(path))
        read_back = read_report(path)
        assert read_back.title == f"{zone}2024年度政府信息公开工作年度报告"
        assert read_back.agency.name == zone
        assert read_back.narrative.other_matters == source.narrative.other_matters


class TestTablesTypedWithoutMerges:
    """Tables typed by hand in Word: no merged cells, each row its own labels then its figures."""

    @pytest.mark.parametrize("typed", ["own cells", "one grid"])
    def test_rows_of_their_own_length_give_every_cell(self, tmp_path: Path, typed: str) -> None:
        """Header rows shorter than the figure rows, two label cells in table 3's result rows:
        each row's figures are its right-hand cells, and the tables add up."""
        report = read_report(write_docx(tmp_path / "手工表格.docx", typed=typed))  # type: ignore[arg-type]
        assert report.figures == expected_figures()
        assert [f for f in check(report) if f.is_error] == []

    def test_a_header_row_shorter_than_the_rows_is_not_used_for_positions(self, tmp_path: Path) -> None:
        """A header typed as the seven column names (no corner cell above the labels) says
        nothing about where each figure sits: the figures are read from the right."""
        grid = table3_grid()
        header = [
            ["申请人情况"],
            ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ]
        rows = [["".join(dict.fromkeys(row[:3])), *row[3:]] for row in grid[3:]]
        content = [header + rows if block == grid else block for block in blocks()]
        report = read_report(write_docx(tmp_path / "表头较短.docx", content=content, typed="own cells"))
        assert report.figures == expected_figures()
