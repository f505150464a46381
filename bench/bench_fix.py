"""`docvalidator fix` against Ghostscript /ebook and ocrmypdf --optimize 3 on over-limit pages.

    .venv/bin/python bench/bench_fix.py --seeds 0-7           # the tuning pages
    .venv/bin/python bench/bench_fix.py --seeds 100-171       # held out: the reported numbers

Pages come from bench/fix_pages.py. For every page and method: the page's weight as DV204
measures it, seconds, OCR character error rate (rapidocr, the page rendered at 200 dpi with
red ink dropped — sharper than the checks' 150 dpi, so that resolution shows) against the
text printed on the page and against the original page's reading, and whether every seal
found on the original is found again where it was (find_seals, 75 dpi). Methods:
- `fix`: fix's page re-encoding with its OCR verification (the tool's default), and `fix
  --no-ocr` (seal check only), timed separately;
- `fix@gs`: fix held to the size Ghostscript reached on that page (legibility at equal size);
- `gs-ebook`: `gs -sDEVICE=pdfwrite -dPDFSETTINGS=/ebook`;
- `ocrmypdf-O3`: `ocrmypdf --optimize 3 --tesseract-timeout 0 --output-type pdf` (no OCR
  layer: optimisation only).
Writes bench/out/fix/<seeds>.jsonl (one line per page) and prints markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fix_pages import make  # noqa: E402

from docvalidator.checks.content.ocr import drop_red  # noqa: E402
from docvalidator.checks.seals.ring import read_ring  # noqa: E402
from docvalidator.fix.pages import Limits, page_weights, shrink  # noqa: E402
from docvalidator.fix.verify import SEAL_IOU, _iou  # noqa: E402
from docvalidator.imaging import ocr  # noqa: E402
from docvalidator.text.distance import edit_distance  # noqa: E402
from docvalidator.text.names import name_similarity  # noqa: E402

LIMIT = 200 * 1024
BENCH_OCR_DPI = 200
_SPACE = re.compile(r"\s+")


def cer(truth: str | None, text: str) -> float | None:
    if not truth:
        return None
    return round(edit_distance(truth, text) / len(truth), 4)


def read(data: bytes, company: str) -> tuple[str, list, list]:
    """(OCR text without spaces, seal boxes, how well each seal's ring text reads as the
    company's name — the seal analysis' reading, at its 200 dpi) of page 1."""
    import pypdfium2 as pdfium
    from PIL import Image

    from docvalidator.checks.seals.detect import find_seals

    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        rgb = page.render(scale=BENCH_OCR_DPI / 72, rev_byteorder=True).to_numpy()[..., :3].copy()
        small = page.render(scale=75 / 72, rev_byteorder=True).to_numpy()[..., :3].copy()
    finally:
        doc.close()
    text = ocr.reading_order(ocr.recognize(drop_red(Image.fromarray(rgb))))
    h, w = small.shape[:2]
    seals = [(s.bbox_px[0] / w, s.bbox_px[1] / h, s.bbox_px[2] / w, s.bbox_px[3] / h)
             for s in find_seals(small)]
    rings = []
    for box in seals:
        bx = [box[0] * rgb.shape[1], box[1] * rgb.shape[0], box[2] * rgb.shape[1], box[3] * rgb.shape[0]]
        reads = read_ring(rgb, ((bx[0] + bx[2]) / 2, (bx[1] + bx[3]) / 2),
                          ((bx[2] - bx[0]) / 2, (bx[3] - bx[1]) / 2))
        rings.append(round(max((name_similarity(company, t) for t, _s in reads), default=0.0), 3))
    return _SPACE.sub("", text), seals, rings


def run_tool(cmd: list[str], data: bytes) -> tuple[bytes | None, float]:
    """Run a command on a one-page PDF ("IN" and "OUT" in `cmd` are the file names)."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(data)
        args = [str(src) if c == "IN" else c.replace("OUT", str(dst)) for c in cmd]
        t = time.perf_counter()
        done = subprocess.run(args, capture_output=True, timeout=600, check=False)
        seconds = time.perf_counter() - t
        if done.returncode != 0 or not dst.exists():
            return None, seconds
        return dst.read_bytes(), seconds


GS = ["gs", "-sDEVICE=pdfwrite", "-dPDFSETTINGS=/ebook", "-dNOPAUSE", "-dBATCH", "-dQUIET",
      "-sOutputFile=OUT", "IN"]
OCRMYPDF = ["ocrmypdf", "--optimize", "3", "--tesseract-timeout", "0", "--output-type", "pdf",
            "-q", "IN", "OUT"]


def measure(method: str, data: bytes | None, seconds: float, page, ref: tuple) -> dict:
    if data is None:
        return {"method": method, "failed": True, "seconds": round(seconds, 3)}
    text, seals, rings = read(data, page.company)
    ref_text, ref_seals, _ref_rings = ref
    kept = all(any(_iou(s, t) >= SEAL_IOU for t in seals) for s in ref_seals)
    return {"method": method, "bytes": page_weights(data)[0], "seconds": round(seconds, 3),
            "cer_truth": cer(page.truth, text), "cer_vs_original": cer(ref_text, text),
            "seals_found": len(seals), "seals_kept": kept, "ring_read": max(rings, default=None)}


