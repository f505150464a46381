"""Venue photo measurements: image bytes → PhotoInfo. Pure; no file access.

- Safe decoding: the declared size is checked before any pixel is decoded (decompression
  bombs, 20000×20000 images), Pillow's bomb guard is an error, EXIF orientation is applied.
- Blur: variance of the Laplacian of the luma at a fixed analysis width (ANALYSIS_WIDTH), so
  that the number does not depend on the photo's resolution.
- Exposure: mean luma and the share of clipped pixels at both ends.
- Near-duplicates: a 256-bit DCT perceptual hash (imagehash.phash, hash_size 16): 64 bits
  told apart too few different photos of one room (rules.DUPLICATE_BITS).
- EXIF: the Software tag (editors) and the capture date.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING

from docvalidator.checks.photos.model import PhotoInfo

if TYPE_CHECKING:  # numpy loads only where pixels are measured, not for cached runs
    import numpy as np

PHOTO_VERSION = "photos-1"
ANALYSIS_WIDTH = 1024  # blur, exposure and hash are measured at this width
DETAIL_WIDTH = 1600  # seats and logo are looked for at up to this width

def inspect_photo(data: bytes, *, page: int | None = None, index: int = 0
                  ) -> tuple[PhotoInfo, np.ndarray | None]:
    """Measure one photo. Returns (info, RGB raster at most DETAIL_WIDTH wide, None if the
    photo cannot be decoded)."""
    import numpy as np
    from PIL import Image, ImageOps

    from docvalidator.imaging.raster import ImageRefused, open_image_safely

    info = PhotoInfo(page=page, index=index)
    try:
        im = open_image_safely(data)
        info.width, info.height = im.size
        info.software, info.captured = _exif(im)
        if im.format == "JPEG" and im.width > 2 * DETAIL_WIDTH:
            im.draft("RGB", (DETAIL_WIDTH, DETAIL_WIDTH * im.height // im.width))
        if im.getexif().get(0x0112) in (5, 6, 7, 8):  # shot rotated: report it upright
            info.width, info.height = info.height, info.width
        im = ImageOps.exif_transpose(im).convert("RGB")
        if im.width > DETAIL_WIDTH:
            im = im.resize((DETAIL_WIDTH, max(1, round(im.height * DETAIL_WIDTH / im.width))),
                           Image.BILINEAR)
        detail = np.asarray(im)
        im = im.resize((ANALYSIS_WIDTH, max(1, round(im.height * ANALYSIS_WIDTH / im.width))),
                       Image.BILINEAR)
        arr = np.asarray(im)
    except ImageRefused as e:
        info.error = f"bomb: {e}"
        return info, None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
        from docvalidator.inspect import describe

        info.error = describe(f"undecodable: {type(e).__name__}: {e}")
        return info, None
    measure(info, arr)
    return info, detail


def measure(info: PhotoInfo, arr: np.ndarray) -> None:
    import cv2
    import imagehash
    from PIL import Image

    gray = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    # variance of the Laplacian over the variance of the image: a dark or low-contrast photo
    # scales both alike, so only the loss of fine detail (blur) lowers the ratio
    lap = float(cv2.Laplacian(gray, cv2.CV_64F).var())
    info.blur = round(1000.0 * lap / max(float(gray.var()), 1.0), 2)
    info.brightness = round(float(gray.mean()), 2)
    info.dark_clip = round(float((gray <= 8).mean()), 4)
    info.bright_clip = round(float((gray >= 247).mean()), 4)
    info.phash = str(imagehash.phash(Image.fromarray(gray), hash_size=16))


def _exif(im) -> tuple[str | None, str | None]:
    try:
        ex = im.getexif()
    except Exception:
        return None, None
    software = ex.get(0x0131)
    when = None
    try:
        when = ex.get_ifd(0x8769).get(0x9003)
    except Exception:
        when = None
    when = when or ex.get(0x0132)
    return (_clean(software), _date(when))


def _clean(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    v = str(v).strip("\x00 ").strip()
    return v or None


def _date(v) -> str | None:
    v = _clean(v)
    if not v:
        return None
    m = re.match(r"(\d{4})[:\-/](\d{2})[:\-/](\d{2})", v)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def images_in_pdf_page(doc, index: int, min_share: float = 0.15) -> list[bytes]:
    """The photos placed on a PDF page (images covering at least `min_share` of it): the
    embedded JPEG bytes untouched (so EXIF survives), else the decoded bitmap as PNG."""
    import pypdfium2.raw as raw

    page = doc[index]
    out = []
    try:
        w_pt, h_pt = page.get_size()
        for obj in page.get_objects(max_depth=2):
            if obj.type != raw.FPDF_PAGEOBJ_IMAGE:
                continue
            x0, y0, x1, y1 = obj.get_bounds()
            if (x1 - x0) * (y1 - y0) < min_share * w_pt * h_pt:
                continue
            if obj.get_filters() == ["DCTDecode"]:
                out.append(bytes(obj.get_data(decode_simple=True)))
            else:
                buf = io.BytesIO()
                obj.get_bitmap(render=False).to_pil().save(buf, "PNG")
                out.append(buf.getvalue())
    finally:
        page.close()
    return out
