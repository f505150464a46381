"""The package manifest `docvalidator.yaml`: schema id, the applicant's declared facts, a logo."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from docvalidator.errors import InputError

MANIFEST_NAME = "docvalidator.yaml"
_KEYS = {"schema", "company", "facts", "logo", "parameters"}
_COMPANY_KEYS = {"name", "short_name", "credit_code", "legal_representative", "registered_capital",
                 "address"}


@dataclass(frozen=True)
class Manifest:
    schema: str | None = None
    company_name: str | None = None
    short_name: str | None = None
    credit_code: str | None = None
    company: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, bool] = field(default_factory=dict)
    logo: str | None = None  # path relative to the package root
    parameters: dict[str, Any] = field(default_factory=dict)


def parse_manifest(data: bytes | None) -> Manifest:
    """Parse the manifest's bytes; a bad manifest is an InputError naming the key."""
    if data is None:
        return Manifest()
    where = MANIFEST_NAME
    try:
        doc = yaml.safe_load(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{where}: expected UTF-8 text") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise InputError(f"{where}: invalid YAML{line}") from None
    if doc is None:
        return Manifest()
    if not isinstance(doc, dict):
        raise InputError(f"{where}: expected a mapping at the top level")
    unknown = sorted(set(doc) - _KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r} (expected one of {', '.join(sorted(_KEYS))})")
    company = doc.get("company") or {}
    if not isinstance(company, dict):
        raise InputError(f"{where}: company: expected a mapping")
    bad = sorted(set(company) - _COMPANY_KEYS)
    if bad:
        raise InputError(f"{where}: company.{bad[0]}: unknown key (expected one of {', '.join(sorted(_COMPANY_KEYS))})")
    facts = doc.get("facts") or {}
    if not isinstance(facts, dict) or not all(isinstance(v, bool) for v in facts.values()):
        raise InputError(f"{where}: facts: expected a mapping of fact names to true/false")
    params = doc.get("parameters") or {}
    if not isinstance(params, dict):
        raise InputError(f"{where}: parameters: expected a mapping")
    for key in ("schema", "logo"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise InputError(f"{where}: {key}: expected a string")
    return Manifest(
        schema=doc.get("schema"),
        company_name=_s(company.get("name")),
        short_name=_s(company.get("short_name")),
        credit_code=_s(company.get("credit_code")),
        company={k: v for k, v in company.items() if v is not None},
        facts=dict(facts),
        logo=doc.get("logo"),
        parameters=dict(params),
    )


def _s(v: Any) -> str | None:
    return None if v is None else str(v).strip()
