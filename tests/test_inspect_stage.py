"""The inspect stage: worker limits (DV901, never a crash), the cache, and --jobs determinism."""

import re
import time

import pytest

from tests.helpers import AS_OF, check_json, cli
from tests.pdfmaker import (
    cyclic_pdf,
    full_page,
    huge_image_pdf,
    image_pdf,
    jpeg,
    scan_image,
    text_pdf,
)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """These tests count cache hits: each gets its own cache, not the session's shared one."""
    monkeypatch.setenv("DOCVALIDATOR_CACHE_DIR", str(tmp_path / "own-cache"))


@pytest.fixture(scope="module")
def dense_pdf():
    return image_pdf([full_page(jpeg(scan_image(1240, 1754, seed=1), 75))])


def _package(root, files):
    root.mkdir()
    (root / "docvalidator.yaml").write_text("schema: b24-national\n", encoding="utf-8")
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


def _check(pkg, *extra):
    return cli("check", pkg, "--format", "json", "--as-of", AS_OF, "--stats", *extra)


def _counts(err: str) -> tuple[int, int]:
    m = re.search(r"inspected (\d+) files, (\d+) from cache", err)
    assert m, err
    return int(m[1]), int(m[2])


def test_hostile_files_give_dv901_or_their_code_and_the_rest_is_still_reported(
        tmp_path, monkeypatch, dense_pdf):
    pkg = _package(tmp_path / "pkg", {
        "good.pdf": dense_pdf, "huge.pdf": huge_image_pdf(), "cycle.pdf": cyclic_pdf(),
        "slow.pdf": text_pdf(), "notes.txt": b"plain text",
    })
    cfg = tmp_path / "limits.toml"
    cfg.write_text("timeout = 1\n")
    monkeypatch.setenv("DOCVALIDATOR_TEST_SLEEP", "slow.pdf=30")
    start = time.monotonic()
    r = check_json(pkg, "--config", cfg, cache=False)
    assert time.monotonic() - start < 20
    assert r.code in (0, 1) and "Traceback" not in r.err, r.err
    findings = r.json()["findings"]
    slow = [f for f in findings if f["file"] == "slow.pdf" and f["code"] == "DV901"]
    assert len(slow) == 1 and "时限" in slow[0]["message"]
    assert [f["page"] for f in findings if f["file"] == "good.pdf" and f["code"] == "DV204"] == [1]
    for name in ("huge.pdf", "cycle.pdf"):
        codes = {f["code"] for f in findings if f["file"] == name}
        assert "DV901" not in codes or len(codes & {"DV204", "DV205", "DV206"}) == 0


def _children() -> set[int]:
    import multiprocessing

    return {p.pid for p in multiprocessing.active_children()}


def test_kept_workers_serve_the_next_check_and_are_stopped_on_leaving(tmp_path, dense_pdf):
    from docvalidator.inspect.stage import kept_workers

    pkg = _package(tmp_path / "pkg", {"a.pdf": dense_pdf, "b.pdf": text_pdf()})
    alone = _check(pkg, "--no-ocr", "--no-cache").json()["findings"]
    before = _children()
    with kept_workers():
        first = _check(pkg, "--no-ocr", "--no-cache").json()["findings"]
        kept = _children() - before
        second = _check(pkg, "--no-ocr", "--no-cache").json()["findings"]
        assert kept and _children() - before == kept  # the same workers, parked between checks
    assert not _children() - before
    assert first == second == alone


def test_a_kept_worker_past_its_time_is_replaced_and_the_next_check_is_whole(tmp_path, monkeypatch, dense_pdf):
    from docvalidator.inspect.stage import kept_workers

    slow = _package(tmp_path / "slow", {"slow.pdf": text_pdf(), "good.pdf": dense_pdf})
    fine = _package(tmp_path / "fine", {"b.pdf": text_pdf(seed=3)})
    cfg = tmp_path / "limits.toml"
    cfg.write_text("timeout = 1\n")
    monkeypatch.setenv("DOCVALIDATOR_TEST_SLEEP", "slow.pdf=30")  # read by the workers: set before they start
    with kept_workers():
        r = check_json(slow, "--config", cfg, "--no-ocr", cache=False)
        assert "DV901" in {f["code"] for f in r.json()["findings"] if f["file"] == "slow.pdf"}
        after = check_json(fine, "--config", cfg, "--no-ocr", cache=False)
    assert "Traceback" not in after.err and not [f for f in after.json()["findings"] if f["code"] == "DV901"]


def test_warm_run_parses_nothing_and_a_changed_file_is_the_only_one_inspected(tmp_path, dense_pdf):
    pkg = _package(tmp_path / "pkg", {"a.pdf": dense_pdf, "b.pdf": text_pdf(seed=1),
                                      "c.pdf": text_pdf(seed=2)})
    cold = _check(pkg)
    assert _counts(cold.err) == (3, 0)
    warm = _check(pkg)
    assert _counts(warm.err) == (0, 3)
    assert warm.out == cold.out
    (pkg / "b.pdf").write_bytes(text_pdf(seed=3))
    assert _counts(_check(pkg).err) == (1, 2)
    assert _counts(_check(pkg, "--no-cache").err) == (3, 0)


