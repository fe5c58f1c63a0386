"""Markdown, HTML and PDF readers on a synthetic report of our own, and bad input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT
from pdf_writer import PAGE_WIDTH, PageFlow, text_width, write_pdf
from report_samples import (
    AGENCY,
    TITLE,
    blocks,
    expected_figures,
    trial_format_markdown,
    write_docx,
    write_html,
    write_markdown,
    write_minimal_pdf,
)

from assistant.domain.layout import ReportFormat
from assistant.domain.report import AgencyLevel, SubPart
from assistant.domain.rules import check
from assistant.errors import UnreadableInput
from assistant.readers import read_report

FIXTURES = ROOT / "tests" / "fixtures"


class TestMarkdownReader:
    def test_pipe_tables_give_every_cell(self, tmp_path: Path) -> None:
        """A report with pipe tables reads to the same figures as its Word original."""
        report = read_report(write_markdown(tmp_path / "清溪镇.md"))
        assert report.figures == expected_figures()
        assert (report.agency.name, report.year, report.published) == (AGENCY, 2024, date(2025, 1, 20))


class TestHtmlReader:
    def test_a_portal_page_with_spans_gives_every_cell(self, tmp_path: Path) -> None:
        """rowspan/colspan tables inside navigation and footer noise read fully."""
        report = read_report(write_html(tmp_path / "清溪镇.html"))
        assert report.figures == expected_figures()
        assert report.title.startswith("青川县清溪镇人民政府2024年")

    def test_page_noise_stays_out_of_the_narrative(self, tmp_path: Path) -> None:
        """Navigation, page info and the footer are not read as report text."""
        report = read_report(write_html(tmp_path / "清溪镇.html"))
        text = "\n".join(p for _, _, p in report.narrative.paragraphs())
        assert "首页" not in text and "版权所有" not in text and "发布时间" not in text
        assert report.narrative.other_matters == "本年度清溪镇未收取信息处理费。"
        assert set(report.narrative.subparts) == set(SubPart)

    def test_share_buttons_and_interpretation_links_stay_out_of_the_text(self, tmp_path: Path) -> None:
        """A share bar (微信 微博 QQ空间) and 文字解读/图片解读 links inside the article are chrome."""
        path = write_html(tmp_path / "清溪镇.html")
        page = path.read_text(encoding="utf-8")
        page = page.replace(
            "<div class='info'>", "<div class='share'>微信 微博 QQ空间</div><div class='info'>", 1
        )
        page = page.replace(
            "</div><div class='footer'>", "<p>文字解读</p><p>图片解读</p></div><div class='footer'>"
        )
        path.write_text(page, encoding="utf-8")
        report = read_report(path)
        text = "\n".join(p for _, _, p in report.narrative.paragraphs())
        assert "QQ空间" not in text and "解读" not in text
        assert report.narrative.other_matters == "本年度清溪镇未收取信息处理费。"

    def test_a_word_exported_page_with_split_spans_reads_the_same(self, tmp_path: Path) -> None:
        """Paragraphs cut into many spans over several source lines join back into their text."""
        report = read_report(write_html(tmp_path / "清溪镇.html", word=True))
        assert report.figures == expected_figures()
        assert report.narrative.subparts[SubPart.REQUESTS] == "全年收到政府信息公开申请5件，上年结转1件。"

    def test_tables_nested_in_a_layout_table_are_read(self, tmp_path: Path) -> None:
        """An article laid out inside a table's cell, with the report's tables nested in it, reads fully."""
        report = read_report(write_html(tmp_path / "清溪镇.html", nested=True))
        assert report.figures == expected_figures()
        assert report.agency.name == AGENCY

    def test_a_gb18030_page_reads_the_same(self, tmp_path: Path) -> None:
        """A page declared and saved as GB2312/GB18030 reads like UTF-8."""
        report = read_report(write_html(tmp_path / "清溪镇.html", encoding="gb18030"))
        assert report.figures == expected_figures()

    def test_a_page_that_is_not_a_report_is_refused(self, tmp_path: Path) -> None:
        """A news page with no parts and no tables is named as not being a report."""
        path = tmp_path / "新闻.html"
        path.write_text(
            "<html><body><div>首页</div><p>清溪镇召开春季植树动员会。</p><div>版权所有</div></body></html>",
            encoding="utf-8",
        )
        with pytest.raises(UnreadableInput, match=r"新闻\.html.*不是政府信息公开工作年度报告"):
            read_report(path)


class TestPdfReader:
    def test_a_pdf_with_tables_across_pages_gives_every_cell(self) -> None:
        """A PDF exported from Word, its table 3 and 4 broken across pages, reads fully."""
        report = read_report(FIXTURES / "qingxi-2024.pdf")
        assert report.figures == expected_figures()
        assert any("已合并读取" in note for note in report.notes)

    def test_pdf_metadata_and_parts_are_read(self) -> None:
        """Agency, level, year, date and the sub-parts come through the PDF's text layer."""
        report = read_report(FIXTURES / "qingxi-2024.pdf")
        assert (report.agency.name, report.agency.level) == (AGENCY, AgencyLevel.TOWN)
        assert (report.year, report.published) == (2024, date(2025, 1, 20))
        assert report.narrative.subparts[SubPart.OVERSIGHT].startswith("镇里将政务公开纳入年度工作考核")

    @pytest.mark.render
    def test_a_pdf_rendered_now_by_libreoffice_reads_fully(self, tmp_path: Path) -> None:
        """Converting the synthetic .docx with LibreOffice gives a PDF that reads fully."""
        soffice = shutil.which("soffice")
        if soffice is None:
            pytest.skip("LibreOffice (soffice) is not installed")
        source = write_docx(tmp_path / "qingxi-2024.docx")
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        assert read_report(tmp_path / "qingxi-2024.pdf").figures == expected_figures()


