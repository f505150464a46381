"""The linear model `text.meaning` reads with: features of a sentence, the weights as stored,
and the probabilities they give.

A sentence's features are its character 1- to 3-grams and the 2-grams of what it stands under
(its nearest heading, lead-in, table header or previous sentence). `bench/train_meaning.py`
fits the weights with these same functions and stores them with `pack`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

_CONTEXT = np.uint64(1 << 63)
_SIZES = ((1, 2, 3), (2,))  # gram sizes of a sentence, of its context line
# a weight is stored in one byte: ±√(weight / the clause's largest weight), in steps of 1/_LEVELS,
# so that the many small weights keep fine steps. Against half-precision floats the file is half
# the size; over all labelled sentences a probability moves by at most 0.03 and no verdict changes.
_LEVELS = 127
_MATERIALS_KEPT = 4  # the materials whose known features are kept (a run reads one at a time)


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def _grams(joined: str, sizes: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(gram, sentence number) of texts joined by NUL: a gram's number is its code points side
    by side (21 bits each: exact, no hashing); no gram spans a NUL."""
    c = _codes(joined)
    owner = np.cumsum(c == 0)
    grams, owners = [], []
    for n in sizes:
        m = len(c) - n + 1
        if m <= 0:
            continue
        g, ok = c[:m].copy(), c[:m] != 0
        for j in range(1, n):
            g = (g << 21) | c[j:j + m]
            ok &= c[j:j + m] != 0
        grams.append(g[ok])
        owners.append(owner[:m][ok])
    if not grams:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    return np.concatenate(grams), np.concatenate(owners)


def keys(text: str, context: str = "") -> np.ndarray:
    """The features of one normalised sentence, each as often as it occurs: its character 1- to
    3-grams and the 2-grams of its nearest context line, whose top bit marks them apart (a
    heading's words weigh as a heading's)."""
    own, _ = _grams(text.replace("\0", ""), _SIZES[0])
    ctx, _ = _grams(context.replace("\0", ""), _SIZES[1])
    return np.concatenate([own, ctx | _CONTEXT])


def pack(weights: np.ndarray) -> dict[str, np.ndarray]:
    """A weight matrix (one column per clause) as stored in the model file."""
    top = np.abs(weights).max(axis=0)
    level = np.rint(np.sign(weights) * np.sqrt(np.abs(weights) / top) * _LEVELS)
    return {"weights": level.astype(np.int8), "top": top.astype(np.float32)}


def unpack(levels: np.ndarray, top: np.ndarray) -> np.ndarray:
    level = levels.astype(np.float32)
    level /= _LEVELS
    level *= np.abs(level)  # sign(l)·l², in place: the model is read on every run
    level *= top
    return level


@dataclass(frozen=True)
class Model:
    clauses: tuple[str, ...]
    keys: np.ndarray  # sorted features (`keys`); features never seen in training weigh 0
    weights: np.ndarray  # one row per key, one column per clause
    bias: np.ndarray  # per clause
    # the known features of the last materials read: every clause of a material reads the same
    # sentences, so their grams are found once
    _found: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, path: Path) -> Model:
        with np.load(path) as z:
            return cls(tuple(str(c) for c in z["clauses"]), z["keys"], unpack(z["weights"], z["top"]),
                       z["bias"].astype(np.float32))

    def probabilities(self, clause_id: str, sentences: Sequence[tuple[str, str]]) -> np.ndarray | None:
        """How likely each (sentence, context line) states the clause, read all at once; None
        when the model does not read the clause."""
        if clause_id not in self.clauses:
            return None
        k = self.clauses.index(clause_id)
        owner, rows = self._known("\0".join(t.replace("\0", "") for t, _ in sentences),
                                  "\0".join(c.replace("\0", "") for _, c in sentences))
        z = np.bincount(owner, weights=self.weights[rows, k], minlength=len(sentences))
        return 1.0 / (1.0 + np.exp(-(z + self.bias[k])))

    def _known(self, texts: str, contexts: str) -> tuple[np.ndarray, np.ndarray]:
        """(sentence number, row) of each feature of the NUL-joined sentences the model knows."""
        key = (texts, contexts)
        if key not in self._found:
            own, ctx = _grams(texts, _SIZES[0]), _grams(contexts, _SIZES[1])
            grams = np.concatenate([own[0], ctx[0] | _CONTEXT])
            owner = np.concatenate([own[1], ctx[1]])
            at = np.minimum(np.searchsorted(self.keys, grams), len(self.keys) - 1)
            known = self.keys[at] == grams
            if len(self._found) >= _MATERIALS_KEPT:
                self._found.clear()
            self._found[key] = (owner[known], at[known])
        return self._found[key]
