"""Sweep docvalidator over a folder of PDFs, Word files and images; check it against references.

    python bench/corpus_sweep.py DIR [--jobs N] [--limit N] [--json OUT] [--only pdf|docx|image]

`discover` finds the files; `inspect_file` runs in the project's `WorkerPool` with `check`'s
limits (no cache; wrapped to measure time, peak RSS and stderr per file); the file rules make
DV105, DV201–DV206 and DV901 (no seal, photo or OCR analysis). References: `qpdf --check`,
`qpdf --split-pages`, pdfium renders with annotations.
"""

import argparse
import contextlib
import json
import logging
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from docvalidator.checks import CheckContext, rules_for
from docvalidator.classify import classify
from docvalidator.config import Settings
from docvalidator.inspect import inspect_file
from docvalidator.inspect.model import FileInspection
from docvalidator.inspect.workers import WorkerPool
from docvalidator.manifest import parse_manifest
from docvalidator.package import SourceFile, discover
from docvalidator.package.kinds import IMAGE_KINDS
from docvalidator.schema import load_schema

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sweep_report import print_report

FILE_CODES = {"DV105", "DV201", "DV202", "DV204", "DV205", "DV206", "DV901"}
GROUPS = {"pdf": ({"pdf"}, {"pdf"}), "docx": ({"docx"}, {"docx", "docm", "dotx"}),  # sniffed kinds, exts
          "image": (set(IMAGE_KINDS), {"jpg", "jpeg", "png", "tif", "tiff", "bmp", "gif", "webp"})}
MAX_SPLIT_PAGES, QPDF_TIMEOUT, RENDER_DPI = 300, 300, 36
# SPEC's "Page bytes" reference: qpdf split keeping stored bytes, unused resources removed and
# (for a source with object streams) objects packed; qpdf's plain split is reported beside it.
SPLITS = {"qpdf --split-pages, stored bytes kept, unused resources removed": [
              "--compress-streams=n", "--decode-level=none", "--remove-unreferenced-resources=yes",
              "OBJSTM"],
          "qpdf --split-pages (defaults)": []}
INK_DELTA = 40  # grey levels off the page's median that count as drawn (inspect/pdf.py's value)
ANNOT_HIDDEN = 2 | 32  # /F bits Hidden, NoView


def _memory_kb(reset: bool = False) -> tuple[int, ...]:
    """(peak RSS, RSS) of this process, Linux; `reset` sets the peak to the RSS (per-file peaks)."""
    with contextlib.suppress(OSError):
        if reset:
            Path("/proc/self/clear_refs").write_text("5")
        status = Path("/proc/self/status").read_text()
        return tuple(int(re.search(rf"{k}:\s*(\d+)", status).group(1)) for k in ("VmHWM", "VmRSS"))
    return 0, 0


