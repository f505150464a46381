"""PDF inspection: page geometry and the text layer (pypdfium2)."""

from __future__ import annotations

from docvalidator.inspect.types import PageText, PdfInfo, PdfPage


def inspect_pdf(data: bytes) -> tuple[PdfInfo, list[PageText]]:
    import pypdfium2 as pdfium

    info = PdfInfo()
    texts: list[PageText] = []
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            info.encrypted = "user-password"
        else:
            info.corrupt = msg
        return info, texts
    try:
        info.page_count = len(doc)
        for i in range(len(doc)):
            page = doc[i]
            w, h = page.get_size()
            tp = page.get_textpage()
            text = tp.get_text_range().replace("\r\n", "\n")
            tp.close()
            page.close()
            has = bool(text.strip())
            info.pages.append(PdfPage(number=i + 1, width_pt=w, height_pt=h, has_text_layer=has))
            texts.append(PageText(number=i + 1, text=text, source="layer" if has else "none"))
    finally:
        doc.close()
    return info, texts
