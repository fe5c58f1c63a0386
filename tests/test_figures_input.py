"""Figures in from every source staff use: key files, pasted grids and typed text."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.figures import figures_from_grid, figures_from_mapping
from assistant.domain.figures_text import figures_from_text
from assistant.domain.layout import T3_COLUMNS, ReportFormat, t3_rows
from assistant.errors import NotAReport, UnreadableInput
from assistant.readers.figures_file import load_figures


class TestFiguresFromMapping:
    def test_flat_and_nested_keys_give_the_same_figures(self) -> None:
        """`t3.new.natural: 3` and `{t3: {new: {natural: 3}}}` are the same figure."""
        flat = figures_from_mapping({"t3.new.natural": 3, "t2.fees.amount": 1.25})
        nested = figures_from_mapping({"t3": {"new": {"natural": 3}}, "t2": {"fees": {"amount": 1.25}}})
        assert flat.figures == nested.figures == {"t3.new.natural": 3, "t2.fees.amount": 1.25}

    def test_a_cell_written_both_flat_and_nested_is_an_error_naming_it(self) -> None:
        """`t3.new.natural: 3` beside `{t3: {new: {natural: 4}}}` is refused, not settled silently."""
        with pytest.raises(UnreadableInput, match=r"“t3\.new\.natural”写了两次（3 和 4）"):
            figures_from_mapping({"t3.new.natural": 3, "t3": {"new": {"natural": 4}}})

    def test_a_cell_written_inside_and_outside_figures_is_an_error(self) -> None:
        """The same key at the top level and under `figures` is refused."""
        with pytest.raises(UnreadableInput, match=r"“t2\.penalty\.decisions”写了两次"):
            figures_from_mapping({"t2.penalty.decisions": 1, "figures": {"t2.penalty.decisions": 2}})

    def test_agency_level_year_and_notes_are_kept(self) -> None:
        """Optional metadata becomes the report's agency, level, year and notes."""
        report = figures_from_mapping(
            {
                "agency": "青川县清溪镇人民政府",
                "year": 2023,
                "notes": "数据来自台账",
                "t2.penalty.decisions": 3,
            }
        ).to_report()
        assert (report.agency.level, report.agency.is_people_government) == ("乡镇", True)
        assert report.year == 2023
        assert report.notes == ["数据来自台账"]

    def test_an_unknown_key_is_named_with_the_nearest_canonical_key(self) -> None:
        """A mistyped key is an error that suggests the key meant."""
        with pytest.raises(UnreadableInput, match=r"t3\.new\.natral.*t3\.new\.natural"):
            figures_from_mapping({"t3.new.natral": 3})

    def test_a_negative_count_is_an_error_naming_the_key(self) -> None:
        """Counts cannot be negative."""
        with pytest.raises(UnreadableInput, match=r"t3\.new\.natural.*负数"):
            figures_from_mapping({"t3.new.natural": -1})

    def test_a_2019_change_may_be_negative(self) -> None:
        """本年增/减 of the 2019 trial format is signed."""
        parsed = figures_from_mapping({"t2.penalty.change": -2})
        assert parsed.figures == {"t2.penalty.change": -2}
        assert parsed.format is ReportFormat.F2019

    def test_chinese_numerals_and_blank_values_are_read(self) -> None:
        """ "三" is 3; an empty value is 0 with a note."""
        parsed = figures_from_mapping({"t2.penalty.decisions": "三", "t2.coercion.decisions": None})
        assert parsed.figures == {"t2.penalty.decisions": 3, "t2.coercion.decisions": 0}
        assert any("t2.coercion.decisions" in note for note in parsed.notes)

    def test_the_nested_shape_with_format_and_note_is_a_figures_file(self) -> None:
        """`{"agency", "year", "format", "figures": {…}, "note"}` gives its figures, format and note."""
        parsed = figures_from_mapping(
            {
                "agency": "青川县清溪镇人民政府",
                "year": 2020,
                "format": "2019",
                "figures": {"t3.new.natural": 2, "t3": {"disclosed": {"natural": 2}}},
                "note": "空白单元格未列出",
            }
        )
        assert parsed.figures == {"t3.new.natural": 2, "t3.disclosed.natural": 2}
        assert parsed.format is ReportFormat.F2019
        assert (parsed.agency, parsed.year, parsed.notes) == (
            "青川县清溪镇人民政府",
            2020,
            ["空白单元格未列出"],
        )

    def test_a_stated_format_that_the_keys_contradict_is_an_error(self) -> None:
        """A trial-format key under `format: "2021"` is named, not silently dropped."""
        with pytest.raises(UnreadableInput, match=r"format.*t2\.rules\.made"):
            figures_from_mapping({"format": "2021", "figures": {"t2.rules.made": 1}})

    def test_a_format_other_than_2021_or_2019_is_an_error(self) -> None:
        """`format` takes only the two formats there are."""
        with pytest.raises(UnreadableInput, match=r"format.*2021 或 2019"):
            figures_from_mapping({"format": "2018", "t3.new.natural": 1})

    def test_a_mapping_without_any_table_key_is_not_a_figures_file(self) -> None:
        """A JSON of other things (a manifest, a config) is told apart from a figures file with a typo."""
        with pytest.raises(NotAReport, match=r"不是数字文件"):
            figures_from_mapping({"name": "gongkai", "version": "1.0"})
        with pytest.raises(UnreadableInput) as typo:
            figures_from_mapping({"t3.new.natral": 3})
        assert not isinstance(typo.value, NotAReport)


