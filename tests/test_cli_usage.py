"""Wrong usage of the command line is answered in Chinese, like everything else gongkai says."""

from __future__ import annotations

import pytest

from assistant.cli import EXIT_UNREADABLE, main, usage_error_in_chinese


def run_badly(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == EXIT_UNREADABLE
    return capsys.readouterr().err


class TestUsageErrorInChinese:
    def test_an_unknown_option_is_named(self) -> None:
        """“unrecognized arguments” becomes 无法识别的参数 with the option."""
        assert usage_error_in_chinese("unrecognized arguments: --bogus") == "无法识别的参数：--bogus"

    def test_a_missing_argument_is_named(self) -> None:
        """“the following arguments are required” becomes 缺少必需的参数."""
        assert (
            usage_error_in_chinese("the following arguments are required: 上年报告")
            == "缺少必需的参数：上年报告"
        )

    def test_an_option_without_its_value_names_the_option(self) -> None:
        """“argument --last-year: expected one argument” names the option and asks for a value."""
        assert (
            usage_error_in_chinese("argument --last-year: expected one argument")
            == "参数 --last-year 后面需要一个值"
        )

    def test_a_value_that_is_no_integer_is_said_so(self) -> None:
        """“invalid int value” says the value is not an integer."""
        assert usage_error_in_chinese("argument -k: invalid int value: 'abc'") == "参数 -k 'abc' 不是整数"

    def test_an_unforeseen_message_is_kept(self) -> None:
        """A message argparse may add later is shown as it is rather than guessed at."""
        assert usage_error_in_chinese("something new") == "something new"


class TestWrongUsage:
    def test_an_unknown_option_is_answered_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown option prints a Chinese usage line and error, exit code 2."""
        err = run_badly(["check", "--bogus", "x"], capsys)
        assert "用法：gongkai" in err and "错误：无法识别的参数：--bogus" in err
        assert "usage:" not in err and "error:" not in err

    def test_a_missing_argument_is_answered_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """compare with one report says which argument is missing, in Chinese."""
        err = run_badly(["compare", "2023.docx"], capsys)
        assert "缺少必需的参数：上年报告" in err and "required" not in err

    def test_help_has_chinese_section_titles(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-h shows 用法, 参数 and 选项 and a Chinese line for -h itself."""
        with pytest.raises(SystemExit):
            main(["check", "-h"])
        out = capsys.readouterr().out
        assert "用法：" in out and "参数" in out and "选项" in out and "显示本帮助并退出" in out
        assert "usage:" not in out and "show this help" not in out and "options:" not in out
