"""DOCX text: walk the body XML for w:t, which also reaches nested tables, text boxes and
content controls that python-docx's `paragraphs` + `tables` miss. Headers, footers, footnotes
and endnotes too. One PageText per paragraph, numbered by paragraph (the evidence's locator:
a DOCX has no fixed pages).

Each paragraph also keeps where it sits, for readers that need a document's structure (the
clause engine gives a heading's subject to the items under it): its heading level (from the
paragraph's or its style's outline level, or a "heading N"/"title" style name), its list level
when Word numbers it (w:numPr — the number itself is not in the text), and the (table, row,
column) of a table cell's paragraph."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from docvalidator.inspect.model import DocxInfo, PageText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_XML = 64 * 1024 * 1024  # refuse absurd XML parts (zip bombs)
_P, _T, _TAB, _BR, _CR = f"{_W}p", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_TBL, _TR, _TC, _PPR = f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}pPr"
_VAL = f"{_W}val"
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


@dataclass(frozen=True)
class _Style:
    level: int | None  # heading level, 1 = top; 0 = title
    numbered: bool


def _styles(xml: bytes | None) -> dict[str, _Style]:
    """styleId → heading level and numbering, following basedOn."""
    if not xml:
        return {}
    root = ET.fromstring(xml)
    raw: dict[str, tuple[int | None, bool, str | None]] = {}
    for st in root.iter(f"{_W}style"):
        sid = st.get(f"{_W}styleId")
        if not sid:
            continue
        name_el = st.find(f"{_W}name")
        name = (name_el.get(_VAL) if name_el is not None else "") or ""
        level = None
        m = _HEADING_NAME.match(name.strip())
        if m:
            level = int(m.group(1))
        elif name.strip().lower() in ("title", "标题"):
            level = 0
        ppr = st.find(_PPR)
        if ppr is not None:
            ol = ppr.find(f"{_W}outlineLvl")
            if ol is not None and (ol.get(_VAL) or "").isdigit() and int(ol.get(_VAL)) < 9:
                level = int(ol.get(_VAL)) + 1
        numbered = ppr is not None and ppr.find(f"{_W}numPr") is not None
        based = st.find(f"{_W}basedOn")
        raw[sid] = (level, numbered, based.get(_VAL) if based is not None else None)

    def resolve(sid: str, depth: int = 0) -> _Style:
        level, numbered, based = raw[sid]
        if based in raw and depth < 10 and (level is None or not numbered):
            parent = resolve(based, depth + 1)
            level = level if level is not None else parent.level
            numbered = numbered or parent.numbered
        return _Style(level, numbered)

    return {sid: resolve(sid) for sid in raw}


def _runs(node: ET.Element, parts: list[str], nested: list[ET.Element]) -> None:
    """The text of one paragraph, in document order. A paragraph inside it (a text box) is
    queued as its own paragraph; the VML fallback copy of a drawing is skipped."""
    for child in node:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _MC_FALLBACK:
            continue
        elif tag == _P:
            nested.append(child)
        else:
            _runs(child, parts, nested)


def _layout(p: ET.Element, styles: dict[str, _Style]) -> dict:
    """Heading level, list level and numbering of a paragraph, from its own properties or
    its style."""
    out: dict = {}
    ppr = p.find(_PPR)
    style = None
    if ppr is not None:
        ps = ppr.find(f"{_W}pStyle")
        style = styles.get(ps.get(_VAL)) if ps is not None else None
        ol = ppr.find(f"{_W}outlineLvl")
        if ol is not None and (ol.get(_VAL) or "").isdigit() and int(ol.get(_VAL)) < 9:
            out["level"] = int(ol.get(_VAL)) + 1
        num = ppr.find(f"{_W}numPr")
        if num is not None:
            ilvl = num.find(f"{_W}ilvl")
            val = ilvl.get(_VAL) if ilvl is not None else "0"
            out["list_level"] = int(val) if (val or "").isdigit() else 0
    if style is not None:
        if "level" not in out and style.level is not None:
            out["level"] = style.level
        if "list_level" not in out and style.numbered:
            out["list_level"] = 0
    return out


def _paragraphs(xml: bytes, styles: dict[str, _Style]) -> list[tuple[str, dict]]:
    root = ET.fromstring(xml)
    out: list[tuple[str, dict]] = []
    tables = [0]

    def visit(node: ET.Element, cell: list[int] | None) -> None:
        for child in node:
            if child.tag == _P:
                paragraph(child, cell)
            elif child.tag == _TBL:
                table(child)
            elif child.tag != _MC_FALLBACK:
                visit(child, cell)

    def table(tbl: ET.Element) -> None:
        index = tables[0]
        tables[0] += 1
        for r, tr in enumerate(tbl.findall(_TR)):
            for c, tc in enumerate(tr.findall(_TC)):
                visit(tc, [index, r, c])

    def paragraph(p: ET.Element, cell: list[int] | None) -> None:
        parts: list[str] = []
        nested: list[ET.Element] = []
        _runs(p, parts, nested)
        text = "".join(parts).strip()
        if text:
            layout = _layout(p, styles)
            if cell is not None:
                layout["table"] = cell
            out.append((text, layout))
        for inner in nested:
            paragraph(inner, None)

    visit(root, None)
    return out


def _part_names(names: list[str]) -> list[str]:
    extra = sorted(n for n in names if n.startswith(("word/header", "word/footer")) and n.endswith(".xml"))
    notes = [n for n in ("word/footnotes.xml", "word/endnotes.xml") if n in names]
    return ["word/document.xml", *extra, *notes]


def _read(z: zipfile.ZipFile, name: str) -> bytes:
    if z.getinfo(name).file_size > _MAX_XML:
        raise ValueError(f"{name} is larger than {_MAX_XML // 2**20} MiB")
    return z.read(name)


def inspect_docx(data: bytes) -> tuple[DocxInfo, list[PageText]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        styles = _styles(_read(z, "word/styles.xml") if "word/styles.xml" in names else None)
        paragraphs: list[tuple[str, dict]] = []
        for name in _part_names(names):
            if name in names:
                paragraphs.extend(_paragraphs(_read(z, name), styles if name == "word/document.xml" else {}))
    info = DocxInfo(paragraphs=[t for t, _ in paragraphs])
    return info, [PageText(number=n, text=t, source="layer", **layout)
                  for n, (t, layout) in enumerate(paragraphs, 1)]
