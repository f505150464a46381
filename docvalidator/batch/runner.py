"""The client side of a batch: find the packages, submit them (a bounded number at a time),
write each package's reports as it finishes, then the summary. Returns the worst exit code."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docvalidator.batch.discover import Found, find_packages
from docvalidator.batch.summary import totals, write_summary
from docvalidator.batch.task import PACKAGE_PRIORITY, Job, check_package, row
from docvalidator.config import Settings
from docvalidator.errors import UsageError
from docvalidator.report import REPORT_FILE

IN_FLIGHT_PER_THREAD = 2  # packages submitted ahead per worker thread of the cluster
Echo = Callable[[str], None]


@dataclass(frozen=True)
class Batch:
    root: str
    out: str
    settings: Settings
    formats: tuple[str, ...]
    scheduler: str | None = None
    workers: int | None = None


def plan(batch: Batch) -> tuple[Path, list[Found]]:
    out = Path(batch.out).resolve()
    packages = find_packages(batch.root, skip=out)
    if not packages:
        raise UsageError(f"{batch.root}: no package (a folder with docvalidator.yaml, or a .zip)")
    for p in packages:
        if p.path.is_dir() and (out == p.path or p.path in out.parents):
            raise UsageError(f"--output {batch.out}: inside the package {p.name}; "
                             "choose a folder outside it")
    return out, packages


def run_batch(batch: Batch, echo: Echo, bar: Any = None) -> int:
    from docvalidator.batch.cluster import connect

    out, packages = plan(batch)
    out.mkdir(parents=True, exist_ok=True)
    workers = batch.workers or os.cpu_count() or 1
    # one inspection process per package task: the parallelism is across packages and pages
    settings = replace(batch.settings, jobs=1)
    # page progress only when a bar shows it (otherwise nobody would drain the queue)
    queue = f"docvalidator-progress-{uuid.uuid4().hex}" if bar is not None else None
    jobs = [Job(p.name, str(p.path), _shown(batch.root, p), settings, batch.formats, queue)
            for p in packages]
    start = time.perf_counter()
    rows: list[dict[str, Any]] = []
    with connect(batch.scheduler, workers) as client:
        threads = sum(client.nthreads().values()) or workers
        if bar is not None:
            bar.start(len(jobs))
        for result in _results(client, jobs, threads * IN_FLIGHT_PER_THREAD, queue, bar):
            r = result["row"]
            r["report"] = _write_reports(out, r["package"], result["reports"], batch.formats)
            rows.append(r)
            if bar is not None:
                bar.package_done(r)
            echo(_line(len(rows), len(jobs), r))
    seconds = time.perf_counter() - start
    write_summary(out, rows, batch.root, seconds)
    t = totals(rows)
    plural = "" if t["packages"] == 1 else "s"
    echo(f"docvalidator batch: {t['packages']} package{plural}, {t['passed']} passed, "
         f"{t['failed']} not checked, {t['pages_ocr']} pages OCR'd, {seconds:.1f} s; "
         f"summary in {out / 'summary.html'}")
    return t["exit_code"]


def _results(client: Any, jobs: list[Job], window: int, queue_name: str | None, bar: Any):
    """Each job's result as it finishes; at most `window` packages are on the cluster at once."""
    from distributed import Queue, wait

    by_future: dict[Any, Job] = {}
    pending = list(reversed(jobs))
    queue = Queue(queue_name, client=client) if queue_name is not None else None

    def submit() -> None:
        while pending and len(by_future) < window:
            job = pending.pop()
            fut = client.submit(check_package, job, key=f"package-{uuid.uuid4().hex}",
                                pure=False, priority=PACKAGE_PRIORITY)
            by_future[fut] = job

    submit()
    while by_future:
        try:
            done, _ = wait(list(by_future), timeout=0.5, return_when="FIRST_COMPLETED")
        except TimeoutError:  # nothing finished meanwhile: show the pages' progress
            done = set()
        if queue is not None:
            _drain(queue, bar)
        for fut in done:
            job = by_future.pop(fut)
            try:
                yield fut.result()
            except Exception as e:  # the package task was lost too often (KilledWorker)
                yield {"row": row(job, exit_code=3, error=f"{type(e).__name__}: {e}"),
                       "reports": {}}
            fut.release()
        submit()


def _drain(queue: Any, bar: Any) -> None:
    try:
        while queue.qsize():
            for name, done, total in queue.get(batch=True):
                bar.pages(name, done, total)
    except Exception:  # progress is a nicety
        pass


def _write_reports(out: Path, name: str, reports: dict[str, bytes],
                   formats: tuple[str, ...]) -> str | None:
    """DIR/<package>/report.*; the link the dashboard gives (the html report, else the first)."""
    folder = out / name if name != "." else out / "_root"
    if folder.exists():
        shutil.rmtree(folder)  # a re-run leaves no stale report behind
    if not reports:
        return None
    folder.mkdir(parents=True)
    for file_name, data in reports.items():
        (folder / file_name).write_bytes(data)
    first = "html" if "html" in formats else formats[0]
    return (folder / REPORT_FILE[first]).relative_to(out).as_posix()


def _shown(root: str, found: Found) -> str:
    return Path(root).as_posix() if found.name == "." else (Path(root) / found.name).as_posix()


def _line(n: int, total: int, r: dict[str, Any]) -> str:
    if r["error"]:
        what = f"not checked: {r['error']}"
    else:
        what = (f"{r['errors']} errors, {r['warnings']} warnings, {r['info']} info, "
                f"{r['pages_ocr']} pages OCR'd")
    return f"[{n}/{total}] {r['package']}: {what} ({r['seconds']} s)"
