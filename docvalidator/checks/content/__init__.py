"""What the documents say: mandated clauses read by meaning and number, forbidden wording,
required fields, and pages whose text could not be read (DV207, DV401–DV404)."""

from docvalidator.checks.content import ocr, rules, verdicts  # noqa: F401  (registration)
