"""Clause words as a schema writes them: "…" is a gap the engine reads (text.terms); "{a|b}"
is shorthand the loader writes out, so that a class of nouns is listed once
("{客户|顾客|患者}…{信息|资料}" rather than every pair)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_ALTERNATIVES = re.compile(r"\{([^{}]+)\}")


def written_out(values: Iterable[str] | None) -> tuple[str, ...]:
    """Each word with every choice of its alternatives, in order, without repeats:
    "{客户|顾客}…{信息|资料}" → 客户…信息, 客户…资料, 顾客…信息, 顾客…资料."""
    out: list[str] = []
    for v in values or ():
        m = _ALTERNATIVES.search(v)
        if m is None:
            out.append(v)
            continue
        out += written_out([v[:m.start()] + alt + v[m.end():] for alt in m.group(1).split("|")])
    return tuple(dict.fromkeys(out))
