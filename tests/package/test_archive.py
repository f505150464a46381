"""The zip walk: GBK and UTF-8 names decoded, a wrapping folder unwrapped, dangerous members
refused, nothing extracted."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from docvalidator.package import discover
from docvalidator.package import model as package_model
from docvalidator.package.zipwrite import write_gbk_zip
from tests.package.builders import (
    PDF,
    PNG,
    TREE,
    build,
    by_path,
    make_docx,
    make_xlsx,
    paths,
    snapshot,
    write_raw_zip,
)

# ----------------------------------------------------------------------------- zips


def test_gbk_zip_without_utf8_flag_decodes_to_the_same_paths_as_the_folder(tmp_path):
    root = build(tmp_path / "材料", TREE)
    zpath = tmp_path / "材料.zip"
    write_gbk_zip(root, zpath)
    with zipfile.ZipFile(zpath) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        assert all(i.flag_bits & 0x800 == 0 for i in infos)
        assert "1.营业执照.pdf".encode("gbk") in {i.filename.encode("cp437") for i in infos}

    from_zip, from_folder = discover(zpath), discover(root)
    assert from_zip.is_zip
    assert paths(from_zip) == paths(from_folder)
    for zf_, ff in zip(from_zip.files, from_folder.files, strict=True):
        assert (zf_.sha256, zf_.size, zf_.kind, zf_.ext) == (ff.sha256, ff.size, ff.kind, ff.ext)
        assert zf_.origin[:2] == ("zip", os.path.abspath(zpath))
        assert zf_.read_bytes() == TREE[zf_.path]
    assert from_zip.problems == ()


def test_gbk_name_whose_second_byte_is_a_backslash_is_not_split(tmp_path):
    assert b"\\" in "誠".encode("gbk")
    zpath = tmp_path / "p.zip"
    write_raw_zip(zpath, [("3.安全\\誠信承诺书.pdf".encode("gbk"), PDF, 0), (b"a.pdf", PDF, 0)])
    assert paths(discover(zpath)) == ["3.安全/誠信承诺书.pdf", "a.pdf"]


@pytest.mark.parametrize("names", [["目录/a.pdf"], ["目录/a.pdf", "目录/说明.txt"]])
def test_short_gbk_names_that_are_also_valid_utf8_decode_as_gbk(tmp_path, names):
    assert "目录".encode("gbk").decode("utf-8") == "Ŀ¼"
    zpath = tmp_path / "p.zip"
    write_raw_zip(zpath, [(n.encode("gbk"), PDF, 0) for n in names] + [(b"x.pdf", PDF, 0)])
    assert paths(discover(zpath)) == sorted([*names, "x.pdf"])


def test_utf8_flagged_zip_decodes_names_as_utf8(tmp_path):
    zpath = tmp_path / "utf8.zip"
    with zipfile.ZipFile(zpath, "w") as zf:  # zipfile sets flag 0x800 for non-ASCII names
        zf.writestr("1.营业执照.pdf", PDF)
        zf.writestr("附件/网络拓扑图.png", PNG)
    with zipfile.ZipFile(zpath) as zf:
        assert all(i.flag_bits & 0x800 for i in zf.infolist())
    pkg = discover(zpath)
    assert paths(pkg) == ["1.营业执照.pdf", "附件/网络拓扑图.png"]
    assert [f.kind for f in pkg.files] == ["pdf", "png"]


def test_utf8_names_without_the_flag_decode_as_utf8(tmp_path):
    zpath = tmp_path / "mac.zip"
    write_raw_zip(zpath, [("营业执照.pdf".encode(), PDF, 0)])
    assert paths(discover(zpath)) == ["营业执照.pdf"]


def test_zip_wrapping_everything_in_one_top_folder_is_stripped(tmp_path):
    root = build(tmp_path / "src", TREE)
    zpath = tmp_path / "wrapped.zip"
    write_gbk_zip(root, zpath, wrap_folder="某某公司申请材料")
    pkg = discover(zpath)
    assert paths(pkg) == sorted(TREE)
    assert by_path(pkg)["1.营业执照.pdf"].origin[2].encode("cp437") == (
        "某某公司申请材料/1.营业执照.pdf".encode("gbk")
    )


def test_macos_zip_with_macosx_junk_beside_the_wrap_folder_is_still_stripped(tmp_path):
    zpath = tmp_path / "mac.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("材料/", b"")
        zf.writestr("材料/1.营业执照.pdf", PDF)
        zf.writestr("材料/.DS_Store", b"\x00\x00\x00\x01Bud1")
        zf.writestr("__MACOSX/材料/._1.营业执照.pdf", b"\x00\x05\x16\x07")
    pkg = discover(zpath)
    assert paths(pkg) == ["1.营业执照.pdf"]
    assert pkg.ignored == (".DS_Store", "__MACOSX/")


def test_zip_with_a_single_file_at_the_top_is_not_stripped(tmp_path):
    zpath = tmp_path / "one.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("1.营业执照.pdf", PDF)
    assert paths(discover(zpath)) == ["1.营业执照.pdf"]


def test_zip_with_two_top_folders_is_not_stripped(tmp_path):
    zpath = tmp_path / "two.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("甲/a.pdf", PDF)
        zf.writestr("乙/b.pdf", PDF)
    assert paths(discover(zpath)) == ["乙/b.pdf", "甲/a.pdf"]


def test_zip_parent_reference_and_absolute_members_are_problems_and_nothing_is_written(
    tmp_path, monkeypatch
):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    zpath = tmp_path / "evil.zip"
    write_raw_zip(
        zpath,
        [
            (b"../evil.txt", b"pwned", 0),
            (b"ok/../../evil2.txt", b"pwned", 0),
            (b"..\\..\\evil3.txt", b"pwned", 0),
            (b"/tmp/evil4.txt", b"pwned", 0),
            (b"\\evil5.txt", b"pwned", 0),
            (b"C:\\Windows\\evil6.txt", b"pwned", 0),
            (b"c:evil7.txt", b"pwned", 0),
            (b"good.pdf", PDF, 0),
        ],
    )
    before_tmp, before_parent = snapshot(tmp_path), sorted(os.listdir(tmp_path.parent))
    pkg = discover(zpath)
    assert snapshot(tmp_path) == before_tmp
    assert sorted(os.listdir(tmp_path.parent)) == before_parent
    assert not Path("/tmp/evil4.txt").exists()

    assert paths(pkg) == ["good.pdf"]
    reasons = {p.path: p.reason for p in pkg.problems}
    assert reasons == {
        "../evil.txt": "zip-parent-reference",
        "ok/../../evil2.txt": "zip-parent-reference",
        "../../evil3.txt": "zip-parent-reference",
        "/tmp/evil4.txt": "zip-absolute-path",
        "/evil5.txt": "zip-absolute-path",
        "C:/Windows/evil6.txt": "zip-absolute-path",
        "c:evil7.txt": "zip-absolute-path",
    }
    assert all(p.detail for p in pkg.problems)


def test_encrypted_zip_member_is_a_problem_not_read(tmp_path):
    zpath = tmp_path / "enc.zip"
    write_raw_zip(zpath, [("秘密.pdf".encode("gbk"), b"\x00" * 40, 0x1), (b"a.pdf", PDF, 0)])
    pkg = discover(zpath)
    assert paths(pkg) == ["a.pdf"]
    assert [(p.path, p.reason) for p in pkg.problems] == [("秘密.pdf", "zip-encrypted-member")]


def test_zip_member_declaring_more_than_the_size_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(package_model, "MAX_MEMBER_SIZE", 100)
    zpath = tmp_path / "big.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"a" * 101)
        zf.writestr("small.txt", b"a" * 100)
    pkg = discover(zpath)
    assert paths(pkg) == ["small.txt"]
    assert [(p.path, p.reason) for p in pkg.problems] == [("big.txt", "unreadable")]


def test_corrupt_zip_member_is_unreadable_and_the_rest_is_read(tmp_path):
    zpath = tmp_path / "bad.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.pdf", PDF)
        zf.writestr("b.txt", b"hello world, plain text")
    data = bytearray(zpath.read_bytes())
    i = data.index(b"hello world")
    data[i] = ord("j")  # CRC no longer matches
    zpath.write_bytes(bytes(data))
    pkg = discover(zpath)
    assert paths(pkg) == ["a.pdf"]
    assert [(p.path, p.reason) for p in pkg.problems] == [("b.txt", "unreadable")]


def test_zip_inside_a_folder_is_just_a_file_of_kind_zip(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("x.pdf", PDF)
    pkg = discover(build(tmp_path / "p", {"附件.zip": inner.getvalue()}))
    assert [(f.path, f.kind, f.ext_matches_kind) for f in pkg.files] == [("附件.zip", "zip", True)]


def test_docx_is_detected_by_content_even_when_named_zip(tmp_path):
    pkg = discover(build(tmp_path / "p", {"申请表.zip": make_docx(), "表格.dat": make_xlsx()}))
    assert by_path(pkg)["申请表.zip"].kind == "docx"
    assert by_path(pkg)["表格.dat"].kind == "xlsx"
    zpath = tmp_path / "p.zip"
    write_gbk_zip(tmp_path / "p", zpath)
    assert by_path(discover(zpath))["申请表.zip"].kind == "docx"


def test_zip_package_with_dir_entries_and_backslashes_uses_slash_paths(tmp_path):
    zpath = tmp_path / "bs.zip"
    write_raw_zip(
        zpath, [("目录\\".encode("gbk"), b"", 0), ("目录\\子\\a.pdf".encode("gbk"), PDF, 0)]
    )
    pkg = discover(zpath)
    assert paths(pkg) == ["子/a.pdf"]  # the one top folder '目录' is stripped


def test_write_gbk_zip_writes_windows_style_entries(tmp_path):
    root = build(tmp_path / "p", {"子目录/a.pdf": PDF})
    zpath = tmp_path / "w.zip"
    write_gbk_zip(root, zpath, wrap_folder="材料")
    with zipfile.ZipFile(zpath) as zf:
        infos = zf.infolist()
    raw = [i.filename.encode("cp437").decode("gbk") for i in infos]
    assert raw == ["材料/", "材料/子目录/", "材料/子目录/a.pdf"]
    assert all(i.date_time == (2024, 1, 1, 0, 0, 0) for i in infos)
    assert all(i.flag_bits & 0x800 == 0 and i.create_system == 0 for i in infos)
