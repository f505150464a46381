"""`docvalidator batch` on a real Dask cluster on this machine: the same verdicts as single
`check` runs, a package that cannot be checked is a row and not the end of the batch, a worker
killed mid-batch loses no package, and a second run over an unchanged ROOT is served by the
cache."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="docvalidator batch needs the batch extra (Dask)")

from docvalidator.batch.runner import Batch, run_batch
from docvalidator.config import Settings
from tests.batch.cluster import Cluster
from tests.helpers import AS_OF, FIXTURES, check_json, cli

# a few packages of every kind of verdict, small enough for the suite: two with error
# findings, one with an unreadable file, a complete one (seals, photos, signatures)
SUBSET = ("b22-national/complete", "b22-national/unreadable", "b24-national/capital-low",
          "b24-provincial/wrong-format", "number-95-shanghai/missing-material")


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("batch-root")
    for name in SUBSET:
        shutil.copytree(FIXTURES / name, base / name)
    (base / "clients" / "broken.zip").parent.mkdir()
    (base / "clients" / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return base


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        yield c.start(workers=2)
    finally:
        c.stop()


def _settings(cache_dir: Path) -> Settings:
    import datetime as dt

    return Settings(ocr=False, as_of=dt.date.fromisoformat(AS_OF), cache_dir=str(cache_dir))


def _report(out: Path, name: str) -> dict:
    doc = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
    doc["package"].pop("path")
    return doc


def test_batch_on_a_cluster_gives_each_package_the_verdict_check_gives(root, cluster, tmp_path,
                                                                      _session_cache_dir):
    out = tmp_path / "out"
    lines: list[str] = []
    code = run_batch(Batch(str(root), str(out), _settings(_session_cache_dir), ("json", "html"),
                           scheduler=cluster.address), echo=lines.append)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = {r["package"]: r for r in summary["packages"]}
    assert sorted(rows) == sorted([*SUBSET, "clients/broken.zip"])
    for name in SUBSET:
        single = check_json(root / name, "--no-ocr")
        expected = single.json()
        expected["package"].pop("path")
        assert _report(out, name) == expected, name
        assert rows[name]["exit_code"] == single.code
        assert rows[name]["errors"] == expected["summary"]["errors"]
        assert rows[name]["report"] == f"{name}/report.html"
        assert (out / name / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")
    broken = rows["clients/broken.zip"]
    assert broken["exit_code"] == 2 and broken["error"] and broken["report"] is None
    assert code == 2  # the worst package's: an unreadable input beats findings
    assert summary["totals"]["exit_code"] == 2
    csv = (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0].startswith("package,schema,errors,warnings,info,passed,exit_code,seconds")
    assert len(csv) == len(SUBSET) + 2
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert 'href="b22-national/complete/report.html"' in page
    assert "http://" not in page and "https://" not in page  # no network asset
    assert len(lines) == len(SUBSET) + 2  # one line per package, then the total


def test_a_second_run_over_an_unchanged_root_is_served_by_the_cache(root, cluster, tmp_path,
                                                                   _session_cache_dir):
    settings = _settings(_session_cache_dir)
    run_batch(Batch(str(root), str(tmp_path / "a"), settings, ("json",),
                    scheduler=cluster.address), echo=lambda s: None)
    run_batch(Batch(str(root), str(tmp_path / "b"), settings, ("json",),
                    scheduler=cluster.address), echo=lambda s: None)
    first = json.loads((tmp_path / "a" / "summary.json").read_text(encoding="utf-8"))
    again = json.loads((tmp_path / "b" / "summary.json").read_text(encoding="utf-8"))
    for name in SUBSET:
        assert _report(tmp_path / "a", name) == _report(tmp_path / "b", name)
    assert [r["exit_code"] for r in first["packages"]] == [r["exit_code"] for r in again["packages"]]
    assert again["seconds"] < 30
    # the runs above may both be warm (the session's cache): that the second is served by the
    # cache is seen in a package task's own counts, from an empty cache
    from docvalidator.batch.task import Job, check_package

    job = Job(SUBSET[0], str(root / SUBSET[0]), SUBSET[0], _settings(tmp_path / "cold"), ("json",))
    cold, warm = check_package(job)["row"]["stats"], check_package(job)["row"]["stats"]
    assert cold["inspected"] > 0 and warm["inspected"] == 0 and warm["cached"] == cold["inspected"]


def test_a_worker_killed_mid_batch_loses_no_package(root, tmp_path_factory, tmp_path):
    own = Cluster(tmp_path_factory.mktemp("dask-kill")).start(workers=2)
    try:
        killed = threading.Event()

        def echo(line: str) -> None:  # after the first package, a worker is lost mid-task
            if not killed.is_set():
                own.kill_worker(0)
                killed.set()

        out = tmp_path / "out"
        cold = tmp_path / "cache"  # nothing cached: every package is real work when it dies
        run_batch(Batch(str(root), str(out), _settings(cold), ("json",),
                        scheduler=own.address), echo=echo)
    finally:
        own.stop()
    assert killed.is_set()
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["packages"]
    assert sorted(r["package"] for r in rows if not r["error"]) == sorted(SUBSET)
    for name in SUBSET:
        assert _report(out, name)["summary"] == check_json(root / name, "--no-ocr").json()["summary"]


def test_batch_command_on_a_local_cluster_writes_the_reports_asked_for(root, tmp_path,
                                                                      _session_cache_dir):
    sub = tmp_path / "root"
    shutil.copytree(root / "b24-provincial", sub / "b24-provincial")
    out = tmp_path / "out"
    r = cli("batch", sub, "--output", out, "--workers", "2", "--no-ocr", "--as-of", AS_OF,
            "--format", "json,markdown", "--cache-dir", _session_cache_dir)
    assert r.code == 1, r.err  # wrong-format has an error finding
    assert sorted(p.name for p in (out / "b24-provincial" / "wrong-format").iterdir()) == \
        ["report.json", "report.md"]
    assert "1 package, 0 passed" in r.err.splitlines()[-1]


def test_batch_refuses_an_output_folder_inside_a_package(root, tmp_path):
    r = cli("batch", root, "--output", root / "b22-national" / "complete" / "out", "--no-ocr")
    assert r.code == 2 and "inside the package" in r.err
    assert not (root / "b22-national" / "complete" / "out").exists()
