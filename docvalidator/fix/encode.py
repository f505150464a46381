"""Re-encode one page image to fit a byte budget, the most legible encoding first.

What the page is decides what may be done to it (`Character`): red ink (a seal, a red
heading) keeps colour; colour content (a photograph, a coloured logo) keeps colour; a page of
nothing but dark text on paper may go bitonal. Then a ladder of candidates, best first:
1. bitonal (CCITT G4, else 1-bit Flate) at the scan's own resolution, for pure text pages;
2. JPEG at decreasing resolution (never under the schema's minimum dpi), each at the highest
   quality that fits, with a quality floor per resolution so that no candidate is mush.
Before JPEG, the paper is flattened: near-white, colourless pixels (paper, scanner noise)
become white, which is what most of a scan's bytes are spent on and carries no ink.
Pure functions on PIL images; no PDF here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image

# Resolutions tried, highest first (only those at or under the image's own and at or above
# the schema's minimum), with the lowest JPEG quality accepted at each. Below these floors a
# lower resolution at a higher quality reads better (bench/bench_fix.py, tuning seeds: a phone
# photo at 200 dpi q45 lost 5.7 points of CER that 150 dpi q65 did not).
DPI_STEPS = (300, 250, 200, 150)
QUALITY_FLOOR = {300: 60, 250: 58, 200: 55, 150: 40}
LAST_RESORT_FLOOR = 30  # at the schema's minimum dpi, below the floors: still legible text
QUALITY_CEILING = 90
BITONAL_MIN_DPI = 200  # 1-bit under 200 dpi breaks CJK strokes
# a pixel is paper when it is this close to the paper's level and this colourless
PAPER_MARGIN = 32
PAPER_CHROMA = 26
MIN_PAPER_SHARE = 0.45  # flatten only pages that are mostly paper (not photographs)
RED_SHARE = 2e-4  # of the page: red ink present (a seal covers ~1 %)
COLOUR_SHARE = 0.004  # of the page: chromatic pixels that are not red → colour content
COLOUR_CHROMA = 45
MIDTONE_SHARE = 0.06  # pure text: few pixels between ink and paper


@dataclass(frozen=True)
class Character:
    red_ink: bool
    colour: bool  # chromatic content other than red
    text_only: bool  # dark ink on paper, nothing in between: may go bitonal
    paper: int  # the paper's grey level


@dataclass(frozen=True)
class Candidate:
    data: bytes
    filter: str  # "/DCTDecode" | "/CCITTFaxDecode" | "/FlateDecode"
    width: int
    height: int
    grey: bool
    bits: int  # 8 or 1
    dpi: float
    label: str  # "JPEG q62 200 dpi grey"
    decode_parms: dict | None = None


def characterise(image: Image.Image) -> Character:
    """Red ink, colour content, pure text, paper level — measured on a small copy."""
    factor = max(1, max(image.size) // 900)
    small = (image.reduce(factor) if factor > 1 else image).convert("RGB")
    a = np.asarray(small).astype(np.int32)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    mx, mn = a.max(axis=2), a.min(axis=2)
    chroma = mx - mn
    luma = (r * 299 + g * 587 + b * 114) // 1000
    red = (r - np.maximum(g, b) >= 45) & (r >= 70) & (chroma * 255 >= 75 * np.maximum(mx, 1))
    red_ink = bool(red.mean() >= RED_SHARE)
    colour = bool(((chroma >= COLOUR_CHROMA) & ~red).mean() >= COLOUR_SHARE)
    paper = int(np.percentile(luma, 75))
    mid = (luma > paper * 0.35) & (luma < paper - PAPER_MARGIN)
    text_only = (not red_ink and not colour and paper >= 170
                 and float(mid.mean()) <= MIDTONE_SHARE and float((luma < paper * 0.35).mean()) < 0.3)
    return Character(red_ink, colour, bool(text_only), paper)


def flatten_paper(image: Image.Image, paper: int) -> Image.Image:
    """Paper and scanner noise → white; ink (any colour, faded seal ink included) untouched."""
    import cv2

    px = np.asarray(image)
    floor = max(120, paper - PAPER_MARGIN)
    if image.mode == "L":
        mask = cv2.threshold(px, floor - 1, 255, cv2.THRESH_BINARY)[1]
    else:
        r, g, b = cv2.split(px)
        chroma = cv2.subtract(cv2.max(cv2.max(r, g), b), cv2.min(cv2.min(r, g), b))
        light = cv2.threshold(cv2.cvtColor(px, cv2.COLOR_RGB2GRAY), floor - 1, 255, cv2.THRESH_BINARY)[1]
        grey = cv2.threshold(chroma, PAPER_CHROMA, 255, cv2.THRESH_BINARY_INV)[1]
        mask = cv2.bitwise_and(light, grey)
    if cv2.countNonZero(mask) < MIN_PAPER_SHARE * mask.size:
        return image
    if image.mode != "L":
        mask = cv2.merge([mask, mask, mask])
    return Image.fromarray(cv2.bitwise_or(px, mask))  # 255 where paper, the pixel elsewhere


def resample(image: Image.Image, dpi: float, target_dpi: float) -> Image.Image:
    if target_dpi >= dpi * 0.98:
        return image
    s = target_dpi / dpi
    size = (max(1, round(image.width * s)), max(1, round(image.height * s)))
    return image.resize(size, Image.LANCZOS, reducing_gap=2.0)


def _jpeg(image: Image.Image, quality: int, optimize: bool = False) -> bytes:
    buf = io.BytesIO()
    kw = {"subsampling": 2} if image.mode == "RGB" else {}
    image.save(buf, "JPEG", quality=quality, optimize=optimize, **kw)
    return buf.getvalue()


def best_quality(image: Image.Image, budget: int, floor: int) -> tuple[int, bytes] | None:
    """The highest JPEG quality in [floor, QUALITY_CEILING] whose bytes fit `budget`. Searched
    with standard Huffman tables; the result is encoded with optimised ones, which are never
    larger."""
    lo, hi = floor, QUALITY_CEILING
    data = _jpeg(image, lo)
    if len(data) > budget:
        return None
    best = (lo, data)
    while hi - lo > 2:
        mid = (lo + hi + 1) // 2
        d = _jpeg(image, mid)
        if len(d) <= budget:
            lo, best = mid, (mid, d)
        else:
            hi = mid - 1
    return best[0], _jpeg(image, best[0], optimize=True)


def g4(image: Image.Image) -> tuple[bytes, dict] | None:
    """CCITT Group 4 bytes of a 1-bit image (through libtiff), with its DecodeParms."""
    try:
        buf = io.BytesIO()
        image.save(buf, "TIFF", compression="group4", tiffinfo={278: image.height})
        t = Image.open(io.BytesIO(buf.getvalue()))
        offsets, counts = t.tag_v2.get(273), t.tag_v2.get(279)
        if not offsets or len(offsets) != 1:
            return None
        raw = buf.getvalue()[offsets[0]:offsets[0] + counts[0]]
        black_is_zero = t.tag_v2.get(262, 0) == 1
    except (OSError, ValueError, KeyError):
        return None
    return raw, {"/K": -1, "/Columns": image.width, "/Rows": image.height,
                 "/BlackIs1": black_is_zero}


def bitonal(image: Image.Image, dpi: float) -> Candidate:
    """Otsu threshold after a 3-px median (scanner specks), CCITT G4 or 1-bit Flate."""
    import cv2

    grey = np.asarray(image.convert("L"))
    grey = cv2.medianBlur(grey, 3)
    _t, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    one = Image.fromarray(bw).convert("1", dither=Image.Dither.NONE)
    enc = g4(one)
    if enc is not None:
        data, parms = enc
        return Candidate(data, "/CCITTFaxDecode", one.width, one.height, True, 1, dpi,
                         f"CCITT G4 {dpi:.0f} dpi", parms)
    import zlib

    return Candidate(zlib.compress(one.tobytes(), 9), "/FlateDecode", one.width, one.height,
                     True, 1, dpi, f"1-bit Flate {dpi:.0f} dpi")


def candidates(image: Image.Image, dpi: float, budget: int, min_dpi: float,
               character: Character) -> Iterator[Candidate]:
    """Encodings that fit `budget`, most legible first. Lazy: the caller stops at the first
    that verifies."""
    keep_colour = character.red_ink or character.colour
    work = image.convert("RGB") if keep_colour else image.convert("L")
    if character.text_only and dpi >= BITONAL_MIN_DPI:
        cand = bitonal(resample(work, dpi, max(300.0, min_dpi)), min(dpi, max(300.0, min_dpi)))
        if len(cand.data) <= budget:
            yield cand
    steps = sorted({min(dpi, s) for s in DPI_STEPS if s >= min_dpi * 0.99} | {max(min_dpi, 1)},
                   reverse=True)
    steps = [s for s in steps if s <= dpi * 1.001] or [dpi]
    for i, target in enumerate(steps):
        scaled = flatten_paper(resample(work, dpi, target), character.paper)
        last = i == len(steps) - 1
        floor = QUALITY_FLOOR.get(round(target), 45)
        for fl in ((floor, LAST_RESORT_FLOOR) if last else (floor,)):
            found = best_quality(scaled, budget, fl)
            if found is not None:
                q, data = found
                mode = "grey" if scaled.mode == "L" else "colour"
                yield Candidate(data, "/DCTDecode", scaled.width, scaled.height, scaled.mode == "L",
                                8, target, f"JPEG q{q} {target:.0f} dpi {mode}")
                break
