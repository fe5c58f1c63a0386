"""Benchmark: index ../shared/data copied N times (default 50, about 500 reports), then query it.

Prints indexing wall time, peak memory (max RSS), chunks per second, and query latency p50/p95
(targets: ≤ 50 ms and ≤ 150 ms).  Embedding every chunk with e5-small on a small CPU takes many
minutes at 50 copies, which is why this is a script and not part of ``make test``.

Run: python evals/bench_retrieval.py [--copies N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evals"))

from retrieval import QUESTIONS  # noqa: E402

from assistant.domain.ports import SearchFilter  # noqa: E402
from assistant.retrieval.documents import indexable_files, load_document  # noqa: E402
from assistant.retrieval.index import ChunkIndex  # noqa: E402
from assistant.settings import Settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def readable_files() -> list[tuple[Path, str]]:
    """The files of ../shared/data that gongkai can chunk, with their kind."""
    found = []
    for path in indexable_files([DATA]):
        try:
            found.append((path, load_document(path).kind))
        except Exception:
            continue
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build the index in this directory and keep it")
    args = parser.parse_args()
    if not DATA.is_dir():
        print("缺少 ../shared/data，跳过基准测试。")
        return 0
    readable = readable_files()
    files = [path for path, _ in readable]
    reports = sum(1 for _, kind in readable if kind == "report")
    print(f"基准：{len(files)} 个文件 × {args.copies} 份（其中年报 {reports * args.copies} 份）", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        for copy in range(args.copies):
            folder = corpus / f"copy-{copy:03d}"
            folder.mkdir(parents=True)
            for path in files:
                shutil.copy(path, folder / path.name)
        data_dir = args.keep or Path(tmp) / "data"
        index = ChunkIndex(Settings(data_dir=data_dir), current_year=2023)
        started = time.perf_counter()
        index.index([corpus / "copy-000"])
        cold = time.perf_counter() - started
        cold_chunks = index.count()
        print(
            f"第 1 份（全部向量现算）：{cold_chunks} 个片段，{cold:.1f}s，{cold_chunks / cold:.1f} 片段/秒",
            flush=True,
        )

        def progress(paths: list[Path]) -> Iterator[Path]:
            for number, path in enumerate(paths, start=1):
                if number % 100 == 0:
                    print(f"  {number}/{len(paths)} 个文件，{time.perf_counter() - started:.0f}s", flush=True)
                yield path

        index.index([corpus], progress=progress)
        wall = time.perf_counter() - started
        chunks = index.count()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rate = chunks / wall
        print(f"建索引（{args.copies} 份）：{wall:.1f}s，{chunks} 个片段，{rate:.1f} 片段/秒", end="")
        print(f"，峰值内存 {peak_mb:.0f} MB")
        estimate = chunks / (cold_chunks / cold) / 60
        print("  注：各份内容相同，后续各份复用已存向量（相同文本不重复计算）；")
        print(f"  若 {chunks} 个片段全部是新文本，按第 1 份的速度约需 {estimate:.0f} 分钟。")

        fresh = ChunkIndex(Settings(data_dir=data_dir), current_year=2023)
        fresh.search("预热", k=5)
        latencies = []
        for number in range(args.queries):
            question = QUESTIONS[number % len(QUESTIONS)]
            begin = time.perf_counter()
            fresh.search(question.text, k=5, where=SearchFilter(**question.filters))
            latencies.append((time.perf_counter() - begin) * 1000)
        latencies.sort()
        embedding = []
        for number in range(args.queries):
            begin = time.perf_counter()
            fresh._embed.embed_query([QUESTIONS[number % len(QUESTIONS)].text])
            embedding.append((time.perf_counter() - begin) * 1000)
        embedding.sort()
        print(
            f"其中问题向量化：p50 {statistics.median(embedding):.1f} ms，"
            f"p95 {embedding[int(0.95 * (len(embedding) - 1))]:.1f} ms"
        )
        p50 = statistics.median(latencies)
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        verdict = "达标" if p50 <= 50 and p95 <= 150 else "未达标"
        print(f"检索 {args.queries} 次：p50 {p50:.1f} ms，p95 {p95:.1f} ms（目标 ≤50 / ≤150 ms）{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
