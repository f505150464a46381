"""Rules: one module per group. Importing this package registers every rule."""

from docvalidator.rules import entity, entity_conditions, files, materials  # noqa: F401  (registration)
from docvalidator.rules.base import REGISTRY, CheckContext, Problem, Rule

__all__ = ["REGISTRY", "CheckContext", "Problem", "Rule"]
