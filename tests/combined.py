"""Render the combined documents of tests/data/combined/specs.yaml and score the sections found.

Each spec is one file holding several materials. It is rendered deterministically as its `kind`
says: a text-layer PDF (reportlab's built-in CID font: title 18 pt centred, sub-headings 13 pt,
body 10.5 pt, an 8 pt running header), a scanned PDF (pages drawn with the shipped font subset,
then skewed, noised, blurred and JPEG-compressed like the fixtures' scans), or a Word file
(heading style, body paragraphs, a page break between pages). A section's first page carries
its heading; its other pages carry the sub-headings the spec lists, or start with body text.

A second look, `style="holdout"`, never used while tuning: other fonts and layouts (text PDF:
left-aligned 15 pt titles over 11 pt body, the company line as a footer; scans: the held-out
font WenQuanYi Zen Hei, more skew and noise, lower JPEG quality; Word: no heading styles —
bold, large, centred paragraphs — and "page break before" instead of break characters).

Scoring: the file alone goes through discover → inspect → classify → the sections analysis;
each expected section of a material (adjacent sections of one material merged; cover and
contents pages excluded) is right when that material is assigned exactly its page range in the
file. Word files are scored in the pages their page breaks give.

    python -m tests.combined [KIND ...] [holdout] [cNN ...]   # per-spec table (text-pdf, scan-pdf, docx)
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import yaml

from fixtures._pdf import make_pdf_from_images
from fixtures._render import make_scan_page, seed_of

DATA = Path(__file__).resolve().parent / "data" / "combined" / "specs.yaml"
COMPANY = "上海汇音网络科技有限公司"
BODY = [
    "本文件由申请单位根据有关规定编制，所列内容真实、准确、完整，并对其真实性承担法律责任。",
    "公司按照国家有关法律法规开展经营活动，建立健全内部管理制度，明确各部门职责与工作流程。",
    "上述事项经公司内部审核后执行，相关记录由专人负责保存，并定期进行检查和更新，确保落实到位。",
    "如有变更，公司将在规定期限内向有关部门报告，并同步修订本文件的相关内容，及时通知相关人员。",
    "第二条 本条所称人员包括公司正式员工及劳务派遣人员，其工作内容以岗位说明为准，按月进行考核。",
    "各部门负责人应组织本部门人员认真学习，严格按照要求开展工作，发现问题及时向公司报告处理。",
]


def load() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _expand(spec: dict) -> list[tuple[str | None, str | None]]:
    """Per page: (title, sub-heading) — the title on a section's first page, a sub-heading on
    the pages its `subheadings` (`居民身份证 ×3`) name."""
    out: list[tuple[str | None, str | None]] = []
    for s in spec["sections"]:
        subs: list[str] = []
        for item in s.get("subheadings") or []:
            text, _, times = item.partition(" ×")
            subs += [text] * (int(times) if times else 1)
        pages = [(s["heading"], None)] + [(None, subs[i] if i < len(subs) else None)
                                         for i in range(s["pages"] - 1)]
        out += pages
    return out


def _body(seed: int, n: int) -> list[str]:
    return [BODY[(seed + i) % len(BODY)] for i in range(n)]


def render_text_pdf(spec: dict, style: str = "tune") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from fixtures._pdf import FONT

    held = style == "holdout"
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    w, h = A4
    for n, (title, sub) in enumerate(_expand(spec), 1):
        c.setFont(FONT, 8)
        c.drawString(70, 30 if held else h - 42, COMPANY)
        y = h - 80
        if title:
            c.setFont(FONT, 15 if held else 18)
            if held:
                c.drawString(70, y, title)
            else:
                c.drawCentredString(w / 2, y, title)
            y -= 40
        elif sub:
            c.setFont(FONT, 12.5 if held else 13)
            c.drawString(70, y, sub)
            y -= 30
        c.setFont(FONT, 11 if held else 10.5)
        for line in _body(n, 14):
            for part in (line[:30], line[30:]):
                if part:
                    c.drawString(70, y, part)
                    y -= 18
        c.drawCentredString(w / 2, 40, f"第 {n} 页")
        c.showPage()
    c.save()
    return buf.getvalue()


def render_scan_pdf(spec: dict, style: str = "tune") -> bytes:
    from fixtures import _render

    held = style == "holdout"
    font_path = _render.FONT_PATH
    if held:  # the held-out appearance: another font, rougher scans
        _render.FONT_PATH = font_path.parent / "wqy-zenhei-subset.ttf"
        _render.font.cache_clear()
    try:
        pages = []
        for n, (title, sub) in enumerate(_expand(spec), 1):
            blocks: list = [("small", COMPANY)]
            if title:
                blocks.append(("title", title, 17) if held else ("title", title))
            elif sub:
                blocks.append(("h", sub))
            blocks += _body(n + (3 if held else 0), 12)
            pages.append(make_scan_page(blocks, seed=seed_of(spec["id"], n, style),
                                        quality=48 if held else 60, skew=1.3 if held else 0.8,
                                        noise=4.0 if held else 3.0, as_jpeg=True, max_bytes=120_000))
    finally:
        _render.FONT_PATH = font_path
        _render.font.cache_clear()
    return make_pdf_from_images(pages)


def render_docx(spec: dict, style: str = "tune") -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    held = style == "holdout"
    d = docx.Document()
    for n, (title, sub) in enumerate(_expand(spec), 1):
        if n > 1 and not held:
            d.add_page_break()
        first = None
        if title or sub:
            if held:  # no heading style: a bold, large, centred (or bold) paragraph
                first = d.add_paragraph()
                run = first.add_run(title or sub)
                run.bold = True
                run.font.size = Pt(16 if title else 12)
                if title:
                    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif title:
                d.add_heading(title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                d.add_heading(sub, level=2)
        for line in _body(n, 6):
            p = d.add_paragraph(line)
            first = first or p
        if held and n > 1:
            first.paragraph_format.page_break_before = True
    props = d.core_properties
    props.created = props.modified = dt.datetime(2026, 10, 20, 9, 0, 0)
    props.author = props.last_modified_by = COMPANY
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


RENDER = {"text-pdf": render_text_pdf, "scan-pdf": render_scan_pdf, "docx": render_docx}


def expected(spec: dict) -> list[tuple[str, tuple[int, int]]]:
    """(material, (first, last)) per expected section, adjacent ones of a material merged."""
    out: list[tuple[str, tuple[int, int]]] = []
    for s in spec["sections"]:
        first, last = (int(x) for x in s["page_range"].split("-"))
        mats = s["material"] if isinstance(s["material"], list) else [s["material"]]
        for m in mats:
            if m is None:
                continue
            prev = next((i for i, (pm, (_a, b)) in enumerate(out) if pm == m and b + 1 == first), None)
            if prev is not None:
                out[prev] = (m, (out[prev][1][0], last))
            else:
                out.append((m, (first, last)))
    return out


def found(spec: dict, data: bytes, root: Path, ocr: bool = True) -> list[tuple[str, tuple[int, int]]]:
    """(material, pages) the pipeline assigns the file, pages as the report shows them."""
    from docvalidator import engine
    from docvalidator.checks import plan
    from docvalidator.checks.base import CheckContext
    from docvalidator.config import Settings
    from docvalidator.manifest import parse_manifest
    from docvalidator.package import discover

    pkg = root / spec["id"]
    (pkg / spec["file"]).parent.mkdir(parents=True, exist_ok=True)
    (pkg / spec["file"]).write_bytes(data)
    (pkg / "docvalidator.yaml").write_text(f"schema: {spec['schema']}\n", encoding="utf-8")
    settings = Settings(as_of=dt.date(2026, 11, 22), ocr=ocr)
    package = discover(pkg)
    manifest = parse_manifest(package.manifest)
    schema = engine.resolve_schema(settings, manifest, package)
    inspections = engine.inspect_all(package, settings, engine.RunStats())
    classification = engine.classify_package(package, manifest, schema, inspections)
    ctx = CheckContext(schema=schema, manifest=manifest, package=package,
                       classification=classification, inspections=inspections, settings=settings,
                       conditions=engine._conditions(schema, manifest),
                       cache=engine.make_cache(settings))
    analyses, needs = plan({"sections"})
    for a in analyses:
        a.run(ctx, needs)
    insp = inspections[spec["file"]]
    count = insp.pdf.page_count if insp.pdf is not None else max(insp.docx.pages or [1])
    out = []
    for mid, items in ctx.classification.assignments.items():
        for a in items:
            if a.pages is None:
                out.append((mid, (1, count)))
            else:
                ref = engine._section_ref(ctx, a.file, a.pages)
                out.append((mid, (ref.first, ref.last)))
    return out


def score(results: list[tuple[dict, list, list]]) -> dict:
    right = total = predicted = 0
    for _spec, want, got in results:
        total += len(want)
        predicted += len(got)
        right += sum(1 for w in want if w in got)
    return {"right": right, "sections": total, "predicted": predicted,
            "recall": right / total if total else 1.0,
            "precision": right / predicted if predicted else 1.0}


def run(specs: list[dict], root: Path, show=None, style: str = "tune") -> list[tuple[dict, list, list]]:
    out = []
    for spec in specs:
        data = RENDER[spec["kind"]](spec, style)
        out.append((spec, expected(spec), sorted(found(spec, data, root))))
        if show:
            show(*out[-1])
    return out


def _show(spec: dict, want: list, got: list) -> None:
    mark = "ok " if all(w in got for w in want) and len(got) == len(want) else "BAD"
    print(mark, spec["id"], spec["kind"], spec["file"], flush=True)
    if mark == "BAD":
        print("    want", want)
        print("    got ", got, flush=True)


def _main(argv: list[str]) -> int:
    import tempfile

    kinds = {a for a in argv if a in RENDER} or set(RENDER)
    specs = [s for s in load() if s["kind"] in kinds]
    ids = {a for a in argv if a.startswith("c")}
    specs = [s for s in specs if not ids or s["id"] in ids]
    style = "holdout" if "holdout" in argv else "tune"
    with tempfile.TemporaryDirectory() as tmp:
        results = run(specs, Path(tmp), _show, style)
    s = score(results)
    print(f"sections exact: {s['right']}/{s['sections']} = {s['recall']:.3f}; "
          f"precision {s['right']}/{s['predicted']} = {s['precision']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
