"""Files only the account running gongkai may read: the data directory and what it holds.

Settings hold API keys and the workspaces hold unpublished drafts, and the server may share
its machine with other accounts.  The data directory is created ``0700``; files are created
``0600`` from the start (never created readable and narrowed afterwards, which leaves a
moment in which anyone can open them) and replaced whole through a temporary file, so a
crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def private_directory(path: Path) -> Path:
    """``path`` as a directory of its owner's only: created so, or narrowed when an older
    version left it open to others (only when this account owns it)."""
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    status = path.stat()
    if status.st_mode & 0o077 and status.st_uid == getattr(os, "getuid", lambda: status.st_uid)():
        path.chmod(stat.S_IMODE(status.st_mode) & ~0o077)
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` atomically: written to a temporary file of mode 0600
    beside it (``mkstemp`` creates it so), flushed to disk, then renamed over the old file."""
    private_directory(path.parent)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def create_private(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 unless it exists (an existing file open to others
    is narrowed): SQLite then gives its ``-wal`` and ``-shm`` files the same mode."""
    private_directory(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)
    return path
