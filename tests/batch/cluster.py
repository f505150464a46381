"""A real Dask cluster on this machine for the batch tests: `dask scheduler` and `dask worker`
processes on 127.0.0.1, each in its own process group so that a test can kill one worker
(its nanny and its worker process) as a lost machine would be lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT = 60


@dataclass
class Cluster:
    folder: Path
    scheduler: subprocess.Popen | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)
    address: str = ""

    def _spawn(self, *args: str, log: str) -> subprocess.Popen:
        env = {**os.environ,
               # a package task forks its inspection workers: workers may have children
               "DASK_DISTRIBUTED__WORKER__DAEMON": "False",
               "DOCVALIDATOR_OCR_THREADS": "1"}
        out = open(self.folder / log, "wb")  # noqa: SIM115  (closed with the process)
        return subprocess.Popen([sys.executable, "-m", "dask", *args], env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def start(self, workers: int = 2) -> Cluster:
        file = self.folder / "scheduler.json"
        self.scheduler = self._spawn("scheduler", "--host", "127.0.0.1", "--port", "0",
                                     "--no-dashboard", "--scheduler-file", str(file),
                                     log="scheduler.log")
        deadline = time.monotonic() + START_TIMEOUT
        while not file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                raise RuntimeError("dask scheduler did not start: "
                                   + (self.folder / "scheduler.log").read_text(errors="replace"))
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written in one go, but give it the moment
        self.address = json.loads(file.read_text())["address"]
        for i in range(workers):
            self.workers.append(self._spawn(
                "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                "--no-dashboard", "--name", f"w{i}", "--local-directory",
                str(self.folder / f"w{i}"), log=f"worker{i}.log"))
        self.wait_for_workers(workers, deadline)
        return self

    def wait_for_workers(self, n: int, deadline: float) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(n, timeout=max(1.0, deadline - time.monotonic()))

    def kill_worker(self, i: int) -> None:
        """The worker's whole process group (nanny and worker), at once: a lost machine."""
        p = self.workers[i]
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=10)

    def stop(self) -> None:
        for p in [*self.workers, self.scheduler]:
            if p is not None and p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in [*self.workers, self.scheduler]:
            if p is None:
                continue
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)
