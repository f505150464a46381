"""Labelled synthetic images for the seal and photo detectors.

Two appearance families, so that the detectors are tuned on one and measured on the other:
- ``tune``: WenQuanYi Micro Hei, standard 40 mm seals, one red, clean scans.
- ``heldout``: WenQuanYi Zen Hei, 32–50 mm seals and ovals, varied inks, rotation, fading,
  JPEG noise, pink and cream paper, and every distractor the issue names (red titles, red
  tables, red underlines, rectangular stamps, red logos, filled discs, pie and donut charts,
  seals touching a red heading).

Everything is seeded: the same (family, seed) gives the same pixels.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_FONT_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "fonts"
FONTS = {"tune": str(_FONT_DIR / "wqy-microhei-subset.ttf"),
         "heldout": str(_FONT_DIR / "wqy-zenhei-subset.ttf")}
FAMILY_SEED = {"tune": 101, "heldout": 202}
PAGE = (1240, 1754)  # A4 at 150 dpi
COMPANIES = ["上海云联呼叫服务有限公司", "北京众信通信技术有限公司", "深圳华声客服科技有限公司",
             "杭州远航信息服务有限公司", "广州天合数据通信有限公司", "南京博远电信增值服务有限公司"]
BODY = ("本公司承诺依法经营电信业务，不转租、转借电信业务经营许可证，在许可的业务范围和覆盖范围内"
        "开展业务，遵守国家有关网络与信息安全的规定，建立健全用户个人信息保护制度。")


def font(family: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONTS[family], size)


# ------------------------------------------------------------------------------------------
# Seals


def seal_layer(text: str, radius: int, *, family: str = "tune", color=(215, 35, 40),
               ring: int | None = None, oval: float = 1.0, star: bool = True,
               bottom: str | None = None, fade: float = 0.0, rng: np.random.Generator | None = None
               ) -> Image.Image:
    """An RGBA seal: ring, name along the top arc, a star, optional bottom line."""
    rng = rng or np.random.default_rng(0)
    ring = ring or max(3, int(radius * 0.06))
    size = 2 * radius + 4
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    c = size / 2
    d.ellipse((c - radius, c - radius, c + radius, c + radius), outline=(*color, 255), width=ring)
    n = len(text)
    char = max(8, int(radius * 0.26))
    f = font(family, char)
    r_text = radius - ring - char * 0.62
    span = math.radians(min(250.0, 18.0 * n + 40))
    for i, ch in enumerate(text):
        phi = math.pi / 2 + span / 2 - span * (i + 0.5) / n  # left → right over the top
        glyph = Image.new("RGBA", (char + 6, char + 6), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((3, 1), ch, font=f, fill=(*color, 255))
        glyph = glyph.rotate(math.degrees(phi) - 90, resample=Image.BICUBIC, expand=True)
        x = c + r_text * math.cos(phi) - glyph.width / 2
        y = c - r_text * math.sin(phi) - glyph.height / 2
        layer.alpha_composite(glyph, (round(x), round(y)))
    if star:
        rs = radius * 0.24
        pts = []
        for k in range(10):
            rr = rs if k % 2 == 0 else rs * 0.4
            a = math.pi / 2 + k * math.pi / 5
            pts.append((c + rr * math.cos(a), c - rr * math.sin(a)))
        d.polygon(pts, fill=(*color, 255))
    if bottom:
        fb = font(family, max(8, int(radius * 0.16)))
        w = d.textlength(bottom, font=fb)
        d.text((c - w / 2, c + radius * 0.42), bottom, font=fb, fill=(*color, 255))
    if oval != 1.0:
        layer = layer.resize((int(size * oval), size), Image.BICUBIC)
    if fade > 0:
        a = np.asarray(layer).copy()
        noise = rng.random(a.shape[:2])
        blot = np.asarray(Image.fromarray((noise * 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(radius * 0.05))) / 255.0
        keep = 1.0 - fade * (blot > np.quantile(blot, 0.55))
        a[..., 3] = (a[..., 3] * keep * 0.92).astype(np.uint8)
        layer = Image.fromarray(a)
    return layer


def stamp(img: Image.Image, layer: Image.Image, center: tuple[float, float], rotation: float = 0.0
          ) -> list[float]:
    """Stamp a layer (multiply-like: ink darkens) and return its bbox in page fractions."""
    if rotation:
        layer = layer.rotate(rotation, resample=Image.BICUBIC, expand=True)
    x0 = int(center[0] - layer.width / 2)
    y0 = int(center[1] - layer.height / 2)
    base = img.convert("RGBA")
    over = Image.new("RGBA", base.size, (0, 0, 0, 0))
    over.alpha_composite(layer, (max(0, x0), max(0, y0)),
                         (max(0, -x0), max(0, -y0)))
    mixed = Image.alpha_composite(base, over).convert("RGB")
    ink = np.minimum(np.asarray(mixed), np.asarray(img.convert("RGB")))  # ink never lightens text
    img.paste(Image.fromarray(ink))
    bb = layer.getbbox() or (0, 0, layer.width, layer.height)
    W, H = img.size
    return [(x0 + bb[0]) / W, (y0 + bb[1]) / H, (x0 + bb[2]) / W, (y0 + bb[3]) / H]


# ------------------------------------------------------------------------------------------
# Pages


@dataclass
class Sample:
    image: Image.Image
    seals: list[list[float]] = field(default_factory=list)  # truth bboxes, page fractions
    tags: list[str] = field(default_factory=list)
    name: str = ""


def _text_lines(d: ImageDraw.ImageDraw, family: str, rng, top: int, bottom: int, ink=(30, 30, 30)):
    f = font(family, 26 if family == "tune" else 24)
    y = top
    while y < bottom:
        start = int(rng.integers(0, 30))
        n = int(rng.integers(18, 36))
        d.text((110, y), (BODY * 2)[start:start + n], font=f, fill=ink)
        y += int(rng.integers(40, 52))


DISTRACTORS = ["red_title", "red_table", "red_underline", "rect_stamp", "red_logo", "filled_disc",
               "pie_chart", "donut_chart", "small_ring_logo", "pink_paper"]


def _distractor(img: Image.Image, kind: str, family: str, rng) -> None:
    d = ImageDraw.Draw(img)
    W, H = img.size
    red = (int(rng.integers(195, 235)), int(rng.integers(20, 60)), int(rng.integers(25, 60)))
    if kind == "red_title":
        f = font(family, 64)
        d.text((W * 0.18, 90), "网络与信息安全保障措施", font=f, fill=red)
    elif kind == "red_table":
        x0, y0 = 120, int(H * rng.uniform(0.3, 0.55))
        for i in range(6):
            d.line((x0, y0 + i * 48, W - 120, y0 + i * 48), fill=red, width=3)
        for j in range(5):
            x = x0 + j * (W - 240) // 4
            d.line((x, y0, x, y0 + 5 * 48), fill=red, width=3)
    elif kind == "red_underline":
        y = int(H * rng.uniform(0.2, 0.8))
        d.line((110, y, W * 0.8, y), fill=red, width=4)
    elif kind == "rect_stamp":
        cx, cy = W * rng.uniform(0.3, 0.7), H * rng.uniform(0.6, 0.85)
        w, h = W * 0.22, W * rng.choice([0.1, 0.22])
        d.rectangle((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), outline=red, width=6)
        f = font(family, 34)
        d.text((cx - w / 2 + 20, cy - 20), "与原件一致", font=f, fill=red)
    elif kind == "red_logo":
        cx, cy, r = W * 0.12, H * 0.06, W * 0.045
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=red)
        d.text((cx - r * 0.5, cy - r * 0.7), "C", font=font(family, int(r * 1.3)), fill=(255, 255, 255))
        d.text((cx + r * 1.5, cy - 20), "云联通信", font=font(family, 40), fill=red)
    elif kind == "filled_disc":
        cx, cy, r = W * rng.uniform(0.3, 0.7), H * rng.uniform(0.5, 0.8), W * 0.09
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=red)
    elif kind == "pie_chart":
        cx, cy, r = W * 0.5, H * rng.uniform(0.45, 0.7), W * 0.12
        cols = [red, (235, 120, 120), (180, 20, 30), (250, 170, 170)]
        a = 0
        for k, share in enumerate((0.4, 0.3, 0.2, 0.1)):
            d.pieslice((cx - r, cy - r, cx + r, cy + r), a, a + share * 360, fill=cols[k])
            a += share * 360
    elif kind == "donut_chart":
        cx, cy, r = W * 0.5, H * rng.uniform(0.45, 0.7), W * 0.11
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=int(r * 0.35))
        d.text((cx - 30, cy - 18), "62%", font=font(family, 34), fill=(30, 30, 30))
    elif kind == "small_ring_logo":
        cx, cy, r = W * 0.88, H * 0.05, W * 0.035
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=4)
        d.text((cx - r * 0.45, cy - r * 0.6), "Y", font=font(family, int(r)), fill=red)


def make_page(family: str, seed: int, *, n_seals: int, distractors: tuple[str, ...] = (),
              touch_heading: bool = False) -> Sample:
    rng = np.random.default_rng([FAMILY_SEED[family], seed])
    paper = (250, 250, 247)
    if "pink_paper" in distractors:
        paper = (252, 222, 226)
    elif family == "heldout" and rng.random() < 0.3:
        paper = (246, 240, 224)
    img = Image.new("RGB", PAGE, paper)
    d = ImageDraw.Draw(img)
    W, H = PAGE
    if "red_title" not in distractors and not touch_heading:
        d.text((W * 0.25, 90), "依法经营电信业务承诺书", font=font(family, 56), fill=(20, 20, 20))
    _text_lines(d, family, rng, 240, int(H * 0.62))
    for k in distractors:
        _distractor(img, k, family, rng)
    sample = Sample(img, tags=list(distractors), name=f"{family}-{seed}")
    spots = [(0.70, 0.80), (0.30, 0.82), (0.75, 0.45), (0.50, 0.22)]
    if touch_heading:
        f = font(family, 60)
        title = "网络与信息安全保障措施"
        ty = int(H * 0.30)
        d.text((W * 0.12, ty), title, font=f, fill=(210, 30, 35))
        spots = [(0.62, (ty + 60) / H + 0.075), *spots]
        sample.tags.append("touch_heading")
    company = COMPANIES[int(rng.integers(0, len(COMPANIES)))]
    for i in range(n_seals):
        sx, sy = spots[i]
        if family == "tune":  # narrower ranges, its own ink and font
            radius = int(W * rng.uniform(0.08, 0.105))
            oval = 1.0 if rng.random() < 0.75 else float(rng.uniform(1.2, 1.4))
            color = (int(rng.integers(200, 230)), int(rng.integers(25, 60)), int(rng.integers(30, 60)))
            layer = seal_layer(company, radius, family=family, color=color,
                               ring=int(radius * rng.uniform(0.045, 0.075)), oval=oval,
                               fade=float(rng.uniform(0.0, 0.3)), rng=rng)
            rot = float(rng.uniform(-15, 15))
        else:
            radius = int(W * rng.uniform(0.075, 0.115))
            oval = 1.0 if rng.random() < 0.7 else float(rng.uniform(1.25, 1.45))
            color = (int(rng.integers(185, 240)), int(rng.integers(15, 80)), int(rng.integers(25, 90)))
            layer = seal_layer(company, radius, family=family, color=color,
                               ring=int(radius * rng.uniform(0.035, 0.085)), oval=oval,
                               bottom="合同专用章" if rng.random() < 0.2 else None,
                               fade=float(rng.uniform(0.0, 0.4)), rng=rng)
            rot = float(rng.uniform(-25, 25))
        sx += rng.uniform(-0.04, 0.04) if not touch_heading or i else 0.0
        sample.seals.append(stamp(img, layer, (W * sx, H * sy), rot))
    if family == "heldout" or rng.random() < 0.5:
        amp = 4 if family == "heldout" else 3
        arr = np.asarray(img).astype(np.int16)
        arr = arr + rng.integers(-amp, amp + 1, arr.shape[:2])[..., None]
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        if rng.random() < 0.3:
            img = img.filter(ImageFilter.GaussianBlur(0.8))
        sample.image = img
    return sample


def page_pdf(image: Image.Image, quality: int = 70) -> bytes:
    """A scanned page: one JPEG image filling an A4 page at 150 dpi."""
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=150, quality=quality)
    return buf.getvalue()


def seal_set(family: str, n: int = 60) -> list[Sample]:
    """A balanced labelled page set: about half with seals, every distractor present."""
    out = []
    for seed in range(n):
        rng = np.random.default_rng([7 if family == "tune" else 11, seed])
        kind = seed % 6
        dis = tuple(rng.choice(DISTRACTORS, size=int(rng.integers(1, 3)), replace=False))
        if kind == 0:
            out.append(make_page(family, seed, n_seals=0, distractors=dis))
        elif kind == 1:
            out.append(make_page(family, seed, n_seals=1))
        elif kind == 2:
            out.append(make_page(family, seed, n_seals=1, distractors=dis))
        elif kind == 3:
            out.append(make_page(family, seed, n_seals=1, touch_heading=True))
        elif kind == 4:
            out.append(make_page(family, seed, n_seals=0,
                                 distractors=(DISTRACTORS[seed % len(DISTRACTORS)],
                                              DISTRACTORS[(seed // 6) % len(DISTRACTORS)])))
        else:
            out.append(make_page(family, seed, n_seals=2, distractors=dis[:1]))
    return out
