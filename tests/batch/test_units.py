"""Work units (docvalidator/inspect/units.py): computed on the pool ahead of use, read back as
fresh, then from the cache; a unit that raises or kills its worker fails alone."""

from __future__ import annotations

import os

import pytest

from docvalidator.inspect import stage
from docvalidator.inspect.cache import Cache
from docvalidator.inspect.units import LocalPool, Unit, UnitFailed, Units


def square(n: int) -> dict:
    if n == 13:
        raise ValueError("unlucky")
    if n == 666:
        os._exit(1)  # a crash inside a C library looks like this to the pool
    return {"n": n * n}


@pytest.fixture
def pool():
    p = LocalPool(2, timeout=30, memory_mb=1024)
    yield p
    p.close()


def ocr_threads() -> dict:
    from docvalidator.imaging import ocr

    return {"threads": ocr.THREADS}


def _unit(n: int) -> Unit:
    return Unit(f"square-{n}", square, (n,))


def test_units_run_on_the_pool_are_fresh_once_then_served_by_the_cache(tmp_path, pool):
    units = Units(Cache(tmp_path), pool)
    assert units.prefetch(_unit(n) for n in (2, 3, 3, 4)) == 3
    assert [units.get(_unit(n)) for n in (2, 3, 4)] == \
        [({"n": 4}, "pool"), ({"n": 9}, "pool"), ({"n": 16}, "pool")]
    again = Units(Cache(tmp_path), pool)  # stored by the worker itself
    assert again.prefetch([_unit(3)]) == 0
    assert again.get(_unit(3)) == ({"n": 9}, "cache")


def test_without_a_pool_a_unit_is_computed_where_it_is_read(tmp_path):
    units = Units(Cache(tmp_path))
    assert units.prefetch([_unit(5)]) == 0
    assert units.get(_unit(5)) == ({"n": 25}, "now")
    assert units.get(_unit(5)) == ({"n": 25}, "cache")


def test_a_unit_that_raises_or_kills_its_worker_fails_alone(tmp_path, pool):
    units = Units(Cache(tmp_path), pool)
    units.prefetch(_unit(n) for n in (13, 666, 7))
    with pytest.raises(ValueError, match="unlucky"):
        units.get(_unit(13))
    with pytest.raises(UnitFailed):
        units.get(_unit(666))
    assert units.get(_unit(7)) == ({"n": 49}, "pool")
    assert Units(Cache(tmp_path)).cached("square-13") is None  # a failure is never cached


def test_with_the_cache_off_results_live_in_the_process(pool):
    units = Units(Cache(enabled=False), pool)
    units.prefetch([_unit(11)])
    assert units.get(_unit(11)) == ({"n": 121}, "pool")
    assert Units(Cache(enabled=False)).get(_unit(11)) == ({"n": 121}, "cache")


def test_a_process_that_may_not_fork_inspects_its_files_itself(tmp_path, monkeypatch):
    from docvalidator.package import discover

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.txt").write_text("营业执照", encoding="utf-8")
    (tmp_path / "pkg" / "b.pdf").write_bytes(b"%PDF-1.4 broken")
    files = discover(tmp_path / "pkg").files
    monkeypatch.setattr(stage, "_may_not_fork", lambda: True)

    def no_fork(*_a, **_k):
        raise AssertionError("a worker process was started")

    monkeypatch.setattr("docvalidator.inspect.workers.WorkerPool", no_fork)
    here, counts = stage.inspect_files(files, jobs=2, timeout=10, memory_mb=1024,
                                       cache=Cache(enabled=False))
    monkeypatch.undo()
    forked, _ = stage.inspect_files(files, jobs=2, timeout=10, memory_mb=1024,
                                    cache=Cache(enabled=False))
    assert counts.inspected == 2 and here == forked


def test_check_jobs_2_gives_the_json_of_jobs_1_with_seals_photos_and_signatures(tmp_path,
                                                                               monkeypatch):
    from tests.helpers import FIXTURES, check_json

    pkg = FIXTURES / "number-95-shanghai" / "complete"
    runs = []
    for jobs in ("1", "2"):  # each with an empty cache of its own: every unit is computed
        monkeypatch.setenv("DOCVALIDATOR_CACHE_DIR", str(tmp_path / jobs))
        runs.append(check_json(pkg, "--jobs", jobs, "--no-ocr", "--stats"))
    one, two = runs
    assert one.code == two.code and one.out == two.out
    assert "seal_pages" in two.err and "photos" in two.err
    assert any(f["code"] == "DV207" for f in one.json()["findings"])  # the scans went unread


