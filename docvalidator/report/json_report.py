"""JSON report, exactly the SPEC shape: deterministic, sorted, relative paths, no timestamps."""

from __future__ import annotations

import json

from docvalidator.model import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
