"""Inputs that used to end in a traceback each get a Chinese message saying where and what:
impossible dates, non-finite and absurd numbers, deep nesting, broken settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.bootstrap import bootstrap
from assistant.cli import main
from assistant.domain.figures_text import figures_from_text
from assistant.domain.forms import EDIT_GRIDS, figures_from_grid_values
from assistant.errors import GongkaiError, UnreadableInput
from assistant.service.chat.conversation import Chat
from assistant.service.desk import Desk
from assistant.settings import Settings

FIVE_THOUSAND_DIGITS = "9" * 5000
FEE = "“t2.fees.amount”（行政事业性收费·本年收费金额（单位：万元））"
LONG_YAML = f"agency: 某镇人民政府\nt2.penalty.decisions: {FIVE_THOUSAND_DIGITS}\n"
LONG_JSON = f'{{\n"t2.penalty.decisions": {FIVE_THOUSAND_DIGITS}}}'


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def strict_json(text: str) -> Any:
    """JSON as the standard defines it: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


class TestFiguresFiles:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            (
                "日期.yaml",
                "published: 2024-02-30\nt2.penalty.decisions: 3\n",
                "“published”不是有效日期：“2024-02-30”",
            ),
            ("非数.json", '{"t2.fees.amount": NaN}', f"{FEE}不是有效的数字"),
            ("无穷.json", '{"t2.fees.amount": Infinity}', "数值过大"),
            ("溢出.json", '{"t2.fees.amount": 1e400}', f"{FEE}数值过大"),
            ("无穷.yaml", "t2.fees.amount: .inf\n", f"{FEE}数值过大"),
            ("长数.yaml", LONG_YAML, "第 2 行：YAML 格式错误（数字位数过多"),
            ("长数.json", LONG_JSON, "第 2 行：数字位数过多（5000 位），数值过大"),
            ("深.json", '{"t2": ' * 5000 + "1" + "}" * 5000, "JSON 嵌套层数过多（超过 16 层）"),
            ("深.yaml", "t2: " + "[" * 5000 + "]" * 5000 + "\n", "第 1 行：YAML 格式错误（嵌套超过 16 层）"),
            ("较深.json", '{"t2": ' * 100 + "1" + "}" * 100, "JSON 嵌套层数过多（超过 16 层）"),
            ("别名.yaml", "a: &x 1\nt2.penalty.decisions: *x\n", "第 1 行：YAML 格式错误（不支持 YAML 锚点"),
        ],
    )
    def test_each_input_gets_a_located_message_instead_of_a_traceback(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, message: str
    ) -> None:
        """`gongkai figures FILE --json` exits 2 with the file, the place and the problem."""
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        code, out, err = run(["figures", str(path), "--json"], capsys)
        assert (code, out) == (2, "")
        assert err.startswith(f"错误：{path}：") and message in err, err

    def test_a_trillion_trillion_is_called_too_large_not_a_fraction(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """10^30 is refused as 数值过大, no longer as 应为整数."""
        path = tmp_path / "大数.yaml"
        path.write_text(f"t2.penalty.decisions: {10**30}\n", encoding="utf-8")
        _, _, err = run(["check", str(path)], capsys)
        assert "数值过大（超过一万亿）" in err and "应为整数" not in err

    def test_a_fee_of_nan_is_never_exported(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`gongkai export` refuses a NaN fee instead of writing “NaN00”; no file is left."""
        path = tmp_path / "收费.json"
        path.write_text('{"agency": "某镇人民政府", "year": 2024, "t2.fees.amount": NaN}', encoding="utf-8")
        code, _, err = run(["export", str(path), "-o", str(tmp_path / "年报.docx")], capsys)
        assert code == 2 and "不是有效的数字" in err
        assert not (tmp_path / "年报.docx").exists()

    def test_json_output_is_always_standard_json(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A fee with decimals prints as a number any JSON parser takes; a NaN fee beside it is
        refused on stderr and stdout stays standard JSON."""
        path = tmp_path / "收费.yaml"
        path.write_text("t2.fees.amount: 0.35\nt2.penalty.decisions: 3\n", encoding="utf-8")
        for command in ("figures", "check"):
            code, out, _ = run([command, str(path), "--json"], capsys)
            assert code == 0
            data = strict_json(out)
            assert isinstance(data, dict) and data["figures"]["t2.fees.amount"] == 0.35
        (tmp_path / "非数.json").write_text('{"t2.fees.amount": NaN}', encoding="utf-8")
        code, out, err = run(["check", str(tmp_path), "--json"], capsys)
        assert code == 2 and "不是有效的数字" in err
        assert [item["file"] for item in strict_json(out)] == [str(path)]


class TestTypedFigures:
    def test_a_five_thousand_digit_number_on_the_command_line_is_too_large(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`figures --text` names the clause (shortened) and says the number is too large."""
        code, _, err = run(["figures", "--text", f"行政处罚{FIVE_THOUSAND_DIGITS}件"], capsys)
        assert code == 2 and "“行政处罚·本年处理决定数量”数值过大" in err
        assert len(err) < 200

    def test_a_five_thousand_digit_number_in_the_chat_is_answered_in_chinese(self) -> None:
        """The chat's reader turns it into its message; nothing is merged into the workspace."""
        services = bootstrap()
        workspace = services.store().workspaces.open("青川县清溪镇人民政府", 2024)
        desk = Desk(services, workspace.id)
        with pytest.raises(UnreadableInput, match="数值过大"):
            desk.figures.read(f"行政处罚{FIVE_THOUSAND_DIGITS}件")
        text = "".join(Chat(desk).respond(f"行政处罚{FIVE_THOUSAND_DIGITS}件").stream())
        assert "数值过大" in text
        assert desk.workspace.figures == {}

    def test_typed_text_reads_huge_numbers_without_converting_them_whole(self) -> None:
        """A number of thousands of digits is refused by size, not by Python's int limit."""
        with pytest.raises(UnreadableInput, match="数值过大"):
            figures_from_text(f"新收申请{FIVE_THOUSAND_DIGITS}件")

    @pytest.mark.parametrize("typed", ["nan", "inf", "1e30", "-inf"])
    def test_a_grid_cell_of_a_non_finite_or_absurd_number_is_a_cell_problem(self, typed: str) -> None:
        """The 数据录入 grid refuses NaN, infinity and 10^30 in the fee column with the cell named."""
        grid = next(grid for grid in EDIT_GRIDS[2] if any("t2.fees.amount" in row for row in grid.keys))
        values = [[typed if key == "t2.fees.amount" else None for key in row] for row in grid.keys]
        figures, problems = figures_from_grid_values(grid, values)
        assert "t2.fees.amount" not in figures
        assert [problem.message for problem in problems] in (
            ["不是有效的数字"],
            ["数值过大（超过一万亿），请核实"],
        )


class TestSettingsProblems:
    def test_a_timeout_that_is_not_a_number_names_the_variable(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """GONGKAI_LLM_TIMEOUT=abc is a message, not a pydantic traceback."""
        with pytest.raises(GongkaiError) as refused:
            Settings.from_env({"GONGKAI_LLM_TIMEOUT": "abc"})
        assert refused.value.message == "环境变量 GONGKAI_LLM_TIMEOUT 的值“abc”无效：应为数字。"

    @pytest.mark.parametrize(("value", "problem"), [("inf", "应为有限的数字"), ("-5", "应大于 0")])
    def test_an_endless_or_negative_timeout_is_refused(self, value: str, problem: str) -> None:
        """A timeout must be a positive, finite number of seconds."""
        with pytest.raises(GongkaiError, match=problem):
            Settings.from_env({"GONGKAI_LLM_TIMEOUT": value})

    def test_the_command_line_says_which_variable_is_wrong(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`GONGKAI_LLM_TIMEOUT=abc gongkai workspaces` exits 2 with the message."""
        monkeypatch.setenv("GONGKAI_LLM_TIMEOUT", "abc")
        code, _, err = run(["workspaces"], capsys)
        assert code == 2 and "GONGKAI_LLM_TIMEOUT" in err and "Traceback" not in err

    def test_a_settings_file_holding_a_list_is_named(self, tmp_path: Path) -> None:
        """settings.json must hold an object; a list is explained, naming the file."""
        (tmp_path / "settings.json").write_text("[1, 2]", encoding="utf-8")
        with pytest.raises(GongkaiError, match=r"settings\.json：设置文件的内容应为“名称: 值”的对象"):
            Settings.from_env({"GONGKAI_DATA_DIR": str(tmp_path)})

    def test_a_saved_value_of_the_wrong_kind_names_the_file_and_the_setting(self, tmp_path: Path) -> None:
        """A saved llm_timeout of "soon" is named with the file it is in."""
        (tmp_path / "settings.json").write_text('{"llm_timeout": "soon"}', encoding="utf-8")
        with pytest.raises(GongkaiError, match=r"settings\.json：设置“llm_timeout”的值“soon”无效：应为数字"):
            Settings.from_env({"GONGKAI_DATA_DIR": str(tmp_path)})
