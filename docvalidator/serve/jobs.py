"""Jobs: each check in its own temporary folder and process, at most `workers` at a time.

A pool of `workers` threads (one per core by default) each supervises one check process at a
time (serve/worker.py); the rest wait in the pool's queue. The supervisor reads the process's
progress lines into the job, stops it after `job_minutes`, and records how it ended. A finished
job's folder is removed `keep_minutes` after it ends, and every folder at shutdown.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docvalidator.config import Settings
from docvalidator.report import MEDIA_TYPE, REPORT_FILE
from docvalidator.serve.options import ServeConfig
from docvalidator.serve.packages import Plan
from docvalidator.serve.worker import SERVED

log = logging.getLogger("docvalidator.serve")

GENERIC_ERROR = "检查时出现内部错误，未能完成。请重试；如再次出现，请把材料包和时间告诉维护人员。"
REPORTS = {REPORT_FILE[f]: MEDIA_TYPE[f] for f in SERVED}  # file name → media type
FIXED = "fixed.zip"  # the fixed package, when the upload asked for it (`docvalidator fix --zip`)


@dataclass
class Job:
    id: str
    folder: Path
    plan: Plan
    settings: Settings
    status: str = "queued"  # queued | running | done | failed
    stage: str | None = None
    stages: dict[str, dict[str, int]] = field(default_factory=dict)  # in the order they came
    error: str | None = None
    summary: dict[str, Any] | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None
    process: subprocess.Popen | None = None
    timed_out: bool = False
    fix: bool = False  # also write the fixed package (out/fixed.zip) after the reports

    @property
    def out(self) -> Path:
        return self.folder / "out"

    @property
    def fixed_zip(self) -> bool:
        """The worker wrote the fixed package (its summary says so)."""
        return bool(((self.summary or {}).get("fix") or {}).get("zip"))

    def public(self, queue_position: int, keep_seconds: float) -> dict[str, Any]:
        current = self.stages.get(self.stage or "", {"done": 0, "total": 0})
        out: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "package": self.plan.label,
            "schema": self.settings.schema,
            "ocr": self.settings.ocr,
            "progress": {"stage": self.stage, **current} if self.stage else None,
            "stages": [{"stage": s, **v} for s, v in self.stages.items()],
            "error": self.error,
        }
        if self.status == "queued":
            out["queue_position"] = queue_position
        if self.status == "done":
            out["summary"] = self.summary
            out["downloads"] = {name.split(".")[1]: f"/api/jobs/{self.id}/{name}" for name in REPORTS}
            if self.fixed_zip:
                out["downloads"]["fixed"] = f"/api/jobs/{self.id}/{FIXED}"
        if self.finished is not None:
            out["expires_in"] = max(0, round(self.finished + keep_seconds - time.time()))
        return out


def _kill(proc: subprocess.Popen) -> None:
    """The check's process group: the worker and the inspection processes it forked (on
    Windows, the worker; its inspection processes end when their pipes close)."""
    if proc.poll() is None:  # not reaped yet, so its pid (= its group id) is still its own
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()


class JobManager:
    def __init__(self, config: ServeConfig):
        self.config = config
        self.root = Path(config.work_dir or tempfile.gettempdir())
        self.root.mkdir(parents=True, exist_ok=True)
        self.jobs: dict[str, Job] = {}
        self.pending: set[Path] = set()  # folders of uploads still arriving
        self.lock = threading.Lock()
        self.closing = False
        self.pool = ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="dv-check")

    # -- folders --------------------------------------------------------------------------

    def new_folder(self) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="docvalidator-job-", dir=self.root))
        with self.lock:
            self.pending.add(folder)
        return folder

    def discard(self, folder: Path) -> None:
        with self.lock:
            self.pending.discard(folder)
        shutil.rmtree(folder, ignore_errors=True)

    # -- jobs -----------------------------------------------------------------------------

    def queued(self) -> int:
        with self.lock:
            return sum(1 for j in self.jobs.values() if j.status == "queued")

    def submit(self, folder: Path, plan: Plan, settings: Settings, fix: bool = False) -> Job:
        job = Job(secrets.token_urlsafe(16), folder, plan, settings, fix=fix)
        with self.lock:
            self.pending.discard(folder)
            self.jobs[job.id] = job
        self.pool.submit(self._run, job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def status(self, job: Job) -> dict[str, Any]:
        with self.lock:
            ahead = sum(1 for j in self.jobs.values() if j.status == "queued" and j.created < job.created)
            return job.public(ahead + 1, self.config.keep_minutes * 60)

    def remove(self, job_id: str) -> bool:
        with self.lock:
            job = self.jobs.pop(job_id, None)
            if job is None:
                return False
            if job.status == "queued":
                job.status = "failed"  # its pool task sees this and returns
            if job.process is not None:
                _kill(job.process)
        shutil.rmtree(job.folder, ignore_errors=True)
        return True

    def sweep(self, now: float | None = None) -> int:
        """Remove the jobs that ended more than keep_minutes ago."""
        now = time.time() if now is None else now
        keep = self.config.keep_minutes * 60
        with self.lock:
            old = [j.id for j in self.jobs.values() if j.finished is not None and j.finished + keep <= now]
        return sum(self.remove(i) for i in old)

    def shutdown(self) -> None:
        """Stop every check, then remove every job folder (finished or not) and every upload."""
        with self.lock:
            self.closing = True
            for job in self.jobs.values():
                if job.process is not None:
                    _kill(job.process)
        self.pool.shutdown(wait=True, cancel_futures=True)
        with self.lock:
            folders = [j.folder for j in self.jobs.values()] + list(self.pending)
            self.jobs.clear()
            self.pending.clear()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    # -- running one check ----------------------------------------------------------------

    def _run(self, job: Job) -> None:
        with self.lock:
            if job.status != "queued" or self.closing:
                return
            job.status, job.stage = "running", "discover"
            job.stages["discover"] = {"done": 0, "total": 0}
        try:
            self._supervise(job)
        except Exception:
            log.exception("job %s: supervising the check failed", job.id)
        with self.lock:
            job.process = None
            if job.status == "running":  # the process ended without saying how
                job.status = "failed"
                job.error = (f"检查超过 {self.config.job_minutes:g} 分钟未完成，已停止。"
                             if job.timed_out else GENERIC_ERROR)
            job.finished = job.finished or time.time()

    def _supervise(self, job: Job) -> None:
        job.out.mkdir()
        tmp = job.folder / "tmp"  # the check's own temporary files stay in the job's folder
        tmp.mkdir()
        env = {**os.environ, "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp)}
        payload = pickle.dumps({"package": job.plan.path, "settings": job.settings,
                                "out": str(job.out), "fix": job.fix})
        with open(job.folder / "worker.log", "wb") as logfile:
            # -P: the job's folder (the user's files) never goes on sys.path
            proc = subprocess.Popen([sys.executable, "-P", "-m", "docvalidator.serve.worker"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=logfile,
                                    cwd=job.plan.cwd, env=env, start_new_session=True)
            with self.lock:
                job.process = proc
                if self.closing or job.id not in self.jobs:
                    _kill(proc)
            timer = threading.Timer(self.config.job_minutes * 60, self._stop, args=(job, proc))
            timer.daemon = True
            timer.start()
            try:
                try:
                    proc.stdin.write(payload)
                    proc.stdin.close()
                except OSError:
                    pass
                for line in proc.stdout:
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    self._event(job, event)
                proc.wait()
            finally:
                timer.cancel()
                _kill(proc)
                proc.stdout.close()
        stopped = job.timed_out or self.closing or self.get(job.id) is not job  # we ended it
        if job.status == "running" and not stopped:  # no result: an internal error or a crash
            tail = (job.folder / "worker.log").read_bytes()[-4000:].decode("utf-8", "replace")
            log.error("job %s (%s): the check ended without a result (exit %s):\n%s",
                      job.id, job.plan.label, proc.returncode, tail)

    def _stop(self, job: Job, proc: subprocess.Popen) -> None:
        job.timed_out = True
        _kill(proc)

    def _event(self, job: Job, event: dict[str, Any]) -> None:
        kind = event.get("event")
        with self.lock:
            if kind == "progress":
                stage = str(event.get("stage"))
                for s, v in job.stages.items():  # a new stage: the ones before it are over
                    if s != stage and v["total"]:
                        v["done"] = v["total"]
                job.stage = stage
                job.stages[stage] = {"done": int(event.get("done", 0)), "total": int(event.get("total", 0))}
            elif kind == "done":
                job.status, job.summary = "done", event.get("summary")
            elif kind == "failed":
                job.status, job.error = "failed", str(event.get("message") or GENERIC_ERROR)
            # "error" (an internal error, its traceback in the log) changes nothing here: the
            # job fails with the generic message once the process has ended and been logged
            if job.status in ("done", "failed"):
                job.finished = job.finished or time.time()
