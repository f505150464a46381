"""DOCX text: walk the body XML for w:t, which also reaches nested tables, text boxes and
content controls that python-docx's `paragraphs` + `tables` miss. Headers, footers, footnotes
and endnotes too. One PageText per paragraph, numbered by paragraph (the evidence's locator:
a DOCX has no fixed pages).

What a reader sees is kept as well: which paragraphs are headings (a heading or title style,
an outline level, or a short bold or large paragraph set apart) — for finding the sections of a
combined document; the page each body paragraph starts on, counted from the page breaks Word
writes (explicit breaks, "page break before", section breaks and the last-rendered page breaks
of a saved document); and where each paragraph sits, for the clause engine, which gives a
heading's subject to the items under it: its heading level (0 title, 1 top: the paragraph's or
its style's outline level, or a "heading N"/"title" style name), its list level when Word numbers
it (w:numPr — the number itself is not in the text), and the (table, row, column) of a table
cell's paragraph."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from xml.etree import ElementTree as ET

from docvalidator.inspect.headings import could_be_title
from docvalidator.inspect.model import DocxInfo, Heading, PageText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_XML = 64 * 1024 * 1024  # refuse absurd XML parts (zip bombs)
_P, _R, _T, _TAB, _BR, _CR = f"{_W}p", f"{_W}r", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_PPR, _RPR, _VAL = f"{_W}pPr", f"{_W}rPr", f"{_W}val"
_TBL, _TR, _TC = f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_RENDERED_BREAK = f"{_W}lastRenderedPageBreak"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$|^(?:title|标题|题目)$", re.IGNORECASE)
SHORT = 40  # a longer paragraph is body text, whatever its type


@dataclass
class _Style:
    bold: bool = False
    size: float | None = None  # half-points
    centred: bool = False
    outline: int | None = None  # the structure's level: 0 title, 1 top heading, …
    numbered: bool = False  # Word numbers its paragraphs (w:numPr in the style)

    @property
    def level(self) -> int | None:
        """Its heading level (a title counts as a top heading), None for body text."""
        return None if self.outline is None else max(1, self.outline)


@dataclass
class _Para:
    text: str
    page: int
    style: _Style
    layout: dict  # PageText's level, list_level, table


def _on(el: ET.Element | None) -> bool:
    return el is not None and el.get(_VAL, "true") not in ("0", "false", "off")


def _styles(xml: bytes | None) -> tuple[dict[str, _Style], float]:
    """styleId → what the style makes a paragraph look like; and the document's body size."""
    out: dict[str, _Style] = {}
    body = 21.0  # 10.5 pt
    if not xml:
        return out, body
    root = ET.fromstring(xml)
    default = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}sz")
    if default is not None and default.get(_VAL, "").isdigit():
        body = float(default.get(_VAL))
    based: dict[str, str] = {}
    for s in root.findall(f"{_W}style"):
        sid = s.get(f"{_W}styleId", "")
        name = (s.find(f"{_W}name").get(_VAL, "") if s.find(f"{_W}name") is not None else "")
        st = _Style()
        m = _HEADING_STYLE.match(name.strip())
        if m:
            st.outline = int(m.group(1)) if m.group(1) else 0
        ppr, rpr = s.find(_PPR), s.find(_RPR)
        if ppr is not None:
            outline = _outline_level(ppr)
            if outline is not None:
                st.outline = outline
            jc = ppr.find(f"{_W}jc")
            st.centred = jc is not None and jc.get(_VAL) == "center"
            st.numbered = ppr.find(f"{_W}numPr") is not None
        if rpr is not None:
            st.bold = _on(rpr.find(f"{_W}b"))
            sz = rpr.find(f"{_W}sz")
            if sz is not None and sz.get(_VAL, "").isdigit():
                st.size = float(sz.get(_VAL))
        basis = s.find(f"{_W}basedOn")
        if basis is not None:
            based[sid] = basis.get(_VAL, "")
        out[sid] = st
    for _ in range(10):  # follow basedOn chains (Word writes short ones)
        for sid, parent in based.items():
            st, up = out[sid], out.get(parent)
            if up is not None:
                st.bold = st.bold or up.bold
                st.size = st.size or up.size
                st.centred = st.centred or up.centred
                st.outline = st.outline if st.outline is not None else up.outline
                st.numbered = st.numbered or up.numbered
    return out, body


def _layout(ppr: ET.Element | None, style_id: str | None, styles: dict[str, _Style]) -> dict:
    """Heading level, list level of a paragraph, from its own properties or its style."""
    out: dict = {}
    style = styles.get(style_id or "")
    if ppr is not None:
        outline = _outline_level(ppr)
        if outline is not None:
            out["level"] = outline
        num = ppr.find(f"{_W}numPr")
        if num is not None:
            ilvl = num.find(f"{_W}ilvl")
            val = ilvl.get(_VAL) if ilvl is not None else "0"
            out["list_level"] = int(val) if (val or "").isdigit() else 0
    if style is not None:
        if "level" not in out and style.outline is not None:
            out["level"] = style.outline
        if "list_level" not in out and style.numbered:
            out["list_level"] = 0
    return out


