"""Page rasters for the vision analyses: a PDF page or an image file → RGB ndarray.

A scanned page that is nothing but one full-page JPEG is decoded straight from the JPEG at a
reduced scale (libjpeg's DCT scaling: 1/2, 1/4, 1/8), which costs a fraction of decoding it
at full size and then rendering; any other page is rendered by pdfium at the requested dpi.
"""

from __future__ import annotations

import io

import numpy as np

# Pixels an analysis may decode at once (an RGB raster of this many pixels is ~150 MB).
MAX_PIXELS = 50_000_000


def open_pdf(data: bytes):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)


def page_raster(doc, index: int, dpi: float) -> tuple[np.ndarray, float]:
    """(RGB raster, its dpi) of page `index` (0-based) at no less than `dpi`."""
    page = doc[index]
    try:
        fast = _single_jpeg(page, dpi)
        if fast is not None:
            return fast
        w_pt, h_pt = page.get_size()
        scale = dpi / 72.0
        if w_pt * h_pt * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (w_pt * h_pt)) ** 0.5
        bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
        arr = bitmap.to_numpy()[..., :3].copy()
        return arr, scale * 72.0
    finally:
        page.close()


def _single_jpeg(page, dpi: float) -> tuple[np.ndarray, float] | None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from PIL import Image

    if raw.FPDFPage_GetAnnotCount(page) > 0:
        return None
    objs = list(page.get_objects(max_depth=1))
    if len(objs) != 1 or objs[0].type != raw.FPDF_PAGEOBJ_IMAGE:
        return None
    img = objs[0]
    if img.get_filters() != ["DCTDecode"]:
        return None
    w_pt, h_pt = page.get_size()
    x0, y0, x1, y1 = img.get_bounds()
    if abs(x0) > 2 or abs(y0) > 2 or abs(x1 - w_pt) > 2 or abs(y1 - h_pt) > 2:
        return None  # placed, cropped or rotated: let pdfium compose it
    m = img.get_matrix().get()
    if abs(m[1]) > 1e-6 or abs(m[2]) > 1e-6 or m[0] <= 0 or m[3] <= 0:
        return None
    try:
        data = bytes(img.get_data(decode_simple=True))
        im = Image.open(io.BytesIO(data))
        if im.width * im.height > 4 * MAX_PIXELS:
            return None
        want = (max(1, int(w_pt / 72 * dpi)), max(1, int(h_pt / 72 * dpi)))
        im.draft("RGB", want)
        arr = np.asarray(im.convert("RGB"))
    except (OSError, ValueError, pdfium.PdfiumError):
        return None
    return arr, arr.shape[1] / (w_pt / 72.0)


def image_raster(data: bytes, max_side: int | None = None) -> np.ndarray:
    """An image file → RGB raster, EXIF orientation applied, decompression bombs refused."""
    from PIL import Image, ImageOps

    im = open_image_safely(data)
    if max_side and max(im.size) > 2 * max_side and im.format == "JPEG":
        im.draft("RGB", (max_side, max_side))
    im = ImageOps.exif_transpose(im.convert("RGB") if im.mode not in ("RGB", "L") else im)
    if max_side and max(im.size) > max_side:
        im.thumbnail((max_side, max_side), Image.BILINEAR)
    return np.asarray(im.convert("RGB"))


class ImageRefused(ValueError):
    """The image is too large to decode safely (a decompression bomb or a giant photo)."""


def open_image_safely(data: bytes):
    """Open an image and check its declared size before any pixel is decoded."""
    import warnings

    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise ImageRefused(str(e)) from None
    if im.width * im.height > MAX_PIXELS:
        raise ImageRefused(f"{im.width}×{im.height} 像素，超过安全解码上限 {MAX_PIXELS // 1_000_000} MP")
    return im
