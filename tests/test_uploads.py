"""Uploads are saved under their own name only when readable; nothing saved before is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import UnreadableInput
from assistant.service.uploads import save_if_readable


def read_text_or_refuse(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text == "broken":
        raise UnreadableInput(f"{path}：文件已损坏。")  # readers name the path they are given
    return text


class TestSaveIfReadable:
    def test_a_readable_upload_is_saved_under_its_own_name(self, tmp_path: Path) -> None:
        """The file lands as folder/name and what was read comes back with it."""
        target, text = save_if_readable(
            tmp_path / "uploads", "年报.txt", "正文".encode(), read_text_or_refuse
        )
        assert target == tmp_path / "uploads" / "年报.txt"
        assert (target.read_text(encoding="utf-8"), text) == ("正文", "正文")

    def test_a_readable_upload_replaces_the_file_of_the_same_name(self, tmp_path: Path) -> None:
        """Uploading a corrected version of a file replaces it."""
        save_if_readable(tmp_path, "年报.txt", "旧版".encode(), read_text_or_refuse)
        target, _ = save_if_readable(tmp_path, "年报.txt", "新版".encode(), read_text_or_refuse)
        assert target.read_text(encoding="utf-8") == "新版"

    def test_an_unreadable_upload_leaves_the_saved_file_of_the_same_name_alone(self, tmp_path: Path) -> None:
        """The refusal names the upload itself, the good file stays, and no staging copy is left."""
        good, _ = save_if_readable(tmp_path, "年报.txt", "正文".encode(), read_text_or_refuse)
        with pytest.raises(UnreadableInput) as refused:
            save_if_readable(tmp_path, "年报.txt", b"broken", read_text_or_refuse)
        assert refused.value.message == "年报.txt：文件已损坏。"
        assert good.read_text(encoding="utf-8") == "正文"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["年报.txt"]

    def test_a_path_in_the_upload_name_is_ignored(self, tmp_path: Path) -> None:
        """A browser-supplied name cannot place the file outside the folder."""
        target, _ = save_if_readable(
            tmp_path / "uploads", "../../年报.txt", "正文".encode(), read_text_or_refuse
        )
        assert target == tmp_path / "uploads" / "年报.txt"
