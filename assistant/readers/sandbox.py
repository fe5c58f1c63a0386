"""Untrusted files are read in a child process, under limits of memory, CPU time and wall time.

A few kilobytes can make a reader library allocate gigabytes, work for minutes, or end the
process outright (PDFium calls ``abort()`` when an allocation fails): in the web assistant
that would stop the server and every session with it.  So each read runs in a child with
``RLIMIT_AS`` (address space) and ``RLIMIT_CPU`` set and a wall-clock deadline, and
whatever stops the child becomes one Chinese message naming the file.

The children come from a small fork server (:func:`serve`, a Python process of its own)
started on the first read: a single-threaded process that imports each reader once and
forks one child per read (milliseconds, where starting Python and importing a reader
takes a second or more).  The caller is never forked itself: forking a threaded server
such as Streamlit's hands the child locks that other threads held.  multiprocessing's own
``forkserver`` is not used because every child it starts runs the caller's main script
again (a script without a ``__main__`` guard reads its files once more in each child).

Without ``os.fork`` (Windows) the server reads one file at a time itself and is stopped
and started afresh when a read passes the deadline; without the ``resource`` module
(Windows again) the memory and CPU limits are not set and the deadline alone applies.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

from assistant.errors import GongkaiError, NotAReport, UnreadableInput

MEMORY_BYTES = 512 * 1024 * 1024
"""Address space of the child reading one file; reading a real report takes under 100 MB."""
SECONDS = 20.0
"""CPU and wall-clock time one read may take; a real report takes well under one second."""
STOPPED = "文件结构异常或过于复杂，已停止读取"
FORK = hasattr(os, "fork")
PARALLEL_READS = 4
"""Children reading at once (more readers wait their turn), so that uploads arriving together
cannot take more than this many times ``MEMORY_BYTES``."""
_GRACE = 5.0  # the server enforces the deadline; the caller waits this much longer for its word
_ERRORS: dict[str, type[GongkaiError]] = {
    cls.__name__: cls for cls in (GongkaiError, UnreadableInput, NotAReport)
}
Outcome = list[Any]


def read_isolated(
    read: Callable[[Path], str],
    path: Path,
    shown: str,
    *,
    modules: Iterable[str] = (),
    seconds: float = SECONDS,
    memory: int = MEMORY_BYTES,
) -> str:
    """``read(path)`` run in a child process under the limits; ``shown`` names the file in
    messages.  ``read`` is a module-level function (the server imports it by name) that
    returns text; ``modules`` are imported by the server before it forks, so that children
    share them.  The ``GongkaiError`` that ``read`` raises is raised here as it was."""
    request = {
        "read": f"{read.__module__}:{read.__qualname__}",
        "path": str(path),
        "modules": [read.__module__, *modules],
        "seconds": seconds,
        "memory": memory,
    }
    outcome = _server().ask(request, seconds)
    if outcome == ["unsent"]:  # the server had gone (killed from outside): once more, afresh
        outcome = _server().ask(request, seconds)
    kind, *rest = outcome
    if kind == "read":
        return str(rest[0])
    if kind == "refused":
        raise _ERRORS.get(rest[0], UnreadableInput)(rest[1])
    if kind == "missing":
        raise ModuleNotFoundError(f"No module named {rest[0]!r}", name=rest[0])
    if kind == "memory":
        reason = f"内存超过 {memory // 1024 // 1024} MB 上限"
    elif kind == "timeout":
        reason = f"读取超过 {seconds:g} 秒"
    else:
        reason = _ended(rest[0] if rest else None)
    raise UnreadableInput(f"{shown}：{STOPPED}（{reason}）。")


def _ended(exitcode: int | None) -> str:
    """Why a child ended without an answer, from its exit status (negative: a signal)."""
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number == getattr(signal, "SIGXCPU", None):
            return "计算时间超过上限"
        if number in (signal.SIGABRT, signal.SIGSEGV, getattr(signal, "SIGBUS", signal.SIGSEGV)):
            return "读取组件异常终止，多为内存耗尽"
    return "读取进程意外退出"


# --- the caller's side --------------------------------------------------------------


@dataclass
class _Waiting:
    answered: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome = field(default_factory=lambda: ["ended", None])


class _ServerProcess:
    """The fork server as the caller sees it: requests written as JSON lines, answers
    read by a thread and handed to the thread that asked (pages read concurrently)."""

    def __init__(self, fork: bool) -> None:
        self.fork = fork
        # The server imports gongkai from where this process does (a checkout, a venv).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        command = [sys.executable, "-c", f"from assistant.readers.sandbox import serve; serve(fork={fork})"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self._lock = threading.Lock()
        # Without fork the server reads one file at a time: the others wait here, so that
        # stopping the server for one stuck read stops no other.
        self._slots = threading.BoundedSemaphore(PARALLEL_READS if fork else 1)
        self._numbers = count(1)
        self._waiting: dict[int, _Waiting] = {}
        threading.Thread(target=self._receive, name="gongkai-sandbox", daemon=True).start()

    def alive(self) -> bool:
        return self.process.poll() is None

    def ask(self, request: dict[str, Any], seconds: float) -> Outcome:
        with self._slots:
            return self._ask(request, seconds)

    def _ask(self, request: dict[str, Any], seconds: float) -> Outcome:
        waiting = _Waiting()
        assert self.process.stdin is not None
        with self._lock:
            number = next(self._numbers)
            self._waiting[number] = waiting
            try:
                self.process.stdin.write(json.dumps({"id": number, **request}).encode() + b"\n")
                self.process.stdin.flush()
            except OSError:
                self._waiting.pop(number, None)
                return ["unsent"]
        if not waiting.answered.wait(seconds + (_GRACE if self.fork else 0)):
            # A server reading in-line (no fork) is stuck in the read; a forking one that
            # misses its own deadline is stuck too.  Either way it is started afresh.
            self.stop()
            return ["timeout"]
        return waiting.outcome

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()

    def _receive(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while header := stream.readline():
            number, size = (int(part) for part in header.split())
            outcome = json.loads(stream.read(size))
            with self._lock:
                waiting = self._waiting.pop(number, None)
            if waiting is not None:
                waiting.outcome = outcome
                waiting.answered.set()
        with self._lock:
            left, self._waiting = list(self._waiting.values()), {}
        for waiting in left:
            waiting.answered.set()


_started: _ServerProcess | None = None
_starting = threading.Lock()


def _server() -> _ServerProcess:
    global _started
    with _starting:
        if _started is None or not _started.alive() or _started.fork != FORK:
            _started = _ServerProcess(FORK)
        return _started


# --- the server's side --------------------------------------------------------------


def _run(request: dict[str, Any]) -> Outcome:
    """One read as the child (or the in-line server) does it, every failure an outcome."""
    module, name = request["read"].split(":")
    try:
        read = getattr(importlib.import_module(module), name)
        return ["read", read(Path(request["path"]))]
    except GongkaiError as error:
        return ["refused", type(error).__name__, error.message]
    except ModuleNotFoundError as missing:
        return ["missing", missing.name or ""]
    except MemoryError:
        return ["memory"]


def _encoded(outcome: Outcome) -> bytes:
    try:
        return json.dumps(outcome, ensure_ascii=False).encode()
    except MemoryError:
        return b'["memory"]'


def _limit(seconds: float, memory: int) -> None:
    """Set the child's limits where the platform has them (macOS does not enforce an
    address-space limit; Windows has none of them); a limit refused is left as it was."""
    try:
        import resource
    except ImportError:
        return
    for limit, value in (
        (resource.RLIMIT_AS, memory),
        (resource.RLIMIT_CPU, max(1, int(seconds))),
        (resource.RLIMIT_CORE, 0),  # a reader's abort() must not leave a core file behind
    ):
        _, hard = resource.getrlimit(limit)
        soft = value if hard == resource.RLIM_INFINITY else min(value, hard)
        try:
            resource.setrlimit(limit, (soft, hard))
        except (ValueError, OSError):
            continue


def _preload(modules: Iterable[str]) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:
            continue  # the child meets the same failure and reports it in its own words


@dataclass
class _Child:
    number: int
    pid: int
    deadline: float
    chunks: list[bytes] = field(default_factory=list)


def serve(fork: bool) -> None:
    """The server's loop: one request per line on stdin, answers on stdout as a header
    line ``<id> <length>`` and the JSON outcome.  Ends when the caller closes stdin."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    requests, answers = os.fdopen(os.dup(0), "rb"), os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library printing must not write into the answers
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)

    def answer(number: int, payload: bytes) -> None:
        answers.write(b"%d %d\n" % (number, len(payload)) + payload)
        answers.flush()

    if not fork:
        for line in requests:
            request = json.loads(line)
            answer(request["id"], _encoded(_run(request)))
        return
    _serve_forking(requests.fileno(), answers.fileno(), answer)


