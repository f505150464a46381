"""How far two labellers agree on a held-out set, and the clause engine's recall on the first
labeller's positives, the second's, and those both marked.

    python bench/label_agreement.py --split holdout13

Positives: `passed`/`fires` labels on the applicant's own text. Agreement per kind is the share
of one labeller's positives the other also marked (both ways), over all kinds the Dice overlap."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.prose.score import load_sentences, material_pages, predict, read_yaml  # noqa: E402

SECOND = ROOT / "tests" / "data" / "prose" / "second"


def positives(labels: list[dict]) -> dict[str, str]:
    """clause → schema of the applicant positives among `labels` (meanings no clause covers aside)."""
    return {lab["clause"]: lab["schema"] for lab in labels or []
            if lab["applicant"] and lab["verdict"] in ("passed", "fires") and not lab["clause"].startswith("other:")}


def main() -> None:
    splits = sorted(p.stem for p in SECOND.glob("*.yaml"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=splits, required=True)
    args = ap.parse_args()
    first = {s["id"]: s for s in load_sentences(args.split)}
    second = {e["id"]: e["labels"] for e in read_yaml(SECOND / f"{args.split}.yaml")}
    n: Counter = Counter()
    for sid, s in first.items():
        p1, p2 = positives(s.get("labels")), positives(second.get(sid, []))
        for kind, schema in {**p2, **p1}.items():
            hit = predict(schema, kind, material_pages(s))[0] in ("passed", "fires")
            for who, marked in (("first", kind in p1), ("second", kind in p2), ("both", kind in p1 and kind in p2)):
                if marked:
                    n[kind, who] += 1
                    n[kind, who, "hit"] += hit
    kinds = sorted({k for k, *_ in n}, key=lambda k: -n[k, "first"])

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f} %" if b else "    —  "

    print(f"== {args.split}: {len(first)} sentences, two labellings ==")
    print(f"{'kind':36} {'first':>5} {'second':>6} {'both':>4}  2nd of 1st  1st of 2nd | engine recall: "
          f"{'first':>16} {'second':>16} {'both agree':>16}")
    for k in kinds:
        a, b, c = n[k, "first"], n[k, "second"], n[k, "both"]
        rec = [f"{n[k, w, 'hit']}/{n[k, w]} {pct(n[k, w, 'hit'], n[k, w])}" for w in ("first", "second", "both")]
        print(f"{k:36} {a:5} {b:6} {c:4}  {pct(c, a):>10} {pct(c, b):>10} |                {rec[0]:>16} {rec[1]:>16} {rec[2]:>16}")
    a, b, c = (sum(n[k, w] for k in kinds) for w in ("first", "second", "both"))
    print(f"all positives: first {a}, second {b}, both {c}; agreement (Dice) {pct(2 * c, a + b)}")


if __name__ == "__main__":
    main()
