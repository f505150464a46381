from junitparser import Failure, JUnitXml, Skipped

from docvalidator.report import REPORTER_BY_NAME
from tests.report.builders import synthetic_report
from tests.report.conftest import check


def _cases(xml):
    suite = next(iter(xml))
    return suite, {case.name: case for case in suite}


def test_junit_has_a_case_per_material_and_rule_group_with_the_right_counts(tmp_path):
    out = tmp_path / "r.xml"
    out.write_text(REPORTER_BY_NAME["junit"](synthetic_report()), encoding="utf-8")
    suite, cases = _cases(JUnitXml.fromfile(str(out)))
    assert list(cases) == ["business-license", "data-security-policy / materials", "usage-plan / files",
                           "usage-plan / content", "branch-list", "package / materials"]
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (6, 4, 0, 1)
    assert cases["business-license"].is_passed


def test_junit_failures_carry_the_finding_message_and_text(tmp_path):
    out = tmp_path / "r.xml"
    out.write_text(REPORTER_BY_NAME["junit"](synthetic_report()), encoding="utf-8")
    _suite, cases = _cases(JUnitXml.fromfile(str(out)))
    failure = cases["usage-plan / content"].result[0]
    assert isinstance(failure, Failure)
    assert failure.message == "录音保存期限为 3 个月，少于要求的 6 个月。"
    assert failure.type == "error"
    assert "DV402" in failure.text and "修改：将保存期限改为不少于 6 个月。" in failure.text
    assert isinstance(cases["branch-list"].result[0], Skipped)


def test_junit_of_a_real_package_parses_and_is_byte_identical_across_runs(package, tmp_path):
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    assert check(package, "junit", a).code == 1
    check(package, "junit", b)
    assert a.read_bytes() == b.read_bytes()
    suite, cases = _cases(JUnitXml.fromfile(str(a)))
    assert (suite.tests, suite.failures, suite.skipped) == (5, 3, 1)
    assert set(cases) == {"business-license / materials", "data-security-policy / materials",
                          "site-photos", "branch-list", "package / materials"}
