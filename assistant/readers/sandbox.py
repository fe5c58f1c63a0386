"""Untrusted files are read in a child process, under limits of memory, CPU time and wall time.

A few kilobytes can make a reader library allocate gigabytes, work for minutes, or end the
process outright (PDFium calls ``abort()`` when an allocation fails): in the web assistant
that would stop the server and every session with it.  So each read runs in a child with
``RLIMIT_AS`` (address space) and ``RLIMIT_CPU`` set and a wall-clock deadline, and
whatever stops the child becomes one Chinese message naming the file.

The children come from a small fork server (:func:`serve`, a Python process of its own)
started on the first read: a single-threaded process that imports each reader once, runs
its warm-up, and forks one child per request (milliseconds, where starting Python and
importing a reader takes a second or more).  A request may name several files: the child
reads them in turn, each under its own CPU limit and deadline, so that a batch of reports
costs one fork, not one each (a fork and the pages its child copies cost more than reading
a plain-text report).  The caller is never forked itself: forking a threaded server
such as Streamlit's hands the child locks that other threads held.  multiprocessing's own
``forkserver`` is not used because every child it starts runs the caller's main script
again (a script without a ``__main__`` guard reads its files once more in each child).

Without ``os.fork`` (Windows) the server reads one file at a time itself and is stopped
and started afresh when a read passes the deadline; without the ``resource`` module
(Windows again) the memory and CPU limits are not set and the deadline alone applies.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import math
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
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
    warm_up: Callable[[], object] | None = None,
    seconds: float = SECONDS,
    memory: int = MEMORY_BYTES,
) -> str:
    """``read(path)`` run in a child process under the limits; ``shown`` names the file in
    messages.  ``read`` is a module-level function (the server imports it by name) that
    returns text; ``modules`` are imported by the server before it forks, so that children
    share them, and ``warm_up`` (module-level too) is run by the server once, before its
    first child: what a reader builds on first use (compiled patterns, caches) is then
    built once and shared, where each child would otherwise build it anew for its one read.
    The ``GongkaiError`` that ``read`` raises is raised here as it was."""
    (result,) = read_isolated_many(
        read, [(path, shown)], modules=modules, warm_up=warm_up, seconds=seconds, memory=memory
    )
    if isinstance(result, GongkaiError):
        raise result
    return result


def read_isolated_many(
    read: Callable[[Path], str],
    files: Sequence[tuple[Path, str]],
    *,
    modules: Iterable[str] = (),
    warm_up: Callable[[], object] | None = None,
    seconds: float = SECONDS,
    memory: int = MEMORY_BYTES,
) -> list[str | GongkaiError]:
    """``read`` of each (path, shown) in ``files``: its text, or the error that ended it.

    The files are read one after another by one child, each under the same limits as a
    read alone (its own ``seconds`` from the end of the one before): forking a child per
    file cost three times the reading itself in a region's review of hundreds of reports.
    A file that stops its child (memory, time, a crash) gets its message, and the files
    after it are read by a new child, so one hostile file costs the batch only itself.
    """
    modules = [read.__module__, *modules]
    if not FORK:  # the in-line server is restarted for a stuck read: one file at a time
        return [_batch_of(read, [file], modules, warm_up, seconds, memory)[0] for file in files]
    results: list[str | GongkaiError] = []
    while len(results) < len(files):
        results += _batch_of(read, files[len(results) :], modules, warm_up, seconds, memory)
    return results


def _batch_of(
    read: Callable[[Path], str],
    files: Sequence[tuple[Path, str]],
    modules: list[str],
    warm_up: Callable[[], object] | None,
    seconds: float,
    memory: int,
) -> list[str | GongkaiError]:
    """What one child gives for ``files``: an outcome for each file it read and, where it was
    stopped, the failure of the file it was reading then (the rest are not read)."""
    request = {
        "read": _name(read),
        "warm_up": _name(warm_up) if warm_up is not None else None,
        "paths": [str(path) for path, _ in files],
        "modules": modules,
        "seconds": seconds,
        "memory": memory,
    }
    outcomes = _server().ask(request, seconds * len(files))
    if outcomes == [["unsent"]]:  # the server had gone (killed from outside): once more, afresh
        outcomes = _server().ask(request, seconds * len(files))
    return [
        _result(outcome, shown, seconds, memory)
        for outcome, (_, shown) in zip(outcomes or [["ended", None]], files, strict=False)
    ]


def _result(outcome: Outcome, shown: str, seconds: float, memory: int) -> str | GongkaiError:
    kind, *rest = outcome
    if kind == "read":
        return str(rest[0])
    if kind == "refused":
        return _ERRORS.get(rest[0], UnreadableInput)(rest[1])
    if kind == "missing":
        raise ModuleNotFoundError(f"No module named {rest[0]!r}", name=rest[0])
    if kind == "memory":
        reason = f"内存超过 {memory // 1024 // 1024} MB 上限"
    elif kind == "timeout":
        reason = f"读取超过 {seconds:g} 秒"
    else:
        reason = _ended(rest[0] if rest else None)
    return UnreadableInput(f"{shown}：{STOPPED}（{reason}）。")


def _name(function: Callable[..., object]) -> str:
    return f"{function.__module__}:{function.__qualname__}"


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
    outcomes: list[Outcome] = field(default_factory=lambda: [["ended", None]])


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

    def ask(self, request: dict[str, Any], seconds: float) -> list[Outcome]:
        with self._slots:
            return self._ask(request, seconds)

    def _ask(self, request: dict[str, Any], seconds: float) -> list[Outcome]:
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
                return [["unsent"]]
        if not waiting.answered.wait(seconds + (_GRACE if self.fork else 0)):
            # A server reading in-line (no fork) is stuck in the read; a forking one that
            # misses its own deadline is stuck too.  Either way it is started afresh.
            self.stop()
            return [["timeout"]]
        return waiting.outcomes

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()

    def _receive(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while header := stream.readline():
            number, size = (int(part) for part in header.split())
            outcomes = [json.loads(line) for line in stream.read(size).split(b"\n") if line]
            with self._lock:
                waiting = self._waiting.pop(number, None)
            if waiting is not None:
                waiting.outcomes = outcomes
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


def _run(read_name: str, path: str) -> Outcome:
    """One read as the child (or the in-line server) does it, every failure an outcome."""
    try:
        read = _function(read_name)
        return ["read", read(Path(path))]
    except GongkaiError as error:
        return ["refused", type(error).__name__, error.message]
    except ModuleNotFoundError as missing:
        return ["missing", missing.name or ""]
    except MemoryError:
        return ["memory"]


def _encoded(outcome: Outcome) -> bytes:
    """One outcome as a line of JSON (newlines inside strings are escaped by JSON)."""
    try:
        return json.dumps(outcome, ensure_ascii=False).encode() + b"\n"
    except MemoryError:
        return b'["memory"]\n'


def _limit(memory: int) -> None:
    """Set the child's limits where the platform has them (macOS does not enforce an
    address-space limit; Windows has none of them); a limit refused is left as it was."""
    try:
        import resource
    except ImportError:
        return
    for limit, value in (
        (resource.RLIMIT_AS, memory),
        (resource.RLIMIT_CORE, 0),  # a reader's abort() must not leave a core file behind
    ):
        _set_limit(limit, value)


def _limit_cpu(seconds: float) -> None:
    """Let the child's next read use ``seconds`` of CPU time beyond what it has used (the
    limit counts the process's whole life, and a child reads the files of a batch in turn)."""
    try:
        import resource
    except ImportError:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    # The limit is in whole seconds: rounding what was used up gives the read at least ``seconds``.
    _set_limit(resource.RLIMIT_CPU, math.ceil(used.ru_utime + used.ru_stime) + max(1, int(seconds)))


