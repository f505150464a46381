"""Acceptance on the shipped sample packages: each complete package passes its schema; each
defective variant fails with exactly the findings its expected.json pins (code, material, file)."""

import json

import pytest

from docvalidator.package.zipwrite import write_gbk_zip
from tests.helpers import FIXTURES, check_json, tree_digest

CASES = sorted(FIXTURES.glob("*/*.expected.json"))


def _id(p):
    return f"{p.parent.name}/{p.name.removesuffix('.expected.json')}"


def _pins(findings):
    return sorted((f["code"], f["material"], f["file"]) for f in findings)


def test_every_schema_has_a_complete_sample_package():
    schemas = {p.parent.name for p in CASES if p.name == "complete.expected.json"}
    assert schemas == {"b22-national", "b22-provincial", "b24-national", "b24-provincial",
                       "number-95-shanghai"}


@pytest.mark.parametrize("expected_file", CASES, ids=_id)
def test_sample_package_gives_exactly_the_expected_findings(expected_file):
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    package = expected_file.parent / expected_file.name.removesuffix(".expected.json")
    before = tree_digest(package)
    r = check_json(package, *expected.get("args", []), cache=True)
    assert "Traceback" not in r.err
    got = r.json()["findings"]
    want = [(f["code"], f["material"], f["file"]) for f in expected["findings"]]
    assert _pins(got) == sorted(want), json.dumps(got, ensure_ascii=False, indent=1)
    assert r.code == expected["exit_code"], r.err
    assert tree_digest(package) == before


def test_windows_gbk_zip_classifies_like_the_folder_it_came_from(tmp_path):
    folder = FIXTURES / "b24-national" / "complete"
    archive = tmp_path / "申请材料.zip"
    write_gbk_zip(folder, archive, wrap_folder="申请材料")
    from_folder = check_json(folder, cache=True).json()
    from_zip = check_json(archive, cache=True).json()
    assert [(m["id"], m["status"], m["files"]) for m in from_zip["materials"]] == \
           [(m["id"], m["status"], m["files"]) for m in from_folder["materials"]]
    assert _pins(from_zip["findings"]) == _pins(from_folder["findings"])
