"""Test helpers for `docvalidator serve`: a real server in a subprocess, uploads, raw HTTP."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.helpers import AS_OF, FIXTURES

COMPLETE = FIXTURES / "b24-national" / "complete"
DEFECTIVE = FIXTURES / "b24-national" / "missing-material"  # DV101: no business licence


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen
    work: Path  # --work-dir: every job folder is made here
    tmp: Path  # the server's TMPDIR: nothing may be written there
    cwd: Path  # the server's working directory: nothing may be written there either

    def client(self, **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, follow_redirects=True, **kw)

    def job_folders(self) -> list[Path]:
        return sorted(self.work.iterdir())

    def stop(self, timeout: float = 30) -> bool:
        """SIGTERM, as a service manager stops it. True when it shut down by itself (uvicorn
        re-raises the signal after its graceful shutdown, so the code is -SIGTERM or 0)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return False
        return self.proc.returncode in (0, -signal.SIGTERM)


def start_server(base: Path, *args: str) -> Server:
    """`docvalidator serve --port 0 ARGS` with its own work dir, TMPDIR and cwd under base.
    The session's inspection cache (DOCVALIDATOR_CACHE_DIR) is inherited."""
    work, tmp, cwd = base / "jobs", base / "tmp", base / "cwd"
    for d in (work, tmp, cwd):
        d.mkdir(parents=True)
    env = {**os.environ, "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp)}
    exe = Path(sys.executable).with_name("docvalidator")
    proc = subprocess.Popen([str(exe), "serve", "--port", "0", "--work-dir", str(work), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd,
                            env=env)
    line = proc.stdout.readline()  # "docvalidator serve: http://127.0.0.1:PORT/ ..."
    if "http://" not in line:
        proc.kill()
        raise RuntimeError(f"server did not start: {line!r} {proc.stderr.read()}")
    url = line.split()[2].split("?")[0]
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    return Server(url, port, proc, work, tmp, cwd)


def zip_folder(src: Path, dest: Path, top: str | None = None) -> Path:
    """Zip a fixture folder (under `top/` when given), as a user's archiver would."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(src.rglob("*")):
            if p.is_file():
                rel = p.relative_to(src).as_posix()
                zf.write(p, f"{top}/{rel}" if top else rel)
    return dest


def folder_parts(src: Path, top: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    """httpx `files=` for a folder upload: every file under `top/` with its relative path."""
    return [("file", (f"{top}/{p.relative_to(src).as_posix()}", p.read_bytes(),
                      "application/octet-stream"))
            for p in sorted(src.rglob("*")) if p.is_file()]


def post_zip(client: httpx.Client, path: Path, **fields: str) -> httpx.Response:
    data = {"as_of": AS_OF, "ocr": "false", **fields}
    with open(path, "rb") as f:
        return client.post("/api/check", data=data, files={"file": (path.name, f, "application/zip")})


def wait_job(client: httpx.Client, job_id: str, timeout: float = 300) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s: {job}")


def multipart(parts: list[tuple[str, bytes | None, bytes]], boundary: bytes = b"dvTEST") -> tuple[bytes, str]:
    """A multipart body written byte by byte: (field, filename or None, content). Lets a test
    send file names no client library would (NUL, backslashes, drive letters)."""
    out = []
    for name, filename, content in parts:
        disp = b'form-data; name="' + name.encode() + b'"'
        if filename is not None:
            disp += b'; filename="' + filename + b'"'
        out.append(b"--" + boundary + b"\r\nContent-Disposition: " + disp + b"\r\n\r\n" + content + b"\r\n")
    out.append(b"--" + boundary + b"--\r\n")
    return b"".join(out), "multipart/form-data; boundary=" + boundary.decode()


def stream_upload(port: int, total: int, *, chunked: bool, timeout: float = 60) -> tuple[int, bytes, int]:
    """POST a `total`-byte multipart upload from a generator, over a raw socket, and stop
    sending as soon as the server answers. Returns (status, body, bytes sent)."""
    head = (f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: multipart/form-data; boundary=dvBIG\r\n"
            + ("Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {total}\r\n")
            + "\r\n").encode()
    preamble = b'--dvBIG\r\nContent-Disposition: form-data; name="file"; filename="big.zip"\r\n\r\n'

    def body():
        yield preamble
        sent = len(preamble)
        block = b"\0" * (1024 * 1024)
        while sent < total:
            piece = block[: total - sent]
            sent += len(piece)
            yield piece

    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(head)
    sock.setblocking(False)
    sent, pending, pieces = 0, b"", body()
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            readable, writable, _ = select.select([sock], [sock], [], 1)
            if readable:
                break
            if writable:
                if not pending:
                    piece = next(pieces, None)
                    if piece is None:
                        break
                    pending = (b"%x\r\n" % len(piece) + piece + b"\r\n") if chunked else piece
                try:
                    n = sock.send(pending)
                except (BlockingIOError, InterruptedError):
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    break
                sent += n
                pending = pending[n:]
        sock.setblocking(True)
        sock.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data or len(data) < _expected(data):
            try:
                more = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not more:
                break
            data += more
    finally:
        sock.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
    return status, data.partition(b"\r\n\r\n")[2], sent


def _expected(data: bytes) -> int:
    head, _, _ = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":")[1])
    return len(data) + 1
