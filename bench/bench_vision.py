"""Seal and photo detectors: speed and precision/recall on the held-out labelled sets.

    python bench/bench_vision.py [--quick]

Seal pages come from tests/vision/synth.py (family "heldout"; the detector was tuned on family
"tune"), venue photos from tests/vision/photo_synth.py (the photo detectors were tuned on
fixtures/_photos.py). Prints markdown tables for bench/README.md.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docvalidator.checks.photos.logo import match_logo
from docvalidator.checks.photos.measure import inspect_photo
from docvalidator.checks.photos.rules import DUPLICATE_BITS, hamming, quality_problems
from docvalidator.checks.photos.seats import find_screens
from docvalidator.checks.seals.detect import find_seals
from docvalidator.checks.seals.ring import read_ring
from docvalidator.imaging.raster import open_pdf, page_raster
from docvalidator.text.names import name_similarity
from tests.vision.photo_synth import blurred, exposed, held_out_logo, jpeg, recompressed_copy, venue
from tests.vision.synth import COMPANIES, page_pdf, seal_set


def _match(dets, truth):
    used, tp = set(), 0
    for t in truth:
        cx, cy = (t[0] + t[2]) / 2, (t[1] + t[3]) / 2
        j = next((j for j, d in enumerate(dets) if j not in used and d[0] < cx < d[2] and d[1] < cy < d[3]), None)
        if j is not None:
            used.add(j)
            tp += 1
    return tp, len(dets) - len(used), len(truth) - tp


def seal_pr(samples, scale):
    tp = fp = fn = 0
    pages_ok = 0
    for s in samples:
        im = s.image.resize((int(s.image.width * scale), int(s.image.height * scale)))
        w, h = im.size
        dets = [(a / w, b / h, c / w, d / h) for a, b, c, d in (x.bbox_px for x in find_seals(np.asarray(im)))]
        t, f, n = _match(dets, s.seals)
        tp, fp, fn = tp + t, fp + f, fn + n
        pages_ok += (len(dets) > 0) == (len(s.seals) > 0)
    return tp, fp, fn, pages_ok / len(samples)


def seal_speed(samples):
    pdfs = [page_pdf(s.image) for s in samples]
    fast, slow = [], []
    for data in pdfs:
        doc = open_pdf(data)
        t = time.perf_counter()
        rgb, _ = page_raster(doc, 0, 75)
        find_seals(rgb)
        fast.append(time.perf_counter() - t)
        page = doc[0]
        t = time.perf_counter()
        bm = page.render(scale=75 / 72, rev_byteorder=True)
        find_seals(bm.to_numpy()[..., :3].copy())
        slow.append(time.perf_counter() - t)
        page.close()
        doc.close()
    return statistics.median(fast) * 1000, statistics.median(slow) * 1000


def ring_text(samples):
    ok = n = 0
    for s in samples:
        if not s.seals:
            continue
        im = s.image
        for hit in find_seals(np.asarray(im.resize((im.width // 2, im.height // 2)))):
            x0, y0, x1, y1 = (v * 2 for v in hit.bbox_px)
            reads = read_ring(np.asarray(im), ((x0 + x1) / 2, (y0 + y1) / 2), ((x1 - x0) / 2, (y1 - y0) / 2))
            n += 1
            ok += any(max(name_similarity(c, t) for t, _ in reads) >= 0.6 for c in COMPANIES) if reads else 0
    return ok, n


def photos(n_rooms):
    rooms = [venue(3 + i % 10, 500 + i, size=(1600, 900)) for i in range(n_rooms)]
    infos = [inspect_photo(jpeg(r))[0] for r in rooms]
    copies = []
    for i, r in enumerate(rooms[: n_rooms // 2]):
        scale, q = [(0.5, 50), (0.75, 60), (1.0, 40), (0.35, 70)][i % 4]
        copies.append((i, inspect_photo(jpeg(recompressed_copy(r, scale, q)))[0]))
    # duplicates: every pair among rooms+copies; truth = (room i, its copy)
    allp = [(i, x) for i, x in enumerate(infos)] + copies
    tp = fp = 0
    for (ia, a), (ib, b) in itertools.combinations(allp, 2):
        dup = hamming(a.phash, b.phash) <= DUPLICATE_BITS
        same = ia == ib
        tp += dup and same
        fp += dup and not same
    distinct = sorted(hamming(a.phash, b.phash) for a, b in itertools.combinations(infos, 2))
    copy_d = sorted(hamming(infos[i].phash, c.phash) for i, c in copies)
    # quality: sharp / blur / dark / bright
    q_ok = q_n = 0
    confusion = {}
    for r in rooms:
        for label, img in (("ok", r), ("blur", blurred(r, 3.0)), ("dark", exposed(r, 0.25)),
                           ("bright", exposed(r, 1.6, 60))):
            got = quality_problems(inspect_photo(jpeg(img))[0])
            want = [] if label == "ok" else [label]
            q_n += 1
            q_ok += got == want
            if got != want:
                confusion[label] = confusion.get(label, 0) + 1
    # seats
    errs, dec_ok = [], 0
    for i, r in enumerate(rooms):
        n = 3 + i % 10
        seen = len(find_screens(np.asarray(r)))
        errs.append(seen - n)
        dec_ok += (seen >= 5) == (n >= 5)
    # logo present / absent
    logo = np.asarray(held_out_logo())
    l_tp = l_fp = l_fn = 0
    for i in range(min(n_rooms, 12)):
        with_logo = np.asarray(venue(6, 900 + i, logo=held_out_logo(), size=(1600, 900)))
        without = np.asarray(venue(6, 950 + i, size=(1600, 900)))
        other = np.asarray(venue(6, 970 + i, logo=held_out_logo("华声", (20, 90, 160)), size=(1600, 900)))
        l_tp += match_logo(with_logo, logo) is not None
        l_fn += match_logo(with_logo, logo) is None
        l_fp += (match_logo(without, logo) is not None) + (match_logo(other, logo) is not None)
    return dict(tp=tp, fp=fp, copies=len(copies), distinct_min=distinct[0], copy_max=copy_d[-1],
                q_ok=q_ok, q_n=q_n, confusion=confusion, mae=float(np.mean(np.abs(errs))),
                exact=sum(e == 0 for e in errs), n=len(errs), dec_ok=dec_ok,
                logo=(l_tp, l_fp, l_fn, min(n_rooms, 12)))


def main():
    quick = "--quick" in sys.argv
    n = 60 if quick else 240
    held = seal_set("heldout", n)
    tune = seal_set("tune", n)
    print("## Seal detection (held-out family; tuned on the 'tune' family)\n")
    print("| set | dpi | seals | TP | FP | FN | recall | precision | pages right |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, samples, scales in (("heldout", held, (0.333, 0.4, 0.5, 0.667)), ("tune", tune, (0.5,))):
        for scale in scales:
            tp, fp, fn, pages = seal_pr(samples, scale)
            print(f"| {name} | {round(150 * scale)} | {tp + fn} | {tp} | {fp} | {fn} | "
                  f"{tp / (tp + fn):.1%} | {tp / max(tp + fp, 1):.1%} | {pages:.1%} |")
    fast, slow = seal_speed(held[:30])
    print(f"\nSeal cost per scanned page (median of 30, 150-dpi JPEG page): raster + detect "
          f"{fast:.1f} ms via the JPEG fast path (DCT-scaled decode to 75 dpi), "
          f"{slow:.1f} ms via pdfium render at 75 dpi.\n")
    ok, cnt = ring_text(held[: 24 if quick else 60])
    print(f"Ring text: {ok}/{cnt} readings match the stamped name (name_similarity ≥ 0.6).\n")
    p = photos(16 if quick else 40)
    print("## Photos (held-out family; tuned on fixtures/_photos.py)\n")
    print(f"- duplicates: {p['tp']}/{p['copies']} resized/recompressed copies found, {p['fp']} false "
          f"pairs; copy distance max {p['copy_max']} bits, distinct min {p['distinct_min']} bits "
          f"(threshold {DUPLICATE_BITS} of 256)")
    print(f"- quality (ok/blur r=3/dark ×0.25/bright): {p['q_ok']}/{p['q_n']} right "
          f"({p['q_ok'] / p['q_n']:.1%}); misses by label: {p['confusion'] or 'none'}")
    print(f"- seats (3–12 per photo): MAE {p['mae']:.2f}, exact {p['exact']}/{p['n']}, "
          f"'≥ 5 seats' decision right {p['dec_ok']}/{p['n']}")
    lt, lf, ln, lnum = p["logo"]
    print(f"- logo (SIFT+RANSAC+colour check): found {lt}/{lnum} present, {ln} missed, "
          f"{lf} false finds in {2 * lnum} photos without it (none, or another company's)")


if __name__ == "__main__":
    main()
