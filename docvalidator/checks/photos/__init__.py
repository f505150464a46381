"""Venue photos: resolution, blur and exposure, duplicates, edited or old photos, the seats
seen and the company logo or name (DV601–DV606)."""

from docvalidator.checks.photos import analysis, rules  # noqa: F401  (registration)
