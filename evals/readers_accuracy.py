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
DOCUMENTS = {
    "huaian-szf-2024": "report-huaian-szf-2024.pdf",
    "pingtan-2019": "report-pingtan-2019.md",
    "pingtan-2020": "report-pingtan-2020.md",
    "pingtan-2021": "report-pingtan-2021.md",
    "pingtan-2022": "report-pingtan-2022.md",
    "pingtan-2023": "report-pingtan-2023.md",
    "shanghai-szfbgt-2019": "report-shanghai-szfbgt-2019.md",
    "pingtan-2023-html": "raw/pingtan-2023.html",
    "shuyang-fgj-2023": "raw/shuyang-fgj-2023.html",
}


def truth_for(name: str) -> dict[str, float]:
    stem = name.removesuffix("-html")
    data = json.loads((SHARED / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
    return dict(data["figures"])


def main() -> int:
    if not SHARED.is_dir():
        print("../shared/data 不存在，跳过。")
        return 0
    failures = 0
    print(f"{'document':<24} {'format':<6} {'cells':>6} {'right':>6} {'accuracy':>9}")
    for name, relative in DOCUMENTS.items():
        truth = truth_for(name)
        try:
            report = read_report(SHARED / relative)
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
