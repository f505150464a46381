"""`docvalidator verify REPORT PATH`: has the package changed since a JSON report was made?

The JSON report lists every checked file with its SHA-256 (package.checked); this re-hashes
the package and says which files changed, were added or were removed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from docvalidator.errors import UsageError
from docvalidator.package import discover


@dataclass(frozen=True)
class Drift:
    changed: list[str]
    added: list[str]
    removed: list[str]

    @property
    def identical(self) -> bool:
        return not (self.changed or self.added or self.removed)


def recorded_hashes(report_file: str | os.PathLike) -> dict[str, str]:
    try:
        doc = json.loads(Path(report_file).read_text(encoding="utf-8"))
        checked = doc["package"]["checked"]
        return {str(f["path"]): str(f["sha256"]) for f in checked}
    except OSError as e:
        raise UsageError(f"{report_file}: cannot read the report ({e.strerror})") from None
    except (ValueError, KeyError, TypeError):
        raise UsageError(f"{report_file}: not a docvalidator JSON report "
                         "(expected package.checked[] with path and sha256)") from None


def verify(report_file: str | os.PathLike, package_path: str | os.PathLike) -> Drift:
    before = recorded_hashes(report_file)
    now = {f.path: f.sha256 for f in discover(package_path).files}
    return Drift(changed=sorted(p for p in before.keys() & now.keys() if before[p] != now[p]),
                 added=sorted(now.keys() - before.keys()),
                 removed=sorted(before.keys() - now.keys()))
