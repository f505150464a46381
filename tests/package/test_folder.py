"""The folder walk: every file listed sorted with its real kind, links never followed out,
unreadable entries reported, junk skipped, the manifest read, nothing written."""

from __future__ import annotations

import hashlib
import os
import pickle

import pytest

from docvalidator.errors import InputError
from docvalidator.package import discover
from docvalidator.package import folder as folder_walk
from docvalidator.package import model as package_model
from docvalidator.package.zipwrite import write_gbk_zip
from tests.package.builders import (
    JPEG,
    OLE,
    PDF,
    TREE,
    build,
    by_path,
    paths,
    snapshot,
)

# ----------------------------------------------------------------------------- folders


def test_folder_with_chinese_numbered_names_lists_every_file_sorted_with_real_kinds(tmp_path):
    root = build(tmp_path / "材料", TREE)
    pkg = discover(root)
    assert pkg.root == str(root)
    assert not pkg.is_zip
    assert paths(pkg) == sorted(TREE)
    files = by_path(pkg)
    assert files["1.营业执照.pdf"].kind == "pdf"
    assert files["2.法定代表人身份证/身份证正面.jpg"].kind == "jpeg"
    assert files["3.网络与信息安全/03-网络拓扑图.png"].kind == "png"
    assert files["4.申请表.docx"].kind == "docx"
    assert files["5.说明.txt"].kind == "text"
    for rel, data in TREE.items():
        f = files[rel]
        assert f.size == len(data)
        assert f.sha256 == hashlib.sha256(data).hexdigest()
        assert f.read_bytes() == data
        assert f.ext_matches_kind
        assert f.origin == ("fs", os.path.join(os.path.abspath(root), rel))
    assert pkg.problems == ()
    assert pkg.manifest is None


def test_name_stem_folder_and_ext_of_numbered_chinese_names(tmp_path):
    pkg = discover(
        build(tmp_path / "p", {"2.法定代表人身份证/身份证正面.JPG": JPEG, "1.营业执照": PDF})
    )
    f = by_path(pkg)["2.法定代表人身份证/身份证正面.JPG"]
    assert (f.name, f.stem, f.folder, f.ext) == (
        "身份证正面.JPG",
        "身份证正面",
        "2.法定代表人身份证",
        "jpg",
    )
    g = by_path(pkg)["1.营业执照"]
    assert (g.name, g.stem, g.folder, g.ext) == ("1.营业执照", "1.营业执照", "", "")
    assert g.kind == "pdf"


def test_source_file_is_picklable_and_rereads_its_content(tmp_path):
    pkg = discover(build(tmp_path / "p", TREE))
    f = pickle.loads(pickle.dumps(by_path(pkg)["4.申请表.docx"]))
    assert f.read_bytes() == TREE["4.申请表.docx"]


# ----------------------------------------------------------------------------- links


def test_symlink_to_etc_passwd_is_a_problem_and_never_read(tmp_path):
    root = build(tmp_path / "p", {"a.pdf": PDF})
    (root / "passwd.pdf").symlink_to("/etc/passwd")
    (root / "etc").symlink_to("/etc", target_is_directory=True)
    pkg = discover(root)
    assert paths(pkg) == ["a.pdf"]
    assert [(p.path, p.reason) for p in pkg.problems] == [
        ("etc", "link-outside-package"),
        ("passwd.pdf", "link-outside-package"),
    ]


def test_link_inside_the_root_is_read_and_dir_links_are_not_descended(tmp_path):
    root = build(tmp_path / "p", {"sub/a.pdf": PDF})
    (root / "b.pdf").symlink_to("sub/a.pdf")
    (root / "loop").symlink_to(".", target_is_directory=True)
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    pkg = discover(root)
    assert paths(pkg) == ["b.pdf", "sub/a.pdf"]
    b = by_path(pkg)["b.pdf"]
    assert b.kind == "pdf"
    assert b.read_bytes() == PDF
    assert b.origin == ("fs", os.path.realpath(root / "sub" / "a.pdf"))
    assert pkg.problems == ()


