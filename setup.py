"""The wheel carries the app's own folders: ui/, prompts/, corpus/ and .streamlit/ go into
assistant/_app/.

They sit at the top of the checkout, where the Makefile, the tests and the README use them;
an installed ``gongkai serve`` finds them inside the package (:func:`assistant.settings.app_root`).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
APP_FOLDERS = ("ui", "prompts", "corpus", ".streamlit")


class BuildWithAppFolders(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "assistant" / "_app"
        shutil.rmtree(target, ignore_errors=True)  # a file deleted from the checkout leaves the wheel too
        for name in APP_FOLDERS:
            shutil.copytree(
                ROOT / name,
                target / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                dirs_exist_ok=True,
            )


setup(cmdclass={"build_py": BuildWithAppFolders})
