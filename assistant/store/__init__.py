"""Saved work in one SQLite file under the data directory, split by what it stores:
workspaces (figures, notes, last year's report), the versions of each narrative place,
the chat, the regions reviewers check, their comments, and the accounts of a shared server."""

from __future__ import annotations

from pathlib import Path

from assistant.store.chat import ChatLog
from assistant.store.comments import Comments
from assistant.store.database import Database
from assistant.store.parts import PartVersions
from assistant.store.regions import Regions
from assistant.store.users import Users
from assistant.store.workspaces import Workspaces


class Store:
    """The saved work of one data directory."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.parts = PartVersions(database)
        self.workspaces = Workspaces(database, self.parts)
        self.chat = ChatLog(database)
        self.regions = Regions(database)
        self.comments = Comments(database)
        self.users = Users(database)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Store:
        return cls(Database.in_data_dir(data_dir))