def test_relative_link_escaping_the_root_is_a_problem(tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    root = build(tmp_path / "p", {"a.pdf": PDF})
    (root / "x.pdf").symlink_to("../secret.txt")
    pkg = discover(root)
    assert [(p.path, p.reason) for p in pkg.problems] == [("x.pdf", "link-outside-package")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_unreadable_and_does_not_hang(tmp_path):
    root = build(tmp_path / "p", {"a.pdf": PDF})
    os.mkfifo(root / "pipe.pdf")
    pkg = discover(root)
    assert paths(pkg) == ["a.pdf"]
    assert [(p.path, p.reason) for p in pkg.problems] == [("pipe.pdf", "unreadable")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_file_without_read_permission_is_unreadable(tmp_path):
    root = build(tmp_path / "p", {"a.pdf": PDF, "b.pdf": PDF})
    (root / "b.pdf").chmod(0)
    try:
        pkg = discover(root)
    finally:
        (root / "b.pdf").chmod(0o644)
    assert paths(pkg) == ["a.pdf"]
    assert [(p.path, p.reason) for p in pkg.problems] == [("b.pdf", "unreadable")]


# ----------------------------------------------------------------------------- junk, manifest


JUNK = {
    ".DS_Store": b"\x00\x00\x00\x01Bud1",
    "Thumbs.db": OLE,
    "sub/desktop.ini": b"[.ShellClassInfo]\n",
    "~$申请表.docx": b"\x05owner",
    "._1.营业执照.pdf": b"\x00\x05\x16\x07",
    "__MACOSX/._x.pdf": b"\x00\x05\x16\x07",
    ".git/config": b"[core]\n",
    ".hidden/a.pdf": PDF,
    ".docvalidator.toml": b"[tool.docvalidator]\n",
}


def test_junk_is_ignored_and_listed(tmp_path):
    root = build(tmp_path / "p", {"1.营业执照.pdf": PDF, **JUNK})
    pkg = discover(root)
    assert paths(pkg) == ["1.营业执照.pdf"]
    expected = (
        "._1.营业执照.pdf", ".DS_Store", ".docvalidator.toml", ".git/", ".hidden/",
        "Thumbs.db", "__MACOSX/", "sub/desktop.ini", "~$申请表.docx",
    )  # fmt: skip
    assert pkg.ignored == tuple(sorted(expected))
    assert pkg.problems == ()


def test_junk_in_a_zip_is_ignored_and_listed(tmp_path):
    root = build(tmp_path / "p", {"1.营业执照.pdf": PDF, **JUNK})
    zpath = tmp_path / "p.zip"
    write_gbk_zip(root, zpath)
    pkg = discover(zpath)
    assert paths(pkg) == ["1.营业执照.pdf"]
    assert pkg.ignored == discover(root).ignored


def test_manifest_at_the_root_is_read_and_not_listed_as_a_file(tmp_path):
    manifest = "schema: b24-national\ncompany: 某某科技有限公司\n".encode()
    root = build(tmp_path / "p", {"docvalidator.yaml": manifest, "a.pdf": PDF,
                                  "sub/docvalidator.yaml": b"x: 1\n"})  # fmt: skip
    pkg = discover(root)
    assert pkg.manifest == manifest
    assert paths(pkg) == ["a.pdf", "sub/docvalidator.yaml"]
    zpath = tmp_path / "p.zip"
    write_gbk_zip(root, zpath, wrap_folder="材料")
    zpkg = discover(zpath)
    assert zpkg.manifest == manifest
    assert paths(zpkg) == paths(pkg)


def test_no_manifest_gives_none(tmp_path):
    assert discover(build(tmp_path / "p", {"a.pdf": PDF})).manifest is None


# ----------------------------------------------------------------------------- guards, errors


def test_more_files_than_the_limit_keeps_the_first_by_path_and_reports(tmp_path, monkeypatch):
    monkeypatch.setattr(package_model, "MAX_FILES", 3)
    tree = {f"{i:02d}.pdf": PDF for i in range(5)}
    root = build(tmp_path / "p", tree)
    pkg = discover(root)
    assert paths(pkg) == ["00.pdf", "01.pdf", "02.pdf"]
    assert [p.reason for p in pkg.problems] == ["too-many-files"]
    zpath = tmp_path / "p.zip"
    write_gbk_zip(root, zpath)
    zpkg = discover(zpath)
    assert paths(zpkg) == paths(pkg)
    assert zpkg.problems == pkg.problems


@pytest.mark.parametrize("make", ["missing", "text-file", "fake-zip"])
def test_not_a_folder_or_zip_raises_input_error(tmp_path, make):
    target = tmp_path / "x.zip"
    if make == "text-file":
        target.write_text("not a zip")
    elif make == "fake-zip":
        target.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(InputError) as err:
        discover(target)
    assert "\n" not in str(err.value)
    assert str(target) in str(err.value)


def test_empty_folder_gives_an_empty_package(tmp_path):
    (tmp_path / "p").mkdir()
    pkg = discover(tmp_path / "p")
    assert (pkg.files, pkg.problems, pkg.ignored, pkg.manifest) == ((), (), (), None)


# ----------------------------------------------------------------------------- read-only, determinism


def test_package_is_byte_identical_with_unchanged_mtimes_after_discover(tmp_path):
    root = build(tmp_path / "p", {**TREE, **JUNK, "docvalidator.yaml": b"schema: x\n"})
    (root / "link.pdf").symlink_to("1.营业执照.pdf")
    (root / "out").symlink_to("/etc/passwd")
    old = 1_600_000_000_000_000_000
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.utime(os.path.join(dirpath, name), ns=(old, old), follow_symlinks=False)
    zpath = tmp_path / "p.zip"
    write_gbk_zip(root, zpath, wrap_folder="包")
    os.utime(zpath, ns=(old, old))
    before = snapshot(tmp_path)
    for pkg in (discover(root), discover(zpath)):
        for f in pkg.files:
            f.read_bytes()
    assert snapshot(tmp_path) == before


def test_same_input_gives_the_same_package(tmp_path):
    root = build(tmp_path / "p", {**TREE, **JUNK})
    assert discover(root) == discover(str(root))
    a, b = discover(root), discover(root)
    assert a == b
    z1, z2 = tmp_path / "1.zip", tmp_path / "2.zip"
    write_gbk_zip(root, z1, wrap_folder="材料")
    write_gbk_zip(root, z2, wrap_folder="材料")
    assert z1.read_bytes() == z2.read_bytes()
    assert discover(z1) == discover(z1)


def test_permission_error_becomes_unreadable_even_when_running_as_root(tmp_path, monkeypatch):
    root = build(tmp_path / "p", {"a.pdf": PDF, "b.pdf": PDF})
    real_open = folder_walk._open_regular

    def deny(path):
        if path.endswith("b.pdf"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path)

    monkeypatch.setattr(folder_walk, "_open_regular", deny)
    pkg = discover(root)
    assert paths(pkg) == ["a.pdf"]
    assert [(p.path, p.reason) for p in pkg.problems] == [("b.pdf", "unreadable")]
    assert "Permission denied" in pkg.problems[0].detail