def _set_limit(limit: int, value: int) -> None:
    import resource

    _, hard = resource.getrlimit(limit)
    soft = value if hard == resource.RLIM_INFINITY else min(value, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(limit, (soft, hard))


def _function(name: str) -> Callable[..., Any]:
    module, qualname = name.split(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), qualname)
    return function


_warmed: set[str] = set()


def _preload(modules: Iterable[str], warm_up: str | None) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:
            continue  # the child meets the same failure and reports it in its own words
    if warm_up is not None and warm_up not in _warmed:
        _warmed.add(warm_up)
        # A failed warm-up loses only time: each child then builds what it would have.
        with contextlib.suppress(Exception):
            _function(warm_up)()


@dataclass
class _Child:
    """A child reading a batch: the outcomes it has written so far, one line per file, and
    the deadline of the file it is reading now (``seconds`` from the end of the last)."""

    number: int
    pid: int
    files: int
    seconds: float
    deadline: float
    chunks: list[bytes] = field(default_factory=list)
    lines: int = 0

    def received(self, data: bytes) -> None:
        self.chunks.append(data)
        if b"\n" in data:
            self.lines += data.count(b"\n")
            self.deadline = time.monotonic() + self.seconds

    def outcomes(self, failure: Outcome) -> bytes:
        """The lines of the files read, and ``failure`` for the file that was being read."""
        payload = b"".join(self.chunks)
        read = payload[: payload.rfind(b"\n") + 1]
        return read if self.lines >= self.files else read + _encoded(failure)


def serve(fork: bool) -> None:
    """The server's loop: one request per line on stdin, answers on stdout as a header
    line ``<id> <length>`` and the JSON outcomes, a line per file.  Ends when the caller
    closes stdin."""
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
            answer(
                request["id"], b"".join(_encoded(_run(request["read"], path)) for path in request["paths"])
            )
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
                child.received(data)
                continue
            os.close(fd)
            del running[fd]
            exitcode = os.waitstatus_to_exitcode(os.waitpid(child.pid, 0)[1])
            answer(child.number, child.outcomes(["ended", exitcode]))
        now = time.monotonic()
        for fd, child in list(running.items()):
            if child.deadline <= now:
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
                os.close(fd)
                del running[fd]
                answer(child.number, child.outcomes(["timeout"]))


def _start(request: dict[str, Any], running: dict[int, _Child], server_fds: tuple[int, int]) -> None:
    _preload(request["modules"], request.get("warm_up"))
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
            _limit(request["memory"])
            for path in request["paths"]:
                _limit_cpu(request["seconds"])
                payload = memoryview(_encoded(_run(request["read"], path)))
                while payload:
                    payload = payload[os.write(child_fd, payload) :]
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(child_fd)
    seconds = float(request["seconds"])
    running[result_fd] = _Child(
        request["id"], pid, len(request["paths"]), seconds, time.monotonic() + seconds
    )
