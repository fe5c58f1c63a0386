"""Reading in a child process: limits reached there are messages here, and reading goes on."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from report_samples import write_docx

from assistant.errors import NotAReport, UnreadableInput
from assistant.readers import read_report, read_report_in_process, sandbox
from assistant.readers.sandbox import STOPPED, read_isolated


def allocate_without_end(path: Path) -> str:
    """A reader whose memory grows until something stops it."""
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def spin_without_end(path: Path) -> str:
    """A reader that never finishes."""
    while True:
        pass


def sleep_without_end(path: Path) -> str:
    """A reader that waits forever without using the CPU."""
    time.sleep(3600)
    return ""


def abort(path: Path) -> str:
    """A reader library ending the process, as PDFium does when an allocation fails."""
    os.abort()


def refuse(path: Path) -> str:
    raise NotAReport(f"{path}：不是年报。")


def echo(path: Path) -> str:
    return f"{path.name}:{os.getpid()}"


class TestReadIsolated:
    def test_a_reader_exhausting_memory_is_stopped_with_a_message_naming_the_file(self) -> None:
        """The address-space limit turns into “内存超过 … 上限”."""
        with pytest.raises(UnreadableInput) as refused:
            read_isolated(allocate_without_end, Path("大.docx"), "大.docx", memory=256 * 1024 * 1024)
        assert refused.value.message == f"大.docx：{STOPPED}（内存超过 256 MB 上限）。"

    def test_a_reader_that_never_ends_is_stopped_by_its_cpu_limit(self) -> None:
        """Spinning past the CPU seconds ends the child; the message names the file."""
        started = time.perf_counter()
        with pytest.raises(UnreadableInput, match=f"慢.pdf：{STOPPED}"):
            read_isolated(spin_without_end, Path("慢.pdf"), "慢.pdf", seconds=1)
        assert time.perf_counter() - started < 5

    def test_a_reader_that_waits_is_stopped_at_the_wall_clock_deadline(self) -> None:
        """Waiting uses no CPU time, so the deadline ends it."""
        with pytest.raises(UnreadableInput) as refused:
            read_isolated(sleep_without_end, Path("等.html"), "等.html", seconds=1)
        assert refused.value.message == f"等.html：{STOPPED}（读取超过 1 秒）。"

    def test_a_reader_aborting_the_process_is_a_message_and_the_next_read_works(self) -> None:
        """abort() ends only the child: the same server reads the next file."""
        with pytest.raises(UnreadableInput, match="读取组件异常终止"):
            read_isolated(abort, Path("坏.pdf"), "坏.pdf")
        assert read_isolated(echo, Path("好.txt"), "好.txt").startswith("好.txt:")

    def test_each_read_is_a_child_of_its_own(self) -> None:
        """Two reads run in two processes, neither of them this one."""
        first, second = (read_isolated(echo, Path("a.txt"), "a.txt") for _ in range(2))
        pids = {int(first.split(":")[1]), int(second.split(":")[1])}
        assert len(pids) == 2 and os.getpid() not in pids

    def test_a_refusal_keeps_its_kind_and_words(self) -> None:
        """A reader's NotAReport arrives as NotAReport with its message."""
        with pytest.raises(NotAReport, match="不是年报"):
            read_isolated(refuse, Path("法规.md"), "法规.md")

    def test_without_fork_a_stuck_read_restarts_the_server(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where there is no fork (Windows), the deadline stops the whole server; the next
        read starts a fresh one."""
        monkeypatch.setattr(sandbox, "FORK", False)
        with pytest.raises(UnreadableInput, match="读取超过 1 秒"):
            read_isolated(sleep_without_end, Path("等.html"), "等.html", seconds=1)
        assert read_isolated(echo, Path("好.txt"), "好.txt").startswith("好.txt:")
        monkeypatch.undo()
        assert read_isolated(echo, Path("好.txt"), "好.txt").startswith("好.txt:")


class TestReadReport:
    def test_a_report_read_in_a_child_equals_the_report_read_here(self, tmp_path: Path) -> None:
        """The report crosses the process boundary as JSON without losing anything."""
        path = write_docx(tmp_path / "清溪镇2024年报.docx")
        assert read_report(path) == read_report_in_process(path)
