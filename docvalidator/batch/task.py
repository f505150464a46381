"""What runs on a Dask worker: one package checked by the engine (`check_package`), its work
units submitted to the same cluster (`DaskPool`), its progress sent to the client."""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from docvalidator.config import Settings
from docvalidator.errors import DocValidatorError
from docvalidator.inspect.units import execute
from docvalidator.report import REPORT_FILE

# Dask runs the highest priority first: the pages of packages already started go before new
# packages, so packages finish (and their memory is freed) in the order they started.
PACKAGE_PRIORITY = 0
UNIT_PRIORITY = 10
PROGRESS_EVERY = 0.5  # seconds between progress messages of one package


@dataclass(frozen=True)
class Job:
    name: str  # the package relative to ROOT
    path: str  # absolute: every worker reads it there
    shown: str  # the path the report names (as the user gave ROOT)
    settings: Settings
    formats: tuple[str, ...]
    progress: str | None = None  # the name of the Dask queue the client reads progress from


def row(job: Job, **values: Any) -> dict[str, Any]:
    """A summary row: the package's verdict, or its error."""
    base = {"package": job.name, "schema": None, "errors": None, "warnings": None,
            "info": None, "passed": False, "exit_code": 3, "seconds": None, "pages_ocr": 0,
            "error": None}
    return {**base, **values}


def check_package(job: Job) -> dict[str, Any]:
    """Check one package: {"row": summary row, "reports": {file name: bytes}}. Never raises:
    a package that cannot be checked is a row with its error."""
    from docvalidator.codes import Severity
    from docvalidator.engine import RunStats, run
    from docvalidator.report import REPORTER_BY_NAME

    start = time.perf_counter()
    stats = RunStats()
    try:
        report = run(job.path, job.settings, progress=_Progress(job), stats=stats,
                     thumbnails="html" in job.formats, pool=DaskPool.inside_a_task())
        report = dataclasses.replace(report, package_path=job.shown)
        reports = {}
        for fmt in job.formats:
            content = REPORTER_BY_NAME[fmt](report)
            reports[REPORT_FILE[fmt]] = content.encode("utf-8") if isinstance(content, str) \
                else content
        passed = report.passed(job.settings.fail_severity)
        result = row(job, schema=report.schema_id, errors=report.count(Severity.ERROR),
                     warnings=report.count(Severity.WARNING), info=report.count(Severity.INFO),
                     passed=passed, exit_code=0 if passed else 1)
    except DocValidatorError as e:  # the package's own problem: a row, the batch goes on
        result, reports = row(job, exit_code=e.exit_code, error=str(e)), {}
    except Exception as e:
        result = row(job, exit_code=3, error=f"internal error: {type(e).__name__}: {e}")
        reports = {}
    result["seconds"] = round(time.perf_counter() - start, 2)
    result["pages_ocr"] = stats.extra.get("ocr_pages", 0)
    result["stats"] = {"inspected": stats.inspected, "cached": stats.cached, **stats.extra}
    return {"row": result, "reports": reports}


class DaskPool:
    """The analyses' work units as Dask tasks on the cluster this package task runs on. While
    it waits, the package task leaves its worker thread (secede), so that thread computes
    units too; a unit whose worker is lost is re-run by the scheduler."""

    @classmethod
    def inside_a_task(cls) -> DaskPool | None:
        try:
            from distributed import get_worker

            get_worker()
        except (ImportError, ValueError):  # not on a Dask worker: the engine's own pool
            return None
        return cls()

    def run(self, tasks: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any, str | None, list]]:
        from distributed import as_completed, get_client, rejoin, secede

        client = get_client()
        futures = {}
        for index, payload in tasks:
            name = getattr(payload[2], "__name__", "unit")
            fut = client.submit(execute, payload, key=f"{name}-{uuid.uuid4().hex}", pure=False,
                                priority=UNIT_PRIORITY)
            futures[fut] = index
        secede()
        try:
            for fut in as_completed(futures):
                try:
                    value, error = fut.result(), None
                except Exception as e:  # lost too often (KilledWorker), or cancelled
                    value, error = None, f"{type(e).__name__}: {e}"
                yield futures[fut], value, error, []
        finally:
            for fut in futures:
                fut.release()
            rejoin()


class _Progress:
    """The engine's progress callback in a package task: OCR'd pages to the client's queue,
    at most every PROGRESS_EVERY seconds."""

    def __init__(self, job: Job):
        self.name, self.queue_name = job.name, job.progress
        self.queue: Any = None
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.queue_name is None or stage != "ocr":
            return
        now = time.monotonic()
        if done < total and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        try:
            if self.queue is None:
                from distributed import Queue

                self.queue = Queue(self.queue_name)
            self.queue.put((self.name, done, total), timeout=5)
        except Exception:  # progress is a nicety: never fail a package for it
            self.queue_name = None
