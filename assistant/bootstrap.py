"""The composition root: read settings once, wire adapters, hand out one ``Services``.

CLI commands and Streamlit pages call :func:`bootstrap` and use what it returns; nothing
else constructs an adapter, and nothing is built at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.settings import Settings
from assistant.workspace import WorkspaceStore


@dataclass
class Services:
    """The adapters a deployment uses, built from one ``Settings``."""

    settings: Settings

    def workspaces(self) -> WorkspaceStore:
        """Saved work (figures, part versions, chat) under the data directory."""
        return WorkspaceStore.in_data_dir(self.settings.data_dir)


def bootstrap(settings: Settings | None = None) -> Services:
    settings = settings or Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(settings=settings)
