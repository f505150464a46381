"""Page thumbnails with evidence boxes, for report formats that show pictures (html).

Called by the engine after the checks, never by a formatter (formatters do not open files).
A thumbnail is made for each page or photo a finding points at: a finding with a page, a
bbox in its evidence, or a file that is an image. `evidence["bbox"]` (or `"bboxes"`, a list
of them) is `[x0, y0, x1, y1]` in page fractions (0..1, origin top left); a page finding
without a box (an oversized page) gets a frame around the whole page.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Sequence
from typing import Any

from docvalidator.codes import Severity
from docvalidator.model import Finding, thumbnail_key
from docvalidator.package import Package
from docvalidator.package.kinds import IMAGE_KINDS

WIDTH = 300
_COLOR = {Severity.ERROR: (220, 38, 38), Severity.WARNING: (217, 119, 6), Severity.INFO: (37, 99, 235)}
Box = tuple[float, float, float, float]


def _boxes(evidence: dict[str, Any]) -> list[Box]:
    raw: list[Any] = []
    if isinstance(evidence.get("bbox"), Sequence):
        raw.append(evidence["bbox"])
    if isinstance(evidence.get("bboxes"), Sequence):
        raw.extend(evidence["bboxes"])
    out = []
    for b in raw:
        if isinstance(b, Sequence) and len(b) == 4 and all(isinstance(v, int | float) for v in b):
            x0, y0, x1, y1 = (min(max(float(v), 0.0), 1.0) for v in b)
            out.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return out


def wanted(findings: Iterable[Finding], kinds: dict[str, str]) -> dict[str, list[tuple[Box | None, Severity]]]:
    """key "path#page" → the boxes to draw (None: frame the whole page) with their severity."""
    out: dict[str, list[tuple[Box | None, Severity]]] = {}
    for f in findings:
        kind = kinds.get(f.file or "")
        if kind is None or (kind != "pdf" and kind not in IMAGE_KINDS):
            continue
        boxes = _boxes(f.evidence)
        if f.page is None and not boxes and kind not in IMAGE_KINDS:
            continue  # a whole-file finding on a PDF: no page to show
        page = 1 if kind in IMAGE_KINDS else f.page
        marks = out.setdefault(thumbnail_key(f.file or "", page), [])
        if boxes:
            marks.extend((b, f.severity) for b in boxes)
        elif f.page is not None:
            marks.append((None, f.severity))
    return out


def _render_pdf_page(data: bytes, page: int):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(doc):
            return None
        p = doc[page - 1]
        w, _h = p.get_size()
        image = p.render(scale=WIDTH / w if w else 1.0).to_pil()
        p.close()
        return image
    finally:
        doc.close()


def _render_image(data: bytes):
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as im:
        im = ImageOps.exif_transpose(im)
        im.thumbnail((WIDTH, WIDTH * 4))
        return im.convert("RGB")


def _draw(image, marks: list[tuple[Box | None, Severity]]):
    from PIL import ImageDraw

    image = image.convert("RGB")
    draw = ImageDraw.Draw(image)
    w, h = image.size
    for box, severity in marks:
        color = _COLOR[severity]
        if box is None:
            draw.rectangle([1, 1, w - 2, h - 2], outline=color, width=3)
        else:
            x0, y0, x1, y1 = box
            draw.rectangle([x0 * w, y0 * h, x1 * w, y1 * h], outline=color, width=2)
    return image


def _data_uri(image) -> str:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def make_thumbnails(package: Package, findings: Iterable[Finding]) -> dict[str, str]:
    """Render each wanted page once. A file that cannot be rendered gets no thumbnail (its
    problem is already a finding); nothing here raises."""
    files = {f.path: f for f in package.files}
    todo = wanted(findings, {p: f.kind for p, f in files.items()})
    out: dict[str, str] = {}
    for key in sorted(todo):
        path, _, page = key.rpartition("#")
        source = files[path]
        try:
            data = source.read_bytes()
            image = _render_pdf_page(data, int(page)) if source.kind == "pdf" else _render_image(data)
        except Exception:
            continue
        if image is not None:
            out[key] = _data_uri(_draw(image, todo[key]))
    return out


EVIDENCE_CODES = ("DV3", "DV6")
EVIDENCE_WIDTH = 800


def evidence_name(sha256: str, page: int | None) -> str:
    """A deterministic file name for a page's evidence picture: content hash + page."""
    return f"{sha256[:16]}-p{page or 1}.png"


def write_evidence(package: Package, findings: Sequence[Finding], folder: str) -> tuple[Finding, ...]:
    """For every seal or photo finding on a page or photo, write that page with the finding's
    boxes drawn to `folder` (`--evidence-dir`) and name the picture in the finding's evidence
    (`"thumbnail"`). The folder must not be inside the package (checked by the engine)."""
    import dataclasses
    from pathlib import Path

    global WIDTH
    files = {f.path: f for f in package.files}
    chosen = [f for f in findings if f.code.startswith(EVIDENCE_CODES) and f.file in files]
    todo = wanted(chosen, {p: f.kind for p, f in files.items()})
    out_dir = Path(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    saved, WIDTH = WIDTH, EVIDENCE_WIDTH
    try:
        for key in sorted(todo):
            path, _, page = key.rpartition("#")
            source = files[path]
            try:
                data = source.read_bytes()
                image = (_render_pdf_page(data, int(page)) if source.kind == "pdf"
                         else _render_image(data))
            except Exception:
                continue
            if image is None:
                continue
            name = evidence_name(source.sha256, int(page))
            _draw(image, todo[key]).save(out_dir / name, "PNG", optimize=True)
            written[key] = name
    finally:
        WIDTH = saved
    out = []
    for f in findings:
        key = None
        if f in chosen:
            kind = files[f.file].kind
            key = f"{f.file}#{1 if kind in IMAGE_KINDS else (f.page or 1)}"
        if key in written:
            f = dataclasses.replace(f, evidence={**f.evidence, "thumbnail": written[key]})
        out.append(f)
    return tuple(out)
