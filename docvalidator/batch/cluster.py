"""The Dask cluster a batch runs on: the user's (`--scheduler tcp://host:8786`) or a local one
of `--workers` processes on 127.0.0.1 (never reachable from another machine)."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from docvalidator.batch import ENABLED_HINT
from docvalidator.errors import UsageError

CONNECT_TIMEOUT = "20s"


def local_env(workers: int) -> dict[str, str]:
    """Each local worker process OCRs with its share of the cores (workers × threads ≤ cores)."""
    return {"DOCVALIDATOR_OCR_THREADS": str(max(1, (os.cpu_count() or 1) // workers))}


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A connected `distributed.Client`, closed (with its local cluster) on exit."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(ENABLED_HINT) from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as e:
            raise UsageError(f"--scheduler {scheduler}: cannot connect ({e})") from None
        with client:
            yield client
        return
    # a package task forks its inspection workers (time and memory limits): the Dask worker
    # processes must be allowed children
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address="127.0.0.1:0",
                               silence_logs=logging.ERROR, env=local_env(workers))
        with cluster, Client(cluster) as client:
            yield client
