"""Optional ONNX object detector for workstations, run with onnxruntime.

Configured in `[tool.docvalidator.seat-detector]`:
    model = "models/office-yolo.onnx"     # path (relative to the config file's folder or cwd)
    classes = ["person", "chair", "tv", "laptop", "headset"]   # the model's class index order
    parts = {chair = "chair", tv = "monitor", laptop = "monitor", headset = "headset"}
    input-size = 640                      # square input, default 640
    score = 0.35                          # class score threshold, default 0.35
    iou = 0.5                             # non-maximum suppression overlap, default 0.5

Output accepted: one tensor of detections, YOLOv5/v8 style — [1, 4+C, N] or [1, N, 4+C]
(cx, cy, w, h in input pixels, then C class scores), or [1, N, 5+C] with an objectness score
after the box. Each workstation has one of each part, so the seat count is the largest count
among the parts (a chair hidden behind a desk does not lose the seat its monitor shows).
"""

from __future__ import annotations

from typing import Any

import numpy as np

_SESSIONS: dict[str, Any] = {}


class SeatModelError(ValueError):
    pass


def _session(path: str):
    if path not in _SESSIONS:
        import onnxruntime as ort

        try:
            _SESSIONS[path] = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        except Exception as e:
            raise SeatModelError(f"seat-detector: cannot load {path}: {e}") from None
    return _SESSIONS[path]


def detect_seats(rgb: np.ndarray, conf: dict[str, Any]) -> tuple[int, list[tuple[int, int, int, int]]]:
    """(seat count, boxes of the part that gave it) in `rgb` pixel coordinates."""
    import cv2

    classes = list(conf.get("classes") or [])
    parts = dict(conf.get("parts") or {})
    size = int(conf.get("input-size", conf.get("input_size", 640)))
    sess = _session(str(conf["model"]))
    h, w = rgb.shape[:2]
    x = cv2.resize(rgb, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    x = np.ascontiguousarray(x.transpose(2, 0, 1)[None])
    out = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    dets = postprocess(out, len(classes), float(conf.get("score", 0.35)), float(conf.get("iou", 0.5)))
    by_part: dict[str, list[tuple[int, int, int, int]]] = {}
    sx, sy = w / size, h / size
    for x0, y0, x1, y1, _score, cls in dets:
        part = parts.get(classes[cls]) if cls < len(classes) else None
        if part:
            by_part.setdefault(part, []).append(
                (int(x0 * sx), int(y0 * sy), int(x1 * sx), int(y1 * sy)))
    if not by_part:
        return 0, []
    best = max(sorted(by_part), key=lambda p: len(by_part[p]))
    return len(by_part[best]), by_part[best]


def postprocess(out: np.ndarray, n_classes: int, score: float, iou: float):
    """Raw detector output → [(x0, y0, x1, y1, score, class)] after thresholding and NMS."""
    import cv2

    a = np.asarray(out, dtype=np.float32)
    if a.ndim == 3:
        a = a[0]
    if a.ndim != 2:
        raise SeatModelError(f"seat-detector: unexpected output shape {out.shape}")
    if a.shape[0] in (4 + n_classes, 5 + n_classes) and a.shape[1] not in (4 + n_classes, 5 + n_classes):
        a = a.T  # [4+C, N] → [N, 4+C]
    if a.shape[1] == 5 + n_classes:
        scores = a[:, 5:] * a[:, 4:5]
    elif a.shape[1] == 4 + n_classes:
        scores = a[:, 4:]
    else:
        raise SeatModelError(f"seat-detector: output has {a.shape[1]} columns, expected "
                             f"{4 + n_classes} or {5 + n_classes} for {n_classes} classes")
    cls = scores.argmax(axis=1)
    best = scores[np.arange(len(a)), cls]
    keep = best >= score
    boxes = a[keep, :4]
    cls, best = cls[keep], best[keep]
    xywh = [[float(cx - bw / 2), float(cy - bh / 2), float(bw), float(bh)] for cx, cy, bw, bh in boxes]
    out_dets = []
    for c in sorted(set(cls.tolist())):
        idx = [i for i in range(len(cls)) if cls[i] == c]
        kept = cv2.dnn.NMSBoxes([xywh[i] for i in idx], [float(best[i]) for i in idx], score, iou)
        for k in np.asarray(kept).reshape(-1):
            i = idx[int(k)]
            x0, y0, bw, bh = xywh[i]
            out_dets.append((x0, y0, x0 + bw, y0 + bh, float(best[i]), int(c)))
    return sorted(out_dets, key=lambda d: (d[5], d[1], d[0]))
