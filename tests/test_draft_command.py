"""``gongkai draft``: the whole report from a figures file, written as .docx, with its check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from draft_fixtures import FIGURES_2024, LONG_NOTES, NOTES

from assistant.cli import main
from assistant.domain.report import SubPart
from assistant.readers import read_report


def figures_file(tmp_path: Path) -> Path:
    path = tmp_path / "2024年数据.yaml"
    data = {"agency": "青川县清溪镇人民政府", "level": "乡镇", "year": 2024, **FIGURES_2024}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


class TestDraftCommand:
    def test_a_figures_file_becomes_a_checked_docx(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The .docx holds the drafted narrative and the tables; the check result is printed."""
        notes = tmp_path / "备注.txt"
        notes.write_text(NOTES, encoding="utf-8")
        output = tmp_path / "草稿.docx"
        code = main(["draft", str(figures_file(tmp_path)), "--notes", str(notes), "-o", str(output)])
        printed = capsys.readouterr().out
        assert code == 0, printed
        assert "检查结果" in printed and "【请核实】" in printed
        written = read_report(output)
        assert written.figures["t3.new.total"] == 9
        assert "抖音号" in written.narrative.subparts[SubPart.PLATFORMS]

    def test_a_missing_figures_file_is_a_chinese_message(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unreadable input exits 2 with a message naming the file, no traceback."""
        code = main(["draft", str(tmp_path / "无此文件.yaml"), "-o", str(tmp_path / "x.docx")])
        assert code == 2
        assert "无此文件.yaml" in capsys.readouterr().err

    def test_notes_saved_by_notepad_in_gbk_are_read(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A notes file in GBK (Notepad's “ANSI”) is drafted from like a UTF-8 one."""
        notes = tmp_path / "备注.txt"
        notes.write_bytes(NOTES.encode("gbk"))
        output = tmp_path / "草稿.docx"
        code = main(["draft", str(figures_file(tmp_path)), "--notes", str(notes), "-o", str(output)])
        assert code == 0, capsys.readouterr().err
        assert "抖音号" in read_report(output).narrative.subparts[SubPart.PLATFORMS]

    @pytest.mark.parametrize(("name", "said"), [("无此备注.txt", "备注文件不存在"), ("", "这是一个目录")])
    def test_a_notes_path_that_is_no_file_is_said_in_chinese(
        self, tmp_path: Path, name: str, said: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing notes file or a folder as --notes exits 2 with a Chinese message, no errno text."""
        notes = tmp_path / name
        code = main(
            ["draft", str(figures_file(tmp_path)), "--notes", str(notes), "-o", str(tmp_path / "x.docx")]
        )
        err = capsys.readouterr().err
        assert code == 2
        assert said in err and "Errno" not in err

    def test_the_printed_length_of_part_one_is_the_one_w9_counts(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A part 一 over the limit: “一：N 字”, the note and W9 all give the same N."""
        notes = tmp_path / "备注.txt"
        notes.write_text(LONG_NOTES, encoding="utf-8")
        main(["draft", str(figures_file(tmp_path)), "--notes", str(notes), "-o", str(tmp_path / "草稿.docx")])
        printed = capsys.readouterr().out
        (printed_length,) = re.findall(r"一：(\d+) 字", printed)
        (w9_length,) = re.findall(r"\[提醒 W9\] 第一部分“总体情况”共 (\d+) 字", printed)
        assert printed_length == w9_length
        assert f"第一部分 {w9_length} 字，超过 1000 字，请精简。" in printed

    def test_a_figures_file_stating_a_people_government_drafts_its_oversight_statement(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """平潭综合实验区 with people_government: true gets 工作考核、社会评议和责任追究 in 一（五）."""
        data = {"agency": "平潭综合实验区", "people_government": True, "year": 2024, **FIGURES_2024}
        path = tmp_path / "平潭.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        output = tmp_path / "草稿.docx"
        main(["draft", str(path), "-o", str(output)])
        oversight = read_report(output).narrative.subparts[SubPart.OVERSIGHT]
        assert all(word in oversight for word in ("工作考核", "社会评议", "责任追究"))
