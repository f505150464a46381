"""Split a material's normalised text into sentences that remember where they came from.

A sentence ends at 。！？；, a line break or a blank; its comma-separated clauses (分句) are
what a quantity must share with its subject's verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from docvalidator.text.normalize import normalize

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n")
_CLAUSE_END = re.compile(r"[,，]")


@dataclass(frozen=True)
class Sentence:
    text: str  # normalised
    file: str
    page: int | None  # PDF page, or DOCX paragraph number
    index: int  # order within the material


def split(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of the comma-separated clauses of a sentence."""
    spans, start = [], 0
    for m in _CLAUSE_END.finditer(sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    return spans


def sentences(pages: Iterable[tuple[str, int | None, str]]) -> list[Sentence]:
    """(file, page, raw text) per page → the normalised sentences, in order."""
    out: list[Sentence] = []
    for file, page, raw in pages:
        for s in split(normalize(raw)):
            out.append(Sentence(s, file, page, len(out)))
    return out
