"""What recognising materials costs a warm run (issue 12; not a timed test).

    python bench/recognition_bench.py [--runs 7] [--messy]

For each complete sample package (and, with --messy, its renamed and merged copy from
fixtures/_messy.py), one run fills the cache, then `--runs` warm runs of `engine.run` (all
codes, OCR on) are timed in this process. Recognition is everything issue 12 adds to a run:
whole-file classification (`engine.classify_package`: names, folders, first-page titles
against the vocabulary) and the `sections` analysis (headings of every page, cached OCR of
scanned page tops, assignments). Its time is measured around those two calls and given as a
share of the whole run (medians; wall and CPU time of this process). The script also says
whether a warm run imported pdfplumber (it must not: headings come from the cached inspection).

    python bench/recognition_bench.py --against DIR [--runs 7] [--package DIR ...] [--cache DIR]

Also times whole warm `docvalidator check` processes of the complete samples against another
checkout DIR of the project (e.g. `git archive <rev> | tar -x -C DIR`, run with PYTHONPATH=DIR and
its own cache), interleaved run by run: the process's CPU time (user+sys) and wall time, medians.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docvalidator import engine  # noqa: E402
from docvalidator.checks.base import ANALYSES  # noqa: E402
from docvalidator.config import Settings  # noqa: E402

SCHEMAS = ["b24-national", "b24-provincial", "b22-national", "b22-provincial", "number-95-shanghai"]


class Clock:
    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def wrap(self, fn):
        def timed(*a, **kw):
            w, c = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                self.wall += time.perf_counter() - w
                self.cpu += time.process_time() - c
        return timed


def measure(package: Path, runs: int) -> dict:
    settings = Settings(as_of=dt.date(2026, 11, 22))
    report = engine.run(package, settings)  # fill the cache
    clock = Clock()
    classify, sections = engine.classify_package, ANALYSES["sections"]
    engine.classify_package = clock.wrap(classify)
    ANALYSES["sections"] = dataclasses.replace(sections, run=clock.wrap(sections.run))
    walls, cpus, shares_wall, shares_cpu = [], [], [], []
    try:
        for _ in range(runs):
            clock.wall = clock.cpu = 0.0
            w, c = time.perf_counter(), time.process_time()
            engine.run(package, settings)
            wall, cpu = time.perf_counter() - w, time.process_time() - c
            walls.append(wall)
            cpus.append(cpu)
            shares_wall.append(clock.wall / wall)
            shares_cpu.append(clock.cpu / cpu if cpu else 0.0)
    finally:
        engine.classify_package, ANALYSES["sections"] = classify, sections
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus),
            "share_wall": statistics.median(shares_wall), "share_cpu": statistics.median(shares_cpu),
            "passed": report.passed(), "table": [(m.id, m.status) for m in report.materials]}


def _cli_run(package: Path, cache: Path, pythonpath: str | None, *extra: str) -> tuple[float, float]:
    import os
    import resource
    import subprocess

    env = {**os.environ, "DOCVALIDATOR_CACHE_DIR": str(cache)}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [sys.executable, "-m", "docvalidator", "check", str(package), "--format", "json",
           "--output", os.devnull, "--fail-on", "never", "--as-of", "2026-11-22", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd="/tmp", check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def against(other: Path, runs: int, extra: list[Path], cache: Path | None = None) -> None:
    tmp = cache or Path(tempfile.mkdtemp())
    print(f"\nwarm `docvalidator check` processes, this tree vs {other} (median of {runs}):")
    print(f"{'package':<22} {'this cpu s':>10} {'other cpu s':>11} {'Δ cpu':>7} {'this wall':>10} {'other wall':>11}")
    deltas = []
    # the samples with OCR (their scans are read once, then cached); other packages as
    # bench/run_bench.py times B300's warm run, without OCR
    packages = [(s, ROOT / "fixtures" / "packages" / s / "complete", ()) for s in SCHEMAS]
    for s, pkg, flags in packages + [(p.name, p.resolve(), ("--no-ocr",)) for p in extra]:
        runs_of = {"this": [], "other": []}
        for who, path in (("this", str(ROOT)), ("other", str(other))):
            _cli_run(pkg, tmp / who / s, path, *flags)  # fill each one's cache
        for _ in range(runs):
            for who, path in (("this", str(ROOT)), ("other", str(other))):
                runs_of[who].append(_cli_run(pkg, tmp / who / s, path, *flags))
        this = [statistics.median(x) for x in zip(*runs_of["this"], strict=True)]
        base = [statistics.median(x) for x in zip(*runs_of["other"], strict=True)]
        deltas.append(this[1] / base[1] - 1)
        print(f"{s:<22} {this[1]:>10.3f} {base[1]:>11.3f} {deltas[-1]:>+7.1%} {this[0]:>10.3f} {base[0]:>11.3f}")
    print(f"median Δ cpu: {statistics.median(deltas):+.1%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--messy", action="store_true", help="also the renamed and merged copies")
    ap.add_argument("--against", type=Path, help="another checkout to compare warm processes with")
    ap.add_argument("--package", type=Path, action="append", default=[],
                    help="with --against: another package to time too (e.g. bench/out/B300)")
    ap.add_argument("--cache", type=Path, help="with --against: keep the two caches here (reused)")
    args = ap.parse_args(argv)
    if args.against:
        against(args.against, args.runs, args.package, args.cache)
        return 0
    packages = [(s, ROOT / "fixtures" / "packages" / s / "complete") for s in SCHEMAS]
    tmp = Path(tempfile.mkdtemp())
    if args.messy:
        from fixtures import _messy

        for s in SCHEMAS:
            _messy.write(s, tmp / s)
            packages.append((f"{s} (messy)", tmp / s))
    print(f"{'package':<30} {'warm run s':>10} {'cpu s':>7} {'recognition (wall)':>19} {'(cpu)':>7}"
          "  exit 0 / same material table")
    shares, tables = [], {}
    for name, path in packages:
        r = measure(path, args.runs)
        shares.append(r["share_cpu"])
        schema = name.split(" ")[0]
        same = "" if schema not in tables else f" / {'same' if r['table'] == tables[schema] else 'DIFFERENT'}"
        tables.setdefault(schema, r["table"])
        print(f"{name:<30} {r['wall']:>10.3f} {r['cpu']:>7.3f} {r['share_wall']:>18.1%} {r['share_cpu']:>7.1%}"
              f"  {'exit 0' if r['passed'] else 'EXIT 1'}{same}")
    print(f"median share of a warm run (cpu): {statistics.median(shares):.1%}; "
          f"pdfplumber imported: {'pdfplumber' in sys.modules}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
