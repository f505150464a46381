import socket

import pytest


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a network connection."""

    def guard(*args, **kwargs):
        raise RuntimeError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket, "create_connection", guard)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """No test ever reads or writes the real user cache."""
    monkeypatch.setenv("DOCVALIDATOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
