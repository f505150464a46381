"""Formatters: a Report in, text or bytes out. They never compute findings.

The formats, and where a run that writes several reports (batch, serve) puts each, are here;
the renderers (`REPORTER_BY_NAME`) load on first use, so that naming a format costs nothing."""

from __future__ import annotations

from typing import Any

FORMATS = ("text", "json", "markdown", "html", "docx", "sarif", "junit")
REPORT_FILE = {"text": "report.txt", "json": "report.json", "markdown": "report.md",
               "html": "report.html", "docx": "report.docx", "sarif": "report.sarif",
               "junit": "report.xml"}
MEDIA_TYPE = {"text": "text/plain; charset=utf-8", "json": "application/json",
              "markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
              "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "sarif": "application/sarif+json", "junit": "application/xml"}


def __getattr__(name: str) -> Any:
    if name in ("REPORTER_BY_NAME", "Renderer"):
        from docvalidator.report import renderers

        return getattr(renderers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATS", "MEDIA_TYPE", "REPORTER_BY_NAME", "REPORT_FILE", "Renderer"]
