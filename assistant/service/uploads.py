"""Files uploaded through the web assistant: kept under their own name, and only once readable."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from assistant.errors import GongkaiError
from assistant.store.private import private_directory, write_private

T = TypeVar("T")


def _read_as(staged: Path, name: str, read: Callable[[Path], T]) -> T:
    """What ``read`` makes of a staged upload; a refusal names the file as the user knows it."""
    try:
        return read(staged)
    except GongkaiError as error:
        # Readers name the path they were given; the staging path means nothing to the user.
        error.message = error.message.replace(str(staged), name)
        error.args = (error.message,)
        raise


def save_if_readable(folder: Path, name: str, data: bytes, read: Callable[[Path], T]) -> tuple[Path, T]:
    """Save ``data`` as ``folder/name`` when ``read`` accepts it; returns the path and what was read.

    The bytes are read from a staging copy carrying the upload's own name, so a refusal
    (``read`` raising ``GongkaiError``) names the file as the user knows it, and a file
    already saved under that name, perhaps in use as last year's report or indexed in the
    corpus, is left exactly as it was.  The staging folder sits inside ``folder`` so the
    final rename stays on one file system and is atomic; the copy is created readable by
    its owner only (mode 0600), as everything in the data directory.
    """
    private_directory(folder)
    target = folder / Path(name).name
    with tempfile.TemporaryDirectory(dir=folder, prefix=".upload-") as staging:
        staged = write_private(Path(staging) / target.name, data)
        result = _read_as(staged, target.name, read)
        staged.replace(target)
    return target, result


def read_upload(name: str, data: bytes, read: Callable[[Path], T]) -> T:
    """What ``read`` makes of an upload that is not kept (a report under review)."""
    with tempfile.TemporaryDirectory(prefix="gongkai-review-") as staging:
        staged = write_private(Path(staging) / Path(name).name, data)
        return _read_as(staged, staged.name, read)