RUNNING_HEADER = "青川县清溪镇人民政府2024年政府信息公开工作年度报告"
CONTINUED = "清溪镇坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，群众知晓率持续提高。"
FILLED = "清溪镇依法依规办理每一件申请，答复前逐件审核公开属性和答复依据，做到答复规范、送达及时"


def paged_pdf(path: Path, footer: str, *, header: bool = False, heading_indent: bool = True) -> Path:
    """The sample report as a PDF of several pages with page numbers in the footer (and a
    running header from page 2 on): （一）'s last paragraph runs on over a page break, and
    （二）'s ends at the right margin just before the page break that （三） follows."""
    flow = PageFlow()
    for block in blocks():
        if isinstance(block, list):
            flow.table(block)
        elif block == TITLE:
            flow.centred(block, 16)
        elif block.startswith("全年在镇政府信息公开专栏"):
            flow.paragraph(block)
            flow.paragraph(CONTINUED, page_break_after=1)
        elif block.startswith("全年收到政府信息公开申请"):
            flow.paragraph(block)
            length = flow.full_lines(2)
            flow.paragraph((FILLED * 3)[: length - 1] + "。")
            flow.new_page()
        else:
            flow.paragraph(block, indent=heading_indent or not block.startswith("（三）"))
    total = len(flow.pages)
    for number, page in enumerate(flow.pages, start=1):
        text = footer.format(number=number, total=total)
        page.text((PAGE_WIDTH - text_width(text, 10)) / 2, 40, 10, text)
        if header and number > 1:
            page.text((PAGE_WIDTH - text_width(RUNNING_HEADER, 9)) / 2, 800, 9, RUNNING_HEADER)
    return write_pdf(path, flow.pages)


class TestPdfAcrossPages:
    @pytest.mark.parametrize(
        ("footer", "header"),
        [
            ("- {number} -", False),
            ("— {number} —", False),
            ("第 {number} 页 共 {total} 页", False),
            ("- {number} -", True),
        ],
    )
    def test_sub_parts_after_a_page_break_with_a_footer_are_found(
        self, tmp_path: Path, footer: str, header: bool
    ) -> None:
        """（三）–（五） on the next page are read as sub-parts, not run into （二）'s last line."""
        report = read_report(paged_pdf(tmp_path / "分页.pdf", footer, header=header))
        assert report.figures == expected_figures()
        assert set(report.narrative.subparts) == set(SubPart)
        assert report.narrative.subparts[SubPart.MANAGEMENT] == "清溪镇落实公开前保密审查，更新公开目录。"
        assert [f.rule for f in check(report)] == []

    def test_a_paragraph_running_on_over_a_page_break_is_one_paragraph(self, tmp_path: Path) -> None:
        """The line after the page number (and the running header) continues the paragraph it breaks."""
        report = read_report(paged_pdf(tmp_path / "分页.pdf", "- {number} -", header=True))
        assert CONTINUED in report.narrative.subparts[SubPart.PROACTIVE].split("\n")

    def test_page_numbers_and_the_running_header_stay_out_of_the_text(self, tmp_path: Path) -> None:
        """Neither “- 2 -” nor the title repeated at the top of each page is narrative."""
        report = read_report(paged_pdf(tmp_path / "分页.pdf", "- {number} -", header=True))
        text = "\n".join(paragraph for _, _, paragraph in report.narrative.paragraphs())
        assert RUNNING_HEADER not in text and "- 2 -" not in text
        assert report.title == TITLE

    def test_a_heading_not_indented_still_starts_its_sub_part(self, tmp_path: Path) -> None:
        """A flush-left （三） after a full line ending in 。 is a heading, not that line's continuation."""
        report = read_report(paged_pdf(tmp_path / "顶格.pdf", "- {number} -", heading_indent=False))
        assert set(report.narrative.subparts) == set(SubPart)


