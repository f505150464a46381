"""Schemas: one YAML file per application type, validated against a meta-schema at load time."""

from docvalidator.schema.loader import builtin_ids, load_schema, meta_schema, validate_file
from docvalidator.schema.model import (
    LEVELS,
    Clause,
    Field,
    Forbidden,
    Material,
    Parameter,
    QuantityRequirement,
    Schema,
    SealNeed,
    Term,
    source_label,
)

__all__ = [
    "LEVELS", "Clause", "Field", "Forbidden", "Material", "Parameter", "QuantityRequirement",
    "Schema", "SealNeed", "Term", "builtin_ids", "load_schema", "meta_schema", "source_label",
    "validate_file",
]
