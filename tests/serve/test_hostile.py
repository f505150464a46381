"""Hostile uploads: each gets a clear message, and nothing is written outside the job folder.

After every test the server's TMPDIR and working directory are still empty, and a refused
upload leaves no job folder behind."""

import stat
import struct
import uuid
import zipfile
from pathlib import Path

import pytest

from tests.helpers import AS_OF
from tests.serve.server import multipart, post_zip, stream_upload, wait_job

GIB = 1024**3


@pytest.fixture(autouse=True)
def nothing_outside_job_folders(server):
    yield
    assert list(server.tmp.iterdir()) == []
    assert list(server.cwd.iterdir()) == []


def _refused(server, response, status: int, *words: str) -> str:
    assert response.status_code == status, response.text
    message = response.json()["error"]
    for w in words:
        assert w in message
    assert "Traceback" not in message and "\n" not in message
    return message


def _manifest_zip(path, members: dict[str, bytes], infos=()) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("docvalidator.yaml", "schema: b24-national\n")
        for name, data in members.items():
            zf.writestr(name, data)
        for info, data in infos:
            zf.writestr(info, data)


def test_zip_slip_members_are_refused_by_name_and_never_written(client, server, tmp_path):
    marker = f"evil-{uuid.uuid4().hex}.txt"
    outside = tmp_path.parent / marker
    _manifest_zip(tmp_path / "slip.zip", {
        f"../../{marker}": b"escaped", f"/tmp/{marker}": b"absolute",
        f"..\\..\\{marker}": b"windows", "营业执照.pdf": b"%PDF-1.4\n%%EOF\n"})
    before = set(server.job_folders())
    r = post_zip(client, tmp_path / "slip.zip")
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    findings = client.get(f"/api/jobs/{job['id']}/report.json").json()["findings"]
    reasons = {f["evidence"].get("reason") for f in findings if f["code"] == "DV105"}
    assert {"zip-parent-reference", "zip-absolute-path"} <= reasons
    assert any("“..”" in f["message"] for f in findings)
    # the zip was kept as one file and read in place: no member exists as a file anywhere
    (folder,) = set(server.job_folders()) - before
    assert [p.name for p in (folder / "upload").iterdir()] == ["slip.zip"]
    assert not outside.exists() and not Path("/tmp", marker).exists()
    assert not list(server.work.parent.rglob(marker)) and not list(tmp_path.parent.glob(marker))


def test_a_symlink_member_is_refused(client, server, tmp_path):
    link = zipfile.ZipInfo("营业执照.pdf")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    _manifest_zip(tmp_path / "link.zip", {}, [(link, b"/etc/passwd")])
    before = server.job_folders()
    _refused(server, post_zip(client, tmp_path / "link.zip"), 400, "营业执照.pdf", "符号链接")
    assert server.job_folders() == before


def _forge_sizes(path, size: int) -> None:
    """Make every member declare `size` uncompressed bytes (local and central headers)."""
    data = bytearray(path.read_bytes())
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(sig)
        while at >= 0:
            struct.pack_into("<I", data, at + offset, size)
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(client, server, tmp_path):
    bomb = tmp_path / "bomb.zip"
    _manifest_zip(bomb, {f"{n:02d}-扫描件.pdf": b"\0" * 1000 for n in range(4)})
    _forge_sizes(bomb, 2 * GIB - 1)  # five members declaring ~2 GiB each: ~10 GiB unpacked
    assert sum(i.file_size for i in zipfile.ZipFile(bomb).infolist()) > 8 * GIB
    before = server.job_folders()
    _refused(server, post_zip(client, bomb), 413, "压缩炸弹", "未解压")
    assert server.job_folders() == before


def test_too_many_zip_members_are_refused(client, server, tmp_path):
    _manifest_zip(tmp_path / "many.zip", {f"{n}.pdf": b"%PDF" for n in range(40)})
    _refused(server, post_zip(client, tmp_path / "many.zip"), 413, "41 个条目", "30")


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_2_gb_upload_is_cut_off_early_and_nothing_is_kept(server, chunked):
    before = server.job_folders()
    status, body, sent = stream_upload(server.port, 2 * GIB, chunked=chunked)
    assert status == 413, body
    assert "8 MB" in body.decode("utf-8")
    # refused after about the limit (8 MB), not after 2 GB: socket buffers account for the rest
    assert sent < 32 * 1024 * 1024
    assert server.job_folders() == before


@pytest.mark.parametrize(("name", "content", "words"), [
    ("说明.txt", b"hello", ("说明.txt", "不是 .zip 压缩包")),
    ("营业执照.pdf", b"%PDF-1.4\n%%EOF\n", ("不是 .zip 压缩包",)),
    ("fake.zip", b"this is not a zip", ("fake.zip", "不是可读取的 zip 压缩包")),
])
def test_a_single_non_zip_upload_gets_a_clear_message(client, server, name, content, words):
    before = server.job_folders()
    r = client.post("/api/check", data={"schema": "b24-national"}, files={"file": (name, content)})
    _refused(server, r, 400, *words)
    assert server.job_folders() == before


def test_hostile_file_names_in_a_folder_upload_stay_inside_the_job_folder(client, server, tmp_path):
    names = [b"../../escape.txt", b"/etc/evil-abs.txt", b"C:\\Windows\\evil-win.txt",
             b"\\\\server\\share\\unc.txt", b"pkg/sub/../../../dots.txt", b"pkg/nul\x00byte.pdf",
             "pkg/制度文件/用户信息安全管理制度.pdf".encode(), b"pkg/..", b""]
    body, ctype = multipart([("schema", None, b"b24-national"), ("ocr", None, b"false"),
                             ("as_of", None, AS_OF.encode())]
                            + [("file", n, b"%PDF-1.4\n%%EOF\n") for n in names])
    before = set(server.job_folders())
    r = client.post("/api/check", content=body, headers={"Content-Type": ctype})
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    (folder,) = set(server.job_folders()) - before
    stored = sorted(p.relative_to(folder / "upload").as_posix()
                    for p in (folder / "upload").rglob("*") if p.is_file())
    assert stored == sorted([
        "escape.txt", "etc/evil-abs.txt",
        "evil-win.txt",  # a Windows path keeps its file name only (python-multipart, as IE sent them)
        "server/share/unc.txt", "pkg/sub/dots.txt", "pkg/nulbyte.pdf",
        "pkg/制度文件/用户信息安全管理制度.pdf",
        "pkg (2)",  # "pkg/.." is "pkg", which is a folder already: a new name, nothing replaced
        "未命名文件-9",  # no name at all
    ])
    for p in (folder / "upload").rglob("*"):
        assert p.resolve().is_relative_to(folder.resolve()) and not p.is_symlink()
    assert not list(tmp_path.parent.parent.glob("escape.txt"))


def test_more_files_than_the_limit_are_refused_while_streaming(client, server):
    body, ctype = multipart([("file", f"pkg/{n}.pdf".encode(), b"%PDF") for n in range(31)])
    before = server.job_folders()
    r = client.post("/api/check", content=body, headers={"Content-Type": ctype})
    _refused(server, r, 413, "文件数超过 30")
    assert server.job_folders() == before


def test_a_truncated_or_malformed_body_is_refused(client, server):
    body, ctype = multipart([("file", b"pkg/a.pdf", b"%PDF")])
    before = server.job_folders()
    r = client.post("/api/check", content=body[:-20], headers={"Content-Type": ctype})
    _refused(server, r, 400, "不完整")
    r = client.post("/api/check", content=b"file=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    _refused(server, r, 415, "multipart/form-data")
    assert server.job_folders() == before