class TestBadInput:
    def test_a_pdf_without_a_text_layer_is_refused(self, tmp_path: Path) -> None:
        """A scan-like PDF says it has no text layer."""
        path = write_minimal_pdf(tmp_path / "扫描件.pdf")
        with pytest.raises(UnreadableInput, match=r"扫描件\.pdf.*没有文字层"):
            read_report(path)

    def test_an_encrypted_pdf_is_refused(self, tmp_path: Path) -> None:
        """A password-protected PDF says it is encrypted."""
        path = write_minimal_pdf(tmp_path / "加密.pdf", encrypted=True)
        with pytest.raises(UnreadableInput, match=r"加密\.pdf.*已加密"):
            read_report(path)

    def test_an_oversized_file_is_refused_without_reading_it(self, tmp_path: Path) -> None:
        """A 200 MB (sparse) file is refused by its size at once."""
        path = tmp_path / "巨大.pdf"
        with path.open("wb") as handle:
            handle.truncate(200 * 1024 * 1024)
        started = time.perf_counter()
        with pytest.raises(UnreadableInput, match=r"巨大\.pdf.*文件过大"):
            read_report(path)
        assert time.perf_counter() - started < 1

    def test_a_binary_file_named_txt_is_refused(self, tmp_path: Path) -> None:
        """Binary content behind a .txt name is named as binary, not decoded into noise."""
        path = tmp_path / "数据.txt"
        path.write_bytes(b"\x00\x01\x02" * 100)
        with pytest.raises(UnreadableInput, match=r"数据\.txt.*二进制"):
            read_report(path)

    def test_a_damaged_pdf_is_refused(self, tmp_path: Path) -> None:
        """A file that only claims to be a PDF gets a message, not a traceback."""
        path = tmp_path / "损坏.pdf"
        path.write_bytes(b"%PDF-1.4\n garbage")
        with pytest.raises(UnreadableInput, match=r"损坏\.pdf") as refused:
            read_report(path)
        assert not re.search(r"[A-Za-z]+Error|Exception", refused.value.message)


class TestTrialFormat:
    def test_a_2020_report_in_the_trial_format_is_mapped_to_its_keys(self, tmp_path: Path) -> None:
        """Table 2's trial-format cells, negative changes and the one-row （六）其他处理 are read."""
        report = read_report(trial_format_markdown(tmp_path / "清溪镇2020.md"))
        assert report.format is ReportFormat.F2019
        assert report.year == 2020
        assert report.figures["t2.penalty.change"] == -1
        assert report.figures["t2.procurement.amount_yuan"] == 86000
        assert report.figures["t2.licensing.decisions"] == 15
        assert report.figures["t3.other_handling.total"] == 0
        assert "t3.other_handling.other.total" not in report.figures
        assert any("2019年试行格式" in note for note in report.notes)


class TestCheckCommand:
    def test_a_mixed_folder_is_read_and_checked(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`gongkai check DIR` reads a folder holding .txt, .md, .html and .pdf reports alike."""
        from report_samples import write_flat_text

        from assistant.cli import main

        write_flat_text(tmp_path / "a.txt")
        write_markdown(tmp_path / "b.md")
        write_html(tmp_path / "c.html")
        (tmp_path / "d.pdf").write_bytes((FIXTURES / "qingxi-2024.pdf").read_bytes())
        code = main(["check", str(tmp_path), "--json"])
        output = capsys.readouterr().out
        assert code == 0
        assert all(name in output for name in ("a.txt", "b.md", "c.html", "d.pdf"))