def _paragraphs(xml: bytes, styles: dict[str, _Style], body: bool) -> list[_Para]:
    root = ET.fromstring(xml)
    out: list[_Para] = []
    page = [1 if body else 0]
    tables = [0]

    def turn() -> int:
        if body:
            page[0] += 1
        return page[0]

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
        ppr = p.find(_PPR)
        style = _own_style(ppr, styles)
        if ppr is not None and _on(ppr.find(f"{_W}pageBreakBefore")) and out:
            turn()
        start = [page[0]]
        _runs(p, parts, nested, start, turn, style)
        text = "".join(parts).strip()
        if text:
            ps = ppr.find(f"{_W}pStyle") if ppr is not None else None
            layout = _layout(ppr, ps.get(_VAL) if ps is not None else None, styles if body else {})
            if cell is not None:
                layout["table"] = cell
            out.append(_Para(text, start[0], style, layout))
        section = ppr.find(f"{_W}sectPr") if ppr is not None else None
        if section is not None:
            kind = section.find(f"{_W}type")
            if kind is None or kind.get(_VAL) != "continuous":
                turn()
        for inner in nested:
            paragraph(inner, None)

    visit(root, None)
    return out


def _outline_level(ppr: ET.Element) -> int | None:
    """The heading level (1 = top) of Word's outline level in a paragraph's or style's
    properties; None when it has none (or 9, body text)."""
    ol = ppr.find(f"{_W}outlineLvl")
    value = ol.get(_VAL, "") if ol is not None else ""
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def _own_style(ppr: ET.Element | None, styles: dict[str, _Style]) -> _Style:
    base = _Style()
    if ppr is not None:
        ps = ppr.find(f"{_W}pStyle")
        if ps is not None:
            got = styles.get(ps.get(_VAL, ""))
            if got is not None:
                base = replace(got)
        outline = _outline_level(ppr)
        if outline is not None:  # the paragraph's own outline level over its style's
            base.outline = outline
        jc = ppr.find(f"{_W}jc")
        if jc is not None:
            base.centred = jc.get(_VAL) == "center"
    return base


def _runs(node: ET.Element, parts: list[str], nested: list[ET.Element], start: list[int],
          turn, style: _Style) -> None:
    """The text of one paragraph, in document order. A paragraph inside it (a text box) is
    queued as its own paragraph; the VML fallback copy of a drawing is skipped. Page breaks
    move the page counter (one before any text moves the paragraph's own start)."""
    bold, sizes = [], []
    for run in _text_runs(node):
        rpr = run.find(_RPR)
        if rpr is None:
            bold.append(False)
            continue
        bold.append(_on(rpr.find(f"{_W}b")))
        sz = rpr.find(f"{_W}sz")
        if sz is not None and sz.get(_VAL, "").isdigit():
            sizes.append(float(sz.get(_VAL)))
    if bold and all(bold):
        style.bold = True
    if sizes:
        style.size = max(sizes)
    _walk(node, parts, nested, start, turn)


def _text_runs(node: ET.Element):
    """The runs that show this paragraph's text: not the paragraph mark's properties (pPr/rPr,
    how an empty line would look), not a text box's own paragraphs, not a drawing's fallback."""
    for child in node:
        if child.tag in (_PPR, _P, _MC_FALLBACK):
            continue
        if child.tag == _R:
            if any((t.text or "").strip() for t in child.findall(_T)):
                yield child
        else:
            yield from _text_runs(child)


def _walk(node: ET.Element, parts: list[str], nested: list[ET.Element], start: list[int], turn) -> None:
    for child in node:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif (tag == _BR and child.get(f"{_W}type") == "page") or tag == _RENDERED_BREAK:
            now = turn()
            if not "".join(parts).strip():
                start[0] = now  # the break comes first: the paragraph starts on the new page
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _MC_FALLBACK:
            continue
        elif tag == _P:
            nested.append(child)
        else:
            _walk(child, parts, nested, start, turn)


def _heading(para: _Para, body: float) -> Heading | None:
    st, text = para.style, re.sub(r"\s+", "", para.text)
    if not could_be_title(text, SHORT):  # a sentence (or a page number), not a title
        return None
    ratio = (st.size or body) / body
    if st.level is not None:
        return Heading(text=text, level=1 if st.level <= 1 else 2, size=round(ratio, 2))
    if ratio >= 1.3 or (st.bold and st.centred):
        return Heading(text=text, level=1, size=round(ratio, 2))
    if st.bold or ratio >= 1.1:
        return Heading(text=text, level=2, size=round(ratio, 2))
    return None


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
        styles, body = _styles(_read(z, "word/styles.xml") if "word/styles.xml" in names else None)
        paras: list[_Para] = []
        for name in _part_names(names):
            if name in names:
                paras.extend(_paragraphs(_read(z, name), styles, name == "word/document.xml"))
    info = DocxInfo(paragraphs=[p.text for p in paras], pages=[p.page for p in paras])
    texts = []
    for n, p in enumerate(paras, 1):
        head = _heading(p, body) if p.page else None
        texts.append(PageText(number=n, text=p.text, source="layer", headings=[head] if head else [],
                              **p.layout))
    return info, texts
