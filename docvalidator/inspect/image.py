"""Image header: size and format, read without decoding the pixels."""

from __future__ import annotations

import io

from docvalidator.inspect.types import ImageInfo


def inspect_image_header(data: bytes) -> ImageInfo:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:  # lazy: reads the header only
        return ImageInfo(width=im.width, height=im.height, format=im.format or "", mode=im.mode)
