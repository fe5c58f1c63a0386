"""Bounds on a model answer: the token cap each provider sends, and the deadline read from it."""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

from assistant.drafting.limits import deadline_of, max_tokens_for, with_max_tokens


def openai_model(**kwargs: object) -> ChatOpenAI:
    return ChatOpenAI(model="qwen", base_url="http://127.0.0.1:9/v1", api_key="k", **kwargs)  # type: ignore[arg-type]


class TestLimits:
    def test_an_openai_request_carries_max_tokens(self) -> None:
        """The capped model sends max_tokens; the configured model is left as it was."""
        model = openai_model(timeout=600)
        capped = with_max_tokens(model, 300)
        payload = capped._get_request_payload([HumanMessage("你好")])
        assert payload["extra_body"] == {"max_tokens": 300} and "max_completion_tokens" not in payload
        assert "extra_body" not in model._get_request_payload([HumanMessage("你好")])

    def test_a_lower_configured_cap_is_kept(self) -> None:
        """A cap the deployment set lower than the part's stays."""
        assert with_max_tokens(openai_model(max_tokens=100), 300).extra_body == {"max_tokens": 100}

    def test_an_ollama_model_is_capped_by_num_predict(self) -> None:
        """Ollama reads num_predict."""
        model = ChatOllama(model="qwen2.5:7b", base_url="http://127.0.0.1:9", client_kwargs={"timeout": 45})
        assert with_max_tokens(model, 200).num_predict == 200
        assert deadline_of(model) == 45

    def test_the_deadline_is_the_models_configured_timeout(self) -> None:
        """GONGKAI_LLM_TIMEOUT (the model's timeout) bounds the whole answer; none means none."""
        assert deadline_of(openai_model(timeout=600)) == 600
        assert deadline_of(openai_model()) is None

    def test_the_cap_leaves_room_for_a_part_within_its_budget(self) -> None:
        """1,000 characters get a quarter more tokens than such prose takes (0.64 a character)."""
        assert max_tokens_for(1000) >= 1000 * 0.64 * 1.25
