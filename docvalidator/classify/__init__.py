"""Assign the package's files to the schema's materials, the way a reviewer reads a package.

Each file is recognised by what its name names (vocabulary, keywords, several materials when the
name lists several: 人员身份证、学历及社保证明), else by its folders, else by the title on its
first page. A name that says nothing (Scan_0007.pdf) or only something generic (承诺书.pdf) leaves
the file to its content. The `sections` analysis of the materials family then reads the headings
on every page and narrows combined files to page ranges (`Assignment.pages`); what each kind of
evidence said is kept per file (`Recognition`) for DV103 and DV106.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from docvalidator.classify.model import Assignment, Classification, Pages, Recognition, Section
from docvalidator.classify.names import fold, meaningless, normalize_name
from docvalidator.classify.terms import Named, TermIndex, closest, index_of
from docvalidator.schema import Schema

if TYPE_CHECKING:
    from docvalidator.package import SourceFile

__all__ = [
    "Assignment",
    "Classification",
    "Named",
    "Pages",
    "Recognition",
    "Section",
    "TermIndex",
    "classify",
    "closest",
    "fold",
    "index_of",
    "meaningless",
    "name_title",
    "normalize_name",
    "recognise",
    "running_header",
    "title_lines",
    "whole_file",
]


_HEADER_NOISE = re.compile(
    r"^(?:第?\d+页(?:共\d+页)?|-?\d+-?|page\d+(?:of\d+)?|\d{4}年\d{1,2}月\d{1,2}日|(?:文件)?编号[:：].*"
    r"|.{2,30}(?:有限公司|有限责任公司|股份公司|集团|分公司))$",
    re.IGNORECASE,
)


def running_header(line: str) -> bool:
    """A line that heads every page rather than titling one: page number, date, document number,
    the company's letterhead (`line` without spaces, NFKC)."""
    return bool(_HEADER_NOISE.match(line))


def title_lines(text: str, candidates: int = 2, longest: int = 30) -> list[str]:
    """The title of a page: the first short lines once running headers (company name, page
    number, date, document number) are skipped. Body text, which mentions other materials'
    words in passing, never takes part."""
    out: list[str] = []
    for raw in unicodedata.normalize("NFKC", text).splitlines()[:20]:
        line = re.sub(r"\s+", "", raw)
        if not line or running_header(line):
            continue
        if len(line) > longest:
            break
        out.append(line)
        if len(out) >= candidates:
            break
    return out


def name_title(text: str, index: TermIndex) -> tuple[Named, str]:
    """What the title at the top of a page names, and the title line that named it."""
    for line in title_lines(text):
        named = index.name(line, titles=True)
        if named:
            return named, line
    return Named(), ""


def recognise(f: SourceFile, index: TermIndex, title: str = "") -> Recognition:
    """What the file's name, folders and first-page title each say."""
    rec = Recognition(file=f.path, meaningless=meaningless(f.stem))
    named = index.name(f.stem)
    rec.name, rec.name_terms = list(named.materials), dict(named.terms)
    rec.collection = named.collection
    for h in [*named.undecided, *named.hints]:
        if h.material not in rec.hints:
            rec.hints.append(h.material)
            rec.hint_terms[h.material] = h.term
    for folder in reversed([p for p in f.folder.split("/") if p]):
        found = index.name(folder)
        if found:
            rec.folder = list(found.materials)
            break
    if title:
        found, line = name_title(title, index)
        rec.title, rec.title_line = list(found.materials), line
    return rec


def classify(files: Sequence[SourceFile], schema: Schema,
             titles: Mapping[str, str] | None = None) -> Classification:
    """Assign each file to the materials its name names, else its folder, else its first-page
    title. `titles` maps a file's path to the text at the top of its first page (text layer,
    DOCX opening, or OCR)."""
    titles = titles or {}
    index = index_of(schema)
    result = Classification(assignments={m.id: [] for m in schema.materials})
    for f in files:
        rec = recognise(f, index, titles.get(f.path, ""))
        result.recognition[f.path] = rec
        assigned = whole_file(rec)
        if not assigned:
            result.unassigned.append(f.path)
        for a in assigned:
            result.assignments[a.material].append(a)
    return result


def whole_file(rec: Recognition) -> list[Assignment]:
    """What the file's name, else its folder, else its first-page title says it is, for the
    whole file."""
    for via, found, terms in (("name", rec.name, rec.name_terms), ("folder", rec.folder, {}),
                              ("title", rec.title, {})):
        if found:
            return [Assignment(rec.file, m, via, terms.get(m, "")) for m in found]
    return []
