"""The headings at the top of each text-layer PDF page, read the way a reader sees them: by type
size, weight and position of each character (pdfium gives its text, font, size, box and
baseline; a page pdfium cannot lay out is read with pdfplumber instead).

A page's body size is the size most of its characters are set in. The lines in the upper part
of the page that stand out — set larger than the body, or bold, or centred and short — are its
headings: level 1 for the page's title (the largest, or a centred bold line at least body size),
level 2 for a sub-heading. Running headers (small type in the top margin) and page numbers are
not headings. Only these few lines are kept per page; what they name is for the checks to say.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from docvalidator.inspect.model import Heading

TOP_PART = 0.45  # headings are looked for in the upper part of the page
MARGIN = 0.07  # running headers sit in the top margin, in type no larger than the body
MAX_LINES = 8  # lines looked at per page
MAX_HEADINGS = 3
LONGEST = 40  # a longer line is body text
_BOLD = re.compile(r"bold|heavy|black|semibold|demi|hei|黑", re.IGNORECASE)
SENTENCE_END = re.compile(r"[。！？；.!?;]$")  # a line that ends a sentence is body text, not a title
_PAGE_NO = re.compile(r"^(?:第\s*\d+\s*页.*|-?\s*\d+\s*-?|page\s*\d+.*|\d+\s*/\s*\d+)$", re.IGNORECASE)


def could_be_title(text: str, longest: int = LONGEST) -> bool:
    """A line (spaces removed) that may be a title: not too long, not a page number, not the
    end of a sentence. PDF, DOCX and OCR'd page tops all ask this."""
    return bool(text) and len(text) <= longest and not _PAGE_NO.match(text) \
        and not SENTENCE_END.search(text)


def pdfium_headings(page: Any, textpage: Any) -> list[Heading] | None:
    """A page's headings from the characters of the text page the inspection already has open;
    None when pdfium cannot lay the page out (no characters, an empty crop box):
    `plumber_headings` reads such pages."""
    chars, width, height = _pdfium_chars(page, textpage)
    if not chars or not height:
        return None
    return _headings(chars, width, height)


def plumber_headings(data: bytes, pages: list[int]) -> dict[int, list[Heading]]:
    """Page number → headings of the pages pdfium could not lay out, read with pdfplumber."""
    if not pages:
        return {}
    import logging

    import pdfplumber

    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    out: dict[int, list[Heading]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for n in pages:
                try:
                    found = _headings(*_plumber_chars(pdf.pages[n - 1]))
                except Exception:  # a page neither can lay out: no headings, the text stays
                    found = []
                if found:
                    out[n] = found
    except Exception:  # a file pdfminer cannot open at all
        pass
    finally:
        quiet.setLevel(level)
    return out


def _pdfium_chars(page: Any, textpage: Any) -> tuple[list[dict], float, float]:
    """The page's visible characters: text, size (the font's, scaled by the text matrix), font
    name, box (top from the page's top edge) and baseline; and the page's width and height."""
    import ctypes

    import pypdfium2.raw as raw

    width, height = page.get_size()
    out: list[dict] = []
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(256)
    fonts: dict[bytes, str] = {}
    for i in range(textpage.count_chars()):
        u = raw.FPDFText_GetUnicode(textpage, i)
        if not 0x20 < u < 0x110000 or 0xD800 <= u <= 0xDFFF or u in (0xFFFE, 0xFFFF) \
                or not chr(u).strip():
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage, i, box):
            continue
        raw.FPDFText_GetCharOrigin(textpage, i, x, y)
        size = raw.FPDFText_GetFontSize(textpage, i)
        if raw.FPDFText_GetMatrix(textpage, i, matrix):
            size *= (matrix.c ** 2 + matrix.d ** 2) ** 0.5 or 1.0
        got = raw.FPDFText_GetFontInfo(textpage, i, name, 256, None)
        key = name.raw[:max(0, got - 1)]
        font = fonts.get(key)
        if font is None:
            font = fonts[key] = key.decode("utf-8", "replace")
        out.append({"text": chr(u), "size": size, "fontname": font, "x0": box.left,
                    "x1": box.right, "top": height - box.top, "base": height - y.value})
    return out, width, height


def _plumber_chars(page: Any) -> tuple[list[dict], float, float]:
    """The same characters as `_pdfium_chars`, from a pdfplumber page (closed after)."""
    try:
        chars = [{"text": c.get("text", ""), "size": float(c["size"]),
                  "fontname": str(c.get("fontname", "")), "x0": float(c["x0"]),
                  "x1": float(c["x1"]), "top": float(c["top"]), "base": float(c["bottom"])}
                 for c in page.chars if c.get("text", "").strip()]
        return chars, float(page.width), float(page.height)
    finally:
        page.close()


def _lines(chars: list[dict], tolerance: float = 3.0) -> list[dict]:
    """Characters on one baseline (within `tolerance` points) are a line, top to bottom."""
    lines: list[dict] = []
    for ch in sorted(chars, key=lambda c: (c["base"], c["x0"])):
        if lines and abs(ch["base"] - lines[-1]["base"]) <= tolerance:
            lines[-1]["chars"].append(ch)
        else:
            lines.append({"base": ch["base"], "chars": [ch]})
    for line in lines:
        line["chars"].sort(key=lambda c: c["x0"])
        line["text"] = "".join(c["text"] for c in line["chars"])
        line["x0"] = min(c["x0"] for c in line["chars"])
        line["x1"] = max(c["x1"] for c in line["chars"])
        line["top"] = min(c["top"] for c in line["chars"])
    return sorted(lines, key=lambda line: line["top"])


def _headings(chars: list[dict], width: float, height: float) -> list[Heading]:
    if not chars or not height:
        return []
    sizes = Counter(round(float(c["size"]) * 2) / 2 for c in chars)
    body = sizes.most_common(1)[0][0] or 1.0
    width = width or 1.0
    # a page set all in a heavy face (a Hei font for everything) says nothing by its weight
    plain_bold = sum(bool(_BOLD.search(c["fontname"])) for c in chars) * 2 > len(chars)
    lines = _lines(chars)
    candidates = []
    for line in lines[:MAX_LINES]:
        top = float(line["top"]) / height
        if top > TOP_PART:
            break
        text = re.sub(r"\s+", "", line["text"])
        lchars = line["chars"]
        if not could_be_title(text):
            continue
        size = max(float(c["size"]) for c in lchars)
        ratio = size / body
        if top < MARGIN and ratio <= 1.0 and len(lines) > 2:
            continue  # running header
        bold = not plain_bold and \
            sum(bool(_BOLD.search(c["fontname"])) for c in lchars) * 2 > len(lchars)
        mid = (float(line["x0"]) + float(line["x1"])) / 2
        centred = abs(mid - width / 2) < width * 0.08 and float(line["x0"]) > width * 0.15
        candidates.append((text, ratio, bold, centred, top))
    out: list[Heading] = []
    biggest = max((c[1] for c in candidates), default=0.0)
    alone = len(lines) <= 2  # a page of one caption (a photo page): its line is its title
    for text, ratio, bold, centred, top in candidates:
        if (ratio >= 1.25 and ratio >= biggest - 0.01) or (centred and bold and ratio >= 1.0) \
                or (alone and not out):
            level = 1
        elif ratio >= 1.08 or bold or (centred and len(text) <= 20 and ratio >= 1.0):
            level = 2
        else:
            continue
        out.append(Heading(text=text, level=level, top=round(top, 3), size=round(ratio, 2)))
        if len(out) >= MAX_HEADINGS:
            break
    return out
