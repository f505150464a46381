import socket

import pytest


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a network connection."""

    def guard(*args, **kwargs):
        raise RuntimeError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