class TestPeopleGovernment:
    def test_a_stated_people_government_overrides_the_guess_from_the_name(self) -> None:
        """平潭综合实验区 with people_government: true is a people's government."""
        stated = {"agency": "平潭综合实验区", "people_government": True, "t2.penalty.decisions": 1}
        assert figures_from_mapping(stated).to_report().agency.is_people_government
        guessed = {"agency": "平潭综合实验区", "t2.penalty.decisions": 1}
        assert not figures_from_mapping(guessed).to_report().agency.is_people_government

    def test_the_chinese_key_takes_shi_and_fou(self) -> None:
        """人民政府: 是 / 否 says the same as true / false."""
        yes = figures_from_mapping({"agency": "平潭综合实验区", "人民政府": "是", "t2.penalty.decisions": 1})
        no = figures_from_mapping({"agency": "某镇人民政府", "人民政府": "否", "t2.penalty.decisions": 1})
        assert yes.to_report().agency.is_people_government
        assert not no.to_report().agency.is_people_government

    def test_a_value_that_is_neither_yes_nor_no_is_an_error(self) -> None:
        """people_government: 也许 is refused, naming the key."""
        with pytest.raises(UnreadableInput, match=r"“people_government”应为 true 或 false"):
            figures_from_mapping({"people_government": "也许", "t2.penalty.decisions": 1})

    def test_both_keys_at_once_is_an_error(self) -> None:
        """The English and the Chinese key together are refused, as any key written twice."""
        with pytest.raises(UnreadableInput, match="写了两次"):
            figures_from_mapping({"people_government": True, "人民政府": "否", "t2.penalty.decisions": 1})


