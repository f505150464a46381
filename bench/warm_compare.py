"""Compare the warm run of this checkout with another source tree of docvalidator.

    python bench/warm_compare.py --base /tmp/base-src [--package bench/out/B300] [--runs 9]

Both trees run as fresh `python -m docvalidator check --no-ocr` processes over the same package,
each with its own cache (filled by one run first), alternating A, B, A, B … so that the
machine's load falls on both alike. Prints the medians and minima of wall time and of CPU time
(user + sys of the process tree), and the load average before and after. The other tree is put
first on PYTHONPATH, so it runs with this checkout's interpreter and libraries.

Bytecode is written and read as an installed package's is (PYTHONDONTWRITEBYTECODE is dropped), so a
warm run compiles no source.

`--callgrind` also runs one warm check of each tree under valgrind's callgrind and prints the
instructions executed: a count that does not depend on what else the machine is doing (CPU
time on a shared machine does, by several per cent).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _env(src: Path, cache: Path) -> dict[str, str]:
    """The tree first on the path, its own cache, and bytecode written and read as an installed
    package's is: a warm run does not compile its sources again (PYTHONDONTWRITEBYTECODE would
    make every run pay for compiling every module, and more lines of code would count as more
    work done)."""
    env = {**os.environ, "DOCVALIDATOR_CACHE_DIR": str(cache), "PYTHONPATH": str(src)}
    for name in ("CI", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def run(src: Path, package: Path, cache: Path) -> tuple[float, float]:
    env = _env(src, cache)
    cmd = [sys.executable, "-m", "docvalidator", "check", str(package), "--no-ocr", "--format", "json",
           "--output", os.devnull, "--fail-on", "never"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=src, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{src}: check failed ({proc.returncode}): {proc.stderr.decode()[-800:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(src: Path, package: Path, cache: Path) -> int:
    env = _env(src, cache)
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m",
           "docvalidator", "check", str(package), "--no-ocr", "--format", "json", "--output", os.devnull,
           "--fail-on", "never"]
    err = subprocess.run(cmd, env=env, cwd=src, capture_output=True).stderr.decode()
    m = re.search(r"Collected : (\d+)", err)
    if not m:
        raise SystemExit(f"callgrind gave no count: {err[-400:]}")
    return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, required=True, help="the other source tree (has docvalidator/)")
    ap.add_argument("--package", type=Path, default=HERE / "out" / "B300")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--callgrind", action="store_true", help="also count instructions (valgrind)")
    args = ap.parse_args()
    if not args.package.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_b300.py"), str(args.package)], check=True)
    trees = {"base": args.base.resolve(), "this": ROOT}
    work = Path(tempfile.mkdtemp(prefix="dv-warm-"))
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for name, src in trees.items():
        run(src, args.package, work / name)  # fill the cache
    rows: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, src in trees.items():
            rows[name].append(run(src, args.package, work / name))
    print("load average after: ", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for name, r in rows.items():
        print(f"{name:5} warm: wall {statistics.median(w for w, _ in r):.2f} s, "
              f"cpu {statistics.median(c for _, c in r):.2f} s (medians of {args.runs}); "
              f"cpu min {min(c for _, c in r):.2f} s")
    b, t = (statistics.median(c for _, c in rows[n]) for n in ("base", "this"))
    bm, tm = (min(c for _, c in rows[n]) for n in ("base", "this"))
    print(f"cpu time this/base: {t / b:.3f} (medians), {tm / bm:.3f} (minima)")
    if args.callgrind:
        counts = {name: instructions(src, args.package, work / name) for name, src in trees.items()}
        print(f"instructions (callgrind): base {counts['base']:,}, this {counts['this']:,}, "
              f"this/base {counts['this'] / counts['base']:.3f}")


if __name__ == "__main__":
    main()
