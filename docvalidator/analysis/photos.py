"""Venue photo analysis: every photo of the site-photos material (image files, and the photos
placed on the pages of a PDF) is decoded safely once, measured (size, blur, exposure, hash,
EXIF), its workstations counted and the company logo or name looked for. Cached per photo by
content hash + detector versions + the logo's hash."""

from __future__ import annotations

import hashlib

from docvalidator.analysis import ANALYSES, AnalysisJob
from docvalidator.analysis.seals import accepted
from docvalidator.inspect import IMAGE_KINDS, describe, library_messages
from docvalidator.inspect.cache import make_key
from docvalidator.inspect.types import PhotoInfo

PHOTO_MATERIALS = ("site-photos",)
PHOTO_CODES = ("DV601", "DV602", "DV603", "DV604", "DV605", "DV606")
MAX_PHOTOS_PER_FILE = 12


def analyse_photos(job: AnalysisJob) -> None:
    if not job.wants(*PHOTO_CODES):
        return
    if not job.vision():
        return
    files = {f.path: f for f in job.package.files}
    logo, logo_key = _logo(job, files)
    names = [n for n in (job.manifest.company_name, job.manifest.short_name) if n]
    look_for_logo = job.wants("DV604")
    for mid in PHOTO_MATERIALS:
        if mid not in job.schema.material_ids:
            continue
        material = job.schema.material(mid)
        for path in job.classification.files_of(mid):
            insp = job.inspections.get(path)
            source = files.get(path)
            if insp is None or insp.error or source is None or not accepted(source, material) \
                    or (insp.image is not None and insp.image.unsupported):
                continue
            with library_messages(insp.notes):
                try:
                    insp.photos = list(_photos_of(job, source, insp,
                                                  logo if look_for_logo else None, logo_key,
                                                  names if look_for_logo else []))
                except Exception as e:  # a vision failure is reported, the run goes on
                    insp.extra["photo_error"] = describe(f"{type(e).__name__}: {e}")
                    job.count("photo_errors")


def _logo(job: AnalysisJob, files):
    """The manifest's logo as an RGB raster (None: no logo, or it cannot be read)."""
    if not job.manifest.logo or not job.wants("DV604"):
        return None, None
    source = files.get(job.manifest.logo)
    if source is None:
        return None, None
    try:
        from docvalidator.inspect.raster import image_raster

        data = source.read_bytes()
        return image_raster(data, max_side=800), hashlib.sha256(data).hexdigest()
    except Exception:
        return None, None


def _photos_of(job: AnalysisJob, source, insp, logo, logo_key, names):
    from docvalidator.inspect.photos import PHOTO_VERSION
    from docvalidator.inspect.seats import SEATS_VERSION
    from docvalidator.inspect.versions import LOGO_VERSION

    version = (PHOTO_VERSION, SEATS_VERSION, LOGO_VERSION, logo_key, sorted(names),
               job.settings.seat_detector)
    if source.kind in IMAGE_KINDS:
        yield _one(job, lambda: source.read_bytes(), insp.sha256, None, 0, version, logo, names)
        return
    if source.kind != "pdf" or insp.pdf is None or insp.pdf.corrupt or \
            insp.pdf.encrypted == "user-password":
        return
    from docvalidator.inspect.photos import images_in_pdf_page
    from docvalidator.inspect.raster import open_pdf

    doc = open_pdf(source.read_bytes())
    try:
        n = 0
        for page in range(1, len(doc) + 1):
            for i, data in enumerate(images_in_pdf_page(doc, page - 1)):
                if n >= MAX_PHOTOS_PER_FILE:
                    return
                yield _one(job, lambda d=data: d, hashlib.sha256(data).hexdigest(), page, i,
                           version, logo, names)
                n += 1
    finally:
        doc.close()


def _one(job, read, sha, page, index, version, logo, names) -> PhotoInfo:
    key = make_key("photo", sha, page, index, *version)
    cached = job.cached(key)
    if cached is not None:
        job.count("photos_cached")
        return PhotoInfo.model_validate(cached)
    from docvalidator.inspect.photos import inspect_photo

    info, detail = inspect_photo(read(), page=page, index=index)
    if detail is not None:
        _seats(job, info, detail)
        if logo is not None:
            from docvalidator.inspect.logo import match_logo

            info.logo = match_logo(detail, logo)
        if info.logo is None and names and job.settings.ocr and logo is None:
            from docvalidator.inspect.logo import find_name

            info.logo = find_name(detail, names)
    job.store(key, info.model_dump())
    job.count("photos")
    return info


def _seats(job, info: PhotoInfo, rgb) -> None:
    h, w = rgb.shape[:2]
    if job.settings.seat_detector:
        from docvalidator.inspect.seat_model import detect_seats

        seats, boxes = detect_seats(rgb, job.settings.seat_detector)
        info.seat_method = "onnx"
    else:
        from docvalidator.inspect.seats import find_screens

        boxes = find_screens(rgb)
        seats = len(boxes)
        info.seat_method = "heuristic"
    info.seats = seats
    info.seat_boxes = [[round(b[0] / w, 4), round(b[1] / h, 4), round(b[2] / w, 4),
                        round(b[3] / h, 4)] for b in boxes]


ANALYSES.append(("photos", analyse_photos))
