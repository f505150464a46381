"""Image header: size and format, read without decoding the pixels.

An image over the pixel ceiling is measured from its header and flagged `oversized`; nothing
here (or downstream) decodes it whole.
"""

from __future__ import annotations

import io
import struct

from docvalidator.inspect.model import ImageInfo

PIXEL_CEILING = 89_478_485  # Pillow's decompression-bomb threshold


def inspect_image_header(data: bytes) -> ImageInfo:
    """Size and format from the header. An image no decoder here reads (an unusual variant
    such as a BMP with a bit-field layout Pillow lacks, or a damaged header) is reported as
    `unsupported`, with the reason, rather than failing the inspection."""
    from PIL import Image, UnidentifiedImageError

    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # open reads the header only; the ceiling is checked below
    try:
        with Image.open(io.BytesIO(data)) as im:  # lazy: reads the header only
            w, h = im.width, im.height
            return ImageInfo(width=w, height=h, format=im.format or "", mode=im.mode,
                             oversized=w * h > PIXEL_CEILING)
    except UnidentifiedImageError:
        return ImageInfo(unsupported="无法识别的图像格式或图像头已损坏")
    except (OSError, ValueError, SyntaxError, struct.error) as e:
        return ImageInfo(unsupported=f"不支持的图像格式变体或图像已损坏（{e}）")
    finally:
        Image.MAX_IMAGE_PIXELS = saved
