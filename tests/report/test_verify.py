from tests.helpers import cli
from tests.report.conftest import check


def test_verify_says_identical_and_exits_0_for_an_unchanged_package(package, tmp_path):
    report = tmp_path / "r.json"
    check(package, "json", report)
    r = cli("verify", report, package[0])
    assert r.code == 0 and "identical" in r.out


def test_verify_lists_changed_added_and_removed_files_and_exits_1(package, tmp_path):
    report = tmp_path / "r.json"
    check(package, "json", report)
    root = package[0]
    (root / "会议纪要.pdf").write_bytes(b"%PDF-1.4 changed")
    (root / "场地照片1.jpg").unlink()
    (root / "新增说明.txt").write_text("新文件", encoding="utf-8")
    r = cli("verify", report, root)
    assert r.code == 1
    assert r.out.splitlines() == ["changed: 会议纪要.pdf", "added: 新增说明.txt", "removed: 场地照片1.jpg"]


def test_verify_rejects_a_file_that_is_not_a_json_report_in_one_line(package, tmp_path):
    bogus = tmp_path / "r.json"
    bogus.write_text("{}", encoding="utf-8")
    r = cli("verify", bogus, package[0])
    assert r.code == 2 and "package.checked" in r.err and len(r.err.splitlines()) == 1
