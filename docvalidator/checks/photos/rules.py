"""Venue photos: DV601–DV606. They read the photos the analysis measured in the materials the
schema gives the venue-photos role (image files and the photos placed on PDF pages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docvalidator.checks.base import CheckContext, Problem, rule
from docvalidator.checks.photos.analysis import ROLE
from docvalidator.checks.photos.model import PhotoInfo
from docvalidator.codes import Severity

# Thresholds, measured on the labelled set (bench/bench_vision.py; bench/README.md).
BLUR_MIN = 10.0  # 1000·var(Laplacian)/var(luma) at ANALYSIS_WIDTH below this: blurred
DARK_MEAN = 55.0  # mean luma below this: too dark
DARK_CLIP = 0.45  # or this share of pixels at ≤ 8
BRIGHT_MEAN = 215.0  # mean luma above this: over-exposed
BRIGHT_CLIP = 0.35  # or this share of pixels at ≥ 247
DUPLICATE_BITS = 12  # of 256 phash bits: at or below this, the same picture

EDITORS = ("photoshop", "lightroom", "gimp", "snapseed", "meitu", "美图", "picsart", "canva",
           "pixelmator", "affinity", "paint.net", "醒图", "vsco", "fotor", "facetune", "polarr",
           "capture one", "acdsee", "光影魔术手", "美颜", "remini")


def editor_of(software: str | None) -> str | None:
    s = (software or "").lower()
    return next((e for e in EDITORS if e in s), None)


def hamming(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def quality_problems(info: PhotoInfo) -> list[str]:
    """"blur" / "dark" / "bright" for a photo that fails the thresholds above."""
    out = []
    if info.blur is not None and info.blur < BLUR_MIN:
        out.append("blur")
    if info.brightness is not None:
        if info.brightness < DARK_MEAN or (info.dark_clip or 0) > DARK_CLIP:
            out.append("dark")
        elif info.brightness > BRIGHT_MEAN or (info.bright_clip or 0) > BRIGHT_CLIP:
            out.append("bright")
    return out


def _photos(ctx: CheckContext) -> list[tuple[str, str, PhotoInfo]]:
    out = []
    for m in ctx.with_role(ROLE):
        for path in ctx.classification.files_of(m.id):
            for p in ctx.found(path).photos:
                out.append((m.id, path, p))
    return out


def _label(path: str, p: PhotoInfo) -> str:
    name = path.rsplit("/", 1)[-1]
    return f"“{name}”第 {p.page} 页的照片" if p.page else f"照片“{name}”"


@rule("DV601", needs={"photos"})
def photo_unusable(ctx: CheckContext) -> Iterator[Problem]:
    """The photo cannot be decoded, is a decompression bomb, or is under the minimum resolution."""
    min_w = int(ctx.schema.param("photo_min_width", 1280) or 0)
    min_h = int(ctx.schema.param("photo_min_height", 720) or 0)
    for mid, path, p in _photos(ctx):
        if p.error:
            why = "像素尺寸过大，为防止解压炸弹未予解码" if p.error.startswith("bomb") else "无法解码"
            yield Problem("DV601", f"{_label(path, p)}{why}。", material=mid, file=path,
                          page=p.page, evidence={"error": p.error, "width": p.width,
                                                 "height": p.height})
            continue
        long_side, short_side = max(p.width, p.height), min(p.width, p.height)
        if long_side < max(min_w, min_h) or short_side < min(min_w, min_h):
            yield Problem("DV601", f"{_label(path, p)}分辨率为 {p.width}×{p.height}，"
                                   f"低于 {min_w}×{min_h}。", material=mid, file=path, page=p.page,
                          evidence={"width": p.width, "height": p.height,
                                    "min_width": min_w, "min_height": min_h})


_QUALITY = {"blur": "模糊", "dark": "过暗", "bright": "过曝"}


@rule("DV602", needs={"photos"})
def photo_quality(ctx: CheckContext) -> Iterator[Problem]:
    """Blurred (low variance of the Laplacian, normalised for size), too dark or over-exposed."""
    for mid, path, p in _photos(ctx):
        if p.error:
            continue
        bad = quality_problems(p)
        if bad:
            what = "、".join(_QUALITY[b] for b in bad)
            yield Problem("DV602", f"{_label(path, p)}{what}（清晰度 {p.blur:.0f}，平均亮度 "
                                   f"{p.brightness:.0f}）。", material=mid, file=path, page=p.page,
                          evidence={"problems": bad, "blur": p.blur, "brightness": p.brightness,
                                    "dark_clip": p.dark_clip, "bright_clip": p.bright_clip})


def _duplicates(photos) -> list[tuple[int, int, int]]:
    out = []
    for i in range(len(photos)):
        for j in range(i + 1, len(photos)):
            a, b = photos[i][2], photos[j][2]
            if a.phash and b.phash:
                d = hamming(a.phash, b.phash)
                if d <= DUPLICATE_BITS:
                    out.append((i, j, d))
    return out


@rule("DV605", needs={"photos"})
def photo_duplicate(ctx: CheckContext) -> Iterator[Problem]:
    """Two photos are the same picture (near-duplicate by perceptual hash), even resized or recompressed."""
    photos = _photos(ctx)
    for i, j, d in _duplicates(photos):
        (mid, pa, a), (_m, pb, b) = photos[i], photos[j]
        yield Problem("DV605", f"{_label(pb, b)}与{_label(pa, a)}是同一张照片（感知哈希相差 {d} 位）。",
                      material=mid, file=pb, page=b.page,
                      evidence={"duplicate_of": pa, "duplicate_of_page": a.page, "distance": d,
                                "threshold": DUPLICATE_BITS})


@rule("DV606", needs={"photos"})
def photo_suspect(ctx: CheckContext) -> Iterator[Problem]:
    """The photo's metadata names editing software, or its capture date is older than the schema allows."""
    max_age = ctx.schema.param("photo_max_age_days", 180)
    for mid, path, p in _photos(ctx):
        editor = editor_of(p.software)
        if editor:
            yield Problem("DV606", f"{_label(path, p)}的元数据显示经过编辑软件处理（{p.software}）。",
                          material=mid, file=path, page=p.page,
                          evidence={"software": p.software, "editor": editor})
        if p.captured and max_age is not None:
            age = (ctx.check_date - dt.date.fromisoformat(p.captured)).days
            if age > int(max_age):
                yield Problem("DV606", f"{_label(path, p)}拍摄于 {p.captured}，距检查日 {age} 天，"
                                       f"超过 {max_age} 天。", material=mid, file=path, page=p.page,
                              evidence={"captured": p.captured, "age_days": age,
                                        "max_age_days": max_age})


