"""What the photo analysis measures in one venue photo: pure data, cached as JSON."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class PhotoInfo(BaseModel):
    """Measurements of one venue photo: an image file, or an image embedded in a PDF page."""

    page: int | None = None  # PDF page it was taken from
    index: int = 0  # n-th photo of the file
    width: int = 0
    height: int = 0
    error: str | None = None  # cannot be decoded / decompression bomb → DV601
    blur: float | None = None  # 1000 × var(Laplacian) / var(luma) at a fixed width
    brightness: float | None = None  # mean luma 0..255
    dark_clip: float | None = None  # fraction of pixels ≤ 8
    bright_clip: float | None = None  # fraction of pixels ≥ 247
    phash: str | None = None  # 256-bit perceptual hash, hex
    software: str | None = None  # EXIF Software tag
    captured: str | None = None  # EXIF DateTimeOriginal, ISO date
    seats: int | None = None
    seat_boxes: list[list[float]] = Field(default_factory=list)  # page/photo fractions
    seat_method: str | None = None  # "heuristic" | "onnx"
    logo: dict[str, Any] | None = None  # {"method": "orb"|"ocr", "bbox": [...], "score": ...}
