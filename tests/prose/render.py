"""Render the real-prose documents (tests/data/prose/documents) deterministically: DOCX with
heading styles, Word-numbered lists and real tables; text PDFs with an embedded font; scans
(PIL pages through the fixtures' scanner look, JPEG in an image-only PDF). The font is the
checked-in subset fixtures/fonts/wqy-zenhei-prose-subset.ttf, never a system font.

Block kinds: {heading, level}, {para}, {list: [...], style: "一、|（一）|1.|（1）"},
{table: {header, rows}}.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from fixtures._pdf import make_pdf_from_images
from fixtures._render import scanify, seed_of

FONT_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "fonts" / "wqy-zenhei-prose-subset.ttf"
CN = "一二三四五六七八九十"


def marker(style: str, n: int) -> str:
    """The n-th (1-based) list marker in a style."""
    cn = CN[n - 1] if n <= 10 else str(n)
    return {"一、": f"{cn}、", "（一）": f"（{cn}）", "1.": f"{n}.", "（1）": f"（{n}）"}.get(style, f"{n}.")


def lines_of(doc: dict) -> list[tuple[str, str]]:
    """(kind, text) lines as printed: kind title|heading|para|row|header."""
    out: list[tuple[str, str]] = []
    for b in doc["blocks"]:
        if "heading" in b:
            out.append(("title" if b.get("level", 1) == 0 else "heading", b["heading"]))
        elif "para" in b:
            out.append(("para", b["para"]))
        elif "list" in b:
            for n, item in enumerate(b["list"], 1):
                out.append(("para", marker(b.get("style", "1."), n) + item))
        elif "table" in b:
            out.append(("header", b["table"]["header"]))
            out += [("row", r) for r in b["table"]["rows"]]
    return out


# --- DOCX ----------------------------------------------------------------------------------

def render_docx(doc: dict) -> bytes:
    from docx import Document
    from docx.shared import Pt

    from fixtures._docx import FIXED, _cjk, _fix_zip

    d = Document()
    d.styles["Normal"].font.size = Pt(10.5)
    for b in doc["blocks"]:
        if "heading" in b:
            h = d.add_heading(level=min(int(b.get("level", 1)), 9))
            _cjk(h.add_run(b["heading"]), "黑体")
        elif "para" in b:
            _cjk(d.add_paragraph().add_run(b["para"]))
        elif "list" in b:
            style = b.get("style", "1.")
            for n, item in enumerate(b["list"], 1):
                if style == "1.":  # Word numbering: the number is not in the text
                    _cjk(d.add_paragraph(style="List Number").add_run(item))
                else:
                    _cjk(d.add_paragraph().add_run(marker(style, n) + item))
        elif "table" in b:
            header, rows = b["table"]["header"], b["table"]["rows"]
            t = d.add_table(rows=1, cols=len(header))
            t.style = "Table Grid"
            for c, text in zip(t.rows[0].cells, header, strict=True):
                c.text = str(text)
            for r in rows:
                for c, text in zip(t.add_row().cells, r, strict=True):
                    c.text = str(text)
    cp = d.core_properties
    cp.title, cp.author, cp.created, cp.modified = doc.get("title", ""), "", FIXED, FIXED
    buf = io.BytesIO()
    d.save(buf)
    return _fix_zip(buf.getvalue())


# --- text PDF ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("ProseHei", str(FONT_PATH)))
    return "ProseHei"


def render_text_pdf(doc: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    f = _pdf_font()
    title = ParagraphStyle("t", fontName=f, fontSize=16, leading=24, alignment=1, spaceAfter=8, wordWrap="CJK")
    head = ParagraphStyle("h", fontName=f, fontSize=12.5, leading=20, spaceBefore=6, spaceAfter=3, wordWrap="CJK")
    body = ParagraphStyle("p", fontName=f, fontSize=10.5, leading=18, firstLineIndent=21, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=f, fontSize=9.5, leading=14, wordWrap="CJK")

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story: list = []
    for b in doc["blocks"]:
        if "heading" in b:
            story.append(Paragraph(esc(b["heading"]), title if b.get("level", 1) == 0 else head))
        elif "para" in b:
            story.append(Paragraph(esc(b["para"]), body))
        elif "list" in b:
            story += [Paragraph(esc(marker(b.get("style", "1."), n) + item), body)
                      for n, item in enumerate(b["list"], 1)]
        elif "table" in b:
            rows = [b["table"]["header"], *b["table"]["rows"]]
            t = Table([[Paragraph(esc(str(c)), cell) for c in r] for r in rows],
                      colWidths=[160 * mm / len(rows[0])] * len(rows[0]))
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story += [t, Spacer(1, 3 * mm)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
                      bottomMargin=22 * mm, title=doc.get("title", ""), author="", creator="",
                      producer="", subject="", invariant=1).build(story)
    return buf.getvalue()


# --- scan ----------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size, layout_engine=ImageFont.Layout.BASIC)


def _wrap(text: str, size: int, width: float) -> list[str]:
    out, cur, f = [], "", _font(size)
    for ch in text:
        if cur and f.getlength(cur + ch) > width:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    return [*out, cur] if cur else out


def render_scan_pdf(doc: dict, dpi: int = 150) -> bytes:
    """Scanned pages: the document printed in the prose font, skewed, noisy, JPEG."""
    px = dpi / 25.4
    w, h = round(210 * px), round(297 * px)
    left, right, top, bottom = round(22 * px), w - round(22 * px), round(24 * px), h - round(24 * px)
    pages: list[Image.Image] = []
    img = d = None
    y = bottom

    def new_page():
        nonlocal img, d, y
        img = Image.new("RGB", (w, h), (255, 255, 255))
        d = ImageDraw.Draw(img)
        pages.append(img)
        y = top

    body = round(10.5 / 72 * dpi)
    for kind, text in lines_of(doc):
        if kind in ("header", "row"):
            cols = len(text)
            cw = (right - left) / cols
            wrapped = [_wrap(str(c), body, cw - 12) for c in text]
            rh = max(len(x) for x in wrapped) * round(body * 1.6) + 12
            if y + rh > bottom:
                new_page()
            for i, cl in enumerate(wrapped):
                x0 = left + i * cw
                d.rectangle((x0, y, x0 + cw, y + rh), outline=(20, 20, 20), width=2)
                for j, ln in enumerate(cl):
                    d.text((x0 + 6, y + 6 + j * round(body * 1.6)), ln, font=_font(body), fill=(20, 20, 20))
            y += rh
            continue
        size = {"title": round(16 / 72 * dpi), "heading": round(12.5 / 72 * dpi)}.get(kind, body)
        indent = 2 * size if kind == "para" else 0
        for n, ln in enumerate(_wrap(text, size, right - left - indent)):
            if img is None or y + size * 1.7 > bottom:
                new_page()
            x = left + (indent if n == 0 else 0)
            if kind == "title":
                x = left + (right - left - _font(size).getlength(ln)) / 2
            d.text((x, y), ln, font=_font(size), fill=(20, 20, 20))
            y += round(size * 1.7)
        y += round(body * 0.5)
    seed = seed_of(doc["id"])
    scans = [scanify(p, seed + i, skew=0.5, noise=2.5, blur=0.45, color=False) for i, p in enumerate(pages)]
    return make_pdf_from_images(scans, dpi=dpi, quality=75, max_bytes=190_000, title=doc.get("title", ""))


RENDER = {"docx": (render_docx, "docx"), "text-pdf": (render_text_pdf, "pdf"), "scan-pdf": (render_scan_pdf, "pdf")}


def render(doc: dict) -> tuple[bytes, str]:
    """(file bytes, extension) of a document in its own render."""
    fn, ext = RENDER[doc["render"]]
    return fn(doc), ext
