"""discover: read-only walk of a package folder or zip, names decoded, types from magic bytes."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import zipfile
from pathlib import Path

import pytest

from docvalidator import discover as discover_mod
from docvalidator.discover import Package, SourceFile, discover, write_gbk_zip
from docvalidator.errors import InputError

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
BMP = b"BM" + (70).to_bytes(4, "little") + b"\x00" * 8 + (40).to_bytes(4, "little") + b"\x00" * 52


def make_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def make_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


# '誠' is stored in GBK as 0xD5 0x5C: its second byte is a backslash.
TREE: dict[str, bytes] = {
    "1.营业执照.pdf": PDF,
    "2.法定代表人身份证/身份证正面.jpg": JPEG,
    "2.法定代表人身份证/身份证反面.jpg": JPEG + b"\x01",
    "3.网络与信息安全/03-网络拓扑图.png": PNG,
    "3.网络与信息安全/誠信承诺书.pdf": PDF + b"%x",
    "4.申请表.docx": make_docx(),
    "5.说明.txt": "本申请材料共五项。\n".encode("gbk"),
}


def build(root: Path, tree: dict[str, bytes]) -> Path:
    for rel, data in tree.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root (links not followed): content hash, mode, mtime."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            digest = None
            if os.path.isfile(p) and not os.path.islink(p):
                digest = hashlib.sha256(Path(p).read_bytes()).hexdigest()
            out[os.path.relpath(p, root)] = (digest, st.st_mode, st.st_mtime_ns, st.st_size)
    return out


class FlagZipInfo(zipfile.ZipInfo):
    """Stores the name with chosen raw bytes and general-purpose flags."""

    __slots__ = ("extra_flags", "raw_name")

    def _encodeFilenameFlags(self):
        return self.raw_name, (self.flag_bits & ~0x800) | self.extra_flags


def write_raw_zip(path: Path, members: list[tuple[bytes, bytes, int]]) -> None:
    """members: (raw name bytes, data, flag bits to force)."""
    with zipfile.ZipFile(path, "w") as zf:
        for raw, data, flags in members:
            info = FlagZipInfo(raw.decode("latin-1"), date_time=(2024, 1, 1, 0, 0, 0))
            info.raw_name = raw
            info.extra_flags = flags
            zf.writestr(info, data)


def paths(pkg: Package) -> list[str]:
    return [f.path for f in pkg.files]


def by_path(pkg: Package) -> dict[str, SourceFile]:
    return {f.path: f for f in pkg.files}


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
    monkeypatch.setattr(discover_mod, "MAX_MEMBER_SIZE", 100)
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


# ----------------------------------------------------------------------------- kinds


def test_zero_byte_file_is_kind_empty(tmp_path):
    f = discover(build(tmp_path / "p", {"空.pdf": b""})).files[0]
    assert (f.kind, f.size, f.ext_matches_kind) == ("empty", 0, False)
    assert f.sha256 == hashlib.sha256(b"").hexdigest()


def test_jpeg_bytes_named_pdf_are_kind_jpeg_and_do_not_match_the_extension(tmp_path):
    f = discover(build(tmp_path / "p", {"营业执照.pdf": JPEG})).files[0]
    assert (f.kind, f.ext, f.ext_matches_kind) == ("jpeg", "pdf", False)


def test_ole_doc_named_docx_does_not_match_the_extension(tmp_path):
    f = discover(build(tmp_path / "p", {"申请表.docx": OLE})).files[0]
    assert (f.kind, f.ext_matches_kind) == ("doc", False)


@pytest.mark.parametrize(
    "data, kind",
    [
        (PDF, "pdf"),
        (b"\r\n\x00junk before header\n" + PDF, "pdf"),
        (OLE, "doc"),
        (JPEG, "jpeg"),
        (PNG, "png"),
        (b"II*\x00\x08\x00\x00\x00" + b"\x00" * 16, "tiff"),
        (b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 16, "tiff"),
        (BMP, "bmp"),
        ("BMW 530i 车辆登记说明\n".encode(), "text"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16, "webp"),
        (b"PK\x05\x06" + b"\x00" * 18, "zip"),
        ("公司名称：某某科技有限公司\n".encode(), "text"),
        ("公司名称：某某科技有限公司\n".encode("gbk"), "text"),
        ("\ufeffutf-16 文本".encode("utf-16-le"), "text"),
        (bytes(range(256)), "unknown"),
        (b"\x01\x02\x03abc", "unknown"),
    ],
)
def test_kind_comes_from_magic_bytes(tmp_path, data, kind):
    assert discover(build(tmp_path / "p", {"file.bin": data})).files[0].kind == kind


def test_text_sniffing_tolerates_a_multibyte_char_cut_at_the_sniff_window(tmp_path):
    data = ("中" * 5000).encode()  # 15000 bytes: the 8192-byte head ends mid-character
    assert discover(build(tmp_path / "p", {"a.txt": data})).files[0].kind == "text"


@pytest.mark.parametrize(
    "ext, kind, ok",
    [
        ("jpg", "jpeg", True),
        ("jpeg", "jpeg", True),
        ("tif", "tiff", True),
        ("tiff", "tiff", True),
        ("txt", "text", True),
        ("md", "text", True),
        ("csv", "text", True),
        ("docx", "docx", True),
        ("xlsx", "xlsx", True),
        ("doc", "doc", True),
        ("xls", "doc", True),
        ("zip", "docx", True),
        ("docx", "zip", False),
        ("docx", "doc", False),
        ("doc", "docx", False),
        ("pdf", "jpeg", False),
        ("png", "jpeg", False),
        ("pdf", "empty", False),
        ("txt", "empty", True),
        ("", "pdf", True),
        ("heic", "unknown", True),
    ],
)
def test_ext_matches_kind(ext, kind, ok):
    sf = SourceFile("a." + ext if ext else "a", 1, "0" * 64, kind, ext, ("fs", "/nonexistent"))
    assert sf.ext_matches_kind is ok


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
    monkeypatch.setattr(discover_mod, "MAX_FILES", 3)
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


def test_permission_error_becomes_unreadable_even_when_running_as_root(tmp_path, monkeypatch):
    root = build(tmp_path / "p", {"a.pdf": PDF, "b.pdf": PDF})
    real_open = discover_mod._open_regular

    def deny(path):
        if path.endswith("b.pdf"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path)

    monkeypatch.setattr(discover_mod, "_open_regular", deny)
    pkg = discover(root)
    assert paths(pkg) == ["a.pdf"]
    assert [(p.path, p.reason) for p in pkg.problems] == [("b.pdf", "unreadable")]
    assert "Permission denied" in pkg.problems[0].detail
