"""The exported .docx: a 公文 page, named styles, Chinese fonts on every run, safe writing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from assistant.bootstrap import bootstrap
from assistant.domain.report import Agency, Report
from assistant.errors import UnwritableOutput
from assistant.writers import report_bytes, write_report, writer_for
from assistant.writers.docx import TEXT_WIDTH_TWIPS, title_lines

FIXTURE = Path(__file__).parent / "fixtures" / "qingxi-town-2025.json"


def qingxi() -> Report:
    return Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    return write_report(qingxi(), tmp_path / "清溪镇2025年报.docx")


def style_of(paragraph_text: str, document: object) -> str:
    for paragraph in document.paragraphs:  # type: ignore[attr-defined]
        if paragraph.text == paragraph_text:
            return str(paragraph.style.name)
    raise AssertionError(f"no paragraph {paragraph_text}")


class TestPageSetup:
    def test_the_page_is_a4_with_the_gbt_9704_margins(self, exported: Path) -> None:
        """A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm."""
        section = Document(str(exported)).sections[0]
        found = [round(length.mm, 1) for length in (section.page_width, section.page_height)]
        margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
        assert found == [210.0, 297.0]
        assert [round(margin.mm) for margin in margins] == [37, 35, 28, 26]

    def test_page_numbers_are_a_page_field_between_dashes_on_odd_and_even_pages(self, exported: Path) -> None:
        """The footers print “— 1 —” from a PAGE field, odd pages right, even pages left."""
        document = Document(str(exported))
        section = document.sections[0]
        assert document.settings.odd_and_even_pages_header_footer
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            paragraph = footer.paragraphs[0]
            instructions = "".join(node.text for node in paragraph._p.iter(qn("w:instrText")))
            assert instructions.strip() == "PAGE"
            assert paragraph.text == "— 1 —"
            assert paragraph._p.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == side

    def test_tables_are_as_wide_as_the_text_with_fixed_column_widths(self, exported: Path) -> None:
        """Each table is 156 mm wide, laid out fixed, its grid adding up to that width."""
        for table in Document(str(exported)).tables:
            properties = table._tbl.tblPr
            assert properties.find(qn("w:tblW")).get(qn("w:w")) == str(TEXT_WIDTH_TWIPS)
            assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
            grid = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
            assert sum(int(col.get(qn("w:w"))) for col in grid) == TEXT_WIDTH_TWIPS


class TestFontsAndStyles:
    def test_every_run_names_its_east_asian_font(self, exported: Path) -> None:
        """Body, tables and footers: every run has w:eastAsia and the East-Asian hint."""
        document = Document(str(exported))
        section = document.sections[0]
        parts = [document.element.body, section.footer._element, section.even_page_footer._element]
        runs = [run for part in parts for run in part.iter(qn("w:r"))]
        assert len(runs) > 100
        for run in runs:
            fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia"))
            assert fonts.get(qn("w:hint")) == "eastAsia"

    def test_each_kind_of_paragraph_has_its_named_style(self, exported: Path) -> None:
        """Title, headings, body, table text and signature use the named 公文 styles."""
        document = Document(str(exported))
        assert style_of("青川县清溪镇人民政府\n2025年政府信息公开工作年度报告", document) == "公文标题"
        assert style_of("一、总体情况", document) == "一级标题"
        assert style_of("（一）主动公开情况", document) == "二级标题"
        assert style_of("本年度未收取信息处理费，未发出收费通知。", document) == "公文正文"
        assert style_of("2026年1月20日", document) == "落款"
        assert document.tables[0].cell(0, 0).paragraphs[0].style.name == "表格文字"

    @pytest.mark.parametrize(
        ("name", "east_asian", "size_pt"),
        [
            ("公文标题", "方正小标宋简体", 22),
            ("公文正文", "仿宋_GB2312", 16),
            ("一级标题", "黑体", 16),
            ("二级标题", "楷体_GB2312", 16),
            ("表格文字", "仿宋_GB2312", 10.5),
        ],
    )
    def test_the_styles_carry_the_gbt_9704_fonts_and_sizes(
        self, exported: Path, name: str, east_asian: str, size_pt: float
    ) -> None:
        """Each named style sets its Chinese font and size, so restyling one restyles all."""
        style = Document(str(exported)).styles[name]
        assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == east_asian
        assert style.font.size.pt == size_pt

    def test_body_text_has_a_two_character_indent_and_exact_line_spacing(self, exported: Path) -> None:
        """公文正文: first line indented two characters, lines exactly 28–29 pt apart."""
        style = Document(str(exported)).styles["公文正文"]
        indent = style.element.pPr.find(qn("w:ind"))
        assert indent.get(qn("w:firstLineChars")) == "200"
        assert 28 <= style.paragraph_format.line_spacing.pt <= 29
        assert str(style.paragraph_format.line_spacing_rule) == "EXACTLY (4)"

    def test_the_title_is_centred_and_broken_before_the_year_when_long(self) -> None:
        """A long title goes on two lines: the agency, then the year and the report's name."""
        report = Report(agency=Agency(name="青川县清溪镇人民政府"), year=2025)
        assert title_lines(report) == ["青川县清溪镇人民政府", "2025年政府信息公开工作年度报告"]
        assert title_lines(Report(title="某局2025年政府信息公开工作年度报告")) == [
            "某局2025年政府信息公开工作年度报告"
        ]


class TestSignature:
    def test_the_signature_keeps_with_the_text_it_signs(self, exported: Path) -> None:
        """The last body paragraph and the agency line keep with the next; the date ends the block."""
        paragraphs = Document(str(exported)).paragraphs
        last_text, agency, dated = paragraphs[-3], paragraphs[-2], paragraphs[-1]
        assert (agency.text, dated.text) == ("青川县清溪镇人民政府", "2026年1月20日")
        keeps = [p._p.pPr.find(qn("w:keepNext")) is not None for p in (last_text, agency, dated)]
        assert keeps == [True, True, False]


class TestWritingFiles:
    def test_the_report_is_written_and_its_path_returned(self, tmp_path: Path) -> None:
        """write_report returns the file it wrote and leaves no temporary file behind."""
        target = tmp_path / "年报.docx"
        assert write_report(qingxi(), target) == target
        assert [path.name for path in tmp_path.iterdir()] == ["年报.docx"]

    def test_an_unknown_format_is_refused_in_chinese(self, tmp_path: Path) -> None:
        """Asking for .xlsx names the suffix and the formats that can be exported."""
        with pytest.raises(UnwritableOutput, match=r"不支持导出为“\.xlsx”.*\.docx"):
            write_report(qingxi(), tmp_path / "年报.xlsx")

    def test_a_missing_directory_is_named(self, tmp_path: Path) -> None:
        """A target in a directory that does not exist is refused, naming the directory."""
        with pytest.raises(UnwritableOutput, match="不存在"):
            write_report(qingxi(), tmp_path / "没有这个目录" / "年报.docx")

    def test_the_bytes_for_a_download_are_a_word_package(self) -> None:
        """report_bytes gives the .docx content without writing a file."""
        assert report_bytes(Report(year=2025)).startswith(b"PK")

    def test_the_composition_root_hands_out_the_docx_writer(self, tmp_path: Path) -> None:
        """Services.report_writer() is the same writer write_report uses."""
        writer = bootstrap().report_writer()
        assert type(writer) is type(writer_for("a.docx"))
        assert writer.write(Report(published=date(2026, 1, 20)), tmp_path / "a.docx").is_file()
