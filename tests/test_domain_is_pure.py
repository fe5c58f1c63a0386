"""The domain core imports only the standard library and pydantic."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


class TestDomainPurity:
    def test_importing_the_domain_loads_no_adapter(self) -> None:
        """Importing assistant.domain (and everything under it) pulls in no heavy adapter."""
        code = (
            "import importlib, pkgutil, sys, assistant.domain as d\n"
            "for m in pkgutil.walk_packages(d.__path__, 'assistant.domain.'):\n"
            "    importlib.import_module(m.name)\n"
            "bad = [n for n in ('streamlit','chromadb','langchain_core','docx','bs4','pdfplumber','numpy')"
            " if n in sys.modules]\n"
            "print(','.join(bad))\n"
        )
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == ""
