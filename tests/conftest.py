"""Shared test fixtures: an isolated data directory for every test, and ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own GONGKAI_DATA_DIR so no test sees another's index or work."""
    data_dir = tmp_path_factory.mktemp("gongkai-data")
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(data_dir))
    for name in ("GONGKAI_LLM_PROVIDER", "GONGKAI_LLM_MODEL", "GONGKAI_CHROMA_URL", "GONGKAI_EMBEDDING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    return data_dir


@pytest.fixture
def shared() -> Path:
    """The real documents beside the checkout; tests that need them skip without them."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not present")
    return SHARED
