"""Errors users see: each carries a Chinese message saying where and what went wrong."""

from __future__ import annotations


class GongkaiError(Exception):
    """Base of every error gongkai reports to a user instead of a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableInput(GongkaiError):
    """An input (file, pasted grid, typed figures) could not be read; nothing was guessed."""


class UnwritableOutput(GongkaiError):
    """An output (an exported report) could not be written; nothing half-written is left."""


class NotAReport(UnreadableInput):
    """An input that is plainly something else (a regulation, a notice, a list): named
    explicitly it is refused like any unreadable input; met while walking a folder it is
    skipped, since folders of reports often hold other documents too."""
