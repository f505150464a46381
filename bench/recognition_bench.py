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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--messy", action="store_true", help="also the renamed and merged copies")
    args = ap.parse_args(argv)
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
