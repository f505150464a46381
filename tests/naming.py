"""Score file-name recognition on the naming corpus (tests/data/naming/{tune,holdout}.yaml).

Each entry is a file name (with folders) in one schema and the materials it holds. The
classifier sees the name and folders only (no content). Pairs (file, material) are counted:
precision = correct predicted pairs / predicted pairs, recall = correct predicted pairs /
expected pairs. A name the corpus marks as undecidable (`expect: []`, with `candidates:` it could
be) must be left to the content: any material predicted for it is a false positive, so guessing
among the candidates lowers precision and never raises recall.

    python -m tests.naming tune        # per-schema table and the misses (tuning half only)
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from docvalidator.classify import classify
from docvalidator.package import SourceFile
from docvalidator.schema import load_schema

DATA = Path(__file__).resolve().parent / "data" / "naming"


def load(half: str) -> list[dict]:
    return yaml.safe_load((DATA / f"{half}.yaml").read_text(encoding="utf-8"))


def _source(path: str) -> SourceFile:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return SourceFile(path=path, size=1, sha256="0" * 64, kind="pdf", ext=ext, origin=("corpus",))


def predict(entries: list[dict]) -> list[list[str]]:
    by_schema: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        by_schema.setdefault(e["schema"], []).append(i)
    out: list[list[str]] = [[] for _ in entries]
    for sid, idx in by_schema.items():
        schema = load_schema(sid)
        for i in idx:  # one file per package: a name never competes with another
            c = classify([_source(entries[i]["path"])], schema)
            out[i] = [m for m, items in c.assignments.items() if items]
    return out


def score(entries: list[dict], predicted: list[list[str]]) -> dict:
    tp = fp = fn = 0
    by: dict[str, Counter] = {}
    misses = []
    for e, p in zip(entries, predicted, strict=True):
        want, got = set(e["expect"]), set(p)
        t, f, n = len(want & got), len(got - want), len(want - got)
        tp, fp, fn = tp + t, fp + f, fn + n
        for key in (e["schema"], f"origin:{e['origin']}", "undecidable" if not want else "named"):
            c = by.setdefault(key, Counter())
            c.update(tp=t, fp=f, fn=n, names=1)
        if f or n:
            misses.append((e["schema"], e["path"], sorted(want), sorted(got)))
    return {"tp": tp, "fp": fp, "fn": fn, "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0, "by": by, "misses": misses,
            "names": len(entries)}


def report(half: str) -> dict:
    entries = load(half)
    return score(entries, predict(entries))


def _main(argv: list[str]) -> int:
    half = argv[0] if argv else "tune"
    r = report(half)
    print(f"{half}: {r['names']} names, precision {r['precision']:.4f} ({r['tp']}/{r['tp'] + r['fp']}), "
          f"recall {r['recall']:.4f} ({r['tp']}/{r['tp'] + r['fn']})")
    for key, c in sorted(r["by"].items()):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        rc = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        print(f"  {key:22} names {c['names']:4}  P {p:.3f}  R {rc:.3f}  fp {c['fp']}  fn {c['fn']}")
    if "--misses" in argv:
        for m in r["misses"]:
            print("  MISS", *m)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
