"""The model path through a real HTTP client: a local server speaking OpenAI chat completions.

The server runs on 127.0.0.1 in a thread (stdlib http.server) and answers from a script:
streamed replies as server-sent events, plain JSON replies, or a reply slower than the
client's timeout.  The chat model is built by the composition root from settings.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from draft_fixtures import NOTES, report_2023, report_2024

from assistant.bootstrap import bootstrap
from assistant.domain.plan import build_plan, parse_notes
from assistant.domain.report import Part
from assistant.drafting.limits import max_tokens_for
from assistant.drafting.llm import REGENERATING, ModelDrafter
from assistant.settings import Settings

pytestmark = pytest.mark.server

GOOD_SIX = (
    "2024年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知，1件申请因逾期未缴费不再处理。"
    "人大代表建议和政协提案办理结果已全部公开。年度政务公开工作要点各项任务均已落实。"
)
INVENTED_SIX = "2024年，本机关收取信息处理费3.5万元，涉及申请37件。"
SLOW = "<slow>"
ENDLESS = "<endless>"


class ChatCompletions(BaseHTTPRequestHandler):
    """POST /v1/chat/completions, answered from the server's script."""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read results, not access logs."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        server: ScriptedServer = self.server  # type: ignore[assignment]
        server.requests.append(body)
        reply = server.script.pop(0)
        try:
            if reply == SLOW:
                time.sleep(2)
                reply = GOOD_SIX
            if reply == ENDLESS:
                self._endless(body["model"])
            elif body.get("stream"):
                self._stream(reply, body["model"])
            else:
                self._json(reply, body["model"])
        except (BrokenPipeError, ConnectionResetError):
            return

    def _json(self, reply: str, model: str) -> None:
        payload = json.dumps(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 0,
                "model": model,
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, reply: str, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        pieces = [reply[i : i + 8] for i in range(0, len(reply), 8)]
        for i, piece in enumerate(pieces):
            delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
            self._event({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]}, model)
        self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}, model)
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _endless(self, model: str) -> None:
        """A model that loops: a chunk every 50 ms, never the end, so the read timeout never fires."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for _ in range(2000):
            delta = {"content": "本机关将继续做好政务公开工作。"}
            self._event({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]}, model)
            time.sleep(0.05)

    def _event(self, data: dict[str, object], model: str) -> None:
        chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": model, **data}
        self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
        self.wfile.flush()


class ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ChatCompletions)
        self.script: list[str] = []
        self.requests: list[dict[str, object]] = []


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    httpd = ScriptedServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def drafter(server: ScriptedServer, tmp_path: Path, timeout: float = 10.0) -> ModelDrafter:
    settings = Settings(
        data_dir=tmp_path,
        llm_provider="openai",
        llm_base_url=f"http://127.0.0.1:{server.server_address[1]}/v1",
        llm_model="qwen-test",
        llm_api_key="sk-test",  # type: ignore[arg-type]
        llm_timeout=timeout,
    )
    model = bootstrap(settings).chat_model()
    assert model is not None
    return ModelDrafter(model, build_plan(report_2024(), report_2023(), parse_notes(NOTES)))


class TestOpenAICompatibleEndpoint:
    def test_a_streamed_reply_arrives_in_chunks_and_is_kept(
        self, server: ScriptedServer, tmp_path: Path
    ) -> None:
        """The client asks for a stream; the SSE chunks reach the caller as they come."""
        server.script = [GOOD_SIX]
        stream = drafter(server, tmp_path).stream_part(Part.OTHER_MATTERS)
        chunks = list(stream)
        assert len(chunks) > 3 and "".join(chunks) == GOOD_SIX
        assert server.requests[0]["stream"] is True and server.requests[0]["model"] == "qwen-test"
        assert stream.result is not None and stream.result.source == "model"

    def test_an_invented_number_is_regenerated(self, server: ScriptedServer, tmp_path: Path) -> None:
        """The second request carries the problem; its verified reply is kept."""
        server.script = [INVENTED_SIX, GOOD_SIX]
        stream = drafter(server, tmp_path).stream_part(Part.OTHER_MATTERS)
        assert REGENERATING in "".join(stream)
        assert stream.result is not None and stream.result.source == "model"
        messages = server.requests[1]["messages"]
        assert isinstance(messages, list) and "“37”" in messages[-1]["content"]

    def test_a_second_failure_falls_back(self, server: ScriptedServer, tmp_path: Path) -> None:
        """Two unverified replies: the offline draft with a note."""
        server.script = [INVENTED_SIX, INVENTED_SIX]
        result = drafter(server, tmp_path).draft_part(Part.OTHER_MATTERS)
        assert result.source == "offline" and "离线草稿" in result.notes[0]

    def test_a_timeout_falls_back(self, server: ScriptedServer, tmp_path: Path) -> None:
        """A reply slower than GONGKAI_LLM_TIMEOUT gives the offline draft within about that time."""
        server.script = [SLOW]
        started = time.perf_counter()
        result = drafter(server, tmp_path, timeout=0.5).draft_part(Part.OTHER_MATTERS)
        assert result.source == "offline" and "规定时间内没有响应" in result.notes[0]
        assert time.perf_counter() - started < 1.9

    def test_a_refused_connection_falls_back(self, server: ScriptedServer, tmp_path: Path) -> None:
        """Nothing listening on the port: the offline draft, no exception."""
        model_drafter = drafter(server, tmp_path)
        server.shutdown()
        server.server_close()
        result = model_drafter.draft_part(Part.OTHER_MATTERS)
        assert result.source == "offline" and "无法连接到大模型接口" in result.notes[0]

    def test_each_request_carries_a_token_cap_for_the_part(
        self, server: ScriptedServer, tmp_path: Path
    ) -> None:
        """Part 六 (500 characters) is asked for with max_tokens sized to that budget."""
        server.script = [GOOD_SIX]
        drafter(server, tmp_path).draft_part(Part.OTHER_MATTERS)
        assert server.requests[0]["max_tokens"] == max_tokens_for(500)
        assert "max_completion_tokens" not in server.requests[0]

    def test_a_stream_that_keeps_sending_is_cut_at_the_timeout(
        self, server: ScriptedServer, tmp_path: Path
    ) -> None:
        """Chunks keep coming, so the read timeout never fires; the whole-answer deadline does."""
        server.script = [ENDLESS]
        started = time.perf_counter()
        result = drafter(server, tmp_path, timeout=1.0).draft_part(Part.OTHER_MATTERS)
        assert time.perf_counter() - started < 3
        assert result.source == "offline" and "生成超过 1 秒仍未结束，已中止" in result.notes[0]
