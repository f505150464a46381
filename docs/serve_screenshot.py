"""Take docs/serve.png: the report page of `docvalidator serve` after checking a sample package.

    .venv/bin/python docs/serve_screenshot.py [OUT.png]

Starts `docvalidator serve --port 0 --no-ocr` with a temporary work dir, uploads the zipped
fixture package b24-national/unreadable through the page in headless Chromium
(/usr/bin/chromium, driven by Playwright; nothing is downloaded), waits for the report and
saves the top 2000 pixels of the page, reduced to a 256-colour PNG.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "fixtures" / "packages" / "b24-national" / "unreadable"
HEIGHT = 2000
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        zipped = Path(tmp) / "申请材料-待补正.zip"
        with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(PACKAGE.rglob("*")):
                if p.is_file():
                    zf.write(p, p.relative_to(PACKAGE).as_posix())
        exe = Path(sys.executable).with_name("docvalidator")
        server = subprocess.Popen([str(exe), "serve", "--port", "0", "--no-ocr", "--work-dir", tmp],
                                  stdout=subprocess.PIPE, text=True)
        try:
            url = server.stdout.readline().split()[2]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(url)
                page.wait_for_selector("html[data-ready='1']")
                page.set_input_files("#pick-zip", str(zipped))
                page.select_option("#schema", "b24-national")
                page.uncheck("#ocr")
                page.click("#start")
                page.wait_for_selector("#result:not([hidden])", timeout=300_000)
                frame = page.frame(url=lambda u: u.endswith("/report.html"))
                frame.wait_for_function("document.documentElement.hasAttribute('data-images-loaded')")
                page.wait_for_timeout(300)
                # the verdict and downloads, the material table and the first findings
                png = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": HEIGHT})
                browser.close()
        finally:
            server.terminate()
            server.wait()
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(256)
    image.save(out, optimize=True)
    print(f"{out}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "serve.png")
