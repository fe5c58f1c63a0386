"""Saved work in SQLite under the data directory: workspaces, part versions, chat messages."""