REUSABLE = ("original", "gs-ebook", "ocrmypdf-O3")  # rows that do not depend on fix's code


def bench_page(seed: int, compare: bool, reuse: dict | None = None) -> list[dict]:
    reuse = reuse or {}
    page = make(seed)
    data = page.pdf
    old = reuse.get((seed, "original"))
    if old and "ref_text" in old:
        ref = (old["ref_text"], [tuple(b) for b in old["ref_seals"]], old["ref_rings"])
        rows = [old]
    else:
        ref = read(data, page.company)
        rows = [{**measure("original", data, 0.0, page, ref), "ref_text": ref[0],
                 "ref_seals": ref[1], "ref_rings": ref[2]}]
    t = time.perf_counter()
    plain, log = shrink(data, {1: LIMIT}, Limits(LIMIT, 150, ocr=False))
    rows.append({**measure("fix --no-ocr", plain, time.perf_counter() - t, page, ref),
                 "encoding": log[0].encoding, "action": log[0].action})
    t = time.perf_counter()
    checked, log = shrink(data, {1: LIMIT}, Limits(LIMIT, 150, ocr=True))
    seconds = time.perf_counter() - t
    same = checked == plain
    row = dict(rows[-1]) if same else measure("fix", checked, seconds, page, ref)
    rows.append({**row, "method": "fix", "seconds": round(seconds, 3),
                 "encoding": log[0].encoding, "action": log[0].action, "cer_checked": log[0].cer})
    if compare:
        gs, s = run_tool(GS, data)
        rows.append(reuse.get((seed, "gs-ebook")) or measure("gs-ebook", gs, s, page, ref))
        if (seed, "ocrmypdf-O3") in reuse:
            rows.append(reuse[(seed, "ocrmypdf-O3")])
        else:
            om, s = run_tool(OCRMYPDF, data)
            rows.append(measure("ocrmypdf-O3", om, s, page, ref))
        if gs is not None:
            target = page_weights(gs)[0]
            t = time.perf_counter()
            same_size, log = shrink(data, {1: target}, Limits(target, 150, ocr=False))
            entry = log[0] if log else None
            rows.append({**measure("fix@gs", same_size, time.perf_counter() - t, page, ref),
                         "encoding": entry.encoding if entry else "unchanged",
                         "action": entry.action if entry else "unchanged", "target": target})
    for r in rows:
        r.update(seed=seed, kind=page.kind, seals_truth=page.seals,
                 cer_truth_original=rows[0]["cer_truth"], ring_original=rows[0]["ring_read"])
    return rows


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f} % ({n}/{d})" if d else "—"


def summarise(rows: list[dict]) -> str:
    methods = [m for m in ("original", "fix", "fix --no-ocr", "fix@gs", "gs-ebook", "ocrmypdf-O3")
               if any(r["method"] == m for r in rows)]
    out = ["| method | pages ≤ 200 KB | median KB | CER vs original (mean) | CER loss vs printed text, mean (max) | "
           "≤ 200 KB and CER ≤ 1 pp worse and seals kept | seals kept | seal ring text read (≥ 0.6) | s/page (median, max) |",
           "|---|---|---|---|---|---|---|---|---|"]
    for m in methods:
        rs = [r for r in rows if r["method"] == m and not r.get("failed")]
        if not rs:
            continue
        losses = [r["cer_truth"] - r["cer_truth_original"] for r in rs if r["cer_truth"] is not None]
        vs = [r["cer_vs_original"] for r in rs if r["cer_vs_original"] is not None]
        ok = sum(1 for r in rs if r["bytes"] <= LIMIT and r["seals_kept"]
                 and (r["cer_truth"] is None or r["cer_truth"] - r["cer_truth_original"] <= 0.01)
                 and (r["cer_truth"] is not None or (r["cer_vs_original"] or 0) <= 0.01))
        with_seals = [r for r in rs if r["seals_truth"]]
        secs = [r["seconds"] for r in rs]
        rings = [r for r in rs if (r.get("ring_original") or 0) >= 0.6]
        out.append(
            f"| {m} | {_pct(sum(r['bytes'] <= LIMIT for r in rs), len(rs))} "
            f"| {statistics.median(r['bytes'] for r in rs) / 1024:.0f} "
            f"| {100 * statistics.mean(vs):.2f} % | "
            f"{100 * statistics.mean(losses):+.2f} pp ({100 * max(losses):+.2f}) | {_pct(ok, len(rs))} "
            f"| {_pct(sum(r['seals_kept'] for r in with_seals), len(with_seals))} "
            f"| {_pct(sum((r['ring_read'] or 0) >= 0.6 for r in rings), len(rings))} "
            f"| {statistics.median(secs):.2f}, {max(secs):.2f} |")
    return "\n".join(out)


