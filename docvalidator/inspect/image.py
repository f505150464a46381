"""Image header: size and format, read without decoding the pixels.

An image over the pixel ceiling is measured from its header and flagged `oversized`; nothing
here (or downstream) decodes it whole.
"""

from __future__ import annotations

import io

from docvalidator.inspect.types import ImageInfo

PIXEL_CEILING = 89_478_485  # Pillow's decompression-bomb threshold


def inspect_image_header(data: bytes) -> ImageInfo:
    from PIL import Image

    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # open reads the header only; the ceiling is checked below
    try:
        with Image.open(io.BytesIO(data)) as im:  # lazy: reads the header only
            w, h = im.width, im.height
            return ImageInfo(width=w, height=h, format=im.format or "", mode=im.mode,
                             oversized=w * h > PIXEL_CEILING)
    finally:
        Image.MAX_IMAGE_PIXELS = saved
