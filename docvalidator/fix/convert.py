"""Files in a format the material does not take, made into the PDF it does take.

- Word, Excel and PowerPoint files (and WPS, OLE `.doc`): LibreOffice headless, the PDF
  export with its fonts embedded (subsets) and images kept as they are in the document. Each
  conversion runs in a private LibreOffice profile in a temporary folder, so that two runs
  (or a LibreOffice the user has open) never share one, and is stopped after `TIMEOUT`.
- Images (a photo or a scan saved as JPEG/PNG where the material takes PDF): one page per
  image, drawn at the resolution the image declares (else fitted to A4 width); a JPEG is
  embedded as it is (no re-encoding), anything else losslessly (Flate).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile

from docvalidator.errors import DocValidatorError
from docvalidator.package.kinds import KIND_EXT

OFFICE_KINDS = frozenset({"docx", "doc", "xlsx", "pptx"})
TIMEOUT = 180  # seconds for one document
A4_WIDTH_IN = 210 / 25.4


class ConversionFailed(DocValidatorError):
    """A file that could not be converted: it is copied as it is and the log says why."""


def libreoffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def office_to_pdf(data: bytes, kind: str) -> bytes:
    exe = libreoffice()
    if exe is None:
        raise ConversionFailed("未安装 LibreOffice（soffice），无法将 Word 文件转换为 PDF；"
                               "请安装 LibreOffice，或用 Word/WPS“另存为 PDF”")
    with tempfile.TemporaryDirectory(prefix="docvalidator-lo-") as tmp:
        src = os.path.join(tmp, f"document.{KIND_EXT.get(kind, 'docx')}")
        with open(src, "wb") as f:
            f.write(data)
        profile = "file://" + os.path.join(tmp, "profile").replace(os.sep, "/")
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile}",
               "--convert-to", "pdf:writer_pdf_Export:{\"EmbedStandardFonts\":{\"type\":\"boolean\","
               "\"value\":\"true\"}}", "--outdir", tmp, src]
        try:
            subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=TIMEOUT, check=False,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice 转换超过 {TIMEOUT} 秒未完成") from None
        out = os.path.join(tmp, "document.pdf")
        if not os.path.isfile(out) or os.path.getsize(out) == 0:
            raise ConversionFailed("LibreOffice 未能转换该文件（文件可能已损坏或加密）")
        with open(out, "rb") as f:
            return f.read()


def image_to_pdf(data: bytes) -> bytes:
    """One page per image (frames of a TIFF/GIF included), EXIF orientation applied."""
    import pikepdf
    from PIL import ImageOps, ImageSequence

    from docvalidator.imaging.raster import open_image_safely

    im = open_image_safely(data)
    pdf = pikepdf.new()
    for frame in ImageSequence.Iterator(im):
        upright = ImageOps.exif_transpose(frame)
        rotated = frame.getexif().get(0x0112, 1) not in (1, None)
        dpi = frame.info.get("dpi", (0, 0))[0] or 0
        px_w, px_h = upright.size
        dpi = float(dpi) if 72 <= float(dpi or 0) <= 1200 else px_w / A4_WIDTH_IN
        if im.format == "JPEG" and not rotated and upright.mode in ("RGB", "L"):
            stream = pikepdf.Stream(pdf, data)
            stream.Filter = pikepdf.Name.DCTDecode
            mode = upright.mode
        else:
            mode = "L" if upright.mode in ("1", "L", "LA", "I;16") else "RGB"
            pixels = upright.convert(mode)
            stream = pikepdf.Stream(pdf, pixels.tobytes())  # Flate-compressed on save
        stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        stream.Width, stream.Height, stream.BitsPerComponent = px_w, px_h, 8
        stream.ColorSpace = pikepdf.Name.DeviceGray if mode == "L" else pikepdf.Name.DeviceRGB
        w_pt, h_pt = px_w / dpi * 72, px_h / dpi * 72
        content = f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im0 Do Q".encode()
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, round(w_pt, 2), round(h_pt, 2)],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream)),
            Contents=pikepdf.Stream(pdf, content))
        pdf.pages.append(pikepdf.Page(page))
        if im.format == "JPEG":
            break
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=True, deterministic_id=True)
    return buf.getvalue()


def merge_pdfs(parts: list[bytes]) -> bytes:
    """The pages of several PDFs in order, in one file (objects copied, nothing re-encoded)."""
    import pikepdf

    out = pikepdf.new()
    opened = []
    try:
        for data in parts:
            src = pikepdf.open(io.BytesIO(data))
            opened.append(src)
            out.pages.extend(src.pages)
        buf = io.BytesIO()
        out.save(buf, deterministic_id=True)
        return buf.getvalue()
    finally:
        for src in opened:
            src.close()
