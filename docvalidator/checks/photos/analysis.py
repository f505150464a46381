"""Venue photo analysis: every photo of the venue-photos material (image files, and the photos
placed on the pages of a PDF) is decoded safely once, measured (size, blur, exposure, hash,
EXIF), its workstations counted and the company logo or name looked for. Cached per photo by
content hash + detector versions + the logo's hash."""

from __future__ import annotations

import hashlib

from docvalidator.checks.base import (
    CheckContext,
    accepted,
    analysis,
    section_span,
    vision_available,
)
from docvalidator.checks.photos.model import PhotoInfo
from docvalidator.inspect import describe, library_messages
from docvalidator.inspect.cache import make_key
from docvalidator.inspect.units import Unit
from docvalidator.package.kinds import IMAGE_KINDS

ROLE = "venue-photos"
MAX_PHOTOS_PER_FILE = 12
LOGO_VERSION = "logo-1"  # part of the cache key: bump when match_logo or find_name changes


@analysis("photos", provides={"photos", "logo"}, needs={"applicant", "sections"})
def analyse_photos(ctx: CheckContext, needs: frozenset[str]) -> None:
    if not vision_available(ctx):
        return
    look_for_logo = "logo" in needs
    logo, logo_key = _logo(ctx) if look_for_logo else (None, None)
    names = ctx.applicant.names() if look_for_logo else []
    todo = []
    for material in ctx.with_role(ROLE):
        for path, section in ctx.material_pages(material.id):
            insp = ctx.inspections.get(path)
            source = ctx.file(path)
            if insp is None or insp.error or not accepted(source, material) \
                    or (insp.image is not None and insp.image.unsupported):
                continue
            with library_messages(insp.notes):
                try:
                    todo.append((path, insp, list(_units(ctx, source, insp, logo, logo_key,
                                                         names, section))))
                except Exception as e:  # a vision failure is reported, the run goes on
                    _failed(ctx, path, e)
    ctx.prefetch(u for _path, _insp, units in todo for u in units)  # all at once, on the pool
    for path, insp, units in todo:
        with library_messages(insp.notes):
            try:
                ctx.found(path).photos = [_one(ctx, u) for u in units]
            except Exception as e:  # a vision failure is reported, the run goes on
                _failed(ctx, path, e)


def _failed(ctx: CheckContext, path: str, e: Exception) -> None:
    ctx.found(path).failures["photos"] = describe(f"{type(e).__name__}: {e}")
    ctx.count("photo_errors")


def _logo(ctx: CheckContext):
    """The manifest's logo as an RGB raster (None: no logo, or it cannot be read)."""
    if not ctx.manifest.logo:
        return None, None
    try:
        source = ctx.file(ctx.manifest.logo)
    except KeyError:
        return None, None
    try:
        from docvalidator.imaging.raster import image_raster

        data = source.read_bytes()
        return image_raster(data, max_side=800), hashlib.sha256(data).hexdigest()
    except Exception:
        return None, None


def _units(ctx: CheckContext, source, insp, logo, logo_key, names, section=None):
    """One work unit per photo: the image file, or each photo placed on the PDF's pages (on a
    combined file, the pages of the photos' section)."""
    from docvalidator.checks.photos.measure import PHOTO_VERSION
    from docvalidator.checks.photos.seats import SEATS_VERSION
    from docvalidator.imaging.ocr import engine_version

    version = (PHOTO_VERSION, SEATS_VERSION, LOGO_VERSION, logo_key, sorted(names),
               ctx.settings.seat_detector, engine_version() if ctx.settings.ocr else None)
    options = (logo, names, ctx.settings.ocr, ctx.settings.seat_detector)
    if source.kind in IMAGE_KINDS:
        yield Unit(make_key("photo", insp.sha256, None, 0, *version), measure_photo,
                   (source, None, 0, *options))
        return
    if source.kind != "pdf" or insp.pdf is None or insp.pdf.corrupt or \
            insp.pdf.encrypted == "user-password":
        return
    from docvalidator.checks.photos.measure import images_in_pdf_page
    from docvalidator.imaging.raster import open_pdf

    doc = open_pdf(source.read_bytes())
    try:
        n = 0
        first, last = section_span(section, len(doc))
        for page in range(first, last + 1):
            for i, data in enumerate(images_in_pdf_page(doc, page - 1)):
                if n >= MAX_PHOTOS_PER_FILE:
                    return
                key = make_key("photo", hashlib.sha256(data).hexdigest(), page, i, *version)
                yield Unit(key, measure_photo, (data, page, i, *options))
                n += 1
    finally:
        doc.close()


def _one(ctx: CheckContext, unit: Unit) -> PhotoInfo:
    value, fresh = ctx.unit(unit)
    ctx.count("photos" if fresh else "photos_cached")
    return PhotoInfo.model_validate(value)


def measure_photo(photo, page, index, logo, names, ocr: bool, seat_detector) -> dict:
    """The work unit: one photo (its bytes, or the image file) measured, its seats counted,
    the logo or the company's name looked for; as data."""
    from docvalidator.checks.photos.measure import inspect_photo

    data = photo if isinstance(photo, bytes) else photo.read_bytes()
    info, detail = inspect_photo(data, page=page, index=index)
    if detail is not None:
        _seats(seat_detector, info, detail)
        if logo is not None:
            from docvalidator.checks.photos.logo import match_logo

            info.logo = match_logo(detail, logo)
        if info.logo is None and names and ocr and logo is None:
            from docvalidator.checks.photos.logo import find_name

            info.logo = find_name(detail, names)
    return info.model_dump()


def _seats(seat_detector, info: PhotoInfo, rgb) -> None:
    h, w = rgb.shape[:2]
    if seat_detector:
        from docvalidator.checks.photos.seat_model import detect_seats

        seats, boxes = detect_seats(rgb, seat_detector)
        info.seat_method = "onnx"
    else:
        from docvalidator.checks.photos.seats import find_screens

        boxes = find_screens(rgb)
        seats = len(boxes)
        info.seat_method = "heuristic"
    info.seats = seats
    info.seat_boxes = [[round(b[0] / w, 4), round(b[1] / h, 4), round(b[2] / w, 4),
                        round(b[3] / h, 4)] for b in boxes]
