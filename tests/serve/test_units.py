"""The parts without a server: names, limits, the job queue and its clean-up."""

import datetime as dt
import logging
import shutil
import time
import zipfile
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docvalidator.config import Settings
from docvalidator.errors import UsageError
from docvalidator.serve.jobs import GENERIC_ERROR, JobManager
from docvalidator.serve.options import ServeConfig, is_loopback
from docvalidator.serve.packages import Plan, check_zip
from docvalidator.serve.uploads import Refused, safe_relpath
from tests.helpers import AS_OF


@pytest.mark.parametrize(("sent", "stored"), [
    ("营业执照.pdf", "营业执照.pdf"),
    ("申请材料/制度文件/话术审核制度.docx", "申请材料/制度文件/话术审核制度.docx"),
    ("C:\\材料\\..\\营业执照.pdf", "材料/营业执照.pdf"),
    ("/etc/passwd", "etc/passwd"),
    ("../../x", "x"),
    ("a/./b/../c", "a/b/c"),
    ("a\x00b\r\n.pdf", "ab.pdf"),
    ("...", None),
    ("", None),
    ("d:", None),
])
def test_safe_relpath(sent, stored):
    assert safe_relpath(sent) == stored


@given(st.lists(st.sampled_from([*"ab./\\:\x00 C营", "..", "//", "C:"]), max_size=30).map("".join))
def test_safe_relpath_never_leaves_its_folder(name):
    rel = safe_relpath(name)
    if rel is None:
        return
    parts = rel.split("/")
    assert not rel.startswith("/") and "\\" not in rel and "\x00" not in rel
    assert all(p not in ("", ".", "..") for p in parts)


def test_a_long_name_is_clipped_keeping_its_extension():
    rel = safe_relpath("营" * 200 + ".pdf")
    assert rel.endswith(".pdf") and len(rel.encode()) <= 200


def test_loopback_and_the_token_rule():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert is_loopback("127.3.4.5") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.com")
    with pytest.raises(UsageError, match="--token"):
        ServeConfig(host="0.0.0.0")
    assert ServeConfig(host="0.0.0.0", token="long-enough-token").token
    with pytest.raises(UsageError, match="8 characters"):
        ServeConfig(token="short")


def test_a_member_that_compresses_too_well_is_a_zip_bomb(tmp_path):
    bomb = tmp_path / "ratio.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("scan.pdf", b"\0" * (80 * 1024 * 1024))  # 80 MB in ~80 KB
    with pytest.raises(Refused, match="压缩比异常") as e:
        check_zip(bomb, "ratio.zip", ServeConfig())
    assert e.value.status == 413


# -- the job manager, in process ----------------------------------------------------------


@pytest.fixture
def manager(tmp_path, _session_cache_dir):
    m = JobManager(ServeConfig(work_dir=str(tmp_path / "jobs"), workers=1, keep_minutes=1))
    yield m
    m.shutdown()
    assert list((tmp_path / "jobs").iterdir()) == []


def _submit(manager, complete_zip, **settings):
    folder = manager.new_folder()
    (folder / "upload").mkdir()
    shutil.copy(complete_zip, folder / "upload" / "complete.zip")
    plan = Plan(folder / "upload", "complete.zip", "complete.zip", True)
    base = Settings(schema="b24-national", ocr=False, as_of=dt.date.fromisoformat(AS_OF))
    return manager.submit(folder, plan, replace(base, **settings))


def _wait(manager, job, timeout=120):
    end = time.monotonic() + timeout
    while manager.status(job)["status"] not in ("done", "failed"):
        assert time.monotonic() < end, manager.status(job)
        time.sleep(0.1)
    return manager.status(job)


def test_one_check_per_worker_the_rest_wait_their_turn(manager, complete_zip):
    first = _submit(manager, complete_zip)
    second = _submit(manager, complete_zip)
    waiting = manager.status(second)
    assert waiting["status"] == "queued" and waiting["queue_position"] == 1
    assert _wait(manager, first)["status"] == "done"
    assert _wait(manager, second)["status"] == "done"


def test_an_internal_error_gives_a_generic_message_and_logs_the_traceback(manager, complete_zip, caplog):
    job = _submit(manager, complete_zip, select=(1,))  # not a selector: the engine raises TypeError-ish
    with caplog.at_level(logging.ERROR, logger="docvalidator.serve"):
        status = _wait(manager, job)
    assert status["status"] == "failed" and status["error"] == GENERIC_ERROR
    assert "Traceback" in caplog.text and job.id in caplog.text


def test_a_finished_job_is_removed_after_keep_minutes(manager, complete_zip):
    job = _submit(manager, complete_zip)
    assert _wait(manager, job)["status"] == "done"
    assert manager.sweep() == 0 and job.folder.exists()
    assert manager.sweep(now=time.time() + 61) == 1
    assert not job.folder.exists() and manager.get(job.id) is None


def test_a_check_over_its_time_is_stopped(tmp_path, complete_zip, _session_cache_dir):
    m = JobManager(ServeConfig(work_dir=str(tmp_path / "jobs"), workers=1, job_minutes=0.001))
    try:
        status = _wait(m, _submit(m, complete_zip))
        assert status["status"] == "failed" and "分钟未完成" in status["error"]
    finally:
        m.shutdown()


def test_a_lone_check_may_use_every_core_unless_jobs_says_otherwise():
    import os

    from docvalidator.config import Settings

    assert ServeConfig().inspect_jobs == (os.cpu_count() or 1)
    assert ServeConfig(settings=Settings(jobs=1)).inspect_jobs == 1
