"""Score the clause engine on the real-prose corpus (tests/data/prose): sentence labels and
whole documents. Shared by bench/clause_eval.py (prints the numbers) and the regression test
(tests/test_prose_corpus.py, thresholds a little below what was measured).

A label says what a reviewer would report if the sentence (after its context) were the
applicant's material text for that clause: passed → nothing, failed → DV402, missing → DV401
(DV404 for fields), fires → DV403, silent → nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from docvalidator.schema.loader import SAFE_LOADER

DATA = Path(__file__).resolve().parent.parent / "data" / "prose"
CODES = ("DV401", "DV402", "DV403", "DV404")
# every sentence set: the tuning set, then the held-out ones in the order they were made
SPLITS = ["tune", *sorted((p.stem.removeprefix("sentences_") for p in DATA.glob("sentences_holdout*.yaml")),
                          key=lambda s: int(s.removeprefix("holdout") or 1))]


def read_yaml(path: Path):
    """The corpus (~30 MB of YAML) with the schemas' loader: libyaml's where present, about 3.5
    times faster than the pure-Python one on the same data."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def load_sentences(split: str) -> list[dict]:
    return read_yaml(DATA / f"sentences_{split}.yaml")


def expected_code(item: str, verdict: str) -> str | None:
    if verdict == "failed":
        return "DV402"
    if verdict == "missing":
        return "DV404" if item.startswith("field:") else "DV401"
    if verdict == "fires":
        return "DV403"
    return None


@dataclass
class Record:
    """One labelled item: what was expected, what the engine said."""

    sid: str
    item: str  # clause id, field:ID or forbidden:ID
    expected: str  # verdict
    applicant: bool
    predicted: str  # verdict
    severity: str | None  # of the predicted finding (None: no finding)
    value: str | None = None
    text: str = ""

    @property
    def want(self) -> str | None:
        return expected_code(self.item, self.expected)

    @property
    def got(self) -> str | None:
        return expected_code(self.item, self.predicted)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_ids: list = field(default_factory=list)
    fn_ids: list = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def per_code(records: list[Record], errors_only: bool = False) -> dict[str, Tally]:
    out = {c: Tally() for c in CODES}
    for r in records:
        got = r.got if (not errors_only or r.severity == "error") else None
        want = r.want
        if got and got == want:
            out[got].tp += 1
        else:
            if got:
                out[got].fp += 1
                out[got].fp_ids.append(f"{r.sid}:{r.item}")
            if want:
                out[want].fn += 1
                out[want].fn_ids.append(f"{r.sid}:{r.item}")
    return out


def per_kind(records: list[Record]) -> dict[str, dict]:
    """Per clause kind: positives (passed/fires by the applicant) and how many the engine
    recognised (recall); negatives and how many it wrongly passed."""
    out: dict[str, dict] = defaultdict(lambda: Counter())
    for r in records:
        k = out[r.item]
        positive = r.expected in ("passed", "fires")
        hit = r.predicted in ("passed", "fires")
        k["pos" if positive else "neg"] += 1
        if positive and hit:
            k["tp"] += 1
        if not positive and hit:
            k["false_pass"] += 1
        if r.predicted == r.expected:
            k["exact"] += 1
    return dict(out)


def fmt(x: float | None) -> str:
    return "  —  " if x is None else f"{100 * x:5.1f}"


@cache
def schema_of(schema_id: str):
    from docvalidator.schema import load_schema

    return load_schema(schema_id)


def material_pages(s: dict) -> list[tuple[str, int, str]]:
    """The sentence as a material's text: its context (a heading, a table header or the
    sentence before it) on the line above."""
    text, context = s["text"], s.get("context") or ""
    if " | " in context and " | " not in text:
        context = "\n\n".join(context.split(" | "))  # a heading path, not a table
    # a blank line: the context stands on its own line, never joined to the sentence
    return [("policy.pdf", 1, f"{context}\n\n{text}" if context else text)]


def predict(schema_id: str, item: str, pages: list):
    """(verdict, severity, value) the engine gives `item` on a material made of `pages`."""
    from docvalidator.text.clauses import Vocabulary, evaluate, evaluate_field, find_forbidden
    from docvalidator.text.sentences import sentences

    schema = schema_of(schema_id)
    sents = sentences(pages)
    kind, _, item_id = item.rpartition(":")
    if kind == "forbidden":
        f = next(f for f in schema.forbidden if f.id == item_id)
        hits = find_forbidden(f, sents, f.allow)
        if not hits:
            return "silent", None, None
        sure = any(getattr(h, "certain", True) for h in hits)  # the rule reports each hit: one certain is an error
        return "fires", (f.severity if sure else "warning"), hits[0].term
    if kind == "field":
        spec = next(f for f in schema.fields if f.id == item_id)
        v = evaluate_field(spec, sents)
    else:
        spec = next(c for c in schema.clauses if c.id == item_id)
        required = schema.resolve(spec.quantity.value) if spec.quantity else None
        v = evaluate(spec, sents, required, Vocabulary.of(schema.clauses), spec.match)
    sev = None
    if v.verdict in ("missing", "failed"):
        sure = getattr(v, "certain", True) and not v.boilerplate  # (getattr: also scores older engines)
        sev = getattr(spec, "severity", "error") if sure else "warning"
    return v.verdict, sev, v.value


def score_sentences(split: str) -> list[Record]:
    out = []
    for s in load_sentences(split):
        for lab in s.get("labels") or []:
            item = lab["clause"]
            if item.startswith("other:"):
                continue
            verdict, sev, value = predict(lab["schema"], item, material_pages(s))
            out.append(Record(s["id"], item, lab["verdict"], lab["applicant"], verdict, sev,
                              value, s["text"]))
    return out
