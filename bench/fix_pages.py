"""Over-limit pages for bench/bench_fix.py, generated deterministically from a seed.

Eight kinds, `seed % 8`, each with its own random choices (document, company, resolution,
colour, scanner noise, JPEG quality) drawn from `seed`:
0. colour scan with the company seal, 300 dpi (a sealed pledge, plan or policy)
1. grey scan of dense text with small print, 300 dpi, no red ink
2. colour scan with a seal and a table, 250 dpi
3. grey scan of a table, 200 dpi
4. a page with a venue photograph (tests/vision/photo_synth), caption and seal, 300 dpi
5. a phone photo of a document: the page warped in perspective on a desk, uneven light,
   12 MP, placed on an A4 page
6. a seal page of the seal detectors' held-out family (tests/vision/synth, "heldout"),
   upscaled to 300 dpi with noise
7. colour scan with a red heading and a seal over dense text, 200 dpi
Every page is one JPEG drawn over A4, encoded at quality 90–95 (what scanners and phones
write), and weighs more than 200 KB. `truth` is the text printed on it (None where the
generator does not know it) and `seals` how many company seals it carries.

Tune on seeds 0–7 (one of each kind); measure on seeds 100 and up, never looked at while
tuning.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixtures import _docs as D
from fixtures._ids import COMPANY_KEYS, company
from fixtures._render import encode_jpeg, make_scan_page, page_size

KINDS = ("colour-seal-300", "grey-dense-300", "colour-table-seal-250", "grey-table-200",
         "photo-seal-300", "phone-photo", "heldout-seal-300", "red-heading-seal-200")
A4_PT = (595.2756, 841.8898)
_SPACE = re.compile(r"\s+")


@dataclass
class Page:
    seed: int
    kind: str
    pdf: bytes
    truth: str | None
    seals: int
    dpi: int
    company: str = ""


def _text_of(blocks) -> str:
    out = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
        elif b[0] in ("title", "h", "p", "center", "right", "small"):
            out.append(b[1])
        elif b[0] == "kv":
            out.append(b[1] + b[2])
        elif b[0] == "table":
            for row in [b[1], *b[2]]:
                out.extend(str(c) for c in row)
    return _SPACE.sub("", "".join(out))


FINE_PRINT = ("small", "本文件一式两份，申请单位与审批机关各执一份；复印件加盖公章后与原件具有同等效力，涂改无效。")


def _document(rng, c):
    """A document's blocks, with a seal anchor and a line of fine print (8 pt, grey)."""
    blocks = _document_body(rng, c)
    return [*blocks[:-1], FINE_PRINT, blocks[-1]] if blocks[-1] == ("seal_here",) else [*blocks, FINE_PRINT]


def _document_body(rng, c):
    pick = int(rng.integers(0, 6))
    if pick == 0:
        return D.pledge(c, "lawful", "中华人民共和国工业和信息化部")[1]
    if pick == 1:
        return [("title", D.security_measures(c, False)[0]), *D.security_measures(c, False)[1][:9],
                ("seal_here",)]
    if pick == 2:
        return [("title", D.business_plan(c)[0]), *D.business_plan(c)[1][:8], ("seal_here",)]
    if pick == 3:
        return D.application_form(c, "B24")
    if pick == 4:
        return [("title", D.technical_plan(c)[0]), *D.technical_plan(c)[1][:8], ("seal_here",)]
    return [("title", D.company_profile(c)[0]), *D.company_profile(c)[1][:9], ("seal_here",)]


def _dense(rng, c) -> list:
    title, blocks = D.security_measures(c, False)
    paras = [b for b in blocks if isinstance(b, str)]
    small = "注：本制度由信息安全领导小组负责解释，自发布之日起施行，原有相关规定与本制度不一致的，以本制度为准。"
    return [("title", title), *paras[:6], ("small", small * 2), *paras[6:9], ("small", small)]


def _table(rng, c, seal: bool) -> list:
    rows = [[p.name, p.role, p.education, f"{p.years_telecom}年", p.phone or "13800000000"] for p in (c.legal_rep, *c.staff)]
    rows = rows * 2
    return [("title", "主要管理、技术人员名单"), ("table", ["姓名", "职务", "学历", "从业年限", "联系电话"], rows),
            "以上人员均与本公司签订劳动合同并由本公司缴纳社会保险。", *([("seal_here",)] if seal else [])]


def _pdf(jpeg: bytes) -> bytes:
    """One JPEG over an A4 page (as a scanner writes it)."""
    import pikepdf

    with Image.open(io.BytesIO(jpeg)) as im:
        w, h, mode = im.width, im.height, im.mode
    pdf = pikepdf.new()
    img = pikepdf.Stream(pdf, jpeg)
    img.Type, img.Subtype, img.Filter = pikepdf.Name.XObject, pikepdf.Name.Image, pikepdf.Name.DCTDecode
    img.Width, img.Height, img.BitsPerComponent = w, h, 8
    img.ColorSpace = pikepdf.Name.DeviceGray if mode == "L" else pikepdf.Name.DeviceRGB
    content = f"q {A4_PT[0]:.4f} 0 0 {A4_PT[1]:.4f} 0 0 cm /Im0 Do Q".encode()
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, A4_PT[0], A4_PT[1]],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img)),
        Contents=pikepdf.Stream(pdf, content))))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


