"""Every family's rule cases (docvalidator/checks/*/cases.yml), run by one test: the codes that
fire must be exactly the expected ones, and pinned details must match."""

import pytest

from tests.rulecases import RULES, family_codes, load_cases, run_case

CASES = load_cases()


@pytest.mark.parametrize(("family", "case"), CASES, ids=[f"{f}:{c['id']}" for f, c in CASES])
def test_rule_case(family, case):
    problems = run_case(family, case)
    assert sorted({p.code for p in problems}) == sorted(case["codes"]), \
        [(p.code, p.file, p.page, p.message) for p in problems]
    for want in case.get("findings") or []:
        assert any(_matches(p, want) for p in problems), (want, [(p.code, p.file, p.page, str(p.severity), p.message) for p in problems])
    for p in problems:
        assert p.message and (p.file or p.material is not None or p.code in {"DV105", "DV103"})


def _matches(p, want) -> bool:
    for key in ("code", "file", "page", "material"):
        if key in want and getattr(p, key) != want[key]:
            return False
    if "severity" in want and str(p.severity or "") != want["severity"]:
        return False
    return "message" not in want or want["message"] in p.message


def test_case_ids_are_unique_within_a_family():
    seen = set()
    for family, case in CASES:
        assert (family, case["id"]) not in seen, case["id"]
        seen.add((family, case["id"]))


def test_every_code_has_a_case_that_fires_and_one_that_stays_silent():
    """A rule that can misfire gets a case where it must stay silent."""
    for r in RULES.values():
        family = r.name.split(".")[0]
        for code in r.codes:
            mine = [c for f, c in CASES if f == family and code in (c.get("select") or family_codes(family))]
            assert any(code in c["codes"] for c in mine), f"{code}: no case fires it"
            assert any(code not in c["codes"] for c in mine), f"{code}: no case where it stays silent"
