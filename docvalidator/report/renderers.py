"""Each format's renderer (imported when a report is written, not when the CLI starts)."""

from __future__ import annotations

from collections.abc import Callable

from docvalidator.model import Report
from docvalidator.report import docx_notice, html, json_report, junit, markdown, sarif, text

Renderer = Callable[[Report], "str | bytes"]

REPORTER_BY_NAME: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "markdown": markdown.render,
    "html": html.render,
    "docx": docx_notice.render,  # bytes: needs --output
    "sarif": sarif.render,
    "junit": junit.render,
}
