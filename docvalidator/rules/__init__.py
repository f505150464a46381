"""Rules: one module per group. Importing this package registers every rule."""

from docvalidator.rules import files, materials, photos, seals  # noqa: F401  (registration)
from docvalidator.rules.base import REGISTRY, CheckContext, Problem, Rule

__all__ = ["REGISTRY", "CheckContext", "Problem", "Rule"]
