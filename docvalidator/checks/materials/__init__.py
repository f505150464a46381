"""Material completeness and file identity: every required material present, one file per
material where the portal takes one, every file placed, in an accepted format, readable
(DV101–DV105)."""

from docvalidator.checks.materials import rules, sections  # noqa: F401  (registration)
