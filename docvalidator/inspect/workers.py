"""Inspection in worker processes, each with a time limit per file and a memory ceiling.

A hostile file (a decompression bomb, a parser loop, a crash inside a C library) costs at
most its time limit and its worker: the worker is killed or dies, the file's result is an
error (→ DV901), a fresh worker takes its place and the run goes on. The parent never parses
a file itself.

Test hook: `DOCVALIDATOR_TEST_SLEEP="NAME=SECONDS"` makes a worker sleep before inspecting
a file whose path contains NAME, so a test can breach the time limit on purpose.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

SLEEP_ENV = "DOCVALIDATOR_TEST_SLEEP"
Task = tuple[int, Any]  # (index, payload)
# (index, value, error, what the worker's C libraries printed on stderr meanwhile)
Result = tuple[int, dict[str, Any] | None, str | None, list[str]]
MAX_NOTES = 20
MAX_NOTE_BYTES = 16 * 1024


def _context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _address_space() -> int:
    """The process's virtual size now, in bytes; 0 where it cannot be read (no /proc)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return 0


def _limit_memory(memory_mb: int) -> None:
    """The worker may add `memory_mb` to the address space it starts with: a forked worker
    starts with its parent's, which in a long-lived process (the web page, a test session) can
    alone exceed the ceiling and would fail every allocation."""
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still holds
        return
    limit = _address_space() + memory_mb * 1024 * 1024
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _test_sleep(name: str) -> None:
    spec = os.environ.get(SLEEP_ENV, "")
    if "=" in spec:
        needle, _, seconds = spec.rpartition("=")
        if needle and needle in name:
            time.sleep(float(seconds))


class _StderrCapture:
    """What C libraries (libtiff, libjpeg, pdfium) print on the worker's stderr, per task: it
    belongs in the file's inspection, not on the user's terminal."""

    def __init__(self) -> None:
        import tempfile

        self.file = tempfile.TemporaryFile()  # noqa: SIM115  (open for the worker's life)
        with contextlib.suppress(OSError):  # no stderr to take over: nothing is printed then
            os.dup2(self.file.fileno(), 2)

    def take(self) -> list[str]:
        self.file.seek(0)
        text = self.file.read(MAX_NOTE_BYTES).decode("utf-8", "replace")
        self.file.seek(0)
        self.file.truncate()
        return [line.strip() for line in text.splitlines() if line.strip()][:MAX_NOTES]


def _worker(conn: Connection, fn: Callable[[Any], Any], memory_mb: int,
            init: Callable[[], None] | None = None) -> None:
    _limit_memory(memory_mb)
    if init is not None:
        init()
    stderr = _StderrCapture()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, payload = msg
        try:
            _test_sleep(getattr(payload[0], "path", ""))
            value, error = fn(payload), None
        except MemoryError:
            value, error = None, f"内存超过上限（{memory_mb} MB）"
        except BaseException as e:  # the worker must answer whatever happens
            value, error = None, f"{type(e).__name__}: {e}"
        try:
            conn.send((index, value, error, stderr.take()))
        except MemoryError:
            conn.send((index, None, f"内存超过上限（{memory_mb} MB）", []))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: Task | None = None
    deadline: float = 0.0


class WorkerPool:
    """Runs `fn(payload)` for each task in up to `jobs` processes; yields results as they come.

    `keep`: healthy workers outlive a `run` and serve the next one (what they loaded, the OCR
    models say, stays loaded) until `close()`. `init` runs first in each new worker.
    `preload`: modules `fn` will import; where workers are forked the parent imports them first,
    so that a process running many pools (the web page, the tests) imports them once."""

    def __init__(self, fn: Callable[[Any], Any], jobs: int, timeout: float,
                 memory_mb: int, *, keep: bool = False, init: Callable[[], None] | None = None,
                 preload: Iterable[str] = ()):
        self.fn, self.jobs, self.timeout, self.memory_mb = fn, max(1, jobs), timeout, memory_mb
        self.keep, self.init = keep, init
        self.ctx = _context()
        if self.ctx.get_start_method() == "fork":
            import importlib

            for name in preload:
                with contextlib.suppress(ImportError):  # the worker reports it, per file
                    importlib.import_module(name)
        self.replaced = 0
        self._idle: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        p = self.ctx.Process(target=_worker, args=(child, self.fn, self.memory_mb, self.init),
                             daemon=True)
        p.start()
        child.close()
        return _Worker(p, parent)

    def _give(self, w: _Worker, task: Task) -> None:
        w.task, w.deadline = task, time.monotonic() + self.timeout
        w.conn.send(task)

    @staticmethod
    def _stop(w: _Worker, kill: bool) -> None:
        if kill:
            w.process.kill()
        else:
            try:
                w.conn.send(None)
            except OSError:
                w.process.kill()
        w.process.join(timeout=5)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        queue = deque(tasks)
        wanted = min(self.jobs, len(queue))
        workers: list[_Worker] = []
        while self._idle and len(workers) < wanted:
            w = self._idle.pop()
            if w.process.is_alive():
                workers.append(w)
            else:
                self._stop(w, kill=True)
        workers += [self._spawn() for _ in range(wanted - len(workers))]
        try:
            for w in workers:
                self._give(w, queue.popleft())
            while workers:
                left = max(0.0, min(w.deadline for w in workers) - time.monotonic())
                ready = wait([w.conn for w in workers], timeout=left)
                now = time.monotonic()
                for w in list(workers):
                    assert w.task is not None
                    index, healthy = w.task[0], True
                    notes: list[str] = []
                    if w.conn in ready:
                        try:
                            _i, value, error, notes = w.conn.recv()
                        except (EOFError, OSError):
                            value, error, healthy = None, self._died(w), False
                    elif now >= w.deadline:
                        value, error, healthy = None, f"超过处理时限（{self.timeout:g} 秒）", False
                    else:
                        continue
                    w.task = None
                    workers.remove(w)
                    if not (healthy and queue):
                        if healthy and self.keep:
                            self._idle.append(w)  # queue empty: parked for the next run
                        else:
                            self._stop(w, kill=not healthy)
                        if queue:
                            self.replaced += 1
                            w = self._spawn()
                    if queue:
                        self._give(w, queue.popleft())
                        workers.append(w)
                    yield index, value, error, notes
        finally:
            for w in workers:
                self._stop(w, kill=True)

    def close(self) -> None:
        """Stop the parked workers (a `keep` pool)."""
        while self._idle:
            self._stop(self._idle.pop(), kill=False)

    def _died(self, w: _Worker) -> str:
        w.process.join(timeout=5)
        code = w.process.exitcode
        if code is not None and code < 0:
            return f"处理进程异常终止（信号 {-code}），可能超过内存上限（{self.memory_mb} MB）"
        return f"处理进程异常退出（退出码 {code}）"
