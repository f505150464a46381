"""Held-out venue photos with known seat counts, in an appearance family of their own (the photo
detectors were tuned on fixtures/_photos.make_venue_photo, a 3-D box room): here a frontal
office with rows of workstations drawn flat, varied screen colours and content, bezels,
headsets, plants and cabinets as distractors, a logo or none on the wall.
Variants for the quality detectors: blurred, dark, over-exposed, resized+recompressed copies,
edited (EXIF Software) and old (EXIF date)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = str(Path(__file__).resolve().parents[2] / "fixtures" / "fonts" / "wqy-zenhei-subset.ttf")


def held_out_logo(text: str = "众信", color=(200, 40, 40), size: int = 360) -> Image.Image:
    """A logo unlike the fixtures' disc: a rounded square, a bar chart mark and the name."""
    im = Image.new("RGB", (size, size), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((size * 0.12, size * 0.08, size * 0.88, size * 0.64), radius=size // 10,
                        fill=color)
    for k, hgt in enumerate((0.18, 0.3, 0.42, 0.24)):
        x = size * (0.22 + k * 0.15)
        d.rectangle((x, size * (0.56 - hgt), x + size * 0.09, size * 0.56), fill=(255, 255, 255))
    f = ImageFont.truetype(FONT, int(size * 0.2))
    w = d.textlength(text, font=f)
    d.text(((size - w) / 2, size * 0.7), text, font=f, fill=color)
    return im


def venue(seats: int, seed: int, logo: Image.Image | None = None, size=(1920, 1080),
          company: str = "") -> Image.Image:
    """A frontal photo of `seats` workstations (each: monitor, desk, chair, headset)."""
    rng = np.random.default_rng([303, seed])
    W, H = size
    wall = tuple(int(v) for v in rng.integers(200, 240, 3))
    im = Image.new("RGB", size, wall)
    d = ImageDraw.Draw(im)
    floor_y = int(H * rng.uniform(0.55, 0.62))
    d.rectangle((0, floor_y, W, H), fill=tuple(int(v) for v in rng.integers(140, 190, 3)))
    if logo is not None:
        lw = int(W * rng.uniform(0.08, 0.12))
        lg = logo.resize((lw, lw), Image.LANCZOS)
        im.paste(lg, (int(W * rng.uniform(0.35, 0.6)), int(H * 0.06)))
    if company:
        d.text((int(W * 0.62), int(H * 0.1)), company, font=ImageFont.truetype(FONT, 44),
               fill=(50, 50, 60))
    # distractors: cabinet, plant, window
    d.rectangle((int(W * 0.02), int(H * 0.2), int(W * 0.1), floor_y), fill=(90, 80, 70))
    d.ellipse((int(W * 0.9), int(H * 0.35), int(W * 0.97), int(H * 0.48)), fill=(40, 110, 50))
    d.rectangle((int(W * 0.15), int(H * 0.08), int(W * 0.3), int(H * 0.3)), fill=(180, 205, 230),
                outline=(60, 60, 60), width=6)
    rows = 1 if seats <= 4 else 2
    per_row = [seats // rows + (1 if r < seats % rows else 0) for r in range(rows)]
    for r in range(rows):
        n = per_row[r]
        scale = 0.75 if (rows == 2 and r == 0) else 1.0
        y_desk = int(H * (0.5 if scale < 1 else 0.7))
        span = W * 0.8
        step = span / max(n, 1)
        for k in range(n):
            cx = W * 0.1 + step * (k + 0.5)
            mw = min(step * 0.62, W * 0.12) * scale
            mh = mw * rng.uniform(0.56, 0.66)
            bez = max(3, int(mw * rng.uniform(0.04, 0.08)))
            top = y_desk - mh - 30 * scale
            d.rectangle((cx - step * 0.45, y_desk, cx + step * 0.45, y_desk + 18 * scale),
                        fill=(170, 140, 100))
            d.rectangle((cx - 6, top + mh, cx + 6, y_desk), fill=(30, 30, 30))
            d.rectangle((cx - mw / 2 - bez, top - bez, cx + mw / 2 + bez, top + mh + bez),
                        fill=(15, 15, 18))
            screen = tuple(int(v) for v in rng.choice([(60, 120, 200), (230, 235, 240),
                                                       (40, 160, 120), (200, 200, 210)]))
            d.rectangle((cx - mw / 2, top, cx + mw / 2, top + mh), fill=screen)
            for s in range(3):
                yy = top + mh * (0.2 + 0.22 * s)
                d.rectangle((cx - mw * 0.4, yy, cx + mw * 0.1, yy + mh * 0.08),
                            fill=tuple(max(0, v - 70) for v in screen))
            d.arc((cx + mw * 0.55, y_desk - 40 * scale, cx + mw * 0.55 + 36 * scale, y_desk - 4),
                  180, 360, fill=(20, 20, 20), width=5)
            # chair in front of the desk
            cw = mw * 0.7
            d.rounded_rectangle((cx - cw / 2, y_desk + 25 * scale, cx + cw / 2,
                                 y_desk + 25 * scale + cw * 0.9), radius=12, fill=(35, 35, 45))
    arr = np.asarray(im).astype(np.float32)
    arr += rng.normal(0, 3.0, arr.shape[:2])[..., None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))


def exif_bytes(when: str = "2026:11:10 09:30:00", software: str | None = None) -> bytes:
    ex = Image.Exif()
    ex[0x010F] = "OPPO"
    ex[0x0110] = "PFEM10"
    if software:
        ex[0x0131] = software
    ex[0x0132] = when
    ex.get_ifd(0x8769)[0x9003] = when
    return ex.tobytes()


def jpeg(img: Image.Image, quality: int = 85, **exif) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, exif=exif_bytes(**exif))
    return buf.getvalue()


def blurred(img: Image.Image, radius: float) -> Image.Image:
    return img.filter(ImageFilter.GaussianBlur(radius))


def exposed(img: Image.Image, gain: float, offset: float = 0.0) -> Image.Image:
    a = np.asarray(img).astype(np.float32) * gain + offset
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def recompressed_copy(img: Image.Image, scale: float, quality: int) -> Image.Image:
    w, h = img.size
    small = img.resize((int(w * scale), int(h * scale)), Image.BILINEAR)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
