"""Reading in a child process: limits reached there are messages here, and reading goes on."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from report_samples import write_docx

from assistant.domain.layout import keys
from assistant.errors import GongkaiError, NotAReport, UnreadableInput
from assistant.readers import read_report, read_report_in_process, read_reports, sandbox, warm_up
from assistant.readers.sandbox import STOPPED, read_isolated, read_isolated_many


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


def as_named(path: Path) -> str:
    """A reader that does what the file's name says: 停 aborts, 转 spins, 吃 hoards memory,
    慢 uses 0.6 s of CPU, 等 waits 0.6 s; any other name is read at once."""
    behaviours: dict[str, Callable[[Path], str]] = {
        "停": abort, "转": spin_without_end, "吃": allocate_without_end, "拒": refuse,
    }  # fmt: skip
    if path.stem in behaviours:
        return behaviours[path.stem](path)
    if path.stem.startswith("慢"):
        started = time.process_time()
        while time.process_time() - started < 0.6:
            pass
    if path.stem.startswith("等"):
        time.sleep(0.6)
    return echo(path)


def batch(*names: str, seconds: float = sandbox.SECONDS) -> list[str | GongkaiError]:
    files = [(Path(f"{name}.txt"), f"{name}.txt") for name in names]
    return read_isolated_many(as_named, files, seconds=seconds, memory=256 * 1024 * 1024)


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


class TestReadIsolatedMany:
    def test_the_files_of_a_batch_are_read_in_turn_by_one_child(self) -> None:
        """One fork for the batch: forking per file cost more than reading a report."""
        results = batch("甲", "乙", "丙")
        assert [str(result).split(":")[0] for result in results] == ["甲.txt", "乙.txt", "丙.txt"]
        assert len({str(result).split(":")[1] for result in results}) == 1

    @pytest.mark.parametrize(
        ("name", "reason"),
        # A spinning read meets its CPU limit or its deadline, whichever comes first.
        [("停", "读取组件异常终止"), ("转", "超过"), ("吃", "内存超过 256 MB 上限")],
    )
    def test_a_file_that_stops_its_child_costs_the_batch_only_itself(self, name: str, reason: str) -> None:
        """The files before it keep what was read, the files after it are read (by a new child
        where it ended the child; a MemoryError raised in Python leaves the child reading on)."""
        first, stopped, last = batch("甲", name, "乙", seconds=1)
        assert str(first).startswith("甲.txt:") and str(last).startswith("乙.txt:")
        assert isinstance(stopped, UnreadableInput)
        assert stopped.message.startswith(f"{name}.txt：{STOPPED}") and reason in stopped.message
        assert (str(first).split(":")[1] != str(last).split(":")[1]) is (name != "吃")

    def test_a_refusal_in_a_batch_is_that_files_answer_and_the_batch_goes_on(self) -> None:
        refused, read = batch("拒", "甲")
        assert isinstance(refused, NotAReport) and str(read).startswith("甲.txt:")

    def test_each_file_of_a_batch_has_the_time_a_file_read_alone_has(self) -> None:
        """Three files of 0.6 s each under a limit of 1 s: the CPU limit and the deadline
        count from the end of the file before, not from the start of the batch."""
        results = batch("慢1", "慢2", "慢3", "等1", "等2", seconds=1)
        assert all(isinstance(result, str) for result in results), results

    def test_a_file_waiting_past_its_deadline_is_stopped_and_the_next_is_read(self) -> None:
        waited, read = batch("等" * 3, "甲", seconds=0.3)
        assert isinstance(waited, UnreadableInput) and "读取超过 0.3 秒" in waited.message
        assert str(read).startswith("甲.txt:")

    def test_without_fork_each_file_is_read_alone(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sandbox, "FORK", False)
        results = batch("甲", "乙")
        assert [str(result).split(":")[0] for result in results] == ["甲.txt", "乙.txt"]


class TestReadReport:
    def test_a_report_read_in_a_child_equals_the_report_read_here(self, tmp_path: Path) -> None:
        """The report crosses the process boundary as JSON without losing anything."""
        path = write_docx(tmp_path / "清溪镇2024年报.docx")
        assert read_report(path) == read_report_in_process(path)

    def test_the_fork_servers_warm_up_reads_every_cell_of_its_blank_report(self) -> None:
        """What the children inherit is the readers warmed on all three tables, not on a failure."""
        report = warm_up()
        assert set(report.figures) == set(keys(report.format)) and report.figures["t3.new.natural"] == 1

    def test_reports_read_together_are_the_reports_read_one_by_one(self, tmp_path: Path) -> None:
        """A missing file and a broken one are their own messages; the others are read."""
        good = write_docx(tmp_path / "清溪镇2024年报.docx")
        broken = tmp_path / "损坏.docx"
        broken.write_bytes(b"not a zip")
        read, missing, refused = read_reports([good, tmp_path / "无.docx", broken])
        assert read == read_report(good)
        assert isinstance(missing, UnreadableInput) and "文件不存在" in missing.message
        assert isinstance(refused, UnreadableInput) and "不是有效的 .docx 文件" in refused.message
