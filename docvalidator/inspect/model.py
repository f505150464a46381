"""Inspection results: pure data about one file, JSON-serialisable so they can be cached by the
file's content hash. Rules read these; they never re-open a file. What the material-aware
analyses find (seals, photos, OCR'd text) is kept by the checks (`checks.base.FileEvidence`),
except OCR'd page text, which joins the file's `texts`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Heading(BaseModel):
    """A line that stands out at the top of a page (or a Word heading paragraph)."""

    text: str
    level: int = 1  # 1: the page's title; 2: a sub-heading
    top: float = 0.0  # from the top of the page, as a fraction of its height
    size: float = 1.0  # type size over the page's body size


class PageText(BaseModel):
    number: int  # 1-based
    text: str = ""
    source: str = "none"  # "layer" | "ocr" | "none"
    headings: list[Heading] = Field(default_factory=list)  # text-layer PDF pages, DOCX paragraphs
    # DOCX paragraphs only: where the paragraph sits (the clause engine reads headings, lists and
    # tables from it). Heading level (0 title, 1 top), Word list level, [table, row, column].
    level: int | None = None
    list_level: int | None = None
    table: list[int] | None = None


class PdfPage(BaseModel):
    number: int
    width_pt: float = 0.0
    height_pt: float = 0.0
    bytes: int | None = None  # page weight (SPEC "Page bytes")
    # largest first: {"kind": "image", "desc": "image 1654×2339 JPEG", "bytes": 236544}
    contributors: list[dict[str, Any]] = Field(default_factory=list)
    scan: bool = False  # an image covers at least half of the page
    image_dpi: float | None = None  # effective DPI of the scan image, None for text pages
    # each drawn image: {"px": [w, h], "dpi": 150.0, "coverage": 0.98, "filter": "JPEG"}
    images: list[dict[str, Any]] = Field(default_factory=list)
    has_text_layer: bool = False
    blank: bool | None = None  # None: not measured (text page, or an image over the ceiling)


class PdfInfo(BaseModel):
    page_count: int = 0
    corrupt: str | None = None  # why it cannot be parsed → DV201
    encrypted: str | None = None  # "user-password" | "owner-restrictions" → DV202
    damage: list[str] = Field(default_factory=list)  # recoverable damage pypdf logged
    restrictions: list[str] = Field(default_factory=list)  # "print", "copy" (owner password)
    pages: list[PdfPage] = Field(default_factory=list)


class ImageInfo(BaseModel):
    width: int = 0
    height: int = 0
    format: str = ""
    mode: str = ""
    oversized: bool = False  # over the pixel ceiling: measured from the header, never decoded
    unsupported: str | None = None  # why no decoder reads it (a format variant, damage) → DV105


class DocxInfo(BaseModel):
    paragraphs: list[str] = Field(default_factory=list)
    # the page each paragraph starts on, from the explicit and last-rendered page breaks Word
    # writes (0 for headers, footers and notes); all 1 when the file has no breaks
    pages: list[int] = Field(default_factory=list)


class FileInspection(BaseModel):
    path: str
    sha256: str
    kind: str
    size: int = 0
    error: str | None = None  # the inspection itself failed → DV901
    pdf: PdfInfo | None = None
    image: ImageInfo | None = None
    docx: DocxInfo | None = None
    texts: list[PageText] = Field(default_factory=list)  # per page (PDF, OCR) or per paragraph (DOCX)
    notes: list[str] = Field(default_factory=list)  # what the libraries warned about while reading it

    @property
    def page_count(self) -> int | None:
        if self.pdf is not None:
            return self.pdf.page_count
        return None

    def page_weight(self, page: int) -> int:
        """Bytes that draw a page (the whole file for an image): what its OCR costs grows with
        it (bench/README.md, "`--jobs N` means N cores; dearest pages first")."""
        if self.pdf is not None:
            return next((pg.bytes or 0 for pg in self.pdf.pages if pg.number == page), 0)
        return self.size

    def title_text(self) -> str:
        """The text at the top of the first page, for classification by content."""
        for t in self.texts:
            if t.text.strip():
                return t.text[:400]
        return ""

    def full_text(self) -> str:
        return "\n".join(t.text for t in self.texts)
