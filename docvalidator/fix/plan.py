"""What the fixed package will hold: one `Target` per output file, from one source file or
several (merged), converted to PDF where the material does not take the source's format, and
named as it was (`--names keep`) or by the schema's numbered scheme (`--names canonical`).

The numbered scheme is the one `docvalidator init` lays out: the material's position in the
schema and its name, `03-营业执照副本.pdf`; a material that takes several files numbers them
(`06-主要管理、技术人员名单及身份证-1.pdf`, `-2` …) in the order of their old paths. A material
that takes one file but has several is merged into one PDF only when the files are numbered
pieces of one document (`章程1.pdf`, `章程2.pdf`); two files competing for it (a licence scanned
twice) need a person to choose, and are left as they are. A file that holds several materials
(a combined document) keeps its name. A new name is kept only if the classifier assigns it to
the same material as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docvalidator.classify import Classification, classify, normalize_name
from docvalidator.fix.convert import OFFICE_KINDS
from docvalidator.package import SourceFile
from docvalidator.package.kinds import IMAGE_KINDS, KIND_EXT, KIND_TO_FORMAT
from docvalidator.scaffold import numbered_name
from docvalidator.schema import Material, Schema

_PIECE = re.compile(r"^(.*?)[-_\s（(第]*(\d{1,3})[)）部分页]*$")


@dataclass
class Target:
    path: str  # in the fixed package
    sources: list[SourceFile]
    material: str | None = None
    convert: bool = False  # to PDF (the material does not take the source's format)
    actions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def needs_pdf(f: SourceFile, m: Material | None) -> bool:
    """The file is a Word/Office file or an image where the material takes PDF, not that
    (whatever its extension claims: a JPEG named .pdf becomes the PDF its name promised)."""
    if m is None or "pdf" not in m.formats:
        return False
    if KIND_TO_FORMAT.get(f.kind) in m.formats:
        return False
    return f.kind in OFFICE_KINDS or f.kind in IMAGE_KINDS


def _true_name(f: SourceFile, m: Material | None) -> str | None:
    """A file whose extension lies about its bytes, of a format the material takes: the same
    name with the extension of what it holds (a JPEG named .pdf → .jpg). None otherwise."""
    if m is None or f.ext_matches_kind or f.kind not in KIND_EXT or KIND_TO_FORMAT.get(f.kind) not in m.formats:
        return None
    stem = f.path.rsplit(".", 1)[0] if "." in f.name else f.path
    return f"{stem}.{KIND_EXT[f.kind]}"


def _pdf_name(path: str) -> str:
    stem = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
    return stem + ".pdf"


def _pieces(files: list[SourceFile]) -> list[SourceFile] | None:
    """Files named as numbered pieces of one document (same name, different numbers), in
    number order; None when they are not."""
    keyed = []
    for f in files:
        m = _PIECE.match(normalize_name(f.stem) or f.stem)
        if m is None:
            return None
        keyed.append((m.group(1), int(m.group(2)), f))
    if len({k[0] for k in keyed}) != 1 or len({k[1] for k in keyed}) != len(keyed):
        return None
    return [f for _stem, _n, f in sorted(keyed, key=lambda k: k[1])]


def _classifies_back(name: str, f: SourceFile, schema: Schema, material: str) -> bool:
    probe = SourceFile(name, f.size, f.sha256, f.kind, name.rsplit(".", 1)[-1].lower(), f.origin)
    return bool(classify([probe], schema).assignments.get(material))


def plan(files: tuple[SourceFile, ...], schema: Schema, cls: Classification,
         canonical: bool) -> list[Target]:
    by_path = {f.path: f for f in files}
    targets: list[Target] = []
    placed: set[str] = set()
    serves: dict[str, list[str]] = {}
    for m in schema.materials:
        for p in cls.files_of(m.id):
            serves.setdefault(p, []).append(m.name)
    for path, names in serves.items():  # a combined document: one file, several materials
        if len(names) > 1 and path in by_path:
            t = Target(path, [by_path[path]])
            if canonical:
                t.notes.append(f"一个文件含多项材料（{'、'.join(names)}），保留原文件名")
            targets.append(t)
            placed.add(path)
    for index, m in enumerate(schema.materials, 1):
        mine = [by_path[p] for p in cls.files_of(m.id) if p in by_path and p not in placed]
        if not mine:
            continue
        order = None if m.multiple or len(mine) < 2 or not canonical else _pieces(mine)
        name = f"{numbered_name(schema, index)}.pdf"
        if order is not None and all(f.kind == "pdf" or needs_pdf(f, m) for f in order) \
                and _classifies_back(name, order[0], schema, m.id):
            t = Target(name, order, m.id, convert=any(needs_pdf(f, m) for f in order))
            t.actions.append("merged")
            targets.append(t)
            placed.update(f.path for f in order)
            continue
        competing = not m.multiple and len(mine) > 1
        for k, f in enumerate(sorted(mine, key=lambda f: f.path), 1):
            conv = needs_pdf(f, m)
            path = _pdf_name(f.path) if conv else (_true_name(f, m) or f.path)
            t = Target(path, [f], m.id, convert=conv)
            if competing:
                t.notes.append(f"“{m.name}”只应提交一个文件，现有 {len(mine)} 个且不是同一文件的组成部分，"
                               "需人工确定保留哪一个；未重命名、未合并")
            elif canonical:
                ext = "pdf" if conv else (KIND_EXT[f.kind] if _true_name(f, m) else (f.ext or ""))
                stem = numbered_name(schema, index) + (f"-{k}" if m.multiple and len(mine) > 1 else "")
                name = f"{stem}.{ext}" if ext else stem
                if _classifies_back(name, f, schema, m.id):
                    t.path = name
                else:
                    t.notes.append(f"规范名称“{name}”无法被识别为“{m.name}”，保留原文件名")
            targets.append(t)
            placed.add(f.path)
    for f in files:
        if f.path not in placed:
            targets.append(Target(f.path, [f]))
    _unique(targets)
    for t in targets:
        if t.convert:
            t.actions.append("converted")
        if len(t.sources) == 1:
            kept = _pdf_name(t.sources[0].path) if t.convert else t.sources[0].path
            if t.path != kept:
                t.actions.append("renamed")
    return sorted(targets, key=lambda t: t.path)


def _unique(targets: list[Target]) -> None:
    seen: set[str] = set()
    for t in targets:
        if t.path.lower() in seen:
            stem, dot, ext = t.path.rpartition(".")
            n = 2
            while f"{stem}（{n}）{dot}{ext}".lower() in seen:
                n += 1
            t.path = f"{stem}（{n}）{dot}{ext}"
        seen.add(t.path.lower())