class TestFiguresFile:
    def test_a_yaml_file_is_read(self, tmp_path: Path) -> None:
        """A YAML figures file with nested keys becomes a report."""
        path = tmp_path / "figures.yaml"
        path.write_text("agency: 示例市某局\nyear: 2023\nt3:\n  new:\n    natural: 2\n", encoding="utf-8")
        report = load_figures(path)
        assert report.figures == {"t3.new.natural": 2}
        assert report.agency.level == "部门"

    def test_a_json_syntax_error_names_file_and_line(self, tmp_path: Path) -> None:
        """A broken JSON file is reported with its name and line."""
        path = tmp_path / "figures.json"
        path.write_text('{\n  "t3.new.natural": 3,\n  oops\n}', encoding="utf-8")
        with pytest.raises(UnreadableInput, match=r"figures\.json：第 3 行"):
            load_figures(path)

    def test_a_yaml_syntax_error_names_the_line(self, tmp_path: Path) -> None:
        """A broken YAML file is reported with its line."""
        path = tmp_path / "figures.yaml"
        path.write_text("t3.new.natural: 3\nt3: [\n", encoding="utf-8")
        with pytest.raises(UnreadableInput, match=r"figures\.yaml：第 \d 行"):
            load_figures(path)

    def test_a_duplicate_yaml_key_names_the_key_and_its_line(self, tmp_path: Path) -> None:
        """A key written twice in YAML is an error naming the key and both lines, not the last value kept."""
        path = tmp_path / "dup.yaml"
        path.write_text("year: 2023\nt3.new.natural: 3\nt3.new.natural: 4\n", encoding="utf-8")
        with pytest.raises(
            UnreadableInput, match=r"dup\.yaml：第 3 行.*“t3\.new\.natural”重复（第 2 行已写过）"
        ):
            load_figures(path)

    def test_a_duplicate_json_key_names_the_key(self, tmp_path: Path) -> None:
        """A key written twice in JSON is an error naming the key."""
        path = tmp_path / "dup.json"
        path.write_text('{"t3.new.natural": 3, "t3.new.natural": 4}', encoding="utf-8")
        with pytest.raises(UnreadableInput, match=r"dup\.json.*“t3\.new\.natural”重复"):
            load_figures(path)

    def test_an_error_names_the_file_by_the_path_given(self, tmp_path: Path) -> None:
        """Two bad.yaml in different folders are told apart: the message shows the folder too."""
        for folder in ("一组", "二组"):
            (tmp_path / folder).mkdir()
            (tmp_path / folder / "bad.yaml").write_text("t9.nothing: 1\n", encoding="utf-8")
        with pytest.raises(UnreadableInput, match=r"二组/bad\.yaml："):
            load_figures(tmp_path / "二组" / "bad.yaml")

    def test_a_grid_error_puts_a_colon_between_file_and_line(self, tmp_path: Path) -> None:
        """A .tsv error reads “t3-badmid.tsv：第 1 行…”, not “t3-badmid.tsv第 1 行”."""
        path = tmp_path / "t3-badmid.tsv"
        path.write_text("行政处罚\t1\t2\n", encoding="utf-8")
        with pytest.raises(UnreadableInput, match=r"t3-badmid\.tsv：第 1 行"):
            load_figures(path)

    def test_a_tsv_file_is_a_pasted_grid(self, tmp_path: Path) -> None:
        """A grid saved as .tsv is read like a paste."""
        path = tmp_path / "table4.tsv"
        path.write_text("\t".join(["0", "1", "0", "0", "1", *["0"] * 10]), encoding="utf-8")
        assert load_figures(path).figures["t4.review.corrected"] == 1

    def test_an_unknown_key_in_a_file_names_the_file(self, tmp_path: Path) -> None:
        """The error says which file holds the unknown key."""
        path = tmp_path / "bad.yaml"
        path.write_text("t9.nothing: 1\n", encoding="utf-8")
        with pytest.raises(UnreadableInput, match=r"bad\.yaml.*t9\.nothing"):
            load_figures(path)

    def test_a_huge_file_is_refused_by_its_size_before_it_is_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A 200 MB figures file is refused from its size on disk; its bytes are never read."""
        path = tmp_path / "huge.yaml"
        with path.open("wb") as sparse:
            sparse.truncate(200 * 1024 * 1024)

        def no_reading(self: Path) -> bytes:
            raise AssertionError(f"{self} was read before its size was checked")

        monkeypatch.setattr(Path, "read_bytes", no_reading)
        with pytest.raises(UnreadableInput, match=r"huge\.yaml：文件过大（200 MB）"):
            load_figures(path)


def t3_grid(with_labels: bool, with_header: bool) -> str:
    """Table 3 as Excel copies it: tab-separated, one row of the table a line."""
    lines = []
    if with_header:
        lines += ["\t\t\t申请人情况", "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计"]
        lines += ["\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"]
    for index, row in enumerate(t3_rows(ReportFormat.F2021)):
        values = ["0"] * len(T3_COLUMNS)
        if row.key == "new":
            values = ["10", "2", "0", "0", "0", "0", "12"]
        if row.key in ("disclosed", "results_total"):
            values = ["１０", "2", "", "—", "/", "0", "12"]
        labels = ["", row.group_label or "", row.label] if with_labels else []
        if with_labels and row.group and index and t3_rows(ReportFormat.F2021)[index - 1].group == row.group:
            labels = ["", "", row.label]
        lines.append("\t".join([*labels, *values]))
    return "\n".join(lines)


class TestFiguresFromGrid:
    def test_a_text_cell_after_the_label_is_reported_as_not_a_number(self) -> None:
        """ "约3" under 予以公开 is “第 N 行第 1 列“约3”不是数字”, not a missing seventh column."""
        lines = t3_grid(with_labels=True, with_header=True).splitlines()
        number = next(i for i, line in enumerate(lines) if "予以公开" in line and "部分" not in line)
        cells = lines[number].split("\t")
        cells[-7] = "约3"
        lines[number] = "\t".join(cells)
        with pytest.raises(UnreadableInput, match=rf"第 {number + 1} 行第 1 列：“约3”不是数字"):
            figures_from_grid("\n".join(lines))

    def test_a_negative_cell_is_named_by_its_labels_not_its_key(self) -> None:
        """A pasted −2 under 行政处罚 names the row and column labels, never “t2.penalty.decisions”."""
        with pytest.raises(UnreadableInput) as raised:
            figures_from_grid("行政处罚\t-2")
        assert "第 1 行第 1 列" in raised.value.message and "行政处罚·" in raised.value.message
        assert "t2." not in raised.value.message

    def test_a_labelled_grid_with_header_rows_is_matched_by_label(self) -> None:
        """A grid with its header rows and label columns reads every row by its label."""
        parsed = figures_from_grid(t3_grid(with_labels=True, with_header=True))
        assert parsed.figures["t3.new.natural"] == 10
        assert parsed.figures["t3.disclosed.total"] == 12
        assert parsed.figures["t3.other_handling.other.total"] == 0

    def test_a_bare_numeric_grid_without_header_rows_is_matched_by_position(self) -> None:
        """25 rows of 7 numbers are table 3 in the format's order."""
        parsed = figures_from_grid(t3_grid(with_labels=False, with_header=False))
        assert parsed.figures["t3.new.total"] == 12
        assert parsed.figures["t3.disclosed.natural"] == 10
        assert parsed.figures["t3.carried_out.total"] == 0

    def test_blank_and_dash_cells_are_zero_with_a_note(self) -> None:
        """Blank, — and / cells read as 0, each with a note."""
        parsed = figures_from_grid(t3_grid(with_labels=True, with_header=False))
        assert parsed.figures["t3.disclosed.research"] == 0
        assert any("为空" in note for note in parsed.notes)

    def test_a_missing_column_names_the_line_and_the_column(self) -> None:
        """A row with a cell missing is an error naming the line and the column."""
        grid = t3_grid(with_labels=True, with_header=False).splitlines()
        grid[0] = grid[0].rsplit("\t", 1)[0]
        with pytest.raises(UnreadableInput, match=r"第 1 行.*缺少第 7 列“总计”"):
            figures_from_grid("\n".join(grid))

    def test_table_2_is_detected_by_its_labels(self) -> None:
        """A pasted table 2 reads documents, decisions and the fee."""
        grid = (
            "规章\t0\t0\t0\n行政规范性文件\t1\t0\t5\n"
            "行政许可\t1,204\n行政处罚\t3\n行政强制\t0\n行政事业性收费\t0.5"
        )
        parsed = figures_from_grid(grid)
        assert parsed.figures["t2.licensing.decisions"] == 1204
        assert parsed.figures["t2.normative.in_force"] == 5
        assert parsed.figures["t2.fees.amount"] == 0.5

    def test_table_4_as_one_row_of_fifteen_numbers(self) -> None:
        """Table 4 pasted as its single data row reads the three groups."""
        parsed = figures_from_grid("\t".join(["1", "0", "0", "1", "2", *["0"] * 10]))
        assert parsed.figures["t4.review.total"] == 2
        assert parsed.figures["t4.suit_after_review.total"] == 0

    def test_table_4_as_three_labelled_rows(self) -> None:
        """Table 4 pasted as one row per group is matched by the group labels."""
        grid = "行政复议\t1\t0\t0\t0\t1\n复议后起诉\t0\t1\t0\t0\t1\n未经复议直接起诉\t0\t0\t0\t2\t2"
        parsed = figures_from_grid(grid)
        assert parsed.figures["t4.suit_direct.pending"] == 2
        assert parsed.figures["t4.suit_after_review.corrected"] == 1

    def test_a_bare_table_2_is_read_by_its_shape(self) -> None:
        """Six lines of 3, 3, 1, 1, 1, 1 numbers are table 2."""
        parsed = figures_from_grid("0\t0\t0\n1\t0\t5\n7\n三\n0\n0.5")
        assert parsed.figures["t2.penalty.decisions"] == 3
        assert parsed.figures["t2.licensing.decisions"] == 7

    def test_a_table_3_without_its_total_column_is_read(self) -> None:
        """Six applicant columns without 总计: the totals are left to be derived."""
        grid = "\n".join("\t".join(["1", "0", "0", "0", "0", "0"]) for _ in t3_rows(ReportFormat.F2021))
        parsed = figures_from_grid(grid)
        assert parsed.figures["t3.new.natural"] == 1
        assert "t3.new.total" not in parsed.figures

    def test_an_unrecognisable_grid_is_an_error(self) -> None:
        """Numbers of no table's shape are refused, not guessed."""
        with pytest.raises(UnreadableInput, match="无法识别"):
            figures_from_grid("1\t2\n3\t4")


