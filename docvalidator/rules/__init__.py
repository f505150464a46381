"""Rules: one module per group. Importing this package registers every rule."""

from docvalidator.rules import (  # noqa: F401  (registration)
    content,
    entity,
    entity_conditions,
    files,
    materials,
    photos,
    seals,
)
from docvalidator.rules.base import REGISTRY, CheckContext, Problem, Rule

__all__ = ["REGISTRY", "CheckContext", "Problem", "Rule"]
