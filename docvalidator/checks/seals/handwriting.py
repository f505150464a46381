"""Is there handwriting next to a signature label? A heuristic, hence a warning (DV303).

Label positions come from the text layer (pypdfium2 search) or, on a scan, from the lines OCR
read on the lower part of the page (the page's OCR for its text, when the run made one). The region searched is around the label: a third of the page to its
right, three and a half label-heights above it (a signature over a right-aligned label) and
two below. Ink is anything dark or blue that is not red (a
seal over the signature is common). Printed text in the strip is made of characters about as
tall as the label's; handwriting is not: a signature's strokes join into taller and wider
shapes, and pens are often blue. So the ink that counts is ink in connected shapes taller than
1.4 label heights, plus blue ink; underlines (thin and wide) do not count.
"""

from __future__ import annotations

import re

import numpy as np

SIGNATURE_VERSION = "signature-3"


def find_labels_in_layer(page, labels: tuple[str, ...]) -> list[tuple[str, list[float]]]:
    """(label, bbox in page fractions, origin top left) of each label in the page's text layer."""
    w, h = page.get_size()
    tp = page.get_textpage()
    out = []
    try:
        for label in labels:
            searcher = tp.search(label, match_case=False, match_whole_word=False)
            hit = searcher.get_next()
            while hit:
                i, n = hit
                boxes = [_charbox(tp, k) for k in range(i, i + n)]
                x0 = min(b[0] for b in boxes)
                x1 = max(b[2] for b in boxes)
                y0 = min(b[1] for b in boxes)
                y1 = max(b[3] for b in boxes)
                out.append((label, [x0 / w, 1 - y1 / h, x1 / w, 1 - y0 / h]))
                hit = searcher.get_next()
            searcher.close()
    finally:
        tp.close()
    return out


def _charbox(tp, index: int) -> tuple[float, float, float, float]:
    """A character's box. Its glyph box, or, when the font is not embedded and no system font
    draws it (the glyph box is then flat), the box its font size gives (pdfium's loose box)."""
    box = tp.get_charbox(index)
    if box[3] - box[1] < 0.5:
        box = tp.get_charbox(index, loose=True)
    return box


def find_labels_by_ocr(rgb: np.ndarray, labels: tuple[str, ...], top: float, bottom: float = 1.0
                       ) -> list[tuple[str, list[float]]]:
    """Labels in OCR lines of the rows of `rgb` from `top` to `bottom` (fractions of its height)."""
    from docvalidator.imaging.ocr import ocr_lines

    h, w = rgb.shape[:2]
    y0 = int(h * top)
    y1 = max(y0 + 1, int(h * bottom))
    return find_labels_in_lines([(text, [bb[0] / w, (bb[1] + y0) / h, bb[2] / w, (bb[3] + y0) / h])
                                 for text, _score, bb in ocr_lines(rgb[y0:y1], trim=True)],
                                labels, top)


# what may follow a label on its own line: its brackets, a colon, 签字/签章/盖章, a blank line
_LABEL_TAIL = re.compile(r"^[（()）:：\s_＿.…·]*(?:签字|签名|签章|盖章|簽字|簽名|签)?[（()）:：\s_＿.…·]*$")
ROWS_ABOVE, ROWS_BELOW = 6, 4  # a joined line is read again with this many line heights around it


def find_labels_near_lines(rgb: np.ndarray, lines: list[tuple[str, list[float]]],
                           labels: tuple[str, ...], top: float) -> list[tuple[str, list[float]]]:
    """Labels on a page whose lines OCR has read already (below `top`). A line that holds a
    label and nothing after it but the label's own tail gives the label's box. A line with more
    (the signature beside the label read as text, one box of no label's height) has its rows
    read again on their own, where the label and the signature come apart."""
    out = []
    for text, bb in lines:
        if bb[1] < top:
            continue
        label = next((lb for lb in labels if lb in text), None)
        if label is None:
            continue
        if _LABEL_TAIL.match(text[text.find(label) + len(label):]):
            out += find_labels_in_lines([(text, bb)], labels, top)
        else:
            lh = bb[3] - bb[1]
            out += find_labels_by_ocr(rgb, labels, max(top, bb[1] - ROWS_ABOVE * lh),
                                      min(1.0, bb[3] + ROWS_BELOW * lh))
    return out


def find_labels_in_lines(lines: list[tuple[str, list[float]]], labels: tuple[str, ...],
                         top: float) -> list[tuple[str, list[float]]]:
    """Labels in a page's OCR'd lines (text, box in page fractions) below `top`."""
    out = []
    for text, bb in lines:
        if bb[1] < top:
            continue
        for label in labels:
            k = text.find(label)
            if k < 0:
                continue
            n = max(len(text), 1)
            x0 = bb[0] + (bb[2] - bb[0]) * k / n
            x1 = bb[0] + (bb[2] - bb[0]) * (k + len(label)) / n
            # the label's line may go on (（签字）：); the strip starts after the line's text
            x_end = bb[2] if text.rstrip().endswith(("：", ":", "）", ")")) else x1
            out.append((label, [x0, bb[1], x_end, bb[3]]))
            break
    return out


def strip_for(label_bbox: list[float]) -> list[float]:
    """Where the signature may be: right of the label, or above it when the label closes a
    right-aligned block (signed over the line), a little below it."""
    x0, y0, x1, y1 = label_bbox
    lh = max(y1 - y0, 0.005)
    return [max(0.0, x0 - 0.1), max(0.0, y0 - 3.5 * lh), min(1.0, x1 + 0.34), min(1.0, y1 + 2 * lh)]


def handwriting_ink(rgb: np.ndarray, strip: list[float], label_h_px: float) -> float:
    """Share of the strip covered by handwriting-like ink (see the module docstring)."""
    import cv2

    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = int(strip[0] * w), int(strip[1] * h), int(strip[2] * w), int(strip[3] * h)
    region = rgb[y0:y1, x0:x1]
    if region.size == 0:
        return 0.0
    r = region[..., 0].astype(np.int16)
    g = region[..., 1].astype(np.int16)
    b = region[..., 2].astype(np.int16)
    gray = (r * 30 + g * 59 + b * 11) // 100
    red = (r - np.maximum(g, b)) > 40
    blue = (b - r) > 25
    ink = ((gray < 120) | blue) & ~red
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    ch = max(label_h_px, 4.0)
    area = 0
    for i in range(1, n):
        _x, _y, _bw, bh, a = stats[i]
        if bh < 0.3 * ch:
            continue  # an underline or a rule
        if bh > 1.4 * ch:  # (not width: printed characters merge into wide runs at 100 dpi)
            area += a
    blue_area = int((blue & ~red & (gray < 200)).sum())
    return float(max(area, blue_area)) / float(region.shape[0] * region.shape[1])