@contextlib.contextmanager
def _captured_stderr(sink: list[str]):
    """fd 2 into a temp file: catches C libraries as well as Python warnings."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            sink.append(tmp.read(20000).decode("utf-8", "replace"))


def _measured_inspect(payload: tuple[SourceFile]) -> dict[str, Any]:
    source, noise, tb = payload[0], [], None
    rss_before, start = _memory_kb(reset=True)[1], time.perf_counter()  # RSS held from earlier files
    with _captured_stderr(noise):
        try:
            out = inspect_file(source).model_dump(mode="json")
        except MemoryError:
            raise  # the pool reports it as `check` does
        except BaseException as e:  # escaped inspect_file; the pool would report this string
            tb = traceback.format_exc()
            out = FileInspection(path=source.path, sha256=source.sha256, kind=source.kind,
                                 size=source.size, error=f"{type(e).__name__}: {e}").model_dump()
    out["_bench"] = {"seconds": time.perf_counter() - start, "peak_rss_kb": _memory_kb()[0],
                     "rss_before_kb": rss_before, "stderr": "".join(noise), "traceback": tb}
    return out


def _ink(pixels: Any) -> dict[str, Any]:
    import numpy as np
    a = pixels.astype(np.float32).ravel() if pixels.size else np.zeros(1, np.float32)
    drawn = np.abs(a - float(np.median(a))) > INK_DELTA
    return {"std": round(float(a.std()), 2), "ink": round(float(drawn.mean()), 5), "ink_px": int(drawn.sum())}


def _render_check(payload: tuple[str, list[int]]) -> dict[str, Any]:
    """Per page (1-based): ink with and without annotations and forms, and the annotations."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader
    (path, numbers), out = payload, {}
    doc = pdfium.PdfDocument(path)
    doc.init_forms()
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repairs are not our noise
    reader = None
    with contextlib.suppress(Exception):  # pypdf lists the annotations, when it can open the file
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
    for n in numbers:
        page, rec = doc[n - 1], {"annots": []}
        for label, on in (("with_annots", True), ("plain", False)):
            px = page.render(scale=RENDER_DPI / 72, grayscale=True, may_draw_forms=on,
                             draw_annots=on).to_numpy()
            rec[label] = _ink(px[..., 0] if px.ndim == 3 else px)
        page.close()
        with contextlib.suppress(Exception):
            for a in reader.pages[n - 1].get("/Annots") or []:
                a = a.get_object()
                rec["annots"].append({"subtype": str(a.get("/Subtype")), "ap": "/AP" in a,
                                      "hidden": bool(int(a.get("/F", 0)) & ANNOT_HIDDEN)})
        out[str(n)] = rec
    doc.close()
    return out


def select_package(root: str, only: str | None, limit: int | None):
    package = discover(root)
    groups = [GROUPS[only]] if only else list(GROUPS.values())
    kinds, exts = set().union(*(g[0] for g in groups)), set().union(*(g[1] for g in groups))
    files = [f for f in package.files if f.kind in kinds or f.ext in exts]
    return replace(package, files=tuple(files[:limit] if limit else files))


def inspect_all(package, jobs: int, settings: Settings):
    """(inspections, per-file measurements, wall seconds), largest file first as stage.py does."""
    out, bench, start = {}, {}, time.perf_counter()
    todo = sorted(package.files, key=lambda s: (-s.size, s.path))
    pool = WorkerPool(_measured_inspect, jobs, settings.timeout, settings.memory_mb)
    for index, value, error, _notes in pool.run(enumerate((s,) for s in todo)):
        s = todo[index]
        if value is not None:
            bench[s.path] = value.pop("_bench")
            out[s.path] = FileInspection.model_validate({**value, "path": s.path})
        else:  # timeout, memory, worker died: `check` reports the pool's message as DV901
            bench[s.path] = {**dict.fromkeys(("seconds", "peak_rss_kb", "rss_before_kb", "traceback")),
                             "stderr": ""}
            out[s.path] = FileInspection(path=s.path, sha256=s.sha256, kind=s.kind, size=s.size, error=error)
        if len(out) % 200 == 0 or len(out) == len(todo):
            print(f"  inspected {len(out)}/{len(todo)}", file=sys.stderr, flush=True)
    return dict(sorted(out.items())), bench, time.perf_counter() - start


def file_findings(package, inspections, schema_id: str, settings: Settings):
    """The file-level findings `check` reports: (problems, tracebacks, stderr of the rules)."""
    schema, manifest = load_schema(schema_id), parse_manifest(None)
    classification = classify(package.files, schema, {p: i.title_text() for p, i in inspections.items()})
    ctx = CheckContext(schema=schema, manifest=manifest, package=package, classification=classification,
                       inspections=inspections, settings=settings, conditions={})
    problems, tracebacks, noise = [], [], []
    with _captured_stderr(noise):
        for rule in rules_for(FILE_CODES):
            try:
                problems.extend(p for p in rule.check(ctx) if p.code in FILE_CODES)
            except Exception:
                tracebacks.append({"file": None, "where": rule.name, "traceback": traceback.format_exc()})
    return problems, tracebacks, "".join(noise)


