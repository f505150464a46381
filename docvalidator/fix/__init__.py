"""`docvalidator fix`: an upload-ready copy of a package — pages brought under the page limit
legibly, Word files converted to PDF, canonical names, an OCR layer on scans — with a log of
what changed and the check of the copy. Runs the engine before and after (this layer sits
above it)."""

from docvalidator.fix.run import NAMES, FixOptions, fix_package

__all__ = ["NAMES", "FixOptions", "fix_package"]
