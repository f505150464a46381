"""Benchmark of issue 15: the work units on one machine (`check --jobs 1` vs `--jobs 2`) and
`docvalidator batch` over N byte-distinct copies of SCAN-B24 with 1, 2 and 4 local worker
processes; then the same batch again (resumed: everything from the cache).

    python bench/bench_batch.py [--copies 4] [--workers 1,2,4] [--skip-check]

Every run is a fresh CLI process with an empty cache folder of its own (the warm re-run
reuses its cold run's). The load average (`uptime`) is printed with each number: the machine
is shared, and numbers taken under load are not comparable.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCVALIDATOR = str(Path(sys.executable).with_name("docvalidator"))
AS_OF = "2026-11-22"


def uptime() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system
                                                          - before.children_system)
    return wall, cpu, done


def bench_check(package: Path, tmp: Path) -> list[dict]:
    rows = []
    for jobs in (1, 2):
        cache = tmp / f"check-cache-{jobs}"
        env = {**os.environ, "DOCVALIDATOR_CACHE_DIR": str(cache)}
        load = uptime()
        wall, cpu, done = timed([DOCVALIDATOR, "check", str(package), "--as-of", AS_OF, "--jobs",
                                 str(jobs), "--stats", "--format", "json", "--output",
                                 str(tmp / f"check-{jobs}.json")], env)
        stats = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        pages = int(stats.split("ocr_pages ")[1].split(",")[0]) if "ocr_pages " in stats else 0
        rows.append({"jobs": jobs, "wall": round(wall, 1), "cpu": round(cpu, 1), "pages": pages,
                     "s_per_page": round(wall / pages, 2) if pages else None,
                     "load_before": load, "load_after": uptime(), "exit": done.returncode})
        print(json.dumps(rows[-1]), flush=True)
    same = (tmp / "check-1.json").read_bytes() == (tmp / "check-2.json").read_bytes()
    print(f"check --jobs 2 vs --jobs 1: {rows[0]['wall'] / rows[1]['wall']:.2f}x, "
          f"identical JSON: {same}", flush=True)
    return rows


def bench_batch(root: Path, tmp: Path, workers: list[int]) -> list[dict]:
    rows = []
    for w in workers:
        cache = tmp / f"batch-cache-{w}"
        env = {**os.environ, "DOCVALIDATOR_CACHE_DIR": str(cache)}
        for run in ("cold", "warm"):
            out = tmp / f"batch-out-{w}-{run}"
            load = uptime()
            wall, cpu, done = timed([DOCVALIDATOR, "batch", str(root), "--output", str(out),
                                     "--workers", str(w), "--as-of", AS_OF, "--format", "json"],
                                    env)
            summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
            pages = summary["totals"]["pages_ocr"]
            rows.append({"workers": w, "run": run, "packages": summary["totals"]["packages"],
                         "wall": round(wall, 1), "cpu": round(cpu, 1), "pages": pages,
                         "pages_per_s": round(pages / wall, 2) if pages else 0.0,
                         "not_checked": summary["totals"]["failed"],
                         "load_before": load, "load_after": uptime(),
                         "exit": done.returncode})
            print(json.dumps(rows[-1]), flush=True)
    cold = {r["workers"]: r for r in rows if r["run"] == "cold"}
    if 1 in cold:
        for w, r in sorted(cold.items()):
            speedup = cold[1]["wall"] / r["wall"]
            print(f"{w} workers: {r['pages_per_s']} pages/s, {speedup:.2f}x of 1 worker, "
                  f"{speedup / w:.2f} per worker", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--skip-check", action="store_true")
    ap.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = ap.parse_args(argv)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        package = tmp / "SCAN-B24"
        subprocess.run([sys.executable, str(HERE / "make_scanned.py"), str(package)], check=True)
        if not args.skip_check:
            bench_check(package, tmp)
        root = tmp / "copies"
        subprocess.run([sys.executable, str(HERE / "make_scanned.py"), str(root), "--copies",
                        str(args.copies), "--distinct"], check=True)
        bench_batch(root, tmp, [int(w) for w in args.workers.split(",")])
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
