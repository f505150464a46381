"""The labelled clause corpus (tests/data/clause_corpus.yaml): every sentence gets its verdict."""

from functools import cache
from pathlib import Path

import pytest
import yaml

from docvalidator.schema import load_schema
from docvalidator.text.clauses import Vocabulary, evaluate, evaluate_field, find_forbidden
from docvalidator.text.sentences import sentences

CORPUS = Path(__file__).parent / "data" / "clause_corpus.yaml"


def _cases():
    for group in yaml.safe_load(CORPUS.read_text(encoding="utf-8")):
        for sentence, verdict, note in group["cases"]:
            yield pytest.param(group["schema"], group["clause"], sentence, verdict,
                               id=f"{group['clause']}:{note}")


@cache
def _schema(schema_id):
    s = load_schema(schema_id)
    return s, Vocabulary.of(s.clauses)


def verdict_of(schema_id: str, item: str, sentence: str) -> str:
    schema, vocab = _schema(schema_id)
    sents = sentences([("policy.pdf", 1, sentence)])
    kind, _, item_id = item.rpartition(":")
    if kind == "field":
        return evaluate_field(next(f for f in schema.fields if f.id == item_id), sents).verdict
    if kind == "forbidden":
        f = next(f for f in schema.forbidden if f.id == item_id)
        return "fires" if find_forbidden(f, sents, f.allow) else "silent"
    clause = next(c for c in schema.clauses if c.id == item_id)
    required = schema.resolve(clause.quantity.value) if clause.quantity else None
    return evaluate(clause, sents, required, vocab, clause.match).verdict


def test_corpus_is_large_enough():
    assert len(list(_cases())) >= 200


@pytest.mark.parametrize("schema_id, item, sentence, expected", list(_cases()))
def test_clause_corpus(schema_id, item, sentence, expected):
    assert verdict_of(schema_id, item, sentence) == expected, sentence
