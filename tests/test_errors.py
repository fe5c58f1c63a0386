"""Errors users see: a failed model call is told in Chinese words a staff member can act on."""

from __future__ import annotations

import re

from assistant.errors import model_failure


class ProviderQuirk(Exception):
    """A provider's own exception type that none of the known kinds covers."""


class TestModelFailure:
    def test_a_timeout_says_the_model_did_not_answer_in_time(self) -> None:
        """Any *Timeout* type is told as no answer within the time limit."""
        assert "没有响应" in model_failure(TimeoutError("read timed out"))

    def test_an_unknown_failure_names_no_python_type(self) -> None:
        """An exception of an unknown kind still reads as Chinese advice, no class name."""
        message = model_failure(ProviderQuirk("boom"))
        assert "连接测试" in message
        assert not re.search(r"[A-Za-z]{4,}", message)
