"""The batch's summary files, from rows (no cluster): totals and the worst exit code, the CSV
columns, and the dashboard sorting in a real headless Chromium with no network request."""

from __future__ import annotations

import json
import shutil

import pytest

from docvalidator.batch.discover import find_packages
from docvalidator.batch.summary import write_summary

ROWS = [
    {"package": "b/ok", "schema": "b24-national", "errors": 0, "warnings": 0, "info": 1,
     "passed": True, "exit_code": 0, "seconds": 3.5, "pages_ocr": 12, "error": None,
     "report": "b/ok/report.html"},
    {"package": "a/bad", "schema": "b22-national", "errors": 3, "warnings": 1, "info": 0,
     "passed": False, "exit_code": 1, "seconds": 10.25, "pages_ocr": 40, "error": None,
     "report": "a/bad/report.html"},
    {"package": "c/broken.zip", "schema": None, "errors": None, "warnings": None, "info": None,
     "passed": False, "exit_code": 2, "seconds": 0.1, "pages_ocr": 0,
     "error": "c/broken.zip: 不是有效的 zip 文件", "report": None},
]


def test_summary_json_and_csv_carry_one_row_per_package_and_the_worst_exit_code(tmp_path):
    write_summary(tmp_path, ROWS, "clients", 12.3)
    doc = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert [r["package"] for r in doc["packages"]] == ["a/bad", "b/ok", "c/broken.zip"]
    assert doc["totals"] == {"packages": 3, "passed": 1, "failed": 1, "errors": 3,
                             "warnings": 1, "info": 1, "pages_ocr": 52, "exit_code": 2}
    lines = (tmp_path / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "package,schema,errors,warnings,info,passed,exit_code,seconds,pages_ocr,error,report"
    assert lines[3].startswith("c/broken.zip,,,,,False,2,0.1,0,")


def test_packages_are_manifest_folders_and_zips_in_path_order(tmp_path):
    for d in ("x/p1", "x/p1/inner", "y/p2", ".hidden/p3"):
        (tmp_path / d).mkdir(parents=True)
        (tmp_path / d / "docvalidator.yaml").write_text("schema: b24-national\n")
    (tmp_path / "y" / "c.ZIP").write_bytes(b"")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.zip").write_bytes(b"")
    found = find_packages(tmp_path, skip=(tmp_path / "out").resolve())
    assert [f.name for f in found] == ["x/p1", "y/c.ZIP", "y/p2"]


def test_the_dashboard_sorts_on_a_click_and_asks_the_network_for_nothing(tmp_path):
    chromium = "/usr/bin/chromium"
    if shutil.which(chromium) is None:
        pytest.skip(f"{chromium} is not installed (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (.[dev])")
    write_summary(tmp_path, ROWS, "clients", 12.3)
    url = (tmp_path / "summary.html").as_uri()
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium, timeout=60_000,
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
        except sync_api.Error as e:
            pytest.skip(f"Chromium did not start under Playwright: {str(e).splitlines()[0]}")
        page = browser.new_page()
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url))
        page.goto(url)

        def names() -> list[str]:
            return page.eval_on_selector_all("#packages tbody tr td:first-child",
                                             "cells => cells.map(c => c.textContent)")

        assert names() == ["a/bad", "b/ok", "c/broken.zip"]
        page.click("th:nth-child(4)")  # errors, ascending (a package not checked has none)
        assert names() == ["c/broken.zip", "b/ok", "a/bad"]
        page.click("th:nth-child(4)")
        assert names() == ["a/bad", "b/ok", "c/broken.zip"]
        page.click("th:nth-child(3)")  # status: not checked first, then errors, then passed
        assert names() == ["c/broken.zip", "a/bad", "b/ok"]
        assert page.get_attribute("#packages tbody tr:nth-child(2) a", "href") == "a/bad/report.html"
        browser.close()
    assert asked == [url]
