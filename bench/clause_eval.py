"""Precision and recall of the clause engine on the real-prose corpus (tests/data/prose).

    python bench/clause_eval.py [--split tune|holdout|holdoutN|all] [--documents] [--list]
                                [--meaning PATH]

Prints, per split: per code (DV401–DV404) precision and recall at every severity and at error
severity only; per clause kind the positives (the applicant's own passing statements), how many
the engine recognised, and how many negatives it wrongly passed. `--documents` renders the whole
documents and runs the real pipeline on them. `--list` prints every disagreement.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.prose.score import CODES, SPLITS, fmt, per_code, per_kind, score_sentences  # noqa: E402

os.environ.setdefault("DOCVALIDATOR_CACHE_DIR", str(ROOT / "bench" / "out" / "cache"))


def report_sentences(split: str, show: bool) -> None:
    records = score_sentences(split)
    print(f"\n== sentences: {split} ({len(records)} labels) ==")
    print("code   | all: P      R     (tp/fp/fn)     | error only: P      R     (tp/fp/fn)")
    every, errors = per_code(records), per_code(records, errors_only=True)
    for c in CODES:
        a, e = every[c], errors[c]
        print(f"{c}  |      {fmt(a.precision)}  {fmt(a.recall)}  ({a.tp}/{a.fp}/{a.fn})"
              f"{'':6}|             {fmt(e.precision)}  {fmt(e.recall)}  ({e.tp}/{e.fp}/{e.fn})")
    print("\nclause kind                          pos  found  recall | neg  false-pass | exact")
    for item, k in sorted(per_kind(records).items(), key=lambda kv: (-kv[1]["pos"], kv[0])):
        rec = k["tp"] / k["pos"] if k["pos"] else None
        print(f"{item:36} {k['pos']:4} {k['tp']:6}  {fmt(rec)} | {k['neg']:3} {k['false_pass']:6}"
              f"      | {k['exact']}/{k['pos'] + k['neg']}")
    if show:
        print("\ndisagreements:")
        for r in records:
            if r.predicted != r.expected or (r.severity == "error" and r.got != r.want):
                print(f"  {r.sid} {r.item}: want {r.expected} got {r.predicted}/{r.severity}"
                      f" [{r.value}] {r.text[:90]}")


def report_documents(split: str, show: bool, ocr: bool, renders: str | None = None) -> None:
    from docvalidator.inspect.stage import kept_workers
    from tests.prose.documents import load_documents, placed, run_document

    docs = load_documents(split)
    if renders:  # every document in every render, not only its own
        docs = [{**d, "id": f"{d['id']}@{r}", "render": r} for d in docs for r in renders.split(",")]
    items, elsewhere, t0 = [], [], time.time()
    with tempfile.TemporaryDirectory() as tmp, kept_workers():
        for doc in docs:
            report, got = run_document(doc, Path(tmp), ocr=ocr)
            items += got
            if not placed(doc, report):
                elsewhere.append(doc["id"])
            if show:
                for it in got:
                    bad = (it.defect and not it.found) or it.false_errors or (not it.defect and it.findings)
                    if bad:
                        print(f"  {doc['id']} ({doc['render']}) {it.item}: want {it.expected} got {it.findings}")
    defects = [i for i in items if i.defect]
    found = [i for i in defects if i.found]
    compliant = [d for d in docs if not any(i.defect for i in items if i.doc == d["id"])]
    false_err = sum(i.false_errors for i in items)
    false_err_ok = sum(i.false_errors for i in items if i.doc in {d["id"] for d in compliant})
    false_warn = sum(1 for i in items for c, s in i.findings if s == "warning" and not i.defect)
    print(f"\n== documents: {split}{' as ' + renders if renders else ''} ({len(docs)} documents, {len(compliant)} compliant, "
          f"{time.time() - t0:.0f} s) ==")
    print(f"labelled defects found: {len(found)}/{len(defects)} = {fmt(len(found) / len(defects))} %"
          f"  (as errors: {sum(1 for i in defects if any(s == 'error' and c for c, s in i.findings))})")
    print(f"error-severity false findings: {false_err} in all documents, {false_err_ok} in the "
          f"{len(compliant)} compliant ones; warnings on compliant items: {false_warn}")
    print(f"documents checked as another material than their name's: {len(elsewhere)}"
          + (f" ({', '.join(elsewhere)})" if elsewhere else ""))
    print("code   | error findings: P  (tp/fp)")
    for code in CODES:
        tp = sum(1 for i in items for c, s in i.findings if c == code and s == "error" and i.defect
                 and c == i.want)
        fp = sum(1 for i in items for c, s in i.findings if c == code and s == "error" and c != i.want)
        print(f"{code}  | {fmt(tp / (tp + fp) if tp + fp else None)}  ({tp}/{fp})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="tune", choices=[*SPLITS, "all"])
    ap.add_argument("--documents", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--no-ocr", action="store_true", help="documents: skip the scans' OCR")
    ap.add_argument("--renders", help="documents: render each in these (docx,text-pdf,scan-pdf)")
    ap.add_argument("--meaning", type=Path,
                    help="read with this meaning model (bench/train_meaning.py --exclude SET --out PATH)")
    args = ap.parse_args()
    if args.meaning:
        from docvalidator.text import meaning

        meaning.use(args.meaning)
    splits = SPLITS if args.split == "all" else [args.split]
    for split in splits:
        report_sentences(split, args.list)
        if args.documents and (ROOT / "tests" / "data" / "prose" / "documents" / split).is_dir():
            report_documents(split, args.list, not args.no_ocr, args.renders)


if __name__ == "__main__":
    main()
