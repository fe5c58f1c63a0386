"""Reading speed per format: ≤ 100 ms for .docx/.html/.txt, ≤ 1 s for a 10-page PDF.

Writes the synthetic 清溪镇 report (tests/report_samples.py) in every format, makes a
10-page PDF from a longer version with LibreOffice when it is installed, reads each file
several times and prints the median, with the real documents of ../shared when present.
The limits hold for ``read_report`` as users get it, in a child process; the reading
itself (``read_report_in_process``) is timed beside it, so the child's cost shows.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import report_samples  # noqa: E402

from assistant.readers import read_report, read_report_in_process  # noqa: E402

SHARED = ROOT.parent / "shared"
LIMITS = {".txt": 0.1, ".docx": 0.1, ".html": 0.1, ".md": 0.1, ".pdf": 1.0}


def median_seconds(path: Path, read: Callable[[Path], object] = read_report, runs: int = 7) -> float:
    read(path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ten_page_pdf(folder: Path) -> Path | None:
    """The synthetic report with its part 一 lengthened to fill about ten pages."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    filler = "清溪镇持续完善政务公开工作机制，定期检查公开栏目，及时更新各类信息，回应群众关切。" * 12
    original = list(report_samples.PARAGRAPHS_BEFORE_TABLES)
    report_samples.PARAGRAPHS_BEFORE_TABLES[4:4] = [filler] * 22
    try:
        source = report_samples.write_docx(folder / "ten-pages.docx")
    finally:
        report_samples.PARAGRAPHS_BEFORE_TABLES[:] = original
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(folder)},
    )
    return folder / "ten-pages.pdf"


def main() -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        files = [
            report_samples.write_flat_text(folder / "qingxi.txt"),
            report_samples.write_docx(folder / "qingxi.docx"),
            report_samples.write_html(folder / "qingxi.html"),
            report_samples.write_markdown(folder / "qingxi.md"),
            ROOT / "tests" / "fixtures" / "qingxi-2024.pdf",
        ]
        pdf = ten_page_pdf(folder)
        if pdf is not None:
            files.append(pdf)
        if SHARED.is_dir():
            files += [
                SHARED / "seed" / "jiegu-town-2023.txt",
                SHARED / "data" / "raw" / "pingtan-2023.html",
                SHARED / "data" / "raw" / "shuyang-fgj-2023.html",
                SHARED / "data" / "template-annual-report-format-2021.docx",
                SHARED / "data" / "report-huaian-szf-2024.pdf",
            ]
        print(
            f"{'file':<42} {'pages':>5} {'median':>9} {'limit':>7}    {'in process':>10} {'child adds':>10}"
        )
        added = []
        for path in files:
            pages = ""
            limit = LIMITS[path.suffix]
            if path.suffix == ".pdf":
                import pypdfium2

                document = pypdfium2.PdfDocument(str(path))
                pages = str(len(document))
                document.close()
                limit = LIMITS[".pdf"] * max(1, int(pages)) / 10
            seconds = median_seconds(path)
            here = median_seconds(path, read_report_in_process)
            added.append(seconds - here)
            verdict = "ok" if seconds <= limit else "SLOW"
            failures += verdict != "ok"
            print(
                f"{path.name:<42} {pages:>5} {seconds * 1000:>7.1f}ms {limit * 1000:>5.0f}ms {verdict:<4}"
                f" {here * 1000:>8.1f}ms {(seconds - here) * 1000:>8.1f}ms"
            )
    print(f"the child process adds {statistics.median(added) * 1000:.1f} ms per read (median over the files)")
    print("all within limits" if not failures else f"{failures} file(s) over their limit")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
