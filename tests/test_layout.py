"""The package's layers show in its folder tree, and the pages stay on their side of them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"

TOP_LEVEL_MODULES = {"__init__.py", "__main__.py", "bootstrap.py", "settings.py", "errors.py", "testing.py"}
LAYERS = {"domain", "service", "store", "render", "readers", "writers", "retrieval", "drafting", "cli"}
PAGE_IMPORTS = ("assistant.service", "assistant.render", "assistant.domain", "assistant.errors")


def runtime_imports(path: Path) -> set[str]:
    """The modules a file imports when it runs (imports only for type checkers left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


class TestPackageLayout:
    def test_the_top_of_the_package_holds_only_its_entry_points(self) -> None:
        """Beside the layer folders only __init__, __main__, the composition root, settings,
        errors and the test fakes stand at the top of assistant/."""
        modules = {p.name for p in PACKAGE.glob("*.py")}
        folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
        assert modules == TOP_LEVEL_MODULES
        assert folders == LAYERS

    def test_every_layer_folder_is_a_package_that_says_what_it_holds(self) -> None:
        """Each layer has an __init__.py with a docstring."""
        for layer in LAYERS:
            init = PACKAGE / layer / "__init__.py"
            assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), layer


class TestPages:
    def test_no_page_touches_the_store(self) -> None:
        """Pages reach saved work only through the desk and the office."""
        for path in (ROOT / "ui").rglob("*.py"):
            assert not any(name.startswith("assistant.store") for name in runtime_imports(path)), path
            code = [line for line in path.read_text(encoding="utf-8").splitlines() if "import" not in line]
            assert not [line for line in code if re.search(r"\w\.store\b", line)], path

    def test_pages_use_only_the_service_layer_presenters_and_domain_types(self) -> None:
        """No page imports an adapter (readers, retrieval, drafting, writers) itself; the shared
        page module alone calls the composition root."""
        for path in (ROOT / "ui").rglob("*.py"):
            imported = {name for name in runtime_imports(path) if name.startswith("assistant")}
            allowed = PAGE_IMPORTS + (("assistant.bootstrap",) if path.name == "common.py" else ())
            assert all(name.startswith(allowed) for name in imported), (path, imported)