def _serve_forking(request_fd: int, answers_fd: int, answer: Callable[[int, bytes], None]) -> None:
    running: dict[int, _Child] = {}
    pending = b""
    while True:
        now = time.monotonic()
        wait = min((child.deadline - now for child in running.values()), default=None)
        ready, _, _ = select.select([request_fd, *running], [], [], None if wait is None else max(wait, 0))
        for fd in ready:
            if fd == request_fd:
                data = os.read(request_fd, 1 << 16)
                if not data:
                    for child in running.values():
                        os.kill(child.pid, signal.SIGKILL)
                    return
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    _start(json.loads(line), running, (request_fd, answers_fd))
                continue
            child = running[fd]
            data = os.read(fd, 1 << 16)
            if data:
                child.chunks.append(data)
                continue
            os.close(fd)
            del running[fd]
            exitcode = os.waitstatus_to_exitcode(os.waitpid(child.pid, 0)[1])
            payload = b"".join(child.chunks)
            answer(child.number, payload if exitcode == 0 and payload else _encoded(["ended", exitcode]))
        now = time.monotonic()
        for fd, child in list(running.items()):
            if child.deadline <= now:
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
                os.close(fd)
                del running[fd]
                answer(child.number, _encoded(["timeout"]))


def _start(request: dict[str, Any], running: dict[int, _Child], server_fds: tuple[int, int]) -> None:
    _preload(request["modules"])
    # Objects the server holds are moved out of the collector's reach, so that a child's
    # first collection does not write to (and so copy) every page it shares with the server.
    gc.freeze()
    result_fd, child_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(result_fd)
            for fd in server_fds:
                os.close(fd)
            _limit(request["seconds"], request["memory"])
            payload = memoryview(_encoded(_run(request)))
            while payload:
                payload = payload[os.write(child_fd, payload) :]
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(child_fd)
    running[result_fd] = _Child(request["id"], pid, time.monotonic() + float(request["seconds"]))
