"""The API end to end, against a real uvicorn server in a subprocess."""

import io
import json
import time
import zipfile

import pytest

from tests.helpers import AS_OF, cli
from tests.serve.server import COMPLETE, folder_parts, post_zip, start_server, wait_job, zip_folder


def test_schemas_and_info(client):
    schemas = client.get("/api/schemas").json()
    assert [s["id"] for s in schemas] == ["b22-national", "b22-provincial", "b24-national",
                                           "b24-provincial", "number-95-shanghai"]
    assert all(s["title"] for s in schemas)
    info = client.get("/api/info").json()
    assert info["ocr"] is False and info["max_upload_mb"] == 8 and info["max_files"] == 30
    from docvalidator.fix.convert import libreoffice

    assert info["fix"] == {"word_to_pdf": libreoffice() is not None}


def test_a_complete_zip_is_checked_and_every_report_downloads(client, server, complete_zip):
    r = post_zip(client, complete_zip, schema="b24-national")
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    job = wait_job(client, job_id)
    assert job["status"] == "done", job
    assert job["error"] is None and job["package"] == "complete.zip"
    stages = [s["stage"] for s in job["stages"]]
    assert stages[0] == "discover" and "inspect" in stages and stages[-1] == "report"
    inspect = next(s for s in job["stages"] if s["stage"] == "inspect")
    assert inspect["done"] == inspect["total"] == job["summary"]["files"] == 17

    report = client.get(f"/api/jobs/{job_id}/report.json").json()
    assert report["schema"]["id"] == "b24-national"
    assert report["package"]["path"] == "complete.zip"  # never the server's folders
    assert report["summary"]["errors"] == 0 and job["summary"]["passed"] is True
    assert str(server.work) not in json.dumps(report, ensure_ascii=False)

    html = client.get(f"/api/jobs/{job_id}/report.html")
    assert html.headers["content-type"].startswith("text/html")
    assert "script-src 'sha256-" in html.headers["content-security-policy"]
    assert "形式审查自查报告" in html.text

    docx = client.get(f"/api/jobs/{job_id}/report.docx")
    assert docx.status_code == 200 and "attachment" in docx.headers["content-disposition"]
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.content)).namelist()

    assert "fixed" not in job["downloads"]  # the upload did not ask for the fixed package
    fixed = client.get(f"/api/jobs/{job_id}/fixed.zip")
    assert fixed.status_code == 404 and "修复后的材料包" in fixed.json()["error"]


def test_a_defective_package_reports_its_findings(client, defective_zip):
    job = wait_job(client, post_zip(client, defective_zip).json()["id"])  # schema from the manifest
    assert job["status"] == "done", job
    assert job["summary"]["passed"] is False and job["summary"]["errors"] >= 1
    report = client.get(f"/api/jobs/{job['id']}/report.json").json()
    assert report["package"]["path"] == "缺少营业执照.zip"
    assert any(f["code"] == "DV101" and f["material"] == "business-license" for f in report["findings"])


def test_a_folder_upload_keeps_relative_paths_and_chinese_names(client, server):
    r = client.post("/api/check", data={"schema": "b24-national", "ocr": "false", "as_of": AS_OF},
                    files=folder_parts(COMPLETE, "申请材料"))
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    assert job["package"] == "申请材料"
    report = client.get(f"/api/jobs/{job['id']}/report.json").json()
    assert "制度文件/话术审核制度.docx" in [f for m in report["materials"] for f in m["files"]]
    folder = next(p for p in server.job_folders() if (p / "upload" / "申请材料").is_dir())
    assert (folder / "upload" / "申请材料" / "制度文件" / "话术审核制度.docx").is_file()


def test_status_of_an_unknown_job_and_an_unknown_file(client, complete_zip):
    r = client.get("/api/jobs/nope")
    assert r.status_code == 404 and "没有这个检查任务" in r.json()["error"]
    job_id = post_zip(client, complete_zip, schema="b24-national").json()["id"]
    assert client.get(f"/api/jobs/{job_id}/secrets.txt").status_code == 404
    wait_job(client, job_id)


def test_delete_removes_the_job_and_its_folder(client, server, complete_zip):
    before = set(server.job_folders())
    job_id = post_zip(client, complete_zip, schema="b24-national").json()["id"]
    (new,) = set(server.job_folders()) - before
    assert client.delete(f"/api/jobs/{job_id}").json()["deleted"] is True
    assert not new.exists()
    assert client.get(f"/api/jobs/{job_id}").status_code == 404