def qpdf_check(paths: dict[str, str], jobs: int) -> tuple[dict[str, dict], float]:
    def one(rel: str) -> tuple[str, dict]:
        try:
            r = subprocess.run(["qpdf", "--check", paths[rel]], capture_output=True, text=True,
                               errors="replace", timeout=QPDF_TIMEOUT)
            lines = [ln for ln in (r.stderr + r.stdout).replace(paths[rel], rel).splitlines() if ln.strip()]
            key = [ln for ln in lines if ln.startswith(("ERROR", "qpdf: ")) and "detected" not in ln
                   and "with warnings" not in ln]  # the error itself; else the first warning
            return rel, {"rc": r.returncode, "message": (key or lines or [""])[0][:200]}
        except subprocess.TimeoutExpired:
            return rel, {"rc": "timeout", "message": f"> {QPDF_TIMEOUT} s"}
    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as ex:
        result = dict(ex.map(one, sorted(paths)))
    return result, time.perf_counter() - start


def qpdf_split_sizes(path: str, options: list[str]) -> list[int] | None:
    if "OBJSTM" in options:  # keep the source's object streams, if it has any
        with open(path, "rb") as f:
            packed = b"/ObjStm" in f.read()
        options = [o for o in options if o != "OBJSTM"] + (["--object-streams=generate"] if packed else [])
    with tempfile.TemporaryDirectory() as tmp:
        with contextlib.suppress(subprocess.TimeoutExpired):
            r = subprocess.run(["qpdf", *options, "--split-pages", path, os.path.join(tmp, "%d.pdf")],
                               capture_output=True, timeout=QPDF_TIMEOUT)
            if r.returncode in (0, 3):  # 3: written, with warnings
                return [p.stat().st_size for p in sorted(Path(tmp).glob("*.pdf"), key=lambda p: int(p.stem))]
        return None


def compare_weights(inspections, abspath, qpdf, jobs: int, options: list[str]) -> dict[str, Any]:
    todo, skipped = [], defaultdict(list)  # reason → files
    for rel, insp in ((rel, inspections[rel]) for rel in sorted(qpdf)):
        if insp.pdf is None:
            skipped["tool measured nothing (DV901, not a PDF)"].append(rel)
        elif qpdf[rel]["rc"] not in (0, 3):
            skipped["qpdf --check fails"].append(rel)
        elif insp.pdf.page_count > MAX_SPLIT_PAGES:
            skipped[f"more than {MAX_SPLIT_PAGES} pages"].append(rel)
        else:
            todo.append(rel)
    with ThreadPoolExecutor(jobs) as ex:
        sizes = dict(zip(todo, ex.map(lambda r: qpdf_split_sizes(abspath[r], options), todo), strict=True))
    pages = []
    for rel in todo:
        split, tool_pages = sizes[rel], inspections[rel].pdf.pages
        if split is None:
            skipped["qpdf --split-pages fails"].append(rel)
        elif len(split) != len(tool_pages):
            skipped["page counts differ"].append(rel)
        else:
            for page, q in zip(tool_pages, split, strict=True):
                ratio = round(page.bytes / q, 4) if page.bytes is not None and q else None
                pages.append({"file": rel, "page": page.number, "tool": page.bytes, "qpdf": q, "ratio": ratio})
    rated, limit = [p for p in pages if p["ratio"] is not None], 200 * 1024
    within = sum(1 for p in rated if 0.9 <= p["ratio"] <= 1.1)
    return {"files_compared": len({p["file"] for p in pages}), "pages": pages,
            "pages_rated": len(rated), "unmeasured_by_tool": len(pages) - len(rated),
            "within_10pct": within, "share_within_10pct": within / len(rated) if rated else None,
            "ratios": _dist([p["ratio"] for p in rated]),
            "skipped": dict(skipped), "skipped_counts": {k: len(v) for k, v in skipped.items()},
            "worst": sorted(rated, key=lambda p: -abs(math.log(max(p["ratio"], 1e-9))))[:15],
            "dv204_false": [p for p in rated if p["tool"] > limit >= p["qpdf"]],
            "dv204_missed": [p for p in rated if p["qpdf"] > limit >= p["tool"]]}


