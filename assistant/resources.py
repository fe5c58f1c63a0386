"""Where the app's own folders are: ui/, prompts/, corpus/ and .streamlit/.

In a checkout they sit at its top, where the Makefile, the tests and the README use them.
The wheel carries them inside the package, in ``assistant/_app/`` (``setup.py`` puts them
there), so that an installed ``gongkai serve`` works from any directory.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def app_root() -> Path:
    """The folder holding ui/, prompts/, corpus/ and .streamlit/."""
    installed = _PACKAGE / "_app"
    return installed if installed.is_dir() else _PACKAGE.parent
