"""What the seal and signature analyses find: pure data, cached as JSON by content hash."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Seal(BaseModel):
    """A red seal found on a page (or an image file: page 1)."""

    bbox: list[float]  # [x0, y0, x1, y1] in page fractions 0..1, origin top left
    bbox_px: list[int]  # the same in the analysed raster
    dpi: float  # the analysed raster's resolution (px per inch of the page)
    confidence: float
    kind: str  # "round" | "oval"
    text: str | None = None  # text read along the ring, best OCR score (None: not read)
    text_score: float | None = None
    readings: list[str] = Field(default_factory=list)  # every reading of the ring


class SignatureCheck(BaseModel):
    """Handwriting near a signature label (DV303): a heuristic, see checks/seals/signing.py."""

    page: int
    label: str | None = None  # the label found, None: no label on the checked pages
    label_bbox: list[float] | None = None
    bbox: list[float] | None = None  # the region searched, page fractions
    ink: float = 0.0  # handwriting-like ink in the region (fraction of its area)