def test_failed_inspections_are_not_cached(tmp_path, monkeypatch):
    pkg = _package(tmp_path / "pkg", {"slow.pdf": text_pdf()})
    cfg = tmp_path / "limits.toml"
    cfg.write_text("timeout = 0.5\n")
    monkeypatch.setenv("DOCVALIDATOR_TEST_SLEEP", "slow.pdf=10")
    _check(pkg, "--config", cfg)
    monkeypatch.delenv("DOCVALIDATOR_TEST_SLEEP")
    again = _check(pkg, "--config", cfg)
    assert _counts(again.err) == (1, 0)
    assert not [f for f in again.json()["findings"] if f["code"] == "DV901"]


def test_same_json_whatever_jobs(tmp_path, dense_pdf):
    files = {f"{i:02d}.pdf": text_pdf(pages=2, seed=i) for i in range(6)}
    files["scan.pdf"] = dense_pdf
    files["cut.pdf"] = dense_pdf[:5000]
    pkg = _package(tmp_path / "pkg", files)
    one, two = check_json(pkg, "--jobs", "1", cache=False), check_json(pkg, "--jobs", "2", cache=False)
    assert one.code == two.code and one.out == two.out


def test_cache_info_and_clear(tmp_path, monkeypatch, dense_pdf):
    pkg = _package(tmp_path / "pkg", {"a.pdf": dense_pdf, "b.pdf": text_pdf()})
    _check(pkg, "--no-ocr")  # no OCR entries (OCR would add a title crop of a.pdf)
    # two inspections, and the parsed schema files unless this process built the schema before
    entries = len(list((tmp_path / "own-cache").rglob("*.json")))
    assert entries in (2, 5)
    info = cli("cache", "info")
    assert info.code == 0 and str(tmp_path / "own-cache") in info.out and f"entries: {entries}" in info.out
    cleared = cli("cache", "clear")
    assert cleared.code == 0 and f"removed {entries} entries" in cleared.out
    assert "entries: 0" in cli("cache", "info").out
    assert _counts(_check(pkg, "--no-ocr").err) == (2, 0)


def test_cache_lives_outside_the_package(tmp_path, dense_pdf):
    pkg = _package(tmp_path / "pkg", {"a.pdf": dense_pdf})
    before = sorted(p.name for p in pkg.rglob("*"))
    _check(pkg)
    assert sorted(p.name for p in pkg.rglob("*")) == before


def test_a_forking_pool_imports_its_parsers_first_and_a_missing_one_is_no_crash():
    """Forked workers start with the parser modules the parent imported for them; a module
    that cannot be imported is left to the worker, which reports it per file."""
    import multiprocessing
    import sys

    from docvalidator.inspect.workers import WorkerPool

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers are spawned here: nothing is imported for them")
    sys.modules.pop("colorsys", None)
    pool = WorkerPool(list, 1, 30, 1024, preload=["colorsys", "docvalidator_no_such_module"])
    assert "colorsys" in sys.modules
    assert [v for _i, v, _e, _n in pool.run([(0, ("a",))])] == [["a"]]


def _allocate(payload):
    return len(bytearray(payload[0] * 1024 * 1024))


def test_a_forked_worker_may_add_its_ceiling_to_a_parent_already_larger_than_it():
    """A long-lived parent (the web page, a test session) can hold more address space than the
    ceiling: its workers still inspect, and a file that wants more than the ceiling still fails."""
    import mmap
    import multiprocessing

    from docvalidator.inspect.workers import WorkerPool

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers are spawned here: they start small")
    try:
        reserved = mmap.mmap(-1, 1536 * 1024 * 1024)  # address space only: no page is touched
    except (OSError, ValueError, OverflowError):
        pytest.skip("cannot reserve address space here")
    try:
        pool = WorkerPool(_allocate, 1, 30, 1024)
        ((_i, small, error, _n),) = list(pool.run([(0, (64,))]))
        assert (small, error) == (64 * 1024 * 1024, None)
        pool = WorkerPool(_allocate, 1, 30, 1024)
        ((_i, big, error, _n),) = list(pool.run([(0, (1536,))]))
        assert big is None and "内存" in error
    finally:
        reserved.close()


def test_every_parser_module_named_for_preloading_exists():
    """The preload swallows a failed import (the worker reports it per file), so a module renamed
    without its entry here would silently undo the preload: every name must import."""
    import importlib

    from docvalidator.inspect import PARSER_MODULES

    for names in PARSER_MODULES.values():
        for name in names:
            importlib.import_module(name)