def dv201_table(inspections, codes: dict[str, set], qpdf) -> dict[str, Any]:
    def verdict(rel: str) -> str:
        pdf = inspections[rel].pdf
        locked = pdf is not None and pdf.encrypted == "user-password"
        return "DV201" if "DV201" in codes[rel] else "DV202 password" if locked else (
            "DV901" if "DV901" in codes[rel] else "accepted")
    table, disagree, verdicts, labels = Counter(), [], {}, {0: "0 ok", 3: "3 warnings", 2: "2 errors"}
    for rel, q in sorted(qpdf.items()):
        t, ql, insp = verdict(rel), labels.get(q["rc"], str(q["rc"])), inspections[rel]
        table[(t, ql)] += 1
        verdicts[rel] = {"tool": t, "qpdf": ql, "qpdf_message": q["message"]}
        password = t == "DV202 password" and "password" in q["message"].lower()
        if (t == "DV201") != (q["rc"] == 2) and not password:
            disagree.append({"file": rel, "tool": t, "qpdf": ql, "qpdf_message": q["message"],
                             "tool_error": (insp.pdf and insp.pdf.corrupt) or insp.error or ""})
    return {"table": {f"{t} | qpdf {q}": n for (t, q), n in sorted(table.items())},
            "disagreements": disagree, "files": verdicts,
            "dv901_where_qpdf_accepts": [k for k, v in verdicts.items()
                                         if v["tool"] == "DV901" and v["qpdf"] in ("0 ok", "3 warnings")]}


def check_blanks(codes_pages: dict[str, list[int]], abspath, jobs: int, settings: Settings):
    files, rows = sorted(codes_pages), []
    pool = WorkerPool(_render_check, jobs, settings.timeout, settings.memory_mb)
    for index, value, error, _notes in pool.run(enumerate((abspath[f], codes_pages[f]) for f in files)):
        for n in codes_pages[files[index]]:
            rec = (value or {}).get(str(n), {"error": error, "annots": []})
            shown = [a["subtype"] for a in rec["annots"] if a["ap"] and not a["hidden"]]
            ink, plain = (rec.get(k, {}).get("ink_px") for k in ("with_annots", "plain"))
            rows.append({"file": files[index], "page": n, "ink_px_with_annots": ink, "ink_px_plain": plain,
                         "annots_with_ap": shown, "detail": rec, "disagree": bool(ink)})
    return sorted(rows, key=lambda r: (r["file"], r["page"]))


def _dist(values: list) -> dict[str, Any]:
    """median, p95, max … and `text`, the line the report prints."""
    v = sorted(x for x in values if x is not None)
    if not v:
        return {"n": 0, "text": "n=0"}
    d = {"n": len(v), "median": statistics.median(v), "p95": v[min(len(v) - 1, int(0.95 * len(v)))],
         "min": v[0], "max": v[-1]}
    return {**d, "text": "median {median:.3g}, p95 {p95:.3g}, max {max:.3g} (n={n})".format(**d)}


