"""Build small packages for the seal and photo rule tests."""

from __future__ import annotations

from pathlib import Path

import yaml
from PIL import Image, ImageDraw

from tests.vision.synth import PAGE, font, make_page, page_pdf, seal_layer, stamp

APPLICANT = "上海云联呼叫服务有限公司"


def write_package(root: Path, files: dict[str, bytes], schema: str = "b24-national",
                  facts: dict | None = None, logo: bytes | None = None, **company) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    manifest = {"schema": schema, "company": {"name": APPLICANT, "short_name": "云联", **company}}
    if facts:
        manifest["facts"] = facts
    if logo is not None:
        (root / "logo.png").write_bytes(logo)
        manifest["logo"] = "logo.png"
    (root / "docvalidator.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True),
                                            encoding="utf-8")
    for name, data in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def sealed_page(company: str | None = APPLICANT, seed: int = 1) -> bytes:
    """A scanned pledge page with (company given) or without the company's seal."""
    s = make_page("heldout", seed, n_seals=0)
    if company:
        stamp(s.image, seal_layer(company, 110, family="heldout"), (PAGE[0] * 0.7, PAGE[1] * 0.8))
    return page_pdf(s.image)


def licence_page(with_applicant_seal: bool) -> bytes:
    """A business licence scan: the authority's printed seal, and maybe the applicant's."""
    img = Image.new("RGB", PAGE, (250, 248, 240))
    d = ImageDraw.Draw(img)
    d.text((PAGE[0] * 0.36, 120), "营业执照", font=font("heldout", 80), fill=(20, 20, 20))
    d.text((150, 400), f"名    称  {APPLICANT}", font=font("heldout", 36), fill=(20, 20, 20))
    d.text((150, 470), "类    型  有限责任公司", font=font("heldout", 36), fill=(20, 20, 20))
    stamp(img, seal_layer("上海市浦东新区市场监督管理局", 120, family="heldout", star=True),
          (PAGE[0] * 0.75, PAGE[1] * 0.82))
    if with_applicant_seal:
        stamp(img, seal_layer(APPLICANT, 110, family="heldout"), (PAGE[0] * 0.35, PAGE[1] * 0.6))
    return page_pdf(img)


def signature_page(signed: bool, seed: int = 3) -> bytes:
    """A scanned pledge ending with the legal representative's signature line (and the seal)."""
    from fixtures._render import draw_signature

    s = make_page("heldout", seed, n_seals=0)
    d = ImageDraw.Draw(s.image)
    y = int(PAGE[1] * 0.72)
    d.text((150, y), "法定代表人（签字）：", font=font("heldout", 34), fill=(20, 20, 20))
    d.text((150, y + 80), "日期：2026年11月10日", font=font("heldout", 34), fill=(20, 20, 20))
    if signed:
        draw_signature(s.image, (520, y + 18), 230, seed, name="陈志远")
    stamp(s.image, seal_layer(APPLICANT, 110, family="heldout"), (PAGE[0] * 0.72, PAGE[1] * 0.86))
    return page_pdf(s.image)
