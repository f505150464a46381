"""The headings at the top of each text-layer PDF page, read the way a reader sees them: by type
size, weight and position (pdfplumber gives each character's font, size and box).

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


def page_headings(data: bytes, pages: list[int]) -> dict[int, list[Heading]]:
    """Page number → its headings, for the given (1-based) pages of a PDF."""
    if not pages:
        return {}
    import pdfplumber  # imported only when a PDF is inspected (not on a warm, cached run)

    out: dict[int, list[Heading]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n in pages:
            if n > len(pdf.pages):
                continue
            page = pdf.pages[n - 1]
            try:
                found = _headings(page)
            except Exception:  # a page pdfminer cannot lay out: no headings, the text stays
                found = []
            finally:
                page.close()
            if found:
                out[n] = found
    return out


def _headings(page: Any) -> list[Heading]:
    chars = [c for c in page.chars if c.get("text", "").strip()]
    if not chars:
        return []
    sizes = Counter(round(float(c["size"]) * 2) / 2 for c in chars)
    body = sizes.most_common(1)[0][0] or 1.0
    width, height = float(page.width) or 1.0, float(page.height) or 1.0
    # a page set all in a heavy face (a Hei font for everything) says nothing by its weight
    plain_bold = sum(bool(_BOLD.search(str(c.get("fontname", "")))) for c in chars) * 2 > len(chars)
    lines = page.extract_text_lines(return_chars=True, strip=True)
    candidates = []
    for line in lines[:MAX_LINES]:
        top = float(line["top"]) / height
        if top > TOP_PART:
            break
        text = re.sub(r"\s+", "", line["text"])
        lchars = [c for c in line["chars"] if c.get("text", "").strip()]
        if not text or not lchars or len(text) > LONGEST or _PAGE_NO.match(text) \
                or SENTENCE_END.search(text):
            continue
        size = max(float(c["size"]) for c in lchars)
        ratio = size / body
        if top < MARGIN and ratio <= 1.0 and len(lines) > 2:
            continue  # running header
        bold = not plain_bold and \
            sum(bool(_BOLD.search(str(c.get("fontname", "")))) for c in lchars) * 2 > len(lchars)
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
