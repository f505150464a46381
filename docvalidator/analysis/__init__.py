"""Material-aware analyses: the part of the inspect stage that needs to know what a file is.

The base inspection (structure, text layer) runs on every file before classification. Once
files are assigned to materials, each analysis here inspects only what some enabled rule
needs — OCR of scanned pages whose text a rule reads, seal detection on the pages that must
bear a seal, measurements of venue photos — caches by content hash, and stores its results
in the file's `FileInspection`. Rules then read those results; they never open a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docvalidator.classify import Classification
from docvalidator.config import Settings
from docvalidator.discover import Package
from docvalidator.inspect.cache import Cache
from docvalidator.inspect.types import FileInspection
from docvalidator.manifest import Manifest
from docvalidator.schema import Schema


@dataclass
class AnalysisJob:
    package: Package
    schema: Schema
    manifest: Manifest
    classification: Classification
    inspections: dict[str, FileInspection]
    settings: Settings
    enabled: frozenset[str]  # finding codes that will be reported
    cache: Cache
    counters: dict[str, int] = field(default_factory=dict)
    progress: Callable[[str, int, int], None] | None = None

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + n

    def wants(self, *codes: str) -> bool:
        return any(c in self.enabled for c in codes)

    def vision(self) -> bool:
        """OpenCV (the `vision` extra) is installed; without it the seal, signature and photo
        analyses are skipped and counted (`vision_unavailable`), not failed."""
        import importlib.util

        if importlib.util.find_spec("cv2") is None:
            self.counters["vision_unavailable"] = 1
            return False
        return True

    def cached(self, key: str) -> Any | None:
        """A cached analysis result: the cache, or (cache off) this process's memo."""
        if self.cache.enabled:
            return self.cache.get(key)
        return _MEMO.get(key)

    def store(self, key: str, value: Any) -> None:
        if self.cache.enabled:
            self.cache.put(key, value)
        else:
            if len(_MEMO) > 4096:
                _MEMO.clear()
            _MEMO[key] = value


# Content-addressed results kept for the life of the process when the disk cache is off
# (--no-cache): the same bytes give the same result, and a second run in one process (a hook,
# tests) need not redo OCR and feature matching.
_MEMO: dict[str, Any] = {}


Analysis = Callable[[AnalysisJob], Any]

# Run in this order; each appends its results to the inspections. Registered by the modules
# that implement them (OCR before the analyses that read text).
ANALYSES: list[tuple[str, Analysis]] = []

# The analyses register themselves on import, in this order (OCR first: later analyses read
# its text); heavy imports stay inside their functions.
from docvalidator.analysis import ocr as _ocr  # noqa: E402, F401
from docvalidator.analysis import photos, seals, signatures  # noqa: E402, F401