def grouped(items: list[tuple[str, str]], examples: int = 3) -> list[dict]:
    """(message, file) pairs → causes (numbers and addresses normalised), most frequent first."""
    groups: dict[str, list[str]] = defaultdict(list)
    for msg, f in items:
        groups[re.sub(r"\d+(\.\d+)?", "N", re.sub(r"0x[0-9a-fA-F]+", "ADDR", msg)).strip()[:200]].append(f)
    return [{"cause": c, "count": len(fs), "files": sorted(set(fs))[:examples]}
            for c, fs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for flag, kw in (("dir", {}), ("--jobs", {"type": int, "default": os.cpu_count() or 1}),
                     ("--limit", {"type": int, "help": "only the first N files (by path)"}),
                     ("--json", {"dest": "json_out", "help": "write everything here as JSON"}),
                     ("--only", {"choices": sorted(GROUPS)}),
                     ("--schema", {"default": "b24-national", "help": "for classification"})):
        ap.add_argument(flag, **kw)
    args = ap.parse_args(argv)
    settings = Settings(cache=False, jobs=args.jobs)
    package = select_package(args.dir, args.only, args.limit)
    abspath = {f.path: f.origin[1] for f in package.files}
    inspections, bench, wall = inspect_all(package, args.jobs, settings)
    problems, tracebacks, parent_noise = file_findings(package, inspections, args.schema, settings)
    tracebacks += [{"file": rel, "where": "inspect_file", "traceback": b["traceback"]}
                   for rel, b in sorted(bench.items()) if b.get("traceback")]
    codes, found = defaultdict(set), defaultdict(list)
    for p in problems:
        codes[p.file].add(p.code)
        found[p.file].append({"code": p.code, "page": p.page, "message": p.message})
    blank = {f: pages for f, xs in found.items() if (pages := [x["page"] for x in xs if x["code"] == "DV206"])}
    pdfs = {rel: abspath[rel] for rel, i in inspections.items() if "pdf" in (i.kind, rel[-3:].lower())}
    r: dict[str, Any] = {
        "root": args.dir, "jobs": args.jobs, "files": len(package.files), "pdf_files": len(pdfs),
        "kinds": dict(Counter(f.kind for f in package.files)),
        "codes": dict(Counter(p.code for p in problems)), "tracebacks": tracebacks,
        "dv901": grouped([(p.evidence.get("error", p.message), p.file)
                          for p in problems if p.code == "DV901"])}
    qwall = None
    if not shutil.which("qpdf"):
        r["qpdf_skipped"] = "qpdf not found on PATH"
    elif pdfs:
        print("qpdf --check, then --split-pages …", file=sys.stderr)
        qpdf, qwall = qpdf_check(pdfs, args.jobs)
        r["dv201_vs_qpdf"] = dv201_table(inspections, codes, qpdf)
        r["page_weights"] = {name: compare_weights(inspections, abspath, qpdf, args.jobs, options)
                             for name, options in SPLITS.items()}
    r["dv206"] = check_blanks(blank, abspath, args.jobs, settings) if blank else []
    secs = {k: b["seconds"] for k, b in bench.items() if b["seconds"] is not None}
    rss = {k: b["peak_rss_kb"] / 1024 for k, b in bench.items() if b["peak_rss_kb"]}
    top = sorted(secs, key=lambda k: -secs[k])[:5] + sorted(rss, key=lambda k: -rss[k])[:3]
    before = [b["rss_before_kb"] / 1024 for b in bench.values() if b["rss_before_kb"]]
    r["timing"] = {"seconds": _dist(list(secs.values())), "peak_rss_mb": _dist(list(rss.values())),
                   "rss_before_mb": _dist(before), "inspect_wall_s": wall, "qpdf_wall_s": qwall,
                   "slowest": [{"file": k, "seconds": secs[k], "peak_rss_mb": round(rss.get(k, 0))}
                               for k in top]}
    r["stderr"] = grouped([(ln, rel) for rel, b in [*bench.items(), ("(rules)", {"stderr": parent_noise})]
                           for ln in b["stderr"].splitlines() if ln[:1].strip()])  # not continuations
    r["per_file"] = [{"file": rel, "kind": i.kind, "size": i.size, "pages": i.page_count, "error": i.error,
                      **{k: bench[rel][k] for k in ("seconds", "peak_rss_kb", "rss_before_kb", "stderr")},
                      "findings": found[rel]} for rel, i in inspections.items()]
    print_report(r, RENDER_DPI)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(r, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
