import importlib.util

import pytest

# `.[dev]` brings the serve extra and httpx; without them these tests cannot run at all.
MISSING = [m for m in ("starlette", "uvicorn", "python_multipart", "httpx")
           if importlib.util.find_spec(m) is None]
if MISSING:
    collect_ignore_glob = ["test_*.py"]

# Small limits so the hostile uploads are refused after megabytes, not half a gigabyte.
LIMITS = ("--max-upload-mb", "8", "--max-files", "30")


@pytest.fixture(scope="session")
def server(tmp_path_factory, _session_cache_dir):
    """One real server for the API tests: OCR off by default (fast), small limits."""
    from tests.serve.server import start_server

    s = start_server(tmp_path_factory.mktemp("serve"), "--no-ocr", *LIMITS)
    yield s
    assert s.stop()
    assert s.job_folders() == []  # shutdown removes every job folder


@pytest.fixture
def client(server):
    with server.client() as c:
        yield c


@pytest.fixture(scope="session")
def complete_zip(tmp_path_factory):
    from tests.serve.server import COMPLETE, zip_folder

    return zip_folder(COMPLETE, tmp_path_factory.mktemp("zips") / "complete.zip")


@pytest.fixture(scope="session")
def defective_zip(tmp_path_factory):
    from tests.serve.server import DEFECTIVE, zip_folder

    return zip_folder(DEFECTIVE, tmp_path_factory.mktemp("zips") / "缺少营业执照.zip", top="缺少营业执照")


@pytest.fixture(scope="session")
def unreadable_zip(tmp_path_factory):
    """Errors (DV105: two files that are not what they claim) and a page thumbnail (DV207)."""
    from tests.serve.server import FIXTURES, zip_folder

    return zip_folder(FIXTURES / "b24-national" / "unreadable",
                      tmp_path_factory.mktemp("zips") / "申请材料-待补正.zip")
