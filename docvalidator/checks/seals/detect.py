"""Red seal (公章) detection on a page image: RGB ndarray → list[Seal]. Pure; no I/O.

How a seal is told from other red things on a page:
1. Red ink mask: both red hue bands in HSV (H ≤ 10 or ≥ 165 of 180) with saturation and
   value gates, so pink paper (low saturation) and black text are out.
2. Candidates: connected red blobs (after a small closing that joins ring, text and star)
   whose size, relative to the page width, is that of a seal (≈ 20–60 mm on A4).
3. Each candidate's fitted ellipse is checked by sampling the mask along rays from its centre:
   - the ring: red near the ellipse at almost every angle (coverage), thin (not a donut chart),
     with the outermost red at the ellipse's radius (a square stamp's corners stick out);
   - the inside: some red (name, star) but far from filled (a disc, a pie chart, a logo);
   - outside: little red right beyond the ring (the blob is not part of a larger red shape).
4. A blob that fails because a seal touches something red (a red heading) is searched again
   with a Hough circle transform inside the blob, and each circle is checked as above.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Diameters a seal may have, as fractions of the page width (A4 210 mm: 20–70 mm).
MIN_DIAMETER = 0.095
MAX_DIAMETER = 0.34


@dataclass(frozen=True)
class SealHit:
    bbox_px: tuple[int, int, int, int]  # x0, y0, x1, y1 in the analysed image
    center: tuple[float, float]
    axes: tuple[float, float]  # semi-axes (a along angle, b across), pixels
    angle: float  # degrees
    confidence: float
    kind: str  # "round" | "oval"
    scores: dict


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """1 where the pixel is red ink: either red hue band, saturated, not dark, R well above G, B."""
    import cv2

    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    band = cv2.bitwise_or(cv2.inRange(hsv, (0, 75, 70), (10, 255, 255)),
                          cv2.inRange(hsv, (165, 75, 70), (180, 255, 255)))
    r, g, b = cv2.split(rgb)
    redder = cv2.compare(cv2.subtract(r, cv2.max(g, b)), 45, cv2.CMP_GE)
    return cv2.bitwise_and(band, redder) // 255


_N_ANGLES = 96
_SCALES = np.linspace(0.04, 1.4, 69)  # fractions of the ellipse radius, step 0.02
_N_NEAR = int(np.searchsorted(_SCALES, 1.16, side="right"))


def _ring_scores(mask: np.ndarray, cx: float, cy: float, a: float, b: float, angle_deg: float) -> dict:
    """Sample the mask on rays through the ellipse; measure ring, inside and outside."""
    h, w = mask.shape
    t = np.linspace(0, 2 * np.pi, _N_ANGLES, endpoint=False)
    ca, sa = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    ex, ey = a * np.cos(t), b * np.sin(t)
    dx, dy = ex * ca - ey * sa, ex * sa + ey * ca  # ellipse point offsets per angle
    xs = cx + np.outer(dx, _SCALES)
    ys = cy + np.outer(dy, _SCALES)
    xi, yi = np.rint(xs).astype(int), np.rint(ys).astype(int)
    inside_img = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    vals = np.zeros(xi.shape, dtype=bool)
    vals[inside_img] = mask[yi[inside_img], xi[inside_img]] > 0
    band = (_SCALES >= 0.86) & (_SCALES <= 1.1)
    coverage = float(vals[:, band].any(axis=1).mean())
    interior = float(vals[:, _SCALES <= 0.72].mean())
    outside = float(vals[:, _SCALES >= 1.18].mean())
    # outermost red scale per angle, among the angles that have any red near the ring
    near = vals[:, :_N_NEAR]  # up to 1.16: a square's corners and touching shapes lie beyond
    outer_idx = np.where(near.any(axis=1), _N_NEAR - 1 - np.argmax(near[:, ::-1], axis=1), -1)
    has = outer_idx >= 0
    outer = _SCALES[outer_idx[has]] if has.any() else np.array([0.0])
    residual = float(np.median(np.abs(outer - 1.0))) if has.any() else 1.0
    # ring thickness: run of red inward from the outermost red, per angle
    thick = []
    for i in np.flatnonzero(has)[:: 2]:
        j = outer_idx[i]
        k = j
        while k > 0 and vals[i, k - 1]:
            k -= 1
        thick.append(_SCALES[j] - _SCALES[k])
    thickness = float(np.median(thick)) if thick else 1.0
    # the ring's outer edge (red, then not red going outward) close to the ellipse
    lo, hi = np.searchsorted(_SCALES, 0.9), np.searchsorted(_SCALES, 1.1)
    edge = float((vals[:, lo:hi] & ~vals[:, lo + 1:hi + 1]).any(axis=1).mean())
    return {"coverage": round(coverage, 3), "edge": round(edge, 3), "interior": round(interior, 3),
            "outside": round(outside, 3), "residual": round(residual, 3),
            "thickness": round(thickness, 3)}


def _accept(sc: dict, max_outside: float = 0.12, min_coverage: float = 0.72,
            max_residual: float = 0.09, max_interior: float = 0.5,
            min_edge: float = 0.7) -> float | None:
    """A confidence in 0..1 if the ring measurements read as a seal, else None.
    `max_residual` None: judge the outline by its edge at the ellipse instead (a blob with
    other red things touching or overlapping the ring)."""
    if sc["coverage"] < min_coverage or sc["thickness"] > 0.2:
        return None
    if max_residual is None:
        if sc["edge"] < min_edge:
            return None
    elif sc["residual"] > max_residual:
        return None
    if not (0.02 <= sc["interior"] <= max_interior) or sc["outside"] > max_outside:
        return None
    conf = (0.5 * min(1.0, (sc["coverage"] - 0.72) / 0.23)
            + 0.3 * max(0.0, 1 - sc["residual"] / 0.09)
            + 0.2 * (1 - min(1.0, sc["outside"] / 0.12)))
    return round(0.5 + 0.5 * conf, 3)


def _hit(cx, cy, a, b, ang, conf, sc, shape) -> SealHit:
    h, w = shape
    ca, sa = math.cos(math.radians(ang)), math.sin(math.radians(ang))
    hx = math.hypot(a * ca, b * sa)
    hy = math.hypot(a * sa, b * ca)
    box = (max(0, int(cx - hx)), max(0, int(cy - hy)), min(w, math.ceil(cx + hx)),
           min(h, math.ceil(cy + hy)))
    kind = "oval" if min(a, b) / max(a, b) < 0.85 else "round"
    return SealHit(box, (cx, cy), (a, b), ang, conf, kind, sc)


def find_seals(rgb: np.ndarray) -> list[SealHit]:
    """Seals on one page image (RGB uint8). Sorted top to bottom, left to right."""
    import cv2

    h, w = rgb.shape[:2]
    mask = red_mask(rgb)
    dmin, dmax = MIN_DIAMETER * w, MAX_DIAMETER * w
    k = max(3, round(w / 300) | 1)
    joined = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(joined, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    hits: list[SealHit] = []
    for cnt in contours:
        x, y, bw, bh = cv2.boundingRect(cnt)
        if max(bw, bh) < dmin or min(bw, bh) < dmin * 0.55 or len(cnt) < 20:
            continue
        found = None
        if max(bw, bh) <= dmax * 1.05 and 0.45 <= bw / bh <= 2.2:
            (ex, ey), (d1, d2), ang = cv2.fitEllipse(cnt)
            a, b = d1 / 2, d2 / 2
            # the blob's outline is the ellipse (not a seal merged with a chart or a box)
            if a > 0 and b > 0 and 0.8 <= cv2.contourArea(cv2.convexHull(cnt)) / (math.pi * a * b) <= 1.2:
                sc = _ring_scores(mask, ex, ey, a, b, ang)
                conf = _accept(sc)
                if conf is not None:
                    found = [_hit(ex, ey, a, b, ang, conf, sc, (h, w))]
        if found is None:
            found = _ransac(mask, cnt, dmin, dmax, (h, w))
        if not found:
            found = _hough(mask, joined[y:y + bh, x:x + bw], x, y, dmin, dmax, (h, w))
        hits.extend(found)
    return _dedupe(sorted(hits, key=lambda s: (s.bbox_px[1], s.bbox_px[0])))


def _ransac(mask, cnt, dmin, dmax, shape, tries: int = 60, rounds: int = 3) -> list[SealHit]:
    """Ellipses inside a blob that is more than one seal (a seal touching a red heading, two
    overlapping seals): fit ellipses to random 5-point samples of the blob's outline, keep the
    one most outline points lie on, refit on those points and check it as a ring (RANSAC);
    then remove its points and look for another."""
    pts = cnt.reshape(-1, 2).astype(np.float32)
    if len(pts) < 40:
        return []
    step = max(1, len(pts) // 400)
    pts = pts[::step]
    rng = np.random.default_rng(len(pts))  # deterministic per blob
    out: list[SealHit] = []
    for _ in range(rounds):
        hit, used = _ransac_one(mask, pts, step, rng, dmin, dmax, shape, tries)
        if used is None:
            break
        if hit is not None:
            out.append(hit)
        pts = pts[~used]
        if len(pts) < 40:
            break
    return out


def _ransac_one(mask, pts, step, rng, dmin, dmax, shape, tries):
    import cv2

    best, best_in = None, None
    for _ in range(tries):
        # five points spread over a stretch of outline: one side of the seal's ring
        i0 = int(rng.integers(0, len(pts)))
        span = int(rng.integers(len(pts) // 12 + 5, len(pts) // 3 + 6))
        idx = (i0 + np.sort(rng.choice(span, 5, replace=False))) % len(pts)
        try:
            (ex, ey), (d1, d2), ang = cv2.fitEllipse(pts[idx])
        except cv2.error:
            continue
        a, b = d1 / 2, d2 / 2
        if not (dmin / 2 <= max(a, b) <= dmax / 2) or min(a, b) < 0.55 * max(a, b):
            continue
        inl = _on_ellipse(pts, ex, ey, a, b, ang)
        if best_in is None or inl.sum() > best_in.sum():
            best, best_in = (ex, ey, a, b, ang), inl
    if best is None or best_in.sum() < 25:
        return None, None
    ex, ey, a, b, ang = best
    circumference = math.pi * (3 * (a + b) - math.sqrt((3 * a + b) * (a + 3 * b)))
    if best_in.sum() * step < 0.3 * circumference:
        return None, None
    (ex, ey), (d1, d2), ang = cv2.fitEllipse(pts[best_in])
    a, b = d1 / 2, d2 / 2
    used = _on_ellipse(pts, ex, ey, a, b, ang, tol=0.08)
    sc = _ring_scores(mask, ex, ey, a, b, ang)
    # other red things touch or overlap the ring by construction: more red may lie outside
    # and inside, but the ring itself must be whole, with its outer edge on the ellipse
    conf = _accept(sc, max_outside=0.35, min_coverage=0.78, max_residual=None, max_interior=0.6)
    if conf is None:
        return None, used
    return _hit(ex, ey, a, b, ang, round(conf * 0.95, 3), sc, shape), used


def _hough(mask, comp, x, y, dmin, dmax, shape) -> list[SealHit]:
    """Round seals in a blob where RANSAC found none (two seals overlapping about half)."""
    import cv2

    blur = cv2.GaussianBlur(comp * 255, (5, 5), 1.5)
    circles = cv2.HoughCircles(blur, cv2.HOUGH_GRADIENT, dp=1.5, minDist=dmin * 0.5, param1=100,
                               param2=25, minRadius=int(dmin / 2), maxRadius=int(dmax / 2))
    out: list[SealHit] = []
    for cx, cy, r in ([] if circles is None else circles[0][:8]):
        sc = _ring_scores(mask, x + float(cx), y + float(cy), float(r), float(r), 0.0)
        conf = _accept(sc, max_outside=0.35, min_coverage=0.82, max_residual=None,
                       max_interior=0.6, min_edge=0.75)
        if conf is not None:
            out.append(_hit(x + float(cx), y + float(cy), float(r), float(r), 0.0,
                            round(conf * 0.9, 3), sc, shape))
    return out


def _on_ellipse(pts, cx, cy, a, b, ang, tol: float = 0.035):
    ca, sa = math.cos(math.radians(ang)), math.sin(math.radians(ang))
    dx, dy = pts[:, 0] - cx, pts[:, 1] - cy
    u, v = dx * ca + dy * sa, -dx * sa + dy * ca
    return np.abs(np.sqrt((u / a) ** 2 + (v / b) ** 2) - 1.0) < tol


def _dedupe(hits: list[SealHit]) -> list[SealHit]:
    out: list[SealHit] = []
    for s in sorted(hits, key=lambda s: -s.confidence):
        if all(_iou(s.bbox_px, o.bbox_px) < 0.3 for o in out):
            out.append(s)
    return sorted(out, key=lambda s: (s.bbox_px[1], s.bbox_px[0]))


def _iou(a, b) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0
