"""Render test: LibreOffice turns an export into PDF pages that look like a 公文.

Keeps PNGs of page 1 and of the table-3 page under ``artifacts/`` (not committed).
The 公文 fonts (方正小标宋简体, 仿宋_GB2312 …) are absent on a CI machine, so a fontconfig
file maps them to installed Noto CJK fonts of the same kind (serif for 宋/仿宋/楷, sans for
黑体), as the README suggests for Linux users; the pictures then look like the real thing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from assistant.domain.report import Report
from assistant.writers import write_report
from assistant.writers.docx import MARGIN_LEFT_MM, MARGIN_RIGHT_MM, PAGE_WIDTH_MM

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
FIXTURE = Path(__file__).parent / "fixtures" / "qingxi-town-2025.json"
POINTS_PER_MM = 72 / 25.4
SERIF_FONTS = ("方正小标宋简体", "仿宋_GB2312", "仿宋", "宋体", "楷体_GB2312", "楷体")
SANS_FONTS = ("黑体",)
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {aliases}
</fontconfig>
"""


def fonts_conf() -> str:
    aliases = [
        f'<alias binding="same"><family>{name}</family><prefer><family>{substitute}</family></prefer></alias>'
        for names, substitute in ((SERIF_FONTS, "Noto Serif CJK SC"), (SANS_FONTS, "Noto Sans CJK SC"))
        for name in names
    ]
    return FONTS_CONF.format(aliases="\n  ".join(aliases))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture report exported and converted to PDF by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; run make system-deps")
    work = tmp_path_factory.mktemp("render")
    report = Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    document = write_report(report, work / "qingxi-2025.docx")
    (work / "fonts.conf").write_text(fonts_conf(), encoding="utf-8")
    environment = {**os.environ, "HOME": str(work), "FONTCONFIG_FILE": str(work / "fonts.conf")}
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=environment,
    )
    return work / "qingxi-2025.pdf"


def save_png(pdf: Path, page_number: int, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    if shutil.which("pdftoppm"):
        stem = target.with_suffix("")
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "100",
                "-f",
                str(page_number),
                "-l",
                str(page_number),
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
            timeout=60,
        )
    else:
        with pdfplumber.open(pdf) as document:
            document.pages[page_number - 1].to_image(resolution=100).save(target)
    return target


class TestRenderedExport:
    def test_the_report_takes_a_sane_number_of_pages(self, rendered: Path) -> None:
        """Title, narrative and three tables fit in three to six A4 pages."""
        with pdfplumber.open(rendered) as pdf:
            assert 3 <= len(pdf.pages) <= 6
            assert round(pdf.pages[0].width / POINTS_PER_MM) == PAGE_WIDTH_MM

    def test_a_full_line_of_body_text_holds_28_characters(self, rendered: Path) -> None:
        """GB/T 9704's type area: 28 characters of 三号 to a line."""
        with pdfplumber.open(rendered) as pdf:
            lines = (pdf.pages[0].extract_text() or "").split("\n")
        chinese_lines = [line for line in lines if line.strip() and not any(ch.isascii() for ch in line)]
        assert max(len(line) for line in chinese_lines) == 28

    def test_no_table_runs_past_the_margins(self, rendered: Path) -> None:
        """Every table rule and every table word lies inside the 156 mm type area."""
        left = MARGIN_LEFT_MM * POINTS_PER_MM - 1.5
        right = (PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * POINTS_PER_MM + 1.5
        with pdfplumber.open(rendered) as pdf:
            pages_with_tables = 0
            for page in pdf.pages:
                rules = [*page.lines, *page.rects]
                if not rules:
                    continue
                pages_with_tables += 1
                assert min(rule["x0"] for rule in rules) >= left
                assert max(rule["x1"] for rule in rules) <= right
                top, bottom = min(rule["top"] for rule in rules), max(rule["bottom"] for rule in rules)
                inside = [word for word in page.extract_words() if top <= word["top"] <= bottom]
                assert all(left <= word["x0"] and word["x1"] <= right for word in inside)
            assert pages_with_tables >= 2

    def test_page_one_and_the_table_3_page_are_kept_as_pictures(self, rendered: Path) -> None:
        """PNGs of page 1 and of the page where table 3 starts are written under artifacts/."""
        with pdfplumber.open(rendered) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
        assert "政府信息公开工作年度报告" in texts[0].replace("\n", "")
        assert "— 1 —" in texts[0]
        table3_page = next(number for number, text in enumerate(texts, 1) if "申请人情况" in text)
        for picture in (
            save_png(rendered, 1, "export-page-1.png"),
            save_png(rendered, table3_page, "export-table-3.png"),
        ):
            assert picture.stat().st_size > 10_000
