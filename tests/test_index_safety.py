"""The index takes only the folder's own regular files, and survives being killed mid-file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from assistant.retrieval.documents import indexable_files
from assistant.retrieval.index import ChunkIndex
from assistant.settings import Settings

# Run as the indexing process: the first file is indexed whole, the second has some of its
# chunks added and then the process is killed, as kill -9 or a power cut would.
KILLED_MID_FILE = """
import os, signal, sys
from pathlib import Path
from assistant.retrieval.index import ChunkIndex
from assistant.settings import Settings

original = ChunkIndex._add
files = []

def add_then_die(self, ids, texts, metadatas):
    files.append(ids[0])
    if len(files) == 2:
        original(self, ids[:3], texts[:3], metadatas[:3])
        os.kill(os.getpid(), signal.SIGKILL)
    original(self, ids, texts, metadatas)

ChunkIndex._add = add_then_die
ChunkIndex(Settings(data_dir=Path(sys.argv[1]))).index([Path(sys.argv[2])], kind="regulation")
"""


def regulations(folder: Path) -> Path:
    """Two short regulations of our own, twelve articles each."""
    folder.mkdir()
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    for name, subject in (("甲办法.md", "档案查阅"), ("乙规定.md", "信息发布")):
        articles = [f"第{n}条 {subject}工作的第{n}项要求：按期办理，登记备查，逐项落实。" for n in numerals]
        text = f"# {subject}办法\n\n" + "\n\n".join(articles) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
    return folder


class TestOnlyTheFoldersOwnFiles:
    def test_a_symbolic_link_out_of_the_folder_is_not_indexed(self, tmp_path: Path) -> None:
        """A link to a file elsewhere (/etc/shadow in the attack) is left out; the real file is in."""
        folder = tmp_path / "法规"
        folder.mkdir()
        secret = tmp_path / "secret.txt"
        secret.write_text("第一条 口令：hunter2。\n第二条 ……\n第三条 ……\n", encoding="utf-8")
        (folder / "条例.md").write_text("# 条例\n\n第一条 总则。\n", encoding="utf-8")
        (folder / "口令.txt").symlink_to(secret)
        (folder / "链接目录").symlink_to(tmp_path, target_is_directory=True)
        assert indexable_files([folder]) == [(folder / "条例.md").resolve()]

    def test_a_named_pipe_in_the_folder_is_not_opened(self, tmp_path: Path) -> None:
        """Opening a FIFO would block the indexer forever; it is not a regular file."""
        folder = tmp_path / "法规"
        folder.mkdir()
        os.mkfifo(folder / "管道.txt")
        assert indexable_files([folder]) == []

    def test_a_linked_file_is_neither_indexed_nor_searchable(self, tmp_path: Path) -> None:
        """`gongkai index --kind regulation DIR` leaves a link to a secret out of the index."""
        folder = regulations(tmp_path / "法规")
        secret = tmp_path / "secret.txt"
        secret.write_text("第一条 口令 hunter2。\n", encoding="utf-8")
        (folder / "口令.txt").symlink_to(secret)
        index = ChunkIndex(Settings(data_dir=tmp_path / "data"))
        index.index([folder], kind="regulation")
        assert {Path(d.source).name for d in index.documents()} == {"甲办法.md", "乙规定.md"}
        assert all("hunter2" not in passage.text for passage in index.search("口令 hunter2", k=5))


class TestInterruptedIndexing:
    def test_a_file_cut_off_by_kill_9_is_indexed_again_in_full(self, tmp_path: Path) -> None:
        """After SIGKILL mid-file the next run redoes that file: the chunk count equals a clean index."""
        folder = regulations(tmp_path / "法规")
        clean = ChunkIndex(Settings(data_dir=tmp_path / "clean"))
        clean.index([folder], kind="regulation")

        killed_dir = tmp_path / "killed"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "ANONYMIZED_TELEMETRY": "False"}
        killed = subprocess.run(
            [sys.executable, "-c", KILLED_MID_FILE, str(killed_dir), str(folder)],
            env=env,
            capture_output=True,
            timeout=300,
        )
        assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
        interrupted = ChunkIndex(Settings(data_dir=killed_dir))
        assert 0 < interrupted.count() < clean.count()

        summary = interrupted.index([folder], kind="regulation")
        assert len(summary.replaced) == 1 and len(summary.unchanged) == 1
        assert interrupted.count() == clean.count()
        assert [(d.source, d.chunks) for d in interrupted.documents()] == [
            (d.source, d.chunks) for d in clean.documents()
        ]
