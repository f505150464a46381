"""Edit distance between two strings: what OCR legibility (fix's verification, the OCR and fix
benchmarks) is measured in."""

from __future__ import annotations

import numpy as np


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time: deletions and substitutions from the row
    before, insertions by a running minimum along the row."""
    if not a or not b:
        return len(a) or len(b)
    aa = np.frombuffer(a.encode("utf-32-le"), dtype=np.uint32)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(bb) + 1)
    prev = idx.copy()
    for i, code in enumerate(aa, 1):
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, prev[:-1] + (bb != code))
        prev = np.minimum.accumulate(cur - idx) + idx
    return int(prev[-1])
