"""DOCX text: walk the body XML for w:t, which also reaches nested tables, text boxes and
content controls that python-docx's `paragraphs` + `tables` miss. Headers, footers, footnotes
and endnotes too. One PageText per paragraph, numbered by paragraph (the evidence's locator:
a DOCX has no fixed pages)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from docvalidator.inspect.model import DocxInfo, PageText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_XML = 64 * 1024 * 1024  # refuse absurd XML parts (zip bombs)
_P, _T, _TAB, _BR, _CR = f"{_W}p", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"


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


def _paragraphs(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    out: list[str] = []

    def visit(node: ET.Element) -> None:
        for child in node:
            if child.tag == _P:
                paragraph(child)
            elif child.tag != _MC_FALLBACK:
                visit(child)

    def paragraph(p: ET.Element) -> None:
        parts: list[str] = []
        nested: list[ET.Element] = []
        _runs(p, parts, nested)
        text = "".join(parts).strip()
        if text:
            out.append(text)
        for inner in nested:
            paragraph(inner)

    visit(root)
    return out


def _part_names(names: list[str]) -> list[str]:
    extra = sorted(n for n in names if n.startswith(("word/header", "word/footer")) and n.endswith(".xml"))
    notes = [n for n in ("word/footnotes.xml", "word/endnotes.xml") if n in names]
    return ["word/document.xml", *extra, *notes]


def inspect_docx(data: bytes) -> tuple[DocxInfo, list[PageText]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        paragraphs: list[str] = []
        for name in _part_names(names):
            if name not in names:
                continue
            if z.getinfo(name).file_size > _MAX_XML:
                raise ValueError(f"{name} is larger than {_MAX_XML // 2**20} MiB")
            paragraphs.extend(_paragraphs(z.read(name)))
    info = DocxInfo(paragraphs=paragraphs)
    return info, [PageText(number=n, text=t, source="layer") for n, t in enumerate(paragraphs, 1)]
