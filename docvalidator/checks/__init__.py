"""The checks, one package per family: each holds its analyses (what it looks for in the
files, beyond the per-file inspection), its rules (inspections and analyses → problems) and
its rule cases (`cases.yml`, run by tests/test_rule_cases.py).

Importing this package registers every analysis and rule; heavy imports stay inside their
functions, so a warm run imports no image library.
"""

from docvalidator.checks import (  # noqa: F401  (registration, in dependency-friendly order)
    applicant,
    content,
    files,
    materials,
    photos,
    processing,
    seals,
)
from docvalidator.checks.base import (
    ANALYSES,
    RULES,
    CheckContext,
    FileEvidence,
    Problem,
    Rule,
    code_docs,
    plan,
    rules_for,
)

__all__ = ["ANALYSES", "RULES", "CheckContext", "FileEvidence", "Problem", "Rule", "code_docs",
           "plan", "rules_for"]
