"""Read a seal's ring text: unwrap the ring to a straight strip (polar transform) and OCR it.
The reading is compared with the applicant's name by `text.names.name_similarity`.

OCR goes through the process's one engine (docvalidator.imaging.ocr).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from docvalidator.imaging import ocr

if TYPE_CHECKING:  # numpy loads only where a ring is read; the seal rule needs only the strings
    import numpy as np


def unwrap_ring(rgb: np.ndarray, center: tuple[float, float], radii: tuple[float, float],
                span_deg: float = 280.0, band: tuple[float, float] = (0.97, 0.55)) -> np.ndarray:
    """The band just inside the ring as an upright strip: left to right along the top arc
    (from lower left, over the top, to lower right), the ring's side at the top.
    `radii`: horizontal and vertical semi-axes (seals are stamped about upright)."""
    import cv2
    import numpy as np

    rx, ry = radii
    r = max(rx, ry)
    width = round(r * math.radians(span_deg) * 0.78)
    height = max(8, round(r * (band[0] - band[1])))
    phi = np.radians(90 + span_deg / 2 - span_deg * (np.arange(width) + 0.5) / width)
    s = np.linspace(band[0], band[1], height)
    map_x = (center[0] + np.outer(s, rx * np.cos(phi))).astype(np.float32)
    map_y = (center[1] - np.outer(s, ry * np.sin(phi))).astype(np.float32)
    return cv2.remap(rgb, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


BANDS = ((0.97, 0.55), (0.93, 0.62))  # two unwrappings: OCR noise differs between them


def read_ring(rgb: np.ndarray, center, radii) -> list[tuple[str, float]]:
    """OCR readings of the unwrapped ring, one per band: [(text, mean score)], best first.
    Red ink is turned black on white first."""
    import numpy as np

    out = []
    for band in BANDS:
        strip = unwrap_ring(rgb, center, radii, band=band)
        lines = ocr.ocr_lines(_ink_to_black(strip), single_line=True)
        if lines:
            out.append(("".join(t for t, _s, _b in lines),
                        round(float(np.mean([sc for _t, sc, _b in lines])), 3)))
    return sorted(out, key=lambda t: -t[1])


def _ink_to_black(rgb: np.ndarray) -> np.ndarray:
    import numpy as np

    r = rgb[..., 0].astype(np.int16)
    gb = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    redness = np.clip((r - gb - 30) * 4, 0, 255).astype(np.uint8)
    gray = 255 - redness
    return np.repeat(gray[..., None], 3, axis=2)
