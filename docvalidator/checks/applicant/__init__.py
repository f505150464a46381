"""The applicant: registered capital, business scope, one name and credit code across the
materials, ID numbers, dates and terms, staff and social insurance, and foreign shareholding
(DV501–DV508). Also the one place that says who the applicant is (`identity`)."""

from docvalidator.checks.applicant import (  # noqa: F401  (registration)
    conditions,
    facts,
    identity,
    rules,
)
