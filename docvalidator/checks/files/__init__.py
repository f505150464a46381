"""PDF structure and file limits: corrupt or encrypted PDFs, file and page weight, scan
resolution, blank pages (DV201–DV206)."""

from docvalidator.checks.files import rules  # noqa: F401  (registration)