def _photo_page(rng, c, seed: int) -> tuple[Image.Image, str]:
    from tests.vision.photo_synth import venue

    dpi = 300
    page = Image.new("RGB", page_size(dpi), (255, 255, 255))
    photo = venue(int(rng.integers(5, 12)), seed, size=(2400, 1500), company=c.name[:6])
    w = page.width - 2 * 260
    page.paste(photo.resize((w, round(photo.height * w / photo.width)), Image.LANCZOS), (260, 500))
    caption = f"{c.name}呼叫中心坐席区实景照片（拍摄于{c.address}）"
    from fixtures._render import draw_seal, font

    d = ImageDraw.Draw(page)
    d.text((260, 300), "呼叫中心场地及坐席照片", font=font(80), fill=(20, 20, 20))
    d.text((260, 2200), caption[:30], font=font(44), fill=(20, 20, 20))
    d.text((260, 2280), caption[30:], font=font(44), fill=(20, 20, 20))
    draw_seal(page, (1900, 2700), 248, c.name, seed=seed)
    return page, _SPACE.sub("", "呼叫中心场地及坐席照片" + caption)


def _phone_photo(rng, c, seed: int) -> tuple[Image.Image, str]:
    import cv2

    blocks = _document(rng, c)
    doc = make_scan_page(blocks, seal=c.name, dpi=200, max_bytes=None, seed=seed, noise=1.5)
    W, H = 3024, 4032
    desk = np.zeros((H, W, 3), np.float32)
    desk[:] = (150 + rng.integers(-20, 20), 110 + rng.integers(-15, 15), 80)
    desk += rng.normal(0, 6, (H, W, 1))
    src = np.float32([[0, 0], [doc.width, 0], [doc.width, doc.height], [0, doc.height]])
    j = lambda: rng.uniform(-90, 90)  # noqa: E731
    dst = np.float32([[220 + j(), 250 + j()], [W - 220 + j(), 200 + j()],
                      [W - 160 + j(), H - 230 + j()], [160 + j(), H - 180 + j()]])
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(np.asarray(doc), m, (W, H), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones(doc.size[::-1], np.float32), m, (W, H))
    out = desk * (1 - mask[..., None]) + warped.astype(np.float32) * mask[..., None]
    xx = np.linspace(0, 1, W, dtype=np.float32)[None, :]
    yy = np.linspace(0, 1, H, dtype=np.float32)[:, None]
    light = 0.82 + 0.18 * (1 - ((xx - rng.uniform(0.2, 0.8)) ** 2 + (yy - 0.3) ** 2))
    out = np.clip(out * light[..., None] + rng.normal(0, 2.5, (H, W, 1)), 0, 255).astype(np.uint8)
    return Image.fromarray(out).filter(ImageFilter.GaussianBlur(0.8)), _text_of(blocks)


def _heldout_seal(rng, seed: int) -> tuple[Image.Image, int]:
    from tests.vision.synth import make_page

    sample = make_page("heldout", 500 + seed, n_seals=1 + int(rng.integers(0, 2)))
    big = sample.image.resize((2480, 3508), Image.BICUBIC)
    noisy = np.asarray(big).astype(np.int16) + rng.integers(-5, 6, (3508, 2480, 1))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)), len(sample.seals)


def make(seed: int) -> Page:
    rng = np.random.default_rng([1414, seed])
    kind = KINDS[seed % len(KINDS)]
    c = company(COMPANY_KEYS[int(rng.integers(0, len(COMPANY_KEYS)))])
    noise, blur, skew = float(rng.uniform(2.0, 4.0)), float(rng.uniform(0.4, 0.8)), float(rng.uniform(-1, 1))
    quality = int(rng.integers(90, 96))
    truth, seals = None, 1
    if kind in ("colour-seal-300", "colour-table-seal-250", "red-heading-seal-200", "grey-dense-300",
                "grey-table-200"):
        dpi = {"colour-seal-300": 300, "colour-table-seal-250": 250, "red-heading-seal-200": 200,
               "grey-dense-300": 300, "grey-table-200": 200}[kind]
        grey = kind.startswith("grey")
        blocks = (_dense(rng, c) if kind == "grey-dense-300" else _table(rng, c, not grey)
                  if "table" in kind else _document(rng, c))
        if kind == "red-heading-seal-200":
            blocks = [*blocks[:-1], *_dense(rng, c)[1:5], blocks[-1]] if blocks[-1] == ("seal_here",) \
                else blocks
        img = make_scan_page(blocks, seal=None if grey else c.name, dpi=dpi, max_bytes=None,
                             color=not grey, seed=seed, noise=noise, blur=blur, skew=skew,
                             red_title=kind == "red-heading-seal-200")
        truth, seals = _text_of(blocks), 0 if grey else 1
    elif kind == "photo-seal-300":
        img, truth = _photo_page(rng, c, seed)
        dpi = 300
    elif kind == "phone-photo":
        img, truth = _phone_photo(rng, c, seed)
        dpi = 370
    else:
        img, seals = _heldout_seal(rng, seed)
        dpi = 300
    jpeg = encode_jpeg(img, quality, None)
    while len(jpeg) < 215 * 1024 and quality < 98:  # every bench page is over the limit
        quality += 1
        jpeg = encode_jpeg(img, quality, None)
    return Page(seed, kind, _pdf(jpeg), truth, seals, dpi, c.name)
