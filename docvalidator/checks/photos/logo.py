"""Is the company logo in a photo? Pure; no I/O.

With a logo image: ORB features of the logo (at several scales) and of the photo, Lowe's
ratio test, then a RANSAC homography; found when enough matches agree on it and the logo's
outline maps to a sane, convex quadrilateral. Without one: OCR of the photo for the company
name or its short name (`imaging.ocr.ocr_lines`, on the shared OCR engine).
"""

from __future__ import annotations

import numpy as np

MIN_INLIERS = 8
MIN_NCC = 0.8
RATIO = 0.75


def match_logo(photo_rgb: np.ndarray, logo_rgb: np.ndarray) -> dict | None:
    """{"bbox": [x0, y0, x1, y1] fractions, "inliers": n, "score": inliers/matches} or None."""
    import cv2

    sift = cv2.SIFT_create(nfeatures=4000, contrastThreshold=0.02)
    gp = cv2.cvtColor(photo_rgb, cv2.COLOR_RGB2GRAY)
    kp2, d2 = sift.detectAndCompute(gp, None)
    if d2 is None or len(kp2) < MIN_INLIERS:
        return None
    best = None
    gl0 = cv2.cvtColor(logo_rgb, cv2.COLOR_RGB2GRAY)
    for side in (320, 160):
        scale = side / max(gl0.shape)
        gl = cv2.resize(gl0, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        kp1, d1 = sift.detectAndCompute(gl, None)
        if d1 is None or len(kp1) < 8:
            continue
        matcher = cv2.BFMatcher(cv2.NORM_L2)
        pairs = matcher.knnMatch(d1, d2, k=2)
        good = [m for m, *rest in pairs if rest and m.distance < RATIO * rest[0].distance]
        if len(good) < MIN_INLIERS:
            continue
        src = np.float32([kp1[m.queryIdx].pt for m in good]).reshape(-1, 1, 2)
        dst = np.float32([kp2[m.trainIdx].pt for m in good]).reshape(-1, 1, 2)
        H, inl = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
        if H is None:
            continue
        n = int(inl.sum())
        h, w = gl.shape
        quad = cv2.perspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]).reshape(-1, 1, 2), H)
        if n < MIN_INLIERS or not _sane(quad.reshape(-1, 2), gp.shape):
            continue
        # the same shapes in other colours or with other words are another company's logo:
        # the photo, warped back onto the logo, must look like it (colour correlation)
        logo_small = cv2.resize(logo_rgb, (w, h), interpolation=cv2.INTER_AREA)
        back = cv2.warpPerspective(photo_rgb, np.linalg.inv(H), (w, h))
        ncc = _ncc(back, logo_small)
        if ncc < MIN_NCC:
            continue
        if best is None or n > best["inliers"]:
            q = quad.reshape(-1, 2)
            H_, W_ = gp.shape
            best = {"bbox": [round(float(max(0, q[:, 0].min())) / W_, 4),
                             round(float(max(0, q[:, 1].min())) / H_, 4),
                             round(float(min(W_, q[:, 0].max())) / W_, 4),
                             round(float(min(H_, q[:, 1].max())) / H_, 4)],
                    "inliers": n, "score": round(n / len(good), 3), "ncc": round(ncc, 3),
                    "method": "sift"}
    return best


def _ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a.astype(np.float32).reshape(-1)
    b = b.astype(np.float32).reshape(-1)
    a -= a.mean()
    b -= b.mean()
    den = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den else 0.0


def _sane(q: np.ndarray, shape) -> bool:
    import cv2

    if not cv2.isContourConvex(q.astype(np.float32).reshape(-1, 1, 2)):
        return False
    area = cv2.contourArea(q.astype(np.float32))
    h, w = shape
    return 0.0003 * w * h <= area <= 0.6 * w * h


def find_name(photo_rgb: np.ndarray, names: list[str]) -> dict | None:
    """OCR the photo; the first line containing one of the names (normalised) → evidence."""
    from docvalidator.imaging.ocr import ocr_lines
    from docvalidator.text.names import name_letters

    wanted = [name_letters(n) for n in names if n and len(name_letters(n)) >= 2]
    if not wanted:
        return None
    h, w = photo_rgb.shape[:2]
    if w > 1024:  # signs are large: OCR at 1024 px costs a third of 1600 px
        import cv2

        photo_rgb = cv2.resize(photo_rgb, (1024, round(h * 1024 / w)), interpolation=cv2.INTER_AREA)
        h, w = photo_rgb.shape[:2]
    for text, score, bb in ocr_lines(photo_rgb):
        t = name_letters(text)
        hit = next((n for n in wanted if n in t), None)
        if hit:
            return {"bbox": [round(bb[0] / w, 4), round(bb[1] / h, 4), round(bb[2] / w, 4),
                             round(bb[3] / h, 4)], "text": text, "score": round(score, 3),
                    "method": "ocr"}
    return None
