"""The binary wheels installed by hash are the versions the project pins and documents."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def audited() -> dict[str, tuple[str, str]]:
    """Package → (version, sha256) from requirements-audited.txt."""
    pins = {}
    for line in (ROOT / "requirements-audited.txt").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([\w-]+)==(\S+) --hash=sha256:([0-9a-f]{64})", line.strip())
        if match:
            pins[match[1]] = (match[2], match[3])
    return pins


class TestAuditedWheels:
    def test_each_audited_wheel_is_pinned_to_the_same_version_in_pyproject(self) -> None:
        """pyproject.toml asks for exactly the version whose hash was audited."""
        dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "dependencies"
        ]
        pins = audited()
        assert pins
        for name, (version, _) in pins.items():
            assert f"{name}=={version}" in dependencies

    def test_the_readme_quotes_the_audited_hash(self) -> None:
        """An IT department checking the README sees the hash that make enforces."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        for _, digest in audited().values():
            assert digest in readme

    def test_make_installs_the_audited_wheels_by_hash_before_the_project(self) -> None:
        """The Makefile refuses a wheel whose hash differs, before anything else is installed."""
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        by_hash = makefile.index("--require-hashes --no-deps -r requirements-audited.txt")
        assert by_hash < makefile.index("install --quiet -e")
