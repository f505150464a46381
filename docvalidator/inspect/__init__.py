"""Inspect: one file → pure data (FileInspection). A failure becomes `error`, never an exception."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from docvalidator.inspect.model import FileInspection, PageText
from docvalidator.package.kinds import IMAGE_KINDS, PARSED_KINDS

if TYPE_CHECKING:
    from docvalidator.package import SourceFile

INSPECTOR_VERSION = "10"  # bump when an inspection's result changes for the same bytes
MAX_NOTES = 20
# kind → the modules inspecting it imports. A pool that forks its workers imports them first,
# so every worker starts with them loaded instead of importing its own (about 70 ms a worker).
PARSER_MODULES = {
    "pdf": ("pypdf", "pypdfium2", "docvalidator.inspect.pdf", "docvalidator.inspect.pagebytes"),
    "docx": ("docvalidator.inspect.docx",),
    **{kind: ("PIL.Image", "docvalidator.inspect.image") for kind in IMAGE_KINDS},
}
_ADDRESS = re.compile(r" (?:at|object at) 0x[0-9a-fA-F]+|<[^<>]* at 0x[0-9a-fA-F]+>")


def inspect_file(source: SourceFile) -> FileInspection:
    result = FileInspection(path=source.path, sha256=source.sha256, kind=source.kind, size=source.size)
    if source.kind not in PARSED_KINDS and source.kind != "text":
        return result
    with library_messages(result.notes):
        _inspect_into(source, result)
    return result


class _NoteLog(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        _note(self.sink, record.getMessage())


def _note(sink: list[str], message: str) -> None:
    note = describe(message)
    if note and note not in sink and len(sink) < MAX_NOTES:
        sink.append(note)


@contextmanager
def library_messages(sink: list[str]) -> Iterator[None]:
    """Collect what libraries warn or log (Pillow's warnings and logger errors, say) into
    `sink` instead of letting it reach the user's terminal."""
    root = logging.getLogger()
    handler = _NoteLog(sink)
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
        for w in caught:
            _note(sink, str(w.message))
    finally:
        root.removeHandler(handler)


def describe(message: str) -> str:
    """An exception or warning text as a report may show it: deterministic, no addresses."""
    return _ADDRESS.sub("", message).strip()


def _inspect_into(source: SourceFile, result: FileInspection) -> None:
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
        result.error = describe(f"{type(e).__name__}: {e}")


def _decode_text(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


__all__ = ["INSPECTOR_VERSION", "PARSER_MODULES", "FileInspection", "describe", "inspect_file", "library_messages"]