@rule("DV603", needs={"photos"})
def seats_insufficient(ctx: CheckContext) -> Iterator[Problem]:
    """Fewer workstations are seen in the venue photos than the schema requires, counted across
    photos without double counting duplicates."""
    minimum = ctx.schema.param("min_seats")
    if minimum is None:
        return
    photos = _photos(ctx)
    counted = [t for t in photos if t[2].seats is not None]
    if not counted:
        return
    dupes = {j for _i, j, _d in _duplicates(photos)}
    per = []
    total = 0
    for k, (_mid, path, p) in enumerate(photos):
        if p.seats is None:
            continue
        dup = k in dupes
        per.append({"file": path, "page": p.page, "seats": p.seats, "duplicate": dup,
                    "bboxes": p.seat_boxes[:40]})
        if not dup:
            total += p.seats
    if total < int(minimum):
        yield Problem("DV603", f"场地照片中共识别出 {total} 个坐席，少于要求的 {minimum} 个。",
                      material=photos[0][0], evidence={"seats_seen": total, "min_seats": minimum,
                                                       "method": counted[0][2].seat_method,
                                                       "photos": per})


@rule("DV604", needs={"photos", "logo", "applicant"})
def logo_not_found(ctx: CheckContext) -> Iterator[Problem]:
    """The company logo (manifest `logo`) or, without one, the company name or short name is
    not visible in any venue photo. The name is the manifest's, else the one the documents
    give (the business licence first), so a package without a manifest is checked too.

    With a logo image: ORB features matched and confirmed by a homography. Without one: OCR of
    the photos for the name or short name. A warning: a sign can be out of frame in a good photo.

    Fires: three photos of the seating area, none showing the logo or the company name.
    Silent: one photo of the reception wall with the logo; no name known and no logo given."""
    photos = [t for t in _photos(ctx) if not t[2].error]
    if not photos:
        return
    has_logo = bool(ctx.manifest.logo) and any(f.path == ctx.manifest.logo for f in ctx.package.files)
    names = ctx.applicant.names()
    if not has_logo and not (names and ctx.settings.ocr):
        return  # nothing to look for
    if any(p.logo for _m, _f, p in photos):
        return
    what = f"公司标识（{ctx.manifest.logo}）" if has_logo else f"公司名称或简称（{'、'.join(names)}）"
    yield Problem("DV604", f"{len(photos)} 张场地照片中均未识别出{what}。", material=photos[0][0],
                  severity=Severity.WARNING,
                  evidence={"photos": [{"file": f, "page": p.page} for _m, f, p in photos],
                            "looked_for": "logo" if has_logo else "name"})
