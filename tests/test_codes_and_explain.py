import re
from pathlib import Path

import pytest

from docvalidator import codes
from docvalidator.checks import RULES, code_docs
from docvalidator.checks.docs import rules_markdown
from tests.helpers import cli

SPEC_CODES = ["DV101", "material-missing", "DV102", "material-ambiguous", "DV103", "file-unassigned", "DV104", "format-not-accepted", "DV105", "file-unreadable", "DV201", "pdf-corrupt", "DV202", "pdf-encrypted", "DV203", "file-too-large", "DV204", "page-too-large", "DV205", "scan-resolution-low", "DV206", "page-blank", "DV207", "text-unverifiable", "DV301", "seal-missing", "DV302", "seal-name-mismatch", "DV303", "signature-missing", "DV401", "clause-missing", "DV402", "clause-below-requirement", "DV403", "forbidden-wording", "DV404", "field-missing", "DV501", "capital-below-minimum", "DV502", "business-scope-missing", "DV503", "name-inconsistent", "DV504", "credit-code-invalid", "DV505", "id-number-invalid", "DV506", "document-expired", "DV507", "staffing-insufficient", "DV508", "foreign-investment", "DV601", "photo-unusable", "DV602", "photo-quality", "DV603", "seats-insufficient", "DV604", "logo-not-found", "DV605", "photo-duplicate", "DV606", "photo-suspect", "DV901", "processing-failed"]
# codes the issues added after SPEC.md's table (issue 12: a name that contradicts the content)
ADDED_CODES = ["DV106", "name-content-mismatch"]
SPEC = dict(zip((SPEC_CODES + ADDED_CODES)[::2], (SPEC_CODES + ADDED_CODES)[1::2], strict=True))


def test_every_spec_code_is_registered_with_its_name_and_documentation():
    assert {c: codes.CODES[c].name for c in codes.CODES} == SPEC
    docs = code_docs()
    for c in codes.CODES.values():
        assert docs[c.code] and c.requirement and c.fix and c.summary
        assert c.group in codes.GROUPS


def test_every_code_is_emitted_by_exactly_one_rule():
    emitted = [c for r in RULES.values() for c in r.codes]
    assert sorted(emitted) == sorted(codes.CODES)


@pytest.mark.parametrize("code", sorted(SPEC))
def test_explain_prints_the_documentation_of_every_code(code):
    r = cli("explain", code)
    assert r.code == 0
    assert r.out.startswith(f"{code} {SPEC[code]}")
    assert code_docs()[code].splitlines()[0] in r.out


def test_explain_accepts_a_rule_name():
    r = cli("explain", "clause-below-requirement")
    assert r.code == 0 and r.out.startswith("DV402")


def test_explain_unknown_code_is_a_one_line_usage_error():
    r = cli("explain", "DV999")
    assert r.code == 2
    assert r.err.count("\n") == 1 and "unknown code" in r.err


@pytest.mark.parametrize(("selector", "expected"), [
    ("DV402", {"DV402"}),
    ("clause-missing", {"DV401"}),
    ("DV4", {"DV401", "DV402", "DV403", "DV404"}),
    ("seals", {"DV301", "DV302", "DV303"}),
])
def test_selectors_resolve_by_code_then_name_then_group_then_prefix(selector, expected):
    assert codes.resolve_selector(selector) == expected


def test_docs_rules_md_is_generated_from_the_rules_documentation():
    doc = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == rules_markdown(), \
        "regenerate with: python -m docvalidator.checks.docs > docs/rules.md"
    assert len(re.findall(r"^## DV\d{3}$", rules_markdown(), re.M)) == len(SPEC)
