"""Clauses read by meaning: a linear model over the characters of a sentence.

The rules find a clause where its words stand. Real policies also state it in words no list
holds ("不同机构之间的数据通过机构 ID 隔离", "每30分钟更新处理进展到值班群"). For the clauses
whose schema asks for it (`meaning: true`; forbidden wording too, as `forbidden:ID`), a
logistic model (`text.linear`) gives the probability that a sentence states the clause, from the character 1-
to 3-grams of the sentence and the 2-grams of what it stands under (its nearest heading,
lead-in, table header or previous sentence).

The weights are data: `bench/train_meaning.py` fits them on the labelled real-prose corpus
(tests/data/prose) and writes `meaning.npz` beside this module. Nothing is learnt or
downloaded at run time. The model only reads; whose sentence it is, whether it is a heading or
a description, stays with the rules (`text.presence`, `text.forbidden`).

A run may lend a store (`remembering`): what the model read is kept there under the model
file's digest and the sentences read, so a run over text read before neither loads the model
nor imports numpy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from docvalidator.text.sentences import Sentence

if TYPE_CHECKING:
    from docvalidator.text.linear import Model

MODEL = Path(__file__).with_name("meaning.npz")
# a sentence this likely to state the clause states it ...
PASSES = 0.4
# ... and one this likely mentions it: a missing clause becomes a warning that quotes it (an
# error must be certain: left out of the fit, 0.2 → 0.1 turned 5 of 52 false DV401 errors on
# 32 sets into warnings, and 12 of 2,227 correct ones)
MENTIONS = 0.1
MIN_CHARS = 6  # a shorter line carries too few characters to be read by meaning


class Store(Protocol):
    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...


_store: ContextVar[Store | None] = ContextVar("meaning_store", default=None)


@contextmanager
def remembering(store: Store) -> Iterator[None]:
    """Within the block, readings are kept in `store` and read from it."""
    token = _store.set(store)
    try:
        yield
    finally:
        _store.reset(token)


class StoredModel:
    """The model in a file: loaded the first time a reading is not in the run's store."""

    def __init__(self, path: Path):
        self.path = path
        self._model: Model | None = None
        self._digest = ""

    def loaded(self) -> Model:
        if self._model is None:
            from docvalidator.text.linear import Model

            self._model = Model.load(self.path)
        return self._model

    def probabilities(self, clause_id: str, sentences: Sequence[tuple[str, str]]) -> Sequence[float] | None:
        """How likely each (sentence, context line) states the clause; None when the model does
        not read the clause."""
        store = _store.get()
        if store is None:
            return self._read(clause_id, sentences)
        if not self._digest:
            self._digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        key = hashlib.sha256(json.dumps([self._digest, clause_id, sentences], ensure_ascii=False)
                             .encode("utf-8")).hexdigest()
        hit = store.get(key)
        if isinstance(hit, dict) and "p" in hit:
            return hit["p"]
        ps = self._read(clause_id, sentences)
        store.put(key, {"p": ps})
        return ps

    def _read(self, clause_id: str, sentences: Sequence[tuple[str, str]]) -> list[float] | None:
        ps = self.loaded().probabilities(clause_id, sentences)
        return None if ps is None else ps.tolist()


def read(clause_id: str, sentences: Sequence[Sentence]) -> list[tuple[Sentence, float]] | None:
    """Each sentence the model can read (not a heading, not a short line) with how likely it
    states the clause, in order; None when there is no model or it does not read the clause."""
    m = model()
    if m is None:
        return None
    rows = [s for s in sentences if not s.heading and len(s.text) >= MIN_CHARS]
    ps = m.probabilities(clause_id, [(s.text, s.context[-1] if s.context else "") for s in rows])
    return None if ps is None else [(s, float(p)) for s, p in zip(rows, ps, strict=True)]


_loaded: dict[Path, StoredModel | None] = {}
_active = MODEL


def model() -> StoredModel | None:
    """The model in use (the shipped one unless `use` named another); None when its file is
    absent."""
    if _active not in _loaded:
        _loaded[_active] = StoredModel(_active) if _active.is_file() else None
    return _loaded[_active]


def use(path: Path | None) -> None:
    """Read with the model at `path` from now on (None: the shipped one) — for measuring a
    model fitted without the set it is scored on."""
    global _active
    _active = path or MODEL
