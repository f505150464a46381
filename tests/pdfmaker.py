"""Generated PDFs for the inspection tests: scans of a chosen DPI and density, text pages,
blank sheets, encrypted, truncated and hostile files. Deterministic (seeded)."""

from __future__ import annotations

import io
import zlib

import numpy as np
from PIL import Image

A4 = (595.2756, 841.8898)


def scan_image(width: int, height: int, dense: bool = True, seed: int = 0,
               blank: bool = False, one_line: bool = False, noise: int = 2) -> Image.Image:
    """A greyscale 'scanned sheet': rows of text-like blocks (dense) or a few paragraphs."""
    rng = np.random.default_rng(seed)
    a = np.full((height, width), 236, np.int16)
    if not blank:
        line_h, gap = max(4, height // 100), max(6, height // 60)
        rows = range(height // 20, height - height // 20, line_h + gap)
        for n, y in enumerate(rows):
            if one_line and n:
                break
            if not dense and (n % 9 > 4 or n > len(rows) // 2):
                continue
            x = width // 15
            while x < width - width // 15:
                cw = int(rng.integers(line_h, line_h + line_h // 2 + 1))
                glyph = np.kron(rng.integers(0, 2, (4, 4)), np.ones((line_h // 4 + 1, cw // 4 + 1)))
                a[y:y + line_h, x:x + cw] -= (glyph[:line_h, :cw] * 150).astype(np.int16)
                x += cw + max(2, line_h // 3)
    a += rng.integers(-noise, noise + 1, a.shape)
    return Image.fromarray(a.clip(0, 255).astype(np.uint8), "L")


def jpeg(im: Image.Image, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def image_pdf(pages: list[list[tuple[bytes, tuple[float, float, float, float]]]],
              pagesize: tuple[float, float] = A4, text: dict[int, str] | None = None) -> bytes:
    """Pages of JPEG images drawn at (x, y, w, h) points; `text` adds a line to page i."""
    import reportlab.rl_config as rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rl_config.useA85 = 0  # store the JPEG as it is (DCTDecode only), as scanners do
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize, invariant=1)
    for i, images in enumerate(pages):
        for data, (x, y, w, h) in images:
            c.drawImage(ImageReader(io.BytesIO(data)), x, y, w, h)
        if text and i in text:
            c.setFont("Helvetica", 12)
            c.drawString(72, 72, text[i])
        c.showPage()
    c.save()
    return buf.getvalue()


def full_page(data: bytes, pagesize: tuple[float, float] = A4):
    return [(data, (0, 0, *pagesize))]


def text_pdf(pages: int = 1, lines: int = 40, seed: int = 0) -> bytes:
    from reportlab.pdfgen import canvas

    rng = np.random.default_rng(seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    words = ["licence", "policy", "security", "customer", "data", "retention", "months", "AES-256"]
    for _ in range(pages):
        c.setFont("Helvetica", 10)
        for n in range(lines):
            c.drawString(50, 800 - n * 18, " ".join(rng.choice(words, 10)))
        c.showPage()
    c.save()
    return buf.getvalue()


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i+1 = objects[i]) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def huge_image_pdf(width: int = 20000, height: int = 20000) -> bytes:
    """A page drawing an image that declares width×height pixels (its data is a few bytes)."""
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(b"", content),
        stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8 "
               b"/ColorSpace /DeviceGray /Filter /FlateDecode" % (width, height),
               zlib.compress(b"\xff" * 4096)),
    ])


def cyclic_pdf() -> bytes:
    """A form XObject that draws itself, and a page tree whose Pages node lists itself."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Fm1 5 0 R >> >> >>",
        stream(b"", b"/Fm1 Do"),
        stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
               b"/Resources << /XObject << /Fm1 5 0 R >> >>", b"0 0 m 100 100 l S /Fm1 Do"),
    ])


def encrypted(data: bytes, user: str, owner: str, permissions: int | None = None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    kwargs = {"permissions_flag": permissions} if permissions is not None else {}
    writer.encrypt(user_password=user, owner_password=owner, algorithm="RC4-128", **kwargs)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
