"""Benchmark the inspect stage on the reference package B300 (not a timed test).

    python bench/run_bench.py [--runs 5] [--package bench/out/B300]

Runs, in one invocation, each scenario `--runs` times as a fresh `docvalidator check`
process and prints medians: cold `--no-ocr` check (empty cache), warm check (cache hit,
nothing changed), one-file-changed check, cold `--jobs 1` vs `--jobs 2`, peak RSS of the
whole process tree (parent + workers, summed), and the structural floor `qpdf --check`
over the same 40 PDFs, as a ratio. Wall time and CPU time (user+sys of the tree) are both
given: on a shared machine the wall time carries other tenants' load, the CPU time does not.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable


def _tree_rss(pid: int) -> int:
    """Summed RSS (bytes) of pid and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_check(package: Path, cache: Path, *extra: str) -> dict:
    env = {**os.environ, "DOCVALIDATOR_CACHE_DIR": str(cache)}
    env.pop("CI", None)
    cmd = [PY, "-m", "docvalidator", "check", str(package), "--no-ocr", "--format", "json",
           "--output", os.devnull, "--fail-on", "never", "--stats", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"check failed ({proc.returncode}): {err.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss": peak[0], "stats": err.decode().strip()}


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def qpdf_check(pdfs: list[Path]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for pdf in pdfs:
        subprocess.run(["qpdf", "--check", str(pdf)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (time.perf_counter() - start,
            (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def structural_pass(pdfs: list[Path]) -> tuple[float, float]:
    """Our PDF inspection (everything DV201–DV206 read) of the same PDFs, one process, no
    cache, no start-up: the like-for-like counterpart of `qpdf --check`."""
    code = (
        "import sys, time\n"
        "from docvalidator.inspect.pdf import inspect_pdf\n"
        "datas = [open(p, 'rb').read() for p in sys.argv[1:]]\n"
        "t, c = time.perf_counter(), time.process_time()\n"
        "for d in datas: inspect_pdf(d)\n"
        "print(time.perf_counter() - t, time.process_time() - c)\n"
    )
    # warm-up import happens before the clock starts; pdfium/pypdf import is not timed
    out = subprocess.run([PY, "-c", "import pypdf, pypdfium2, PIL.Image, numpy\n" + code,
                          *map(str, pdfs)], cwd=ROOT, capture_output=True, text=True, check=True)
    wall, cpu = map(float, out.stdout.split())
    return wall, cpu


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo
                  if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return (f"{os.cpu_count()} cores, {model}, {mem / 1024 / 1024:.0f} GiB RAM, "
            f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--package", type=Path, default=HERE / "out" / "B300")
    args = ap.parse_args()
    pkg = args.package
    if not pkg.is_dir():
        subprocess.run([PY, str(HERE / "make_b300.py"), str(pkg)], check=True)
    work = Path(tempfile.mkdtemp(prefix="dv-bench-"))
    changed_pkg = work / "B300-changed"
    shutil.copytree(pkg, changed_pkg)
    pdfs = sorted(pkg.rglob("*.pdf"))
    print(f"machine: {machine()}")
    print(f"package: {pkg} ({len(pdfs)} PDFs); {args.runs} runs per scenario, medians\n")

    def cold(*extra: str) -> list[dict]:
        rows = []
        for i in range(args.runs):
            cache = work / f"cold-{'-'.join(extra) or 'default'}-{i}"
            rows.append(run_check(pkg, cache, *extra))
        return rows

    results: dict[str, list[dict]] = {}
    results["cold --no-ocr"] = cold()
    results["cold --jobs 1"] = cold("--jobs", "1")
    results["cold --jobs 2"] = cold("--jobs", "2")
    warm_cache = work / "warm"
    run_check(pkg, warm_cache)
    results["warm"] = [run_check(pkg, warm_cache) for _ in range(args.runs)]
    target = sorted(changed_pkg.rglob("scan-*.pdf"))[0]
    original = target.read_bytes()
    changed_cache = work / "changed"
    run_check(changed_pkg, changed_cache)
    rows = []
    for i in range(args.runs):
        target.write_bytes(original + f"\n% edit {i}\n".encode())  # new hash, same PDF
        rows.append(run_check(changed_pkg, changed_cache))
    results["one file changed"] = rows
    own = structural_pass([target])

    print(f"{'scenario':<20}{'wall s':>9}{'cpu s':>9}{'peak RSS MB':>13}  stats")
    for name, rows in results.items():
        print(f"{name:<20}{median(rows, 'wall'):>9.2f}{median(rows, 'cpu'):>9.2f}"
              f"{max(r['rss'] for r in rows) / 2**20:>13.0f}  {rows[-1]['stats']}")
    j1, j2 = median(results["cold --jobs 1"], "wall"), median(results["cold --jobs 2"], "wall")
    print(f"\n--jobs 2 speed-up on the cold run: {j1 / j2:.2f}x (wall {j1:.2f} s -> {j2:.2f} s)")
    print(f"changed file's own inspection cost: {own[0]:.3f} s wall, {own[1]:.3f} s cpu "
          f"({target.name}); warm + own = {median(results['warm'], 'wall') + own[0]:.2f} s")
    q_runs = [qpdf_check(pdfs) for _ in range(args.runs)]
    s_runs = [structural_pass(pdfs) for _ in range(args.runs)]
    qw, qc = statistics.median(r[0] for r in q_runs), statistics.median(r[1] for r in q_runs)
    sw, sc = statistics.median(r[0] for r in s_runs), statistics.median(r[1] for r in s_runs)
    print(f"qpdf --check over {len(pdfs)} PDFs: {qw:.2f} s wall, {qc:.2f} s cpu")
    print(f"structural pass (inspect_pdf, 1 process): {sw:.2f} s wall, {sc:.2f} s cpu "
          f"-> {sw / qw:.2f}x qpdf (wall), {sc / qc:.2f}x (cpu)")
    print(f"machine after: load average {os.getloadavg()[0]:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