class _RecordingPool:
    """A pool that computes in this process and records each batch of unit functions."""

    def __init__(self):
        self.batches: list[list[str]] = []

    def run(self, tasks):
        from docvalidator.inspect.units import execute

        tasks = list(tasks)
        self.batches.append([payload[2].__name__ for _i, payload in tasks])
        for i, payload in tasks:
            yield i, execute(payload), None, []


def test_page_tops_of_unnamed_scans_go_to_the_pool_in_one_batch(tmp_path):
    import datetime as dt

    from docvalidator import engine
    from docvalidator.config import Settings
    from docvalidator.imaging import ocr
    from tests.test_content_rules import SCAN_LINES, _package, _scan_pdf

    if not ocr.ENABLED:
        pytest.skip(ocr.INSTALL_HINT)
    page = _scan_pdf(SCAN_LINES, 1)
    root = _package(tmp_path / "p", {"scan001.pdf": page, "扫描件0002.pdf": page + b"\n%2"})
    pool = _RecordingPool()
    report = engine.run(root, Settings(as_of=dt.date(2026, 11, 22), cache=False), pool=pool)
    assert pool.batches[0] == ["read_top", "read_top"]  # both files' tops at once, first
    m = next(m for m in report.materials if m.id == "customer-data-policy")
    assert sorted(m.files) == ["scan001.pdf", "扫描件0002.pdf"]


class _Recording:
    """A pool that runs tasks here, in the order given, and remembers that order."""

    def __init__(self):
        self.order: list[str] = []

    def run(self, tasks):
        for i, (_cache, key, fn, args) in tasks:
            self.order.append(key)
            yield i, fn(*args), None, []


def test_a_prefetch_starts_the_dearest_units_first_and_keeps_the_order_of_equals(tmp_path):
    pool = _Recording()
    units = Units(Cache(tmp_path), pool)
    costs = {2: 10.0, 3: 0.0, 4: 90.0, 5: 0.0, 6: 10.0}
    units.prefetch(Unit(f"square-{n}", square, (n,), cost) for n, cost in costs.items())
    assert pool.order == ["square-4", "square-2", "square-6", "square-3", "square-5"]


def test_a_scanned_pages_weight_is_its_bytes_and_an_images_its_file_size():
    from docvalidator.inspect.model import FileInspection, PdfInfo, PdfPage

    pdf = FileInspection(path="a.pdf", sha256="0", kind="pdf", size=999, pdf=PdfInfo(
        page_count=2, pages=[PdfPage(number=1, bytes=120_000), PdfPage(number=2, bytes=None)]))
    assert [pdf.page_weight(p) for p in (1, 2, 3)] == [120_000, 0, 0]
    assert FileInspection(path="a.jpg", sha256="0", kind="jpg", size=4321).page_weight(1) == 4321


def test_jobs_1_ocrs_with_one_thread_and_each_pool_worker_with_one(monkeypatch, tmp_path):
    """`--jobs N` uses N cores: in this process one OCR thread, in a pool one per worker."""
    from docvalidator import engine
    from docvalidator.config import Settings
    from docvalidator.imaging import ocr

    monkeypatch.setattr(ocr, "_FIXED_THREADS", 0)
    monkeypatch.setattr(ocr, "THREADS", 2)
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "docvalidator.yaml").write_text("schema: b24-national\n", encoding="utf-8")
    engine.run(pkg, Settings(jobs=1, cache=False, ocr=False))
    assert ocr.THREADS == 1
    ocr.use_threads(2)
    pool = LocalPool(1, timeout=30, memory_mb=1024)  # one worker on two cores: still one thread
    try:
        got = Units(Cache(enabled=False), pool)
        got.prefetch([Unit("threads", ocr_threads)])
        assert got.get(Unit("threads", ocr_threads)) == ({"threads": 1}, "pool")
    finally:
        pool.close()
    ocr.use_threads(3)
    assert ocr.THREADS == 3
    monkeypatch.setattr(ocr, "_FIXED_THREADS", 2)  # DOCVALIDATOR_OCR_THREADS wins
    ocr.use_threads(1)
    assert ocr.THREADS == 2
