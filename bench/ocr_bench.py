"""OCR benchmark: seconds per page and character error rate at 100/150/200 dpi on generated
scans, and the full check of the B300 package with OCR, cold and warm, against the naive
pipeline that OCRs every page.

    python bench/ocr_bench.py [--b300 bench/out/B300] [--skip-dpi] [--skip-b300]

B300 comes from bench/make_b300.py. Numbers go to stdout (markdown) and bench/out/ocr.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def cer(ref: str, hyp: str) -> float:
    """Character error rate: Levenshtein distance / reference length (whitespace ignored)."""
    def clean(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split())

    from docvalidator.text.distance import edit_distance

    a, b = clean(ref), clean(hyp)
    return edit_distance(a, b) / max(1, len(a))


def _pages() -> dict[str, list]:
    """A half page and a dense page of real policy wording (the fixtures' font covers it)."""
    from fixtures import _docs as D
    from fixtures.generate import PACKAGES, company

    c = company(PACKAGES["number-95-shanghai"].company)
    texts = []
    for _title, blocks in (D.compilation_95(c), D.usage_plan_95(c), D.pledge(c, "lawful", "工业和信息化部")):
        texts += [b for b in blocks if isinstance(b, str)]
    half = [("title", "安全管理制度汇编"), *texts[:6]]
    dense = [("title", "安全管理制度汇编"), *texts[:40]]
    return {"half": half, "dense": dense}


def _truth(blocks: list) -> str:
    return "".join(b if isinstance(b, str) else b[1] for b in blocks)


def bench_dpi(dpis=(100, 150, 200), repeat: int = 1) -> list[dict]:
    from docvalidator.checks.content.ocr import ocr_image
    from docvalidator.imaging import ocr
    from fixtures._render import make_scan_page

    ocr.get_engine()  # load outside the timings
    rows = []
    for name, blocks in _pages().items():
        for dpi in dpis:
            img = make_scan_page(blocks, dpi=dpi, skew=0.6, noise=3.0, seed=7)
            best = None
            for _ in range(repeat):
                t = time.perf_counter()
                text = ocr_image(img)
                s = time.perf_counter() - t
                best = s if best is None else min(best, s)
            rows.append({"page": name, "dpi": dpi, "seconds": round(best, 2),
                         "cer": round(cer(_truth(blocks), text), 4), "chars": len(_truth(blocks))})
            print(f"| {name} | {dpi} | {best:.2f} | {rows[-1]['cer'] * 100:.2f} % |", flush=True)
    return rows


def bench_b300(path: Path, sample: int = 4) -> dict:
    from docvalidator.checks.content.ocr import OCR_DPI, ocr_image, render_pages
    from docvalidator.config import Settings
    from docvalidator.engine import RunStats, run
    from docvalidator.imaging import ocr
    from docvalidator.package import discover

    ocr.get_engine()
    settings = Settings(as_of=dt.date(2026, 11, 22))
    out: dict = {}
    with tempfile.TemporaryDirectory() as cache:
        os.environ["DOCVALIDATOR_CACHE_DIR"] = cache
        for label in ("cold", "warm"):
            stats = RunStats()
            t = time.perf_counter()
            report = run(path, settings, stats=stats)
            out[label] = {"seconds": round(time.perf_counter() - t, 2), "counters": dict(stats.extra),
                          "findings": len(report.findings)}
            print(f"{label}: {out[label]}", flush=True)
    # the naive pipeline: render and OCR every page; measured on a sample, scaled
    package = discover(path)
    pdfs = [f for f in package.files if f.kind == "pdf"]
    pages_total = 0
    for f in pdfs:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(f.read_bytes())
        pages_total += len(doc)
        doc.close()
    images = sum(1 for f in package.files if f.kind in ("jpeg", "png"))
    scans = [f for f in pdfs if "scan" in f.path][:2]
    times = []
    for f in scans:
        for p, img in render_pages(f.read_bytes(), "pdf", [1, 2][: sample // 2], OCR_DPI):
            t = time.perf_counter()
            ocr_image(img)
            times.append(time.perf_counter() - t)
            del p
    per_page = sum(times) / len(times)
    naive = per_page * (pages_total + images)
    out["naive"] = {"sample_pages": len(times), "seconds_per_page": round(per_page, 2),
                    "pages": pages_total + images, "estimated_seconds": round(naive, 1)}
    out["speedup_vs_naive"] = round(naive / out["cold"]["seconds"], 1)
    print(f"naive: {out['naive']}  speed-up {out['speedup_vs_naive']}×", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--b300", type=Path, default=HERE / "out" / "B300")
    ap.add_argument("--skip-dpi", action="store_true")
    ap.add_argument("--skip-b300", action="store_true")
    args = ap.parse_args(argv)
    result: dict = {"cpus": os.cpu_count(), "load_before": os.getloadavg()}
    if not args.skip_dpi:
        print("| page | dpi | OCR s | CER |\n|---|---|---|---|")
        result["dpi"] = bench_dpi()
    if not args.skip_b300:
        if not args.b300.is_dir():
            print(f"{args.b300}: missing — run python bench/make_b300.py first")
            return 2
        result["b300"] = bench_b300(args.b300)
    result["load_after"] = os.getloadavg()
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "ocr.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