def by_kind(rows: list[dict]) -> str:
    out = ["| kind | pages | fix: median KB | fix: encodings | fix: CER loss mean | gs /ebook: median KB, CER loss | fix@gs: CER loss |",
           "|---|---|---|---|---|---|---|"]
    for kind in sorted({r["kind"] for r in rows}):
        def sel(m: str, kind: str = kind) -> list[dict]:
            return [r for r in rows if r["kind"] == kind and r["method"] == m and not r.get("failed")]

        def loss(rs: list[dict]) -> str:
            v = [r["cer_truth"] - r["cer_truth_original"] for r in rs if r["cer_truth"] is not None]
            if not v:
                v = [r["cer_vs_original"] for r in rs if r["cer_vs_original"] is not None]
            return f"{100 * statistics.mean(v):+.2f} pp" if v else "—"

        fix, gs, fgs = sel("fix"), sel("gs-ebook"), sel("fix@gs")
        enc = sorted({re.sub(r"q\d+", "q·", r.get("encoding") or r.get("action", "")) for r in fix})
        out.append(f"| {kind} | {len(fix)} | {statistics.median(r['bytes'] for r in fix) / 1024:.0f} "
                   f"| {'; '.join(enc)} | {loss(fix)} "
                   f"| {statistics.median(r['bytes'] for r in gs) / 1024 if gs else 0:.0f}, {loss(gs)} "
                   f"| {loss(fgs)} |")
    return "\n".join(out)


def timing(seeds) -> str:
    """Seconds per re-encoded page alone (no measurement in between): fix --no-ocr, then fix.
    Wall time, and CPU time of this process — on a shared machine the wall time is mostly the
    other jobs'; with DOCVALIDATOR_OCR_THREADS=1 the CPU time is what one idle core would take."""
    pages = [make(seed) for seed in seeds]
    shrink(pages[0].pdf, {1: LIMIT}, Limits(LIMIT, 150, ocr=True))  # load the OCR models once
    rows = []
    for label, with_ocr in (("fix --no-ocr", False), ("fix", True)):
        wall, cpu = [], []
        for p in pages:
            t, c = time.perf_counter(), time.process_time()
            shrink(p.pdf, {1: LIMIT}, Limits(LIMIT, 150, ocr=with_ocr))
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        rows.append(f"| {label} | {len(wall)} | {statistics.median(wall):.2f} | {max(wall):.2f} "
                    f"| {statistics.median(cpu):.2f} | {max(cpu):.2f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="100-171")
    ap.add_argument("--no-compare", action="store_true", help="only fix (no gs, no ocrmypdf)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fix")
    ap.add_argument("--timing", action="store_true", help="only seconds per page, nothing else")
    ap.add_argument("--reuse", nargs="+", type=Path, default=[], metavar="JSONL",
                    help="take the original, gs and ocrmypdf rows of these runs (same pages)")
    ap.add_argument("--summarise", nargs="+", type=Path, metavar="JSONL",
                    help="print the tables of earlier runs (several files: one set)")
    args = ap.parse_args(argv)
    if args.summarise:
        seen: dict[tuple, dict] = {}
        for f in args.summarise:  # overlapping runs: a page counts once
            for line in f.read_text("utf-8").splitlines():
                r = json.loads(line)
                seen.setdefault((r["seed"], r["method"]), r)
        rows = list(seen.values())
        print(summarise(rows) + "\n\n" + by_kind(rows))
        return 0
    lo, _, hi = args.seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    if args.timing:
        before = os.popen("uptime").read().strip()
        table = timing(seeds)
        print(f"uptime before: {before}\nuptime after: {os.popen('uptime').read().strip()}")
        print("| mode | pages | wall s median | wall s max | CPU s median | CPU s max |\n"
              "|---|---|---|---|---|---|\n" + table)
        return 0
    compare = not args.no_compare and bool(shutil.which("gs")) and bool(shutil.which("ocrmypdf"))
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{args.seeds}.jsonl"
    reuse = {}
    for f in args.reuse:
        for line in f.read_text("utf-8").splitlines():
            r = json.loads(line)
            if r["method"] in REUSABLE and ("ref_text" in r or (r["seed"], r["method"]) not in reuse):
                reuse[(r["seed"], r["method"])] = r
    print(f"uptime at start: {os.popen('uptime').read().strip()}", file=sys.stderr)
    rows: list[dict] = []
    with path.open("w", encoding="utf-8") as f:
        for seed in seeds:
            page_rows = bench_page(seed, compare, reuse)
            rows += page_rows
            for r in page_rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
            f.flush()
            fixed = next(r for r in page_rows if r["method"] == "fix")
            print(f"seed {seed} {fixed['kind']}: {page_rows[0]['bytes'] // 1024} KB → "
                  f"{fixed['bytes'] // 1024} KB {fixed.get('encoding')} {fixed['seconds']:.1f} s",
                  file=sys.stderr)
    print(f"uptime at end: {os.popen('uptime').read().strip()}", file=sys.stderr)
    print(summarise(rows))
    print()
    print(by_kind(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
