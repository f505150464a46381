"""The page end to end in a real headless Chromium (Debian's, driven by Playwright; no browser
is ever downloaded): upload a fixture zip, wait for the report, see its findings and
thumbnails, download the DOCX notice."""

import io
import shutil
import zipfile

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium, .ci/apt-packages.txt)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (.[dev])")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=60_000)
        except sync_api.Error as e:
            pytest.skip(f"Chromium did not start under Playwright: {str(e).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith((server.url, "data:", "about:"))
          else outside.append(r.url))
    yield pg
    context.close()
    assert outside == []  # nothing but the app itself was asked for anything


def test_upload_a_zip_see_the_report_and_download_the_notice(page, server, unreadable_zip, tmp_path):
    page.goto(server.url)
    page.wait_for_selector("html[data-ready='1']")
    assert page.locator("#schema option").count() == 6  # the manifest's choice + 5 built-in ids
    page.set_input_files("#pick-zip", str(unreadable_zip))
    assert "申请材料-待补正.zip" in page.locator("#chosen").inner_text()
    page.select_option("#schema", "b24-national")
    page.uncheck("#ocr")
    page.click("#start")
    page.wait_for_selector("#result:not([hidden])", timeout=240_000)
    assert "必须补正" in page.locator("#verdict").inner_text()

    report = page.frame_locator("#report")
    report.locator(".finding").first.wait_for()
    assert report.locator('.finding[data-code="DV105"]').count() == 2
    assert report.locator("#materials tr[data-status='defective']").count() >= 2
    # every thumbnail decoded (the report marks how many of its images loaded)
    frame = page.frame(url=lambda u: u.endswith("/report.html"))
    frame.wait_for_function("document.documentElement.hasAttribute('data-images-loaded')")
    total = int(frame.evaluate("document.documentElement.dataset.imagesTotal"))
    loaded = int(frame.evaluate("document.documentElement.dataset.imagesLoaded"))
    assert total >= 1 and loaded == total
    assert report.locator(".gallery figure").count() >= 1

    # the report's own filters work inside the page: only errors
    for value in ("warning", "info"):
        report.locator(f"input[name=sev][value={value}]").uncheck()
    shown = int(report.locator("#shown-count").inner_text())
    assert shown == report.locator(".finding.error").count() >= 1

    with page.expect_download() as download:
        page.click("#dl-docx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "补正通知书-申请材料-待补正.docx"
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(saved.read_bytes())).namelist()

    # "同时生成修复后的材料包" is on by default: the fixed package downloads beside the notice
    assert "仍有" in page.locator("#fix-note").inner_text()
    with page.expect_download() as download:
        page.click("#dl-fixed")
    assert download.value.suggested_filename == "申请材料-待补正-修复后.zip"
    fixed = tmp_path / "fixed.zip"
    download.value.save_as(fixed)
    assert "docvalidator.yaml" in zipfile.ZipFile(fixed).namelist()


def test_a_single_non_zip_file_is_refused_on_the_page(page, server, tmp_path):
    note = tmp_path / "说明.txt"
    note.write_text("hello", encoding="utf-8")
    page.goto(server.url)
    page.wait_for_selector("html[data-ready='1']")
    page.set_input_files("#pick-zip", str(note))
    assert "不是 .zip 压缩包" in page.locator("#chosen").inner_text()
    assert page.locator("#start").is_disabled()


def test_pick_a_folder_its_relative_paths_reach_the_server(page, server):
    from tests.serve.server import COMPLETE

    page.goto(server.url)
    page.wait_for_selector("html[data-ready='1']")
    page.set_input_files("#pick-folder", str(COMPLETE))  # as the folder picker gives them
    assert "已选择文件夹：complete（18 个文件" in page.locator("#chosen").inner_text()
    page.select_option("#schema", "")  # 由 docvalidator.yaml 决定
    page.uncheck("#ocr")
    page.click("#start")
    page.wait_for_selector("#result:not([hidden])", timeout=240_000)
    assert "未发现必须补正的问题" in page.locator("#verdict").inner_text()
    report = page.frame_locator("#report")
    assert report.locator("text=材料包：complete").count() == 1
    assert report.locator("#materials td", has_text="制度文件/话术审核制度.docx").count() == 1
