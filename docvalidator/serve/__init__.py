"""`docvalidator serve`: the same engine behind a local web page and a small HTTP API.

Modules: options (limits, who may connect), uploads (streamed multipart → the job's folder),
packages (zip or folder → what the engine is given), jobs (queue, one process per check),
worker (that process), guard (token, Host, Origin, headers), app (routes), static (the page).
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import webbrowser

from docvalidator.errors import UsageError
from docvalidator.serve.options import ServeConfig, is_loopback

__all__ = ["INSTALL_HINT", "ServeConfig", "is_loopback", "run_server"]

NEEDS = ("starlette", "uvicorn", "python_multipart")
INSTALL_HINT = "serve needs the web extra: pip install 'docvalidator[serve]'"


def _require_extra() -> None:
    missing = [m for m in NEEDS if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(f"{INSTALL_HINT} (missing: {', '.join(missing)})")


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host.strip("[]"), port), family=family)
    except OSError as e:
        raise UsageError(f"cannot listen on {host}:{port} ({e.strerror or e})") from None


def _url(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def run_server(config: ServeConfig, open_browser: bool = False) -> None:
    """Listen, print the address, serve until Ctrl+C; then stop the checks, remove the files."""
    _require_extra()
    import uvicorn

    from docvalidator.serve.app import create_app

    sock = _listen(config.host, config.port)
    port = sock.getsockname()[1]
    url = _url(config.host, port)
    shown = f"{url}?token={config.token}" if config.token else url
    print(f"docvalidator serve: {shown}  (Ctrl+C 停止)", flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level="warning",
                                           access_log=False, lifespan="on",
                                           timeout_graceful_shutdown=5))
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(shown,)).start()
    server.run(sockets=[sock])
