"""A clause's verdict: what was read, and how sure the reading is."""

from __future__ import annotations

from dataclasses import dataclass

from docvalidator.text.sentences import Sentence

PASSED, FAILED, MISSING, NOT_EVALUATED = "passed", "failed", "missing", "not-evaluated"

@dataclass(frozen=True)
class Verdict:
    clause: str
    verdict: str  # passed | failed | missing | not-evaluated
    sentence: Sentence | None = None
    value: str | None = None  # what the text states ("3个月", "AES-128")
    detail: str = ""  # why, in Chinese, for the message
    boilerplate: bool = False  # "加密存储" with no method
    certain: bool = True  # False: related but unclear — a warning that says what to verify


def missing(clause_id: str, want: str, mention: tuple[Sentence, str | None, str] | None) -> Verdict:
    """Nothing states the clause: certain when nothing even mentions it, else a warning that
    quotes the closest sentence and says what is unclear about it."""
    if mention is None:
        return Verdict(clause_id, MISSING, None, None, f"未找到该条款（要求{want}）")
    s, value, why = mention
    return Verdict(clause_id, MISSING, s, value, f"相关语句“{s.text[:50]}”{why}，请核实是否写明{want}",
                   certain=False)


