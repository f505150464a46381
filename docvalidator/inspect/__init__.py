"""Inspect: one file → pure data (FileInspection). A failure becomes `error`, never an exception."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docvalidator.inspect.types import FileInspection, PageText

if TYPE_CHECKING:
    from docvalidator.discover import SourceFile

INSPECTOR_VERSION = "2"  # bump when an inspection's result changes for the same bytes
IMAGE_KINDS = {"jpeg", "png", "tiff", "bmp", "gif", "webp"}


def inspect_file(source: SourceFile) -> FileInspection:
    result = FileInspection(path=source.path, sha256=source.sha256, kind=source.kind, size=source.size)
    if source.kind in ("empty", "unknown", "zip", "doc", "xlsx", "pptx"):
        return result
    try:
        data = source.read_bytes()
        if source.kind == "pdf":
            from docvalidator.inspect.pdf import inspect_pdf

            result.pdf, result.texts = inspect_pdf(data)
        elif source.kind == "docx":
            from docvalidator.inspect.docx import inspect_docx

            result.docx, result.texts = inspect_docx(data)
        elif source.kind in IMAGE_KINDS:
            from docvalidator.inspect.image import inspect_image_header

            result.image = inspect_image_header(data)
        elif source.kind == "text":
            text = _decode_text(data)
            result.texts = [PageText(number=1, text=text, source="layer" if text.strip() else "none")]
    except Exception as e:  # an inspection failure is a finding (DV901), not a crash
        result.error = f"{type(e).__name__}: {e}"
    return result


def _decode_text(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


__all__ = ["INSPECTOR_VERSION", "FileInspection", "inspect_file"]
