"""Runs every case of entity_cases.yml: the entity codes that fire must be exactly the expected."""

from pathlib import Path

import pytest
import yaml

from tests.entity_helpers import context, entity_problems

CASES = yaml.safe_load((Path(__file__).parent / "entity_cases.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_entity_case(case):
    ctx = context(case.get("schema", "b24-national"), case["materials"], case.get("manifest", ""),
                  case.get("params"), case.get("as_of", "2026-11-22"))
    problems = entity_problems(ctx)
    assert sorted({p.code for p in problems}) == sorted(case["codes"]), [p.message for p in problems]
    if "severity" in case:
        assert {str(p.severity) for p in problems} == {case["severity"]}
    for p in problems:
        assert p.message and (p.file or p.material is None)


def test_case_ids_are_unique_and_every_code_fires_and_stays_silent():
    assert len({c["id"] for c in CASES}) == len(CASES)
    for code in (f"DV50{i}" for i in range(1, 9)):
        assert any(code in c["codes"] for c in CASES), code
