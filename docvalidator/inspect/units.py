"""Work units: the heavy, page-sized parts of the analyses (OCR of one page, the seals on one
page, one venue photo), each a pure function of its inputs whose result is cached by key.

An analysis first names the units it will read (`Units.prefetch`); the engine's pool computes
those neither cached nor known yet, all at once — worker processes for `check --jobs N`, Dask
workers in `docvalidator batch` — and the analysis then takes each result (`Units.get`) where
it used to compute it. Without a pool (`--jobs 1`), `get` computes the unit in this process,
as before. A worker stores what it computed in the cache itself: with a cache the workers
share, a unit outlives the process that asked for it (a batch task re-run after its worker
was lost finds the pages already read).

A pool is anything with `run(tasks)` → (index, value, error, notes) as `WorkerPool` has; it
calls `execute(payload)` for each task.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from docvalidator.inspect.cache import Cache


@dataclass(frozen=True)
class Unit:
    key: str  # the cache key of the result
    fn: Callable[..., Any]  # module-level (pickled by reference); returns JSON data, never None
    args: tuple = field(default=())
    # what it is expected to cost, in any unit the asker's units share (page bytes for OCR): a
    # prefetch starts the dearest first, so that the last to finish is a cheap one
    cost: float = 0.0


class UnitFailed(Exception):
    """The pool could not compute a unit: its worker died or passed the time limit."""


class Failed:
    """An exception a unit raised, carried back as its value (raised again by `get`)."""

    def __init__(self, error: BaseException):
        self.error = error


class Pool(Protocol):
    def run(self, tasks: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any, str | None, list]]:
        ...


class Noted:
    """A unit's value with what libraries warned meanwhile (re-told where it is read)."""

    def __init__(self, value: Any, notes: list[str]):
        self.value, self.notes = value, notes


def execute(payload: tuple[Cache | None, str, Callable[..., Any], tuple]) -> Any:
    """In a worker: compute one unit, store its result in the cache (if shared), return it."""
    from docvalidator.inspect import library_messages

    cache, key, fn, args = payload
    notes: list[str] = []
    try:
        with library_messages(notes):
            value = fn(*args)
    except Exception as e:  # the asker decides what a failed unit means (DV207, DV901 …)
        import pickle

        try:
            pickle.dumps(e)
        except Exception:  # it must travel back to the asking process
            e = UnitFailed(f"{type(e).__name__}: {e}")
        return Failed(e)
    if cache is not None:
        cache.put(key, value)
    return Noted(value, notes) if notes else value


# Content-addressed results kept for the life of the process when the disk cache is off
# (--no-cache): the same bytes give the same result, and a second run in one process (a hook,
# tests) need not redo OCR and feature matching.
_MEMO: dict[str, Any] = {}


class Units:
    def __init__(self, cache: Cache, pool: Pool | None = None):
        self.cache, self.pool = cache, pool
        self._fresh: dict[str, Any] = {}

    def cached(self, key: str) -> Any | None:
        """A result: the cache, or (cache off) this process's memo."""
        return self.cache.get(key) if self.cache.enabled else _MEMO.get(key)

    def store(self, key: str, value: Any) -> None:
        if self.cache.enabled:
            self.cache.put(key, value)
        else:
            if len(_MEMO) > 4096:
                _MEMO.clear()
            _MEMO[key] = value

    def prefetch(self, units: Iterable[Unit], done: Callable[[], None] | None = None) -> int:
        """Compute on the pool, in parallel, the units neither cached nor known yet; `done()`
        after each. Without a pool this does nothing (`get` computes). Returns how many ran."""
        if self.pool is None:
            return 0
        todo: dict[str, Unit] = {}
        for u in units:
            if u.key not in todo and u.key not in self._fresh and self.cached(u.key) is None:
                todo[u.key] = u
        if not todo:
            return 0
        order = sorted(todo.values(), key=lambda u: -u.cost)  # stable: ties keep their order
        shared = self.cache if self.cache.enabled else None
        tasks = ((i, (shared, u.key, u.fn, u.args)) for i, u in enumerate(order))
        for i, value, error, _notes in self.pool.run(tasks):
            u = order[i]
            if error is not None:
                value = Failed(UnitFailed(error))
            elif not isinstance(value, Failed) and shared is None:
                self.store(u.key, value.value if isinstance(value, Noted) else value)
            self._fresh[u.key] = value
            if done:
                done()
        return len(order)

    def get(self, unit: Unit) -> tuple[Any, str]:
        """(result, how): how is "pool" (computed by a prefetch), "cache" or "now". What the
        unit raised is raised here."""
        if unit.key in self._fresh:
            value, how = self._fresh.pop(unit.key), "pool"
        elif (hit := self.cached(unit.key)) is not None:
            return hit, "cache"
        elif self.pool is not None:  # nothing heavy runs in the asking process
            self.prefetch([unit])
            value, how = self._fresh.pop(unit.key), "pool"
        else:
            value, how = execute((self.cache if self.cache.enabled else None, unit.key, unit.fn,
                                  unit.args)), "now"
            if not isinstance(value, Failed) and not self.cache.enabled:
                self.store(unit.key, value.value if isinstance(value, Noted) else value)
        if isinstance(value, Noted):
            import warnings

            for note in value.notes:  # into the asker's library_messages, if it listens
                warnings.warn(note, RuntimeWarning, stacklevel=2)
            value = value.value
        if isinstance(value, Failed):
            raise value.error
        return value, how


class LocalPool:
    """`check --jobs N`: N worker processes, started at the first unit and kept for the run,
    each OCRing with one thread: `--jobs N` uses N cores."""

    def __init__(self, jobs: int, timeout: float, memory_mb: int):
        self.jobs, self.timeout, self.memory_mb = jobs, timeout, memory_mb
        self._pool: Any = None

    def run(self, tasks: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any, str | None, list]]:
        if self._pool is None:
            from functools import partial

            from docvalidator.imaging.ocr import use_threads
            from docvalidator.inspect.workers import WorkerPool

            self._pool = WorkerPool(execute, self.jobs, self.timeout, self.memory_mb, keep=True,
                                    init=partial(use_threads, 1))
        return self._pool.run(tasks)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
