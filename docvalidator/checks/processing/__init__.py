"""Processing failures: what the tool itself could not do, reported per file (DV901)."""

from docvalidator.checks.processing import rules  # noqa: F401  (registration)
