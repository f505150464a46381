"""Assign the package's files to the schema's materials.

By file-name keywords first (numbering and annotations such as "01-", "附件3", "（盖章）"
stripped), then by the folder names, then — when the name says nothing, as in `scan0003.pdf` —
by the title words on the first page. Longer (more specific) keyword matches win.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from docvalidator.schema import Material, Schema

if TYPE_CHECKING:
    from docvalidator.package import SourceFile

# "01-", "1_", "附件3 ", "附件三：", "第2项", "（1）", "No.3 ", "3." …
_PREFIX = re.compile(
    r"^\s*(?:附件|附|材料|第|no\.?|item)?\s*[\(（\[【]?\s*[0-9一二三四五六七八九十]{1,3}\s*[\)）\]】]?"
    r"\s*(?:项|号)?\s*[-_.、．:：\s]+",
    re.IGNORECASE,
)
# bracketed annotations that say how the copy was made, not what it is
_NOTE_WORDS = ("盖章", "签字", "签章", "扫描", "复印件", "最终", "终稿", "定稿", "修订", "新版", "已盖章",
               "彩色", "原件", "final", "scan", "signed", "sealed", "copy")
_BRACKETED = re.compile(r"[\(（\[【]([^\)）\]】]{0,20})[\)）\]】]")
_VERSION = re.compile(r"[-_\s]*(?:v\d+(?:\.\d+)*|\d{8}|副本\d+)$", re.IGNORECASE)


def normalize_name(stem: str) -> str:
    """The part of a file or folder name that says what the document is."""
    s = unicodedata.normalize("NFKC", stem).strip()
    for _ in range(2):
        s = _PREFIX.sub("", s, count=1)
    s = _BRACKETED.sub(lambda m: "" if any(w in m.group(1).lower() for w in _NOTE_WORDS) else m.group(0), s)
    s = _VERSION.sub("", s)
    return s.strip(" -_.")


@lru_cache(maxsize=4096)
def _ascii_norm(s: str) -> str:
    return re.sub(r"[-_\s]+", "_", s.lower())


@lru_cache(maxsize=1024)
def _token_pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(_ascii_norm(keyword))}(?![a-z0-9])")


@lru_cache(maxsize=1024)
def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def keyword_in(keyword: str, text: str) -> bool:
    """A Chinese keyword matches as a substring; an ASCII one only as whole tokens,
    so that "BL" does not match inside "table"."""
    if keyword.isascii():
        return _token_pattern(keyword).search(_ascii_norm(text)) is not None
    return _nfkc(keyword) in text


@dataclass(frozen=True)
class Assignment:
    file: str
    material: str
    via: str  # "name" | "folder" | "title"
    keyword: str


@dataclass
class Classification:
    assignments: dict[str, list[Assignment]] = field(default_factory=dict)  # material id → files
    unassigned: list[str] = field(default_factory=list)

    def files_of(self, material_id: str) -> list[str]:
        return [a.file for a in self.assignments.get(material_id, [])]

    def material_of(self, path: str) -> str | None:
        for mid, items in self.assignments.items():
            if any(a.file == path for a in items):
                return mid
        return None


def _score(text: str, material: Material, use_titles: bool) -> tuple[int, str]:
    """Best keyword match of a material in a text: (length, keyword)."""
    if any(keyword_in(k, text) for k in material.exclude_keywords):
        return (0, "")
    best: tuple[int, str] = (0, "")
    whole = material.title_keywords + material.keywords if use_titles else material.keywords
    for k in whole:
        if len(k) > best[0] and keyword_in(k, text):
            best = (len(k), k)
    return best


def _collection(text: str, materials: Sequence[Material], longer_than: int):
    """The materials a collection name (制度汇编) in the text stands for, when it says more than
    any material's own keyword."""
    best, found = longer_than, []
    for m in materials:
        for k in m.collections:
            if len(k) < best or (len(k) == best and not found) or not keyword_in(k, text):
                continue
            if len(k) > best:
                best, found = len(k), []
            if m not in found:
                found.append(m)
    return found, best


def _best(text: str, materials: Sequence[Material], use_titles: bool = False):
    """The materials a text names: [(material, keyword)], empty when none."""
    scored = [(_score(text, m, use_titles), i, m) for i, m in enumerate(materials)]
    scored = [s for s in scored if s[0][0] > 0]
    length = max((s[0][0] for s in scored), default=0)
    bundle, _ = _collection(text, materials, length)
    if bundle:
        return [(m, next(k for k in m.collections if keyword_in(k, text))) for m in bundle]
    if not scored:
        return []
    # longest keyword first; among equals, the earlier material in the schema
    (_length, keyword), _, material = max(scored, key=lambda s: (s[0][0], -s[1]))
    return [(material, keyword)]


_HEADER_NOISE = re.compile(
    r"^(?:第?\d+页(?:共\d+页)?|-?\d+-?|page\d+(?:of\d+)?|\d{4}年\d{1,2}月\d{1,2}日|(?:文件)?编号[:：].*"
    r"|.{2,30}(?:有限公司|有限责任公司|股份公司|集团|分公司))$",
    re.IGNORECASE,
)


def title_lines(text: str, candidates: int = 2, longest: int = 30) -> list[str]:
    """The title of a page: the first short lines once running headers (company name, page
    number, date, document number) are skipped. Body text, which mentions other materials'
    words in passing, never takes part."""
    out: list[str] = []
    for raw in unicodedata.normalize("NFKC", text).splitlines()[:20]:
        line = re.sub(r"\s+", "", raw)
        if not line or _HEADER_NOISE.match(line):
            continue
        if len(line) > longest:
            break
        out.append(line)
        if len(out) >= candidates:
            break
    return out


def _by_title(text: str, materials: Sequence[Material]):
    for line in title_lines(text):
        found = _best(line, materials, use_titles=True)
        if found:
            return found
    return []


def classify(files: Sequence[SourceFile], schema: Schema,
             titles: Mapping[str, str] | None = None) -> Classification:
    """Assign each file to at most one material. `titles` maps a file's path to the text at
    the top of its first page (text layer, DOCX opening, or OCR), for names that say nothing."""
    titles = titles or {}
    result = Classification(assignments={m.id: [] for m in schema.materials})
    materials = list(schema.materials)
    for f in files:
        via = "name"
        found = _best(normalize_name(f.stem), materials)
        if not found:
            via = "folder"
            for folder in reversed([p for p in f.folder.split("/") if p]):
                found = _best(normalize_name(folder), materials)
                if found:
                    break
        if not found and titles.get(f.path):
            via = "title"
            found = _by_title(titles[f.path], materials)
        if not found:
            result.unassigned.append(f.path)
            continue
        for material, keyword in found:
            result.assignments[material.id].append(Assignment(f.path, material.id, via, keyword))
    return result
