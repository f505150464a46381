"""Workstations in a venue photo: RGB ndarray → boxes. Pure; no I/O.

Heuristic (no model): a workstation has a monitor, and a monitor that is switched on is a
lighter screen framed by a dark bezel. So: threshold the dark pixels, take the holes of the
dark regions (contour hierarchy), and keep the holes that look like a screen — a filled,
roughly rectangular quadrilateral, landscape (1.0–2.8 : 1), not tiny and not huge relative
to the photo, clearly lighter than its frame, and with a frame that is thin for its size. Each
screen is one seat. Measured on held-out photos with known counts (bench/README.md).

An optional ONNX detector (docvalidator.checks.photos.seat_model) replaces this when configured.
"""

from __future__ import annotations

import numpy as np

SEATS_VERSION = "seats-1"


def find_screens(rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1, px) of lit screens in dark bezels."""
    import cv2

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    gray = cv2.GaussianBlur(gray, (3, 3), 0)
    h, w = gray.shape
    dark_level = min(60.0, float(np.percentile(gray, 5)) + 40.0)
    dark = (gray < dark_level).astype(np.uint8)
    contours, hierarchy = cv2.findContours(dark, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    img_area = float(h * w)
    out = []
    for i, cnt in enumerate(contours):
        parent = hierarchy[0][i][3]
        if parent < 0:
            continue  # an outer boundary, not a hole
        area = cv2.contourArea(cnt)
        if not (0.0003 * img_area <= area <= 0.06 * img_area):
            continue
        x, y, bw, bh = cv2.boundingRect(cnt)
        if not (1.0 <= bw / max(bh, 1) <= 2.8) or area / (bw * bh) < 0.55:
            continue  # (a screen half hidden by the monitor in front is still ≥ 0.55 filled)
        approx = cv2.approxPolyDP(cnt, 0.04 * cv2.arcLength(cnt, True), True)
        if not 4 <= len(approx) <= 8:
            continue
        # the bezel: a thin band just outside the hole is mostly dark (a gap between chairs
        # or a window in a dark wall has no such frame all round)
        m = max(2, int(0.04 * bh))
        x0, y0, x1, y1 = max(0, x - m), max(0, y - m), min(w, x + bw + m), min(h, y + bh + m)
        band = dark[y0:y1, x0:x1].astype(np.float32)
        hole = np.zeros_like(band, dtype=np.uint8)
        cv2.drawContours(hole, [cnt - [x0, y0]], -1, 1, thickness=-1)
        ring = cv2.dilate(hole, np.ones((2 * m + 1, 2 * m + 1), np.uint8)) - hole
        if ring.sum() == 0 or float((band * ring).sum() / ring.sum()) < 0.55:
            continue
        frame = float((gray[y0:y1, x0:x1] * ring).sum() / ring.sum())
        inside = float(gray[y + bh // 4: y + 3 * bh // 4 + 1, x + bw // 4: x + 3 * bw // 4 + 1].mean())
        if inside < frame + 40:
            continue  # lit: clearly lighter than its bezel
        out.append((x, y, x + bw, y + bh))
    return _dedupe(out)


def _dedupe(boxes):
    keep = []
    for b in sorted(boxes, key=lambda b: -(b[2] - b[0]) * (b[3] - b[1])):
        if all(not (b[0] >= k[0] - 2 and b[1] >= k[1] - 2 and b[2] <= k[2] + 2 and b[3] <= k[3] + 2)
               for k in keep):
            keep.append(b)
    return sorted(keep, key=lambda b: (b[1], b[0]))
