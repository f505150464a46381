"""Fit the meaning model (docvalidator/text/meaning.py) on the labelled real-prose corpus.

    python bench/train_meaning.py [--exclude holdout17,holdout18] [--out PATH]

For every clause (and forbidden wording) a schema marks `meaning: true`, a logistic regression over the sentence's
character n-grams (`linear.keys`, the same code the engine reads with): a sentence
labelled as the applicant stating the clause (or using the wording) is a positive; every other sentence of the corpus
(labelled missing, another party's, or about something else) a negative. Each sentence is
read through the engine's own splitter (`text.sentences`), so its context line is the one the
engine will see. Plain averaged stochastic gradient descent with a fixed seed: the same corpus
gives the same weights. `--exclude` leaves sets out, to measure a set the model never saw
(bench/clause_eval.py --meaning PATH).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docvalidator.schema import load_schema  # noqa: E402
from docvalidator.schema.loader import builtin_ids  # noqa: E402
from docvalidator.text import linear, meaning  # noqa: E402
from docvalidator.text.normalize import normalize  # noqa: E402
from docvalidator.text.sentences import sentences  # noqa: E402
from tests.prose.score import SPLITS, load_sentences, material_pages  # noqa: E402

EPOCHS, RATE, SEED = 8, 0.2, 13
MAX_POSITIVE_WEIGHT = 10.0  # positives are rare: weigh them up, by at most √10
PRUNE = 0.01  # a feature weighing less than this for every clause is left out of the file


def meaning_clauses() -> list[str]:
    """The labelled items read by meaning: clause ids, and forbidden wording as forbidden:ID."""
    ids = set()
    for sid in builtin_ids():
        schema = load_schema(sid)
        ids |= {c.id for c in schema.clauses if c.meaning}
        ids |= {f"forbidden:{f.id}" for f in schema.forbidden if f.meaning}
    return sorted(ids)


def example(s: dict) -> tuple[str, str]:
    """(text, context) of a labelled sentence as the engine reads it."""
    read = sentences(material_pages(s))
    context = normalize(s.get("context") or "")
    body = [x for x in read if not (context and x.text in context)] or read
    ctx = body[0].context[-1] if body[0].context else ""
    return "".join(x.text for x in body), ctx


def fit(rows: list[tuple[np.ndarray, int]], width: int) -> tuple[np.ndarray, float]:
    w = np.zeros(width)
    b = 0.0
    positives = sum(y for _, y in rows)
    up = min((len(rows) - positives) / max(1, positives), MAX_POSITIVE_WEIGHT) ** 0.5
    order = list(range(len(rows)))
    rnd = random.Random(SEED)
    for _ in range(EPOCHS):
        rnd.shuffle(order)
        for i in order:
            f, y = rows[i]
            p = 1.0 / (1.0 + np.exp(-(w[f].sum() + b)))
            g = (y - p) * (up if y else 1.0)
            np.add.at(w, f, RATE * g / np.sqrt(len(f)))  # a gram that occurs twice counts twice
            b += RATE * g * 0.1
    return w, b


def train(exclude: set[str]) -> dict[str, np.ndarray]:
    clauses = meaning_clauses()
    data = []
    for split in SPLITS:
        if split in exclude:
            continue
        for s in load_sentences(split):
            text, ctx = example(s)
            stated = {lab["clause"] for lab in s.get("labels") or []
                      if lab["verdict"] in ("passed", "fires") and lab["applicant"]}
            data.append((linear.keys(text, ctx), stated))
    vocab = np.unique(np.concatenate([k for k, _ in data]))
    data = [(np.searchsorted(vocab, k), stated) for k, stated in data]
    weights, bias = [], []
    for clause in clauses:
        w, b = fit([(f, int(clause in stated)) for f, stated in data], len(vocab))
        weights.append(w)
        bias.append(b)
    matrix = np.stack(weights, axis=1)
    keep = np.flatnonzero(np.abs(matrix).max(axis=1) >= PRUNE)
    return {"clauses": np.array(clauses), "keys": vocab[keep], **linear.pack(matrix[keep]),
            "bias": np.array(bias, dtype=np.float32), "sentences": np.array(len(data))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--exclude", default="", help="comma-separated sets to leave out")
    ap.add_argument("--out", type=Path, default=meaning.MODEL)
    args = ap.parse_args()
    exclude = {s for s in args.exclude.split(",") if s}
    unknown = exclude - set(SPLITS)
    if unknown:
        sys.exit(f"unknown sets: {', '.join(sorted(unknown))}")
    arrays = train(exclude)
    np.savez_compressed(args.out, **arrays)
    print(f"{args.out}: {', '.join(arrays['clauses'])} from {int(arrays['sentences'])} sentences, "
          f"{len(arrays['weights'])} features, {args.out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
