"""What `docvalidator schemas show` prints about a schema's materials and parameters: each
material's requirement level with its sources, each parameter's value with its sources and the
stricter value secondary sources give."""

from __future__ import annotations

from docvalidator.schema.model import Material, Schema, source_label

LEVEL_LABEL = {"required": "必交", "some-sources": "部分来源要求", "optional": "可选"}


def level_label(m: Material) -> str:
    if m.level == "conditional":
        return f"条件: {m.required_if}"
    return LEVEL_LABEL[m.level] + (f"；{m.required_if} 时必交" if m.required_if else "")


def materials_and_parameters(s: Schema) -> list[str]:
    out = [f"{s.id}: {s.title_zh} / {s.title_en}", f"审批机关: {s.authority}",
           "依据: " + "；".join(s.legal_basis),
           "\n材料（要求程度: 必交 = 种子来源要求，缺少为错误；部分来源要求 = 仅次级来源或部分地区要求，"
           "缺少为警告；条件 = 申报事实成立时必交；可选 = 不报告）:"]
    for m in s.materials:
        seal = f" 公章({m.seal.pages})" if m.seal else ""
        sign = " 法人签字" if m.signature_labels else ""
        out.append(f"  {m.id:<32} {m.name} [{level_label(m)}; {'/'.join(m.formats)}{seal}{sign}]")
        if m.level_sources:
            out.append(f"  {'':<32}   来源: {source_label(m.level_sources, most=6)}"
                       + (f" — {m.level_note}" if m.level_note else ""))
    if s.parameters:
        out.append("\n参数（默认值为该申请类型种子来源的取值，未达到为错误；“警告”为次级来源的更严取值）:")
        for p in s.parameters.values():
            src = f" [{source_label(p.sources)}]" if p.sources else ""
            warn = (f"  警告: {p.stricter.value!r} [{p.stricter.label}]"
                    + (f" {p.stricter.note}" if p.stricter.note else "")) if p.stricter else ""
            alt = f"  (其他取值: {'; '.join(p.alternatives)})" if p.alternatives else ""
            out.append(f"  {p.name:<36} {s.param(p.name)!r}{src}{warn}  {p.description}{alt}")
    return out
