"""Validation of a schema document against the meta-schema, with a message that names the key
path (materials[3](business-licence).formats) and what was expected there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docvalidator.errors import SchemaError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


def _key_path(error: ValidationError, doc: Any) -> str:
    parts: list[str] = []
    node = doc
    for p in error.absolute_path:
        if isinstance(p, int):
            label = f"[{p}]"
            item = node[p] if isinstance(node, list) and p < len(node) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f"({item['id']})"
            parts.append(label)
            node = item
        else:
            parts.append(("." if parts else "") + str(p))
            node = node.get(p) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _expected(error: ValidationError) -> str:
    v = error.validator
    if v == "type":
        want = error.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        return f"expected {want}, got {_json_type(error.instance)} {error.instance!r}"
    if v == "enum":
        return f"expected one of {', '.join(map(str, error.validator_value))}, got {error.instance!r}"
    if v == "required":
        return f"missing required key ({error.message})"
    if v == "additionalProperties":
        return f"unknown key ({error.message})"
    return f"expected {v} {error.validator_value!r} ({error.message})"


def validate(doc: Any, meta: dict[str, Any], file: str) -> None:
    if not isinstance(doc, dict):
        raise SchemaError(file, "(top level)", f"expected a mapping, got {_json_type(doc)}")
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(meta)
    errors = sorted(validator.iter_errors(doc), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        # the deepest error says the most; report the first of those
        err = max(errors, key=lambda e: len(e.absolute_path))
        raise SchemaError(file, _key_path(err, doc), _expected(err))