class TestFiguresFromText:
    def test_the_example_message_is_read_cell_by_cell(self) -> None:
        """The issue's example: decisions, new requests by applicant, outcomes."""
        typed = figures_from_text(
            "行政处罚3件，行政许可1,204件；新收申请12件，其中自然人10件、商业企业2件；予以公开8件。"
        )
        assert typed.figures == {
            "t2.penalty.decisions": 3,
            "t2.licensing.decisions": 1204,
            "t3.new.total": 12,
            "t3.new.natural": 10,
            "t3.new.business": 2,
            "t3.disclosed.total": 8,
        }
        assert typed.unmatched == []

    def test_chinese_numerals_and_full_width_digits_are_read(self) -> None:
        """三件, 一百零二件 and １２件 are numbers."""
        typed = figures_from_text("行政处罚三件，行政许可一百零二件，行政强制１２件")
        assert typed.figures == {
            "t2.penalty.decisions": 3,
            "t2.licensing.decisions": 102,
            "t2.coercion.decisions": 12,
        }

    def test_synonyms_of_the_outcome_rows_are_understood(self) -> None:
        """上年结转, 部分公开, 不予公开 reasons, 无法提供, 不予处理 and 结转下年度."""
        typed = figures_from_text(
            "上年结转1件；部分公开2件；不予公开2件，其中属于国家秘密1件、保护第三方合法权益1件；"
            "本机关不掌握相关政府信息3件；信访举报投诉类申请1件；结转下年度4件"
        )
        assert typed.figures == {
            "t3.carried_in.total": 1,
            "t3.partial.total": 2,
            "t3.withheld.state_secret.total": 1,
            "t3.withheld.third_party.total": 1,
            "t3.unavailable.not_held.total": 3,
            "t3.not_processed.petition.total": 1,
            "t3.carried_out.total": 4,
        }
        assert typed.unmatched == []

    def test_reviews_documents_and_the_fee(self) -> None:
        """行政复议维持/纠正, 规范性文件制发/废止/现行有效 and 收费金额 in 万元."""
        typed = figures_from_text(
            "行政复议3件，维持2件，纠正1件；制发规范性文件2件，废止1件，现行有效10件；收费金额1.5万元"
        )
        assert typed.figures == {
            "t4.review.total": 3,
            "t4.review.upheld": 2,
            "t4.review.corrected": 1,
            "t2.normative.issued": 2,
            "t2.normative.repealed": 1,
            "t2.normative.in_force": 10,
            "t2.fees.amount": 1.5,
        }

    def test_no_requests_received_is_zero_new_requests(self) -> None:
        """ "未收到申请" states 0 new requests."""
        assert figures_from_text("今年未收到政府信息公开申请。").figures == {"t3.new.total": 0}

    def test_what_cannot_be_tied_to_one_cell_is_returned_not_guessed(self) -> None:
        """行政诉讼 without its kind and 不予公开 without its reasons come back unmatched."""
        typed = figures_from_text("行政诉讼1件；不予公开3件；办公用品5件")
        assert typed.figures == {}
        assert len(typed.unmatched) == 3

    @pytest.mark.parametrize(
        "text",
        [
            "行政处罚二十余件",
            "十几件",
            "行政处罚约3件",
            "行政处罚3件左右",
            "行政处罚20多件",
            "新收申请近20件",
            "行政处罚逾十件",
            "行政许可超过1,000件",
        ],
    )
    def test_a_rough_count_is_returned_unmatched_not_taken_as_exact(self, text: str) -> None:
        """约、近、逾、超过、余、几、多、左右 mark a rough count: nothing is read, exact counts are asked."""
        typed = figures_from_text(text)
        assert typed.figures == {}
        assert len(typed.unmatched) == 1 and "约数" in typed.unmatched[0] and "确切" in typed.unmatched[0]

    def test_exact_figures_beside_a_rough_one_are_still_read(self) -> None:
        """Only the rough clause is set aside; 行政许可5件 is read."""
        typed = figures_from_text("行政处罚20多件，行政许可5件")
        assert typed.figures == {"t2.licensing.decisions": 5}

    def test_a_message_without_any_figure_is_an_error(self) -> None:
        """ "今天天气很好" reads nothing and says so instead of giving an empty reading."""
        with pytest.raises(UnreadableInput, match=r"没有读出任何统计数字"):
            figures_from_text("今天天气很好")

    def test_a_negative_count_is_refused(self) -> None:
        """A typed negative count is an error naming the cell by its labels."""
        with pytest.raises(UnreadableInput, match=r"“行政处罚·.*”不能为负数"):
            figures_from_text("行政处罚-3件")

    def test_a_negative_count_shows_labels_and_never_the_internal_key(self) -> None:
        """The message shows 一、本年新收…·总计, not “t3.new.total”."""
        with pytest.raises(UnreadableInput) as raised:
            figures_from_text("新收申请-3件")
        assert "一、本年新收政府信息公开申请数量·总计" in raised.value.message
        assert "t3." not in raised.value.message

    def test_a_full_width_minus_is_still_a_minus(self) -> None:
        """ "行政处罚－3件" typed with a full-width minus is refused, not read as 3."""
        with pytest.raises(UnreadableInput, match=r"行政处罚.*不能为负数，读到 -3"):
            figures_from_text("行政处罚－3件")
