"""Inspection cache: JSON values keyed by content hash + analyser version + options.

Stored in the user cache dir (platformdirs), never in the package. Writes go to a temporary
file and are renamed into place, so two concurrent runs never see a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

ENV_DIR = "DOCVALIDATOR_CACHE_DIR"


def cache_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("docvalidator", appauthor=False))


def make_key(*parts: Any) -> str:
    """A stable key from the parts that change a result (content hash, version, options)."""
    raw = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class Cache:
    def __init__(self, root: Path | None = None, enabled: bool = True, namespace: str = "inspect"):
        self.enabled = enabled
        self.root = (root or cache_dir()) / namespace

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        if not self.enabled:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def cache_info(root: Path | None = None) -> tuple[Path, int, int]:
    """(folder, entries, bytes) of the whole cache, every namespace."""
    root = root or cache_dir()
    entries = size = 0
    if root.is_dir():
        for path in root.rglob("*.json"):
            if path.name.startswith(".tmp-"):
                continue
            try:
                size += path.stat().st_size
                entries += 1
            except OSError:  # removed by a concurrent run meanwhile
                continue
    return root, entries, size


def clear_cache(root: Path | None = None) -> int:
    """Delete every entry; returns how many. Safe while another run uses the cache: an entry
    it is writing is renamed into place atomically, one it wanted to read is a miss."""
    root = root or cache_dir()
    removed = 0
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*.json"), reverse=True):
        try:
            path.unlink()
            removed += not path.name.startswith(".tmp-")
        except OSError:
            continue
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            continue
    return removed
