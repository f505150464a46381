"""Build the OCR-heavy reference package SCAN-B24 (deterministic): the fixtures' complete
b24-national package with every material turned into an image-only scan.

The fixture generator already scans some materials; this script renders the others (text-layer
PDFs, and the Word policy through LibreOffice) at 150 dpi, runs them through the generator's
`scanify` (paper tint, skew, noise, blur) and writes them back as image-only PDFs of one JPEG
per page. No page keeps a text layer, so every page a rule reads goes through OCR.

    python bench/make_scanned.py [OUT_DIR] [--copies N]

With `--copies N`, OUT_DIR receives N copies (`pkg-000`, `pkg-001`, …) of the package: a
batch over N clients. Identical copies share their OCR through the cache; `--distinct` makes
every copy's PDFs byte-distinct (a comment after %%EOF: same pages, other hash), so that each
copy is OCR'd on its own, as N real clients' packages would be.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from fixtures.generate import build_package, make_pdf_from_images, scanify  # noqa: E402

DPI = 150


def _is_image_only(pdf: bytes) -> bool:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            text = page.get_textpage().get_text_range().strip()
            page.close()
            if text:
                return False
        return True
    finally:
        doc.close()


def _scan_pdf(pdf: bytes, seed: int) -> bytes:
    """Every page rendered at DPI and scanified: an image-only PDF."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for i, page in enumerate(doc):
            img = page.render(scale=DPI / 72).to_pil().convert("RGB")
            page.close()
            pages.append(scanify(img, seed * 100 + i, skew=0.5, noise=2.0, blur=0.5))
    finally:
        doc.close()
    return make_pdf_from_images(pages, dpi=DPI, quality=70)


def _docx_to_pdf(data: bytes) -> bytes | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "policy.docx"
        src.write_bytes(data)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "pdf", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        return (Path(tmp) / "policy.pdf").read_bytes()


def scanned_package() -> dict[str, bytes]:
    """{relative path: bytes} of SCAN-B24."""
    out: dict[str, bytes] = {}
    for n, (rel, (_material, data)) in enumerate(sorted(build_package("b24-national").items())):
        if rel.endswith(".pdf") and not _is_image_only(data):
            out[rel] = _scan_pdf(data, n)
        elif rel.endswith(".docx"):
            pdf = _docx_to_pdf(data)
            if pdf is None:
                print(f"LibreOffice not found: {rel} stays a Word file", file=sys.stderr)
                out[rel] = data
            else:
                out[rel[: -len(".docx")] + ".pdf"] = _scan_pdf(pdf, n)
        else:
            out[rel] = data
    return out


def write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", type=Path, default=HERE / "out" / "SCAN-B24")
    ap.add_argument("--copies", type=int, default=0, help="write N copies under OUT")
    ap.add_argument("--distinct", action="store_true",
                    help="make every copy's scans byte-distinct (no OCR shared between copies)")
    args = ap.parse_args(argv)
    files = scanned_package()
    if args.out.exists():
        shutil.rmtree(args.out)
    if not args.copies:
        write(args.out, files)
        print(f"SCAN-B24 written to {args.out} ({len(files)} files)")
        return 0
    for i in range(args.copies):
        copy = dict(files)
        if args.distinct:
            # a trailing comment after %%EOF changes the hash, not the content
            copy = {k: (v + f"\n% copy {i}\n".encode() if k.endswith(".pdf") else v)
                    for k, v in copy.items()}
        write(args.out / f"pkg-{i:03d}", copy)
    print(f"{args.copies} copies of SCAN-B24 written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
