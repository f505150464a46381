"""Schemas: one YAML file per application type, validated against a meta-schema at load time."""

from docvalidator.schema.loader import builtin_ids, load_schema, meta_schema, validate_file
from docvalidator.schema.model import (
    Clause,
    Field,
    Forbidden,
    Material,
    Parameter,
    QuantityRequirement,
    Schema,
    SealNeed,
)

__all__ = [
    "Clause", "Field", "Forbidden", "Material", "Parameter", "QuantityRequirement", "Schema",
    "SealNeed", "builtin_ids", "load_schema", "meta_schema", "validate_file",
]
