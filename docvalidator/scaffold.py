"""`docvalidator init`: an empty package laid out the way reviewers expect — one numbered
folder per material, and a manifest listing what goes where."""

from __future__ import annotations

from pathlib import Path

from docvalidator.errors import UsageError
from docvalidator.package.kinds import FORMAT_HINT
from docvalidator.schema import Schema, load_schema, source_label
from docvalidator.schema.show import level_label


def numbered_name(schema: Schema, index: int) -> str:
    """The numbered name of the `index`-th material (1-based): "03-营业执照副本". The folder
    `init` makes for it, and the file name `fix --names canonical` gives it."""
    width = len(str(len(schema.materials)))
    return f"{index:0{width}d}-{schema.materials[index - 1].name.replace('/', '／')}"


def scaffold(schema_id: str, directory: str) -> int:
    schema = load_schema(schema_id)
    root = Path(directory)
    if root.exists() and any(root.iterdir()):
        raise UsageError(f"{directory}: exists and is not empty; init only fills a new or empty folder")
    root.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# docvalidator 材料包清单：{schema.title_zh}",
        "# 每项材料放入对应编号的文件夹；文件名建议“编号-材料名称.pdf”。",
        "# 检查：docvalidator check <本文件夹>",
        f"schema: {schema.id}",
        "company:",
        "  name: \"\"          # 申请单位全称，与营业执照一致",
        "  credit_code: \"\"   # 统一社会信用代码（18 位）",
    ]
    if schema.facts:
        lines.append("facts:")
        for name, fact in schema.facts.items():
            lines.append(f"  {name}: {str(bool(fact.get('default', False))).lower()}   # {fact['description']}")
    lines.append("# logo: logo.png    # 公司标识图片，用于核对场地照片")
    lines.append("#")
    lines.append("# 材料：")
    for n, m in enumerate(schema.materials, 1):
        folder = numbered_name(schema, n)
        (root / folder).mkdir()
        need = level_label(m) + (f"（来源 {source_label(m.level_sources)}）" if m.level_sources else "")
        fmt = "/".join(FORMAT_HINT[f] for f in m.formats)
        seal = "，加盖公章" if m.seal else ""
        sign = "，法定代表人签字" if m.signature_labels else ""
        lines.append(f"#   {folder}/  {need}；{fmt}{seal}{sign}")
    (root / "docvalidator.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(schema.materials)
