"""The composition root: read settings once, wire adapters, hand out one ``Services``.

CLI commands and Streamlit pages call :func:`bootstrap` and use what it returns; nothing
else constructs an adapter, and nothing is built at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.ports import ReportWriter
from assistant.settings import Settings


@dataclass
class Services:
    """The adapters a deployment uses, built from one ``Settings``."""

    settings: Settings

    def report_writer(self, suffix: str = ".docx") -> ReportWriter:
        """The writer for an export format (``.docx``), imported only when asked for."""
        from assistant.writers import writer_for

        return writer_for(f"report{suffix}")


def bootstrap(settings: Settings | None = None) -> Services:
    settings = settings or Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(settings=settings)
