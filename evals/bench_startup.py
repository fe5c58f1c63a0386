"""Startup benchmark: the app started as ``make run`` starts it (sample corpus indexed, then
``streamlit run ui/app.py``), and the seconds until its first page is interactive in chromium.

The bar (issue 8): the first page is interactive within 5 s of the server starting.
Prints: time to index the corpus, time until the server answers, time from then until the
chat page (with its workspace) accepts input, and the total from process launch.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.store import Store  # noqa: E402
from tests.app_server import running_app  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
BAR_SECONDS = 5.0


def main() -> int:
    if not CHROMIUM.exists():
        print("skipped: /usr/bin/chromium is not installed")
        return 0
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as data_dir:
        Store.in_data_dir(Path(data_dir)).open("青川县清溪镇人民政府", 2024)
        indexing = time.perf_counter()
        with running_app(Path(data_dir)) as app, sync_playwright() as playwright:
            index_and_serve = time.perf_counter() - indexing
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
            )
            page = browser.new_page()
            serving = time.perf_counter()
            page.goto(app.url)
            page.locator('[data-testid="stChatInput"] textarea').wait_for(state="visible", timeout=60_000)
            page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
            interactive = time.perf_counter() - serving
            browser.close()
    print(f"index the sample corpus:            {index_and_serve - app.serving_after:6.2f} s")
    print(f"server process start → serving:    {app.serving_after:6.2f} s")
    print(f"serving → first page interactive:  {interactive:6.2f} s  (bar ≤ {BAR_SECONDS:.0f} s)")
    print(f"server process start → interactive:{app.serving_after + interactive:6.2f} s")
    print("PASS" if interactive <= BAR_SECONDS else "FAIL")
    return 0 if interactive <= BAR_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
