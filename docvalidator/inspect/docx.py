"""DOCX text: walk the body XML for w:t, which also reaches nested tables, text boxes and
content controls that python-docx's `paragraphs` + `tables` miss. Headers and footers too."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from docvalidator.inspect.types import DocxInfo, PageText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_XML = 64 * 1024 * 1024  # refuse absurd XML parts (zip bombs)


def _paragraphs(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    out = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        text = "".join(parts).strip()
        if text:
            out.append(text)
    return out


def inspect_docx(data: bytes) -> tuple[DocxInfo, list[PageText]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        parts = ["word/document.xml", *sorted(n for n in names if n.startswith(("word/header", "word/footer")) and n.endswith(".xml"))]
        paragraphs: list[str] = []
        for name in parts:
            if name not in names:
                continue
            if z.getinfo(name).file_size > _MAX_XML:
                raise ValueError(f"{name} is larger than {_MAX_XML // 2**20} MiB")
            paragraphs.extend(_paragraphs(z.read(name)))
    info = DocxInfo(paragraphs=paragraphs)
    return info, [PageText(number=1, text="\n".join(paragraphs), source="layer" if paragraphs else "none")]
