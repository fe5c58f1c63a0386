"""Reader accuracy on the real reports in ../shared/data: every truth cell compared.

Prints, for each document with a truth file, the share of truth cells read with the
same value, and the cells that differ.  The bar is 100 % on every document.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.errors import GongkaiError  # noqa: E402
from assistant.readers import read_report  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def documents() -> dict[str, tuple[Path, Path]]:
    """Every document a truth file describes: ``report-<stem>.*`` and ``raw/<stem>.*``, named
    by the stem (a second document of the same report adds its suffix: ``pingtan-2023-html``)."""
    found: dict[str, tuple[Path, Path]] = {}
    for truth in sorted((SHARED / "truth").glob("*.json")):
        stem = truth.stem
        for number, path in enumerate(
            [*sorted(SHARED.glob(f"report-{stem}.*")), *sorted(SHARED.glob(f"raw/{stem}.*"))]
        ):
            name = stem if number == 0 else f"{stem}-{path.suffix.lstrip('.')}"
            found[name] = (path, truth)
    return found


def truth_of(path: Path) -> dict[str, float]:
    return dict(json.loads(path.read_text(encoding="utf-8"))["figures"])


def main() -> int:
    if not SHARED.is_dir():
        print("../shared/data 不存在，跳过。")
        return 0
    failures = 0
    print(f"{'document':<24} {'format':<6} {'cells':>6} {'right':>6} {'accuracy':>9}")
    listed = documents()
    if not listed:
        print("../shared/data/truth 中没有真值文件。")
        return 1
    described = {truth for _, truth in listed.values()}
    for truth_path in sorted(set((SHARED / "truth").glob("*.json")) - described):
        stem = truth_path.stem
        print(f"{stem:<24} 找不到对应的年报文件（report-{stem}.*、raw/{stem}.*）")
        failures += 1
    for name, (path, truth_path) in listed.items():
        truth = truth_of(truth_path)
        try:
            report = read_report(path)
        except GongkaiError as error:
            print(f"{name:<24} 读取失败：{error.message}")
            failures += 1
            continue
        wrong = {
            key: (expected, report.figures.get(key))
            for key, expected in truth.items()
            if report.figures.get(key) is None or abs(float(report.figures[key]) - float(expected)) > 1e-9
        }
        right = len(truth) - len(wrong)
        print(f"{name:<24} {report.format.value:<6} {len(truth):>6} {right:>6} {right / len(truth):>8.1%}")
        for key, (expected, found) in list(wrong.items())[:10]:
            print(f"    {key}: truth {expected}, read {found}")
        failures += bool(wrong)
    template = SHARED / "template-annual-report-format-2021.docx"
    try:
        read_report(template)
        print(f"{template.name}: read without error")
    except GongkaiError as error:
        print(f"{template.name}: {error.message}")
    print("all documents at 100 %" if not failures else f"{failures} document(s) below 100 %")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
