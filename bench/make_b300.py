"""Generate the reference package B300 into bench/out/B300 (deterministic, seeded).

40 PDFs / 300 pages: 210 scanned pages (150 dpi greyscale JPEG; half dense full pages, each
over 200 KB, half sparse) in 28 files, and 90 text-layer pages with an embedded subset CJK
font in 12 files; 10 DOCX policies (~30 pages); 12 JPEG venue photos of 4000×3000.

    python bench/make_b300.py [OUT_DIR]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.pdfmaker import A4, image_pdf, jpeg, scan_image  # noqa: E402

# The subset of WenQuanYi Micro Hei shipped with the fixtures: no system font needed.
CJK_FONT = Path(__file__).resolve().parent.parent / "fixtures" / "fonts" / "wqy-microhei-subset.ttf"
PHRASES = ["客户数据安全管理制度", "本公司严格遵守《中华人民共和国网络安全法》", "呼叫中心业务",
           "数据采用 AES-256 加密存储", "通话录音保存期限不少于六个月", "信息安全责任人",
           "用户个人信息保护", "应急预案与处置流程", "服务时间为每日 8:00 至 22:00",
           "投诉处理机制", "坐席人员培训", "网络与信息安全保障措施"]


def _cjk_font() -> str:
    """Register the CJK TrueType subset with reportlab (embedded as a subset) and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("CJK", str(CJK_FONT)))
    return "CJK"


def text_pdf(pages: int, seed: int) -> bytes:
    from reportlab.pdfgen import canvas

    font = _cjk_font()
    rng = np.random.default_rng(seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for n in range(pages):
        c.setFont(font, 16)
        c.drawString(72, 780, f"{PHRASES[seed % len(PHRASES)]}（第{n + 1}页）")
        c.setFont(font, 10.5)
        for line in range(42):
            c.drawString(60, 750 - line * 16.5, "，".join(rng.choice(PHRASES, 3)) + "。")
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_pdf(pages: int, seed: int) -> bytes:
    sheets = []
    for n in range(pages):
        dense = n % 2 == 0
        img = scan_image(1240, 1754, dense=dense, seed=seed * 100 + n, noise=1)
        sheets.append([(jpeg(img, 70 if dense else 75), (0, 0, *A4))])
    return image_pdf(sheets)


def docx(seed: int) -> bytes:
    from docx import Document

    rng = np.random.default_rng(seed)
    doc = Document()
    doc.add_heading(PHRASES[seed % len(PHRASES)], level=1)
    for _ in range(60):
        doc.add_paragraph("；".join(rng.choice(PHRASES, 4)) + "。")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def photo(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    im = Image.fromarray(small, "RGB").resize((4000, 3000), Image.BILINEAR)
    im = im.filter(ImageFilter.GaussianBlur(2))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "docvalidator.yaml").write_text("schema: b24-national\n", encoding="utf-8")
    for d in ("扫描件", "制度", "照片"):
        (out / d).mkdir(exist_ok=True)
    for i in range(28):  # 14 × 7 + 14 × 8 = 210 scanned pages
        (out / "扫描件" / f"scan-{i:02d}.pdf").write_bytes(scan_pdf(7 if i < 14 else 8, i))
    for i in range(12):  # 6 × 7 + 6 × 8 = 90 text pages
        (out / "制度" / f"policy-{i:02d}.pdf").write_bytes(text_pdf(7 if i < 6 else 8, i))
    for i in range(10):
        (out / "制度" / f"制度-{i:02d}.docx").write_bytes(docx(i))
    for i in range(12):
        (out / "照片" / f"photo-{i:02d}.jpg").write_bytes(photo(i))
    print(f"B300 written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "out" / "B300")
