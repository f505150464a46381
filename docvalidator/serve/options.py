"""What the server is allowed to do: where it listens, who may use it, how much it accepts."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field

from docvalidator.config import Settings
from docvalidator.errors import UsageError

MB = 1024 * 1024
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or the name localhost; 0.0.0.0 and every other address are not."""
    host = host.strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    keep_minutes: float = 60.0  # a finished job's folder is removed this long after it ends
    max_upload_mb: int = 500
    max_files: int = 2000  # files in a folder upload, members in a zip
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)  # checks at a time
    work_dir: str | None = None  # where job folders go (None: the system temp folder)
    job_minutes: float = 30.0  # a check still running after this is stopped
    max_queued: int = 100
    settings: Settings = field(default_factory=Settings)  # the base of every job's settings

    def __post_init__(self) -> None:
        if not is_loopback(self.host) and not self.token:
            raise UsageError(f"--host {self.host}: not a loopback address, so anyone on the "
                             "network could use the server; give --token (or set "
                             "DOCVALIDATOR_TOKEN) or bind 127.0.0.1")
        if self.token is not None and len(self.token) < 8:
            raise UsageError("--token: use at least 8 characters")

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * MB

    @property
    def max_unpacked_bytes(self) -> int:
        """What a zip's members may declare in total: four times the upload limit (scans and
        PDFs barely compress, so more than that is a zip bomb, not a package)."""
        return 4 * self.max_upload_bytes

    @property
    def inspect_jobs(self) -> int:
        """Cores each check may use (`--jobs`): by default every core, so that a lone check —
        the usual case on one consultant's machine — gets the whole machine; checks that run
        at the same time share it."""
        return self.settings.job_count
