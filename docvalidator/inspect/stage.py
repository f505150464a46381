"""The inspect stage over a whole package: cache first, then the misses in worker processes.

A cache hit is served inline and never opens the file. Misses that need a parser (PDF, DOCX,
images) go to the worker pool, largest first so the workers finish together; the trivial
kinds are inspected inline. The result is keyed by path, so it does not depend on `jobs` or
on the order the workers finish in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docvalidator.inspect import INSPECTOR_VERSION, PARSER_MODULES, inspect_file
from docvalidator.inspect.cache import Cache, make_key
from docvalidator.inspect.model import FileInspection
from docvalidator.package.kinds import PARSED_KINDS

if TYPE_CHECKING:
    from docvalidator.package import SourceFile

# The inspection's own thresholds: part of the cache key, so changing one re-inspects.
OPTIONS = {"pixel_ceiling": 89_478_485, "blank_dpi": 24, "scan_coverage": 0.5}


@dataclass
class StageCounts:
    inspected: int = 0
    cached: int = 0
    failed: int = 0
    workers_replaced: int = 0


def cache_key(source: SourceFile) -> str:
    return make_key(source.sha256, INSPECTOR_VERSION, source.kind, OPTIONS)


def _inspect_to_dict(payload: tuple[SourceFile]) -> dict[str, Any]:
    return inspect_file(payload[0]).model_dump(mode="json")


# the worker pools kept by `kept_workers`, by (jobs, timeout, memory): None outside it
_KEPT: ContextVar[dict[tuple, Any] | None] = ContextVar("kept_inspection_workers", default=None)


@contextmanager
def kept_workers() -> Iterator[None]:
    """Within it, inspection workers outlive a check and serve the next one: a process that
    checks many packages in a row forks its workers once, not once per package (a forked
    worker costs a large process more than a small file's inspection). They are stopped on
    leaving. Outside it, each check starts its own workers and stops them when done."""
    pools: dict[tuple, Any] = {}
    token = _KEPT.set(pools)
    try:
        yield
    finally:
        _KEPT.reset(token)
        for pool in pools.values():
            pool.close()


def _pool(jobs: int, timeout: float, memory_mb: int, modules: set[str]):
    from docvalidator.inspect.workers import WorkerPool  # multiprocessing: misses only

    kept = _KEPT.get()
    if kept is None:
        return WorkerPool(_inspect_to_dict, jobs, timeout, memory_mb, preload=sorted(modules))
    key = (jobs, timeout, memory_mb)
    if key not in kept:  # kept workers may meet any kind of file: every parser is loaded first
        every = {m for names in PARSER_MODULES.values() for m in names}
        kept[key] = WorkerPool(_inspect_to_dict, jobs, timeout, memory_mb, keep=True, preload=sorted(every))
    return kept[key]


def _may_not_fork() -> bool:
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def inspect_files(files: Sequence[SourceFile], *, jobs: int, timeout: float, memory_mb: int,
                  cache: Cache, progress: Callable[[str, int, int], None] | None = None
                  ) -> tuple[dict[str, FileInspection], StageCounts]:
    counts = StageCounts()
    out: dict[str, FileInspection] = {}
    total, done = len(files), 0

    def finished(source: SourceFile, insp: FileInspection, fresh: bool) -> None:
        nonlocal done
        out[source.path] = insp
        if fresh:
            counts.inspected += 1
            if insp.error:
                counts.failed += 1
            else:
                cache.put(cache_key(source), insp.model_dump(mode="json"))
        done += 1
        if progress:
            progress("inspect", done, total)

    misses: list[SourceFile] = []
    for source in files:
        hit = cache.get(cache_key(source))
        if hit is not None:
            try:
                insp = FileInspection.model_validate({**hit, "path": source.path})
            except ValueError:
                misses.append(source)
                continue
            counts.cached += 1
            finished(source, insp, fresh=False)
        elif source.kind in PARSED_KINDS:
            misses.append(source)
        else:
            finished(source, inspect_file(source), fresh=True)

    if misses and _may_not_fork():  # a daemonic Dask worker: inspected here, without limits
        for source in misses:
            finished(source, inspect_file(source), fresh=True)
        misses = []
    if misses:
        misses.sort(key=lambda s: (-s.size, s.path))
        pool = _pool(jobs, timeout, memory_mb, {m for s in misses for m in PARSER_MODULES.get(s.kind, ())})
        replaced = pool.replaced
        for index, value, error, notes in pool.run(enumerate((s,) for s in misses)):
            source = misses[index]
            if value is not None:
                insp = FileInspection.model_validate({**value, "path": source.path})
            else:
                insp = FileInspection(path=source.path, sha256=source.sha256, kind=source.kind,
                                      size=source.size, error=error)
            insp.notes.extend(n for n in notes if n not in insp.notes)
            finished(source, insp, fresh=True)
        counts.workers_replaced = pool.replaced - replaced
    return {p: out[p] for p in sorted(out)}, counts
