import datetime as dt
import json
import re

import pytest
import yaml

from docvalidator.baseline import TODO_REASON, apply_baseline, load_baseline
from docvalidator.errors import UsageError
from tests.report.builders import synthetic_report
from tests.report.conftest import check


def _baseline(tmp_path, package, **edit):
    base = tmp_path / "baseline.yaml"
    check(package, "json", tmp_path / "first.json", "--write-baseline", base)
    doc = yaml.safe_load(base.read_text(encoding="utf-8"))
    for w in doc["waivers"]:
        w["reason"] = "客户确认：该项在正式提交前由审批机关现场核验"
        w.update(edit.get(w["code"], {}))
    base.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return base


def test_written_baseline_records_code_material_hash_page_and_a_todo_reason(package, tmp_path):
    base = tmp_path / "b.yaml"
    r = check(package, "json", tmp_path / "r.json", "--write-baseline", base)
    assert r.code == 1 and "wrote 3 waivers" in r.err
    waivers = yaml.safe_load(base.read_text(encoding="utf-8"))["waivers"]
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    hashes = {f["path"]: f["sha256"] for f in report["package"]["checked"]}
    dv104 = next(w for w in waivers if w["code"] == "DV104")
    assert dv104["material"] == "business-license" and dv104["page"] is None
    assert dv104["sha256"] == hashes["01 营业执照.jpg"]
    assert {w["reason"] for w in waivers} == {TODO_REASON}


def test_suppressed_findings_do_not_fail_the_run(package, tmp_path):
    base = _baseline(tmp_path, package)
    r = check(package, "json", tmp_path / "r.json", "--baseline", base)
    assert r.code == 0, r.err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["findings"] == [] and report["summary"]["passed"] is True
    assert report["waivers"] == {"suppressed": 3, "expired": [], "unused": []}
    assert {m["status"] for m in report["materials"]} <= {"ok", "missing", "not-required"}


def test_an_expired_waiver_does_not_suppress_and_is_reported(package, tmp_path):
    base = _baseline(tmp_path, package, DV104={"expires": "2026-11-21"}, DV103={"expires": "2026-11-22"})
    r = check(package, "json", tmp_path / "r.json", "--baseline", base)  # check date 2026-11-22
    assert r.code == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"]] == ["DV104"]  # back; DV103's waiver holds that day
    assert [w["code"] for w in report["waivers"]["expired"]] == ["DV104"]
    assert "expired waiver DV104" in r.err and "expires 2026-11-21" in r.err


def test_a_waiver_stops_matching_when_the_file_changes_and_is_reported_unused(package, tmp_path):
    base = _baseline(tmp_path, package)
    root, _schema = package
    (root / "会议纪要.pdf").write_bytes((root / "会议纪要.pdf").read_bytes() + b"\n% edited\n")
    r = check(package, "json", tmp_path / "r.json", "--baseline", base)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"]] == ["DV103"]
    assert [w["code"] for w in report["waivers"]["unused"]] == ["DV103"]
    assert "unused (matches no finding) waiver DV103" in r.err
    assert r.code == 1  # the unsuppressed DV103 blocks


def test_baseline_without_a_reason_is_a_one_line_usage_error(package, tmp_path):
    base = tmp_path / "b.yaml"
    base.write_text("waivers:\n  - {code: DV104, material: business-license}\n", encoding="utf-8")
    r = check(package, "json", tmp_path / "r.json", "--baseline", base)
    assert r.code == 2 and "waivers[0].reason: required" in r.err and len(r.err.splitlines()) == 1


@pytest.mark.parametrize("entry, where", [
    ({"code": "DV104", "reason": "x", "expires": "next year"}, "waivers[0].expires"),
    ({"code": "DV104", "reason": "x", "colour": "red"}, "waivers[0].colour"),
    ({"reason": "x"}, "waivers[0].code"),
])
def test_bad_waivers_name_the_entry_and_key(tmp_path, entry, where):
    base = tmp_path / "b.json"
    base.write_text(json.dumps({"waivers": [entry]}), encoding="utf-8")  # JSON is YAML too
    with pytest.raises(UsageError, match=re.escape(where)):
        load_baseline(base)


def test_each_waiver_suppresses_one_finding_so_a_new_equal_finding_still_shows(tmp_path):
    report = synthetic_report()
    dv402 = report.findings[1]
    twin = type(dv402)(**{**dv402.__dict__, "message": "录音保存期限为 1 个月，少于要求的 6 个月。"})
    base = tmp_path / "b.yaml"
    base.write_text(yaml.safe_dump({"waivers": [
        {"code": "DV402", "material": "usage-plan", "sha256": "b" * 64, "page": 2, "reason": "已知",
         "message": dv402.message}]}, allow_unicode=True), encoding="utf-8")
    kept, info = apply_baseline([dv402, twin], report.files, load_baseline(base), dt.date(2026, 11, 22))
    assert kept == [twin] and info["suppressed"] == 1


def test_json_without_a_baseline_keeps_the_spec_shape(package, tmp_path):
    check(package, "json", tmp_path / "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert list(report) == ["tool", "schema", "package", "summary", "materials", "findings"]


def test_baseline_and_write_baseline_together_is_a_usage_error(package, tmp_path):
    r = check(package, "json", tmp_path / "r.json", "--baseline", tmp_path / "a.yaml",
              "--write-baseline", tmp_path / "b.yaml")
    assert r.code == 2 and "give one of them" in r.err
