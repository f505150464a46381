"""Issue-6 acceptance at the command line: each applicant-defect variant of the b24-national
sample fails with exactly its code, and the complete package's facts agree with its profile."""

import json

import pytest

from fixtures._entity_variants import ENTITY_VARIANTS
from tests.helpers import FIXTURES, check_json

BASE = FIXTURES / "b24-national"


@pytest.mark.parametrize("variant", ENTITY_VARIANTS)
def test_entity_variant_fails_with_exactly_its_code(variant):
    expected = json.loads((BASE / f"{variant}.expected.json").read_text(encoding="utf-8"))
    r = check_json(BASE / variant)
    assert r.code == 1, r.err
    findings = r.json()["findings"]
    assert {f["code"] for f in findings} == {expected["findings"][0]["code"]}, \
        json.dumps(findings, ensure_ascii=False, indent=1)
    f = findings[0]
    assert f["evidence"].get("snippet") or f["evidence"].get("people")


def test_complete_package_applicant_is_filled_from_the_documents_when_the_manifest_is_silent(tmp_path):
    import shutil

    pkg = tmp_path / "pkg"
    shutil.copytree(BASE / "complete", pkg)
    (pkg / "docvalidator.yaml").write_text("schema: b24-national\nfacts: {has_branches: false}\n",
                                           encoding="utf-8")
    profile = json.loads((BASE / "profile.json").read_text(encoding="utf-8"))
    import datetime as dt

    from docvalidator import engine
    from docvalidator.config import Settings
    report = engine.run(pkg, Settings(as_of=dt.date(2026, 11, 22), cache=False))
    assert report.applicant == {"name": profile["company"]["name"],
                                "credit_code": profile["company"]["credit_code"]}
    assert not [f for f in report.findings if f.code.startswith("DV5")]


OCR_LANDED = __import__("importlib").util.find_spec("docvalidator.text") is not None


@pytest.mark.skipif(not OCR_LANDED, reason="needs issue 4's OCR: the licence, IDs, social "
                                           "insurance and lease of the samples are scans")
@pytest.mark.parametrize("schema", ["b24-national", "b24-provincial", "b22-national",
                                    "b22-provincial", "number-95-shanghai"])
def test_with_ocr_the_scanned_facts_are_read_and_agree_with_the_profile(schema):
    r = check_json(FIXTURES / schema / "complete", "--ocr")
    assert not [f for f in r.json()["findings"] if f["code"].startswith("DV5")]
    profile = json.loads((FIXTURES / schema / "profile.json").read_text(encoding="utf-8"))
    import datetime as dt

    from docvalidator import engine
    from docvalidator.config import Settings
    report = engine.run(FIXTURES / schema / "complete",
                        Settings(as_of=dt.date(2026, 11, 22), cache=False, ocr=True))
    assert report.applicant["credit_code"] == profile["company"]["credit_code"]
