"""Seals and signatures: the company seal (公章) on the pages that must bear one, its ring
text against the applicant's name, and the legal representative's signature (DV301–DV303)."""

from docvalidator.checks.seals import analysis, rules, signing  # noqa: F401  (registration)
