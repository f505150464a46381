"""`--ocr-layer`: an invisible text layer on image-only scans (a searchable PDF).

Each page that is a scan without a text layer is read by the process's OCR engine exactly as
the content checks read it (rendered at the OCR dpi, red ink dropped), and every line is
written over its place on the page in text render mode 3 (neither filled nor stroked:
invisible, but selectable and searchable). The font is a Type 0 font whose character codes
are the Unicode code points themselves (Identity-H) with a ToUnicode map that says so; no
glyph is ever drawn, so no font program is embedded and any character can be written. The
horizontal scale stretches each line to the width of its box, so a selection covers what it
reads.
"""

from __future__ import annotations

import io

from docvalidator.checks.content.ocr import OCR_DPI, drop_red, lines_in_pixels, page_key
from docvalidator.imaging import ocr
from docvalidator.inspect.cache import Cache

FONT_NAME = "/DvOcr"


def _to_unicode() -> bytes:
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    blocks = []
    for i in range(0, len(ranges), 100):
        chunk = ranges[i:i + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
            ).encode("ascii")


def _font(pdf):
    import pikepdf

    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/DvOcrInvisible"), Flags=4,
        FontBBox=[0, -200, 1000, 900], ItalicAngle=0, Ascent=900, Descent=-200, CapHeight=700,
        StemV=80))
    cid = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=pikepdf.Name("/DvOcrInvisible"), DW=1000, CIDToGIDMap=pikepdf.Name.Identity,
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                         Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=descriptor)
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/DvOcrInvisible"),
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[pdf.make_indirect(cid)],
        ToUnicode=pdf.make_stream(_to_unicode())))


def _content(lines: list[ocr.Line], scale: float, page_h: float) -> bytes:
    """`scale`: points per pixel of the OCR rendering."""
    out = ["BT", "3 Tr"]
    for ln in lines:
        text = "".join(ch for ch in ln.text if ord(ch) <= 0xFFFF and not 0xD800 <= ord(ch) <= 0xDFFF)
        if not text.strip():
            continue
        x0, y0, x1, y1 = ln.box
        size = max(1.0, (y1 - y0) * scale * 0.85)
        width = max(1.0, (x1 - x0) * scale)
        stretch = 100.0 * width / (size * len(text))
        baseline = page_h - y1 * scale + (y1 - y0) * scale * 0.15
        code = "".join(f"{ord(ch):04X}" for ch in text)
        out.append(f"{FONT_NAME} {size:.2f} Tf {stretch:.2f} Tz 1 0 0 1 {x0 * scale:.2f} "
                   f"{baseline:.2f} Tm <{code}> Tj")
    out.append("ET")
    return "\n".join(out).encode("ascii")


def add_text_layer(data: bytes, pages: list[int], cache: Cache | None = None
                   ) -> tuple[bytes, dict[int, int]]:
    """Write an invisible text layer on the given pages (1-based). Returns the new file and,
    per page, how many characters were written. A page the check already read (its OCR in
    `cache`, for these very bytes) is not read again. Without an OCR engine nothing changes."""
    import hashlib

    import pikepdf
    import pypdfium2 as pdfium
    if not pages or not ocr.ENABLED:
        return data, {}
    sha256 = hashlib.sha256(data).hexdigest()
    written: dict[int, int] = {}
    doc = pdfium.PdfDocument(data)
    pdf = pikepdf.open(io.BytesIO(data))
    try:
        font = None
        for number in pages:
            read = cache.get(page_key(sha256, number, OCR_DPI)) if cache is not None else None
            page = doc[number - 1]
            try:
                w_pt, h_pt = page.get_size()
                image = None if read else page.render(scale=OCR_DPI / 72.0).to_pil()
            finally:
                page.close()
            if read:
                lines = lines_in_pixels(read, w_pt * OCR_DPI / 72.0, h_pt * OCR_DPI / 72.0)
            else:
                lines = ocr.recognize(drop_red(image))
            if not lines:
                continue
            target = pdf.pages[number - 1]
            box = [float(v) for v in target.mediabox]
            font = font or _font(pdf)
            resources = target.obj.get("/Resources")
            if resources is None:
                target.obj.Resources = resources = pikepdf.Dictionary()
            fonts = resources.get("/Font")
            if fonts is None:
                resources.Font = fonts = pikepdf.Dictionary()
            fonts[FONT_NAME] = font
            content = _content(lines, 72.0 / OCR_DPI, h_pt)
            if box[0] or box[1]:
                content = f"q 1 0 0 1 {box[0]:.2f} {box[1]:.2f} cm\n".encode() + content + b"\nQ"
            # the page's own content in q … Q, so that a state it leaves set does not move ours
            target.contents_add(pdf.make_stream(b"q\n"), prepend=True)
            target.contents_add(pdf.make_stream(b"\nQ\n" + content), prepend=False)
            written[number] = sum(len(ln.text) for ln in lines)
        if not written:
            return data, {}
        buf = io.BytesIO()
        pdf.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.preserve, deterministic_id=True)
        return buf.getvalue(), written
    finally:
        doc.close()
        pdf.close()


def image_only_pages(data: bytes) -> list[int]:
    """Pages (1-based) that draw an image and carry no text at all: scans without a layer."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(data)
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                textpage = page.get_textpage()
                try:
                    chars = textpage.count_chars()
                finally:
                    textpage.close()
                has_image = any(o.type == raw.FPDF_PAGEOBJ_IMAGE for o in page.get_objects(max_depth=3))
            finally:
                page.close()
            if has_image and chars == 0:
                out.append(i + 1)
    finally:
        doc.close()
    return out
