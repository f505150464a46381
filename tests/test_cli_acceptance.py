"""Issue-2 acceptance at the command line: hostile entries, schema errors, determinism."""

import io
import os
import zipfile

import pytest

from tests.helpers import check_json, cli, tree_digest

JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x08" * 64 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _package(root):
    (root / "制度文件").mkdir(parents=True)
    (root / "01-营业执照副本.pdf").write_bytes(PDF)
    (root / "docvalidator.yaml").write_text("schema: b24-national\n", encoding="utf-8")
    return root


def test_symlink_out_zero_byte_and_misnamed_jpeg_each_give_dv105_and_change_nothing(tmp_path):
    pkg = _package(tmp_path / "pkg")
    os.symlink("/etc/passwd", pkg / "02-公司章程.pdf")
    (pkg / "制度文件" / "话术审核制度.pdf").write_bytes(b"")
    (pkg / "03-法定代表人身份证.pdf").write_bytes(JPEG)
    before = tree_digest(pkg)
    r = check_json(pkg)
    assert r.code in (0, 1) and "Traceback" not in r.err
    dv105 = {f["file"]: f for f in r.json()["findings"] if f["code"] == "DV105"}
    assert set(dv105) == {"02-公司章程.pdf", "制度文件/话术审核制度.pdf", "03-法定代表人身份证.pdf"}
    assert dv105["02-公司章程.pdf"]["evidence"]["reason"] == "link-outside-package"
    assert tree_digest(pkg) == before


def test_zip_member_with_parent_reference_is_refused_and_reported(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("docvalidator.yaml", "schema: b24-national\n")
        z.writestr("../../evil.pdf", PDF)
        z.writestr("/abs/evil2.pdf", PDF)
        z.writestr("01-营业执照.pdf", PDF)
    pkg = tmp_path / "pkg.zip"
    pkg.write_bytes(buf.getvalue())
    listing = sorted(os.listdir(tmp_path))
    r = check_json(pkg)
    assert r.code in (0, 1) and "Traceback" not in r.err
    reasons = sorted(f["evidence"].get("reason") for f in r.json()["findings"] if f["code"] == "DV105")
    assert reasons == ["zip-absolute-path", "zip-parent-reference"]
    assert sorted(os.listdir(tmp_path)) == listing
    assert not (tmp_path.parent / "evil.pdf").exists()


def test_json_report_is_byte_identical_across_runs(tmp_path):
    pkg = _package(tmp_path / "pkg")
    assert check_json(pkg).out == check_json(pkg).out


def test_without_a_schema_the_error_lists_the_schema_ids(tmp_path):
    (tmp_path / "a.pdf").write_bytes(PDF)
    r = cli("check", tmp_path)
    assert r.code == 2
    assert "b24-national" in r.err and "number-95-shanghai" in r.err
    assert r.err.count("\n") == 1


def test_a_missing_path_is_a_one_line_input_error(tmp_path):
    r = cli("check", tmp_path / "nope", "--schema", "b24-national")
    assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err


def test_schemas_validate_names_file_and_key_path_of_a_wrong_type_two_levels_deep(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: mine\nextends: b24-national\nmaterials:\n  - id: business-license\n    seal: {pages: 3}\n",
        encoding="utf-8")
    r = cli("schemas", "validate", bad)
    assert r.code == 2
    assert str(bad) in r.err and "materials[0](business-license).seal.pages" in r.err
    assert r.err.count("\n") == 1


def test_schemas_validate_accepts_a_schema_extending_a_builtin(tmp_path):
    ok = tmp_path / "ok.yaml"
    ok.write_text("id: mine\nextends: b24-national\nparameters:\n  min_staff: {default: 3, description: 本地要求}\n",
                  encoding="utf-8")
    r = cli("schemas", "validate", ok)
    assert r.code == 0, r.err


def test_schemas_list_shows_the_five_builtin_types():
    r = cli("schemas", "list")
    ids = [line.split()[0] for line in r.out.splitlines()]
    assert ids == ["b22-national", "b22-provincial", "b24-national", "b24-provincial", "number-95-shanghai"]


def test_unknown_parameter_override_is_a_usage_error(tmp_path):
    pkg = _package(tmp_path / "pkg")
    r = cli("check", pkg, "--param", "min_stuff=3")
    assert r.code == 2 and "min_stuff" in r.err


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_every_text_format_renders_the_findings(tmp_path, fmt):
    pkg = _package(tmp_path / "pkg")
    r = cli("check", pkg, "--format", fmt, "--as-of", "2026-11-22")
    assert r.code == 1
    assert "DV101" in r.out


def test_fail_on_never_exits_zero_with_findings(tmp_path):
    pkg = _package(tmp_path / "pkg")
    assert cli("check", pkg, "--fail-on", "never").code == 0


def test_init_scaffolds_numbered_folders_and_a_manifest(tmp_path):
    target = tmp_path / "new"
    r = cli("init", "--schema", "b24-national", target)
    assert r.code == 0
    assert (target / "docvalidator.yaml").read_text(encoding="utf-8").count("schema: b24-national") == 1
    folders = sorted(p.name for p in target.iterdir() if p.is_dir())
    assert folders[0].startswith("01-") and any("营业执照" in f for f in folders)
    # an untouched scaffold reports every required material missing, and nothing else
    r = check_json(target)
    assert {f["code"] for f in r.json()["findings"]} == {"DV101"}


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x.pdf").write_bytes(PDF)
    r = cli("init", "--schema", "b24-national", tmp_path)
    assert r.code == 2 and "not empty" in r.err


def test_a_schema_file_named_by_the_manifest_is_found_beside_it(tmp_path, monkeypatch):
    pkg = _package(tmp_path / "pkg")
    (pkg / "my-schema.yaml").write_text("id: mine\nextends: b24-national\n", encoding="utf-8")
    (pkg / "docvalidator.yaml").write_text("schema: my-schema.yaml\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = check_json(pkg)
    assert r.code == 1, r.err
    assert r.json()["schema"]["id"] == "mine"
    assert "my-schema.yaml" not in {f["file"] for f in r.json()["findings"]}
