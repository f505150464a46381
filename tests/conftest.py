import socket

import pytest


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a network connection."""

    def guard(*args, **kwargs):
        raise RuntimeError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket, "create_connection", guard)


@pytest.fixture(autouse=True, scope="session")
def _session_cache_dir(tmp_path_factory):
    """No test writes to the real user cache; tests in one session share one cache, so
    identical pages across sample packages are inspected (and OCR'd) once."""
    import os

    path = tmp_path_factory.mktemp("cache")
    old = os.environ.get("DOCVALIDATOR_CACHE_DIR")
    os.environ["DOCVALIDATOR_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("DOCVALIDATOR_CACHE_DIR", None)
    else:
        os.environ["DOCVALIDATOR_CACHE_DIR"] = old
