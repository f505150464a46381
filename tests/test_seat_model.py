"""The optional ONNX seat detector: loading, YOLO-style post-processing and the part mapping,
with a tiny model the test builds (its output is a fixed set of boxes)."""

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from docvalidator.checks.photos.seat_model import SeatModelError, detect_seats, postprocess  # noqa: E402

CLASSES = ["chair", "tv"]
# columns: cx, cy, w, h, score(chair), score(tv) in 64-px input coordinates
BOXES = np.array([
    [10, 10, 8, 6, 0.05, 0.90],   # monitor
    [11, 10, 8, 6, 0.05, 0.80],   # the same monitor again: suppressed
    [40, 10, 8, 6, 0.10, 0.85],   # second monitor
    [20, 40, 10, 10, 0.70, 0.05],  # a chair
    [50, 50, 6, 6, 0.10, 0.20],   # below the score threshold
], dtype=np.float32)


def _tiny_model(path, transpose=True):
    from onnx import TensorProto, helper, numpy_helper

    const = BOXES.T[None] if transpose else BOXES[None]  # [1, 4+C, N] like YOLOv8
    graph = helper.make_graph(
        [helper.make_node("ReduceMean", ["images"], ["m"], keepdims=0),
         helper.make_node("Mul", ["m", "zero"], ["z"]),
         helper.make_node("Add", ["boxes", "z"], ["output0"])],
        "tiny-seats",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 64, 64])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(const.shape))],
        initializer=[numpy_helper.from_array(const, "boxes"),
                     numpy_helper.from_array(np.zeros((), np.float32), "zero")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return str(path)


@pytest.mark.parametrize("transpose", [True, False])
def test_tiny_model_counts_seats_by_the_most_seen_part(tmp_path, transpose):
    conf = {"model": _tiny_model(tmp_path / "m.onnx", transpose), "classes": CLASSES,
            "parts": {"chair": "chair", "tv": "monitor"}, "input-size": 64, "score": 0.3}
    seats, boxes = detect_seats(np.zeros((128, 256, 3), np.uint8), conf)
    assert seats == 2  # two monitors after NMS, one chair
    assert boxes[0] == (24, 14, 56, 26)  # (6, 7, 14, 13) scaled from 64×64 to 256×128


def test_postprocess_accepts_objectness_layout_and_rejects_a_wrong_one():
    obj = np.concatenate([BOXES[:, :4], np.ones((5, 1), np.float32), BOXES[:, 4:]], axis=1)
    assert len(postprocess(obj[None], 2, 0.3, 0.5)) == 3
    with pytest.raises(SeatModelError):
        postprocess(np.zeros((1, 5, 9), np.float32), 2, 0.3, 0.5)


def test_a_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(SeatModelError, match="cannot load"):
        detect_seats(np.zeros((64, 64, 3), np.uint8),
                     {"model": str(tmp_path / "nope.onnx"), "classes": CLASSES, "parts": {}})