def test_a_user_error_from_the_engine_fails_the_job_with_its_one_line_message(client, tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "docvalidator.yaml").write_text("schema: b24-national\nparameters:\n  no_such_param: 1\n",
                                           encoding="utf-8")
    (pkg / "营业执照.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    job = wait_job(client, post_zip(client, zip_folder(pkg, tmp_path / "p.zip")).json()["id"])
    assert job["status"] == "failed"
    assert "no_such_param" in job["error"] and "\n" not in job["error"]
    assert "Traceback" not in json.dumps(job)


@pytest.mark.parametrize(("fields", "expected"), [
    ({"schema": "../../etc/passwd"}, "未知的申请类型"),
    ({"schema": "b24-national", "as_of": "yesterday"}, "as_of"),
    ({"schema": "b24-national", "ocr": "maybe"}, "ocr"),
    ({"schema": "b24-national", "fix": "please"}, "fix"),
])
def test_bad_fields_are_refused_with_a_message(client, server, complete_zip, fields, expected):
    before = server.job_folders()
    r = post_zip(client, complete_zip, **fields)
    assert r.status_code == 400 and expected in r.json()["error"]
    assert server.job_folders() == before


def test_without_a_schema_the_manifest_must_name_a_builtin_one(client, server, tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    r = post_zip(client, zip_folder(pkg, tmp_path / "none.zip"))
    assert r.status_code == 400 and "请选择申请类型" in r.json()["error"]
    (pkg / "docvalidator.yaml").write_text("schema: /etc/passwd\n", encoding="utf-8")
    r = post_zip(client, zip_folder(pkg, tmp_path / "path.zip"))
    assert r.status_code == 400 and "不是内置的申请类型" in r.json()["error"]


def test_requests_from_another_site_or_host_are_refused(client, complete_zip):
    with open(complete_zip, "rb") as f:
        r = client.post("/api/check", headers={"Origin": "http://evil.example"},
                        files={"file": ("c.zip", f)}, data={"schema": "b24-national"})
    assert r.status_code == 403
    r = client.get("/api/info", headers={"Host": "rebind.example:8000"})  # DNS rebinding
    assert r.status_code == 400


def test_the_page_and_its_assets_come_from_the_app(client):
    page = client.get("/")
    assert page.status_code == 200 and "形式审查自查" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text
    for asset in ("/static/app.js", "/static/app.css"):
        r = client.get(asset)
        assert r.status_code == 200
        assert "http://" not in r.text and "https://" not in r.text and "@import" not in r.text


def test_off_loopback_the_token_is_required():
    r = cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert r.code == 2 and "--token" in r.err and len(r.err.strip().splitlines()) == 1


def test_with_a_token_every_request_needs_it(tmp_path, _session_cache_dir):
    token = "s3cret-token-for-tests"
    s = start_server(tmp_path, "--no-ocr", "--token", token)
    try:
        with s.client() as c:
            assert c.get("/api/info").status_code == 401
            assert c.get("/").status_code == 401
            assert c.get("/api/info", headers={"Authorization": f"Bearer {token}"}).status_code == 200
            assert c.get("/api/info", headers={"X-Docvalidator-Token": token}).status_code == 200
            assert c.get("/api/info", headers={"X-Docvalidator-Token": token + "x"}).status_code == 401
            r = c.get(f"/?token={token}")  # sets the cookie, then the page loads with it
            assert r.status_code == 200 and "形式审查自查" in r.text
            assert c.get("/api/info").status_code == 200
    finally:
        assert s.stop()


def test_shutdown_stops_running_checks_and_removes_every_job_folder(tmp_path, complete_zip,
                                                                     _session_cache_dir):
    s = start_server(tmp_path, "--no-ocr")
    try:
        with s.client() as c:
            done = wait_job(c, post_zip(c, complete_zip, schema="b24-national").json()["id"])
            assert done["status"] == "done"
            post_zip(c, complete_zip, schema="b24-national", ocr="true")  # still running or queued
            assert len(s.job_folders()) == 2
    finally:
        assert s.stop()
    assert s.job_folders() == []
    assert list(s.tmp.iterdir()) == [] and list(s.cwd.iterdir()) == []


def test_ocr_progress_is_reported_page_by_page(client, tmp_path):
    pkg = tmp_path / "scans"
    pkg.mkdir()
    for name in ("docvalidator.yaml", "scan0003.pdf", "附件3 营业执照副本.pdf"):  # one scanned page
        (pkg / name).write_bytes((COMPLETE / name).read_bytes())
    job_id = post_zip(client, zip_folder(pkg, tmp_path / "scans.zip"), ocr="true").json()["id"]
    seen = set()
    while (job := client.get(f"/api/jobs/{job_id}").json())["status"] not in ("done", "failed"):
        if job["progress"]:
            seen.add(job["progress"]["stage"])
        time.sleep(0.05)
    assert job["status"] == "done", job
    assert job["ocr"] is True
    ocr = next(s for s in job["stages"] if s["stage"] == "ocr")
    assert ocr["total"] >= 1 and ocr["done"] == ocr["total"]
    assert seen <= {"discover", "inspect", "ocr", "report"} and seen  # polled while it ran


def test_with_fix_the_job_also_offers_the_fixed_package_without_the_heavy_page(client, server, tmp_path):
    from tests.helpers import check_json, write_package
    from tests.test_fix_pages import scan

    package = write_package(tmp_path, {"网络与信息安全保障措施.pdf": scan(200, seal=True)})
    before = check_json(package).json()["findings"]
    assert "DV204" in {f["code"] for f in before}
    upload = zip_folder(package, tmp_path / "超限页面.zip")
    job = wait_job(client, post_zip(client, upload, fix="true").json()["id"])
    assert job["status"] == "done", job
    stages = [s["stage"] for s in job["stages"]]
    assert stages.index("report") < stages.index("fix") < stages.index("fix-check"), stages
    fix = job["summary"]["fix"]
    assert fix["zip"] is True and fix["changed"] == 1 and fix["pages"] == 1
    assert job["downloads"]["fixed"] == f"/api/jobs/{job['id']}/fixed.zip"

    r = client.get(job["downloads"]["fixed"])
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert "attachment" in r.headers["content-disposition"]
    fixed = tmp_path / "fixed.zip"
    fixed.write_bytes(r.content)
    assert sorted(zipfile.ZipFile(fixed).namelist()) == ["docvalidator.yaml", "网络与信息安全保障措施.pdf"]
    after = check_json(fixed).json()["findings"]
    assert "DV204" not in {f["code"] for f in after}
    assert {f["code"] for f in after} <= {f["code"] for f in before}
    # the report the page shows is still the check of the upload as it came
    report = client.get(f"/api/jobs/{job['id']}/report.json").json()
    assert "DV204" in {f["code"] for f in report["findings"]}
