"""Material completeness and file identity: DV101–DV105."""

from __future__ import annotations

from collections.abc import Iterator

from docvalidator.checks.base import CheckContext, Problem, material_requirement, rule
from docvalidator.package.kinds import FORMAT_LABEL, KIND_LABEL, KIND_TO_FORMAT


@rule("DV101")
def material_missing(ctx: CheckContext) -> Iterator[Problem]:
    """A material the schema marks required — or conditionally required by a fact in the manifest
    (`has_branches`, `conference_service`, …) — has no file assigned to it.

    Files are assigned by folder and file-name keywords (Chinese and English, numbering such as
    "01-", "附件3" and "（盖章）" ignored) and, when the name says nothing (`scan0003.pdf`), by the
    title words on the first page.

    Fires: no file whose name or title matches 营业执照 in a B24 package.
    Silent: `03_营业执照副本（盖章）.pdf` present; a conditional material whose fact is false."""
    for m in ctx.schema.materials:
        if not ctx.required(m):
            continue
        assigned = ctx.classification.assignments.get(m.id, [])
        if not assigned:
            why = ""
            if m.required_if:
                why = f"（申报事实 {m.required_if} 为真，该材料为必交）"
            yield Problem("DV101", f"缺少必交材料“{m.name}”{why}：材料包中没有文件名或首页标题与之对应的文件。",
                          material=m.id, requirement=material_requirement(m),
                          fix=m.fix or None, evidence={"keywords": list(m.keywords[:6])})


@rule("DV102")
def material_ambiguous(ctx: CheckContext) -> Iterator[Problem]:
    """Several files were assigned to a material that takes one file (for example two files named
    营业执照). The reviewer cannot tell which one counts. Materials that take several files
    (staff IDs, photos) never fire this.

    Fires: `营业执照.pdf` and `营业执照（新）.pdf`.
    Silent: five photos for site-photos."""
    for m in ctx.schema.materials:
        files = ctx.classification.files_of(m.id)
        if m.multiple or len(files) < 2:
            continue
        for path in files:
            others = "、".join(p for p in files if p != path)
            yield Problem("DV102", f"“{m.name}”应提交一份文件，但有 {len(files)} 个文件对应该材料：本文件与{others}。",
                          material=m.id, file=path, requirement=material_requirement(m),
                          evidence={"files": files})


@rule("DV103")
def file_unassigned(ctx: CheckContext) -> Iterator[Problem]:
    """A file in the package matches no material of the schema, neither by its name nor by the
    title on its first page. Often a misspelled name or a document that belongs to another
    application.

    The regulator's portal takes each material in its own slot, so a file that fits no slot
    means the package is not ready to upload: rename it after its material or remove it.

    Fires: `会议纪要.pdf` in a B24 package.
    Silent: `01-营业执照.pdf`; the logo image the manifest names; hidden and OS files
    (`.DS_Store`, `Thumbs.db`, `~$x.docx`), which are ignored."""
    for path in ctx.classification.unassigned:
        f = ctx.file(path)
        if f.kind == "empty":
            continue  # DV105 says it better
        yield Problem("DV103", f"文件“{f.name}”无法对应材料清单中的任何一项（文件名及首页标题均未识别）。",
                      file=path, evidence={"normalized_name": f.stem})


@rule("DV104")
def format_not_accepted(ctx: CheckContext) -> Iterator[Problem]:
    """The file's real type — read from its first bytes, not its extension — is not one the
    material accepts. A Word file for a material that must be a sealed PDF scan fires.

    Fires: `营业执照.docx` where the business licence accepts PDF or images.
    Silent: `营业执照.pdf` that really is a PDF."""
    for m in ctx.schema.materials:
        for f in ctx.material_files(m.id):
            fmt = KIND_TO_FORMAT.get(f.kind)
            if f.kind in ("empty", "unknown", "office-encrypted") or fmt in m.formats \
                    or not f.ext_matches_kind:
                continue
            accepted = "、".join(FORMAT_LABEL[x] for x in m.formats)
            yield Problem("DV104", f"“{m.name}”接受 {accepted}，该文件实际为 {KIND_LABEL.get(f.kind, f.kind)}。",
                          material=m.id, file=f.path, requirement=material_requirement(m),
                          evidence={"kind": f.kind, "accepted": list(m.formats)})


@rule("DV105")
def file_unreadable(ctx: CheckContext) -> Iterator[Problem]:
    """The file is empty (0 bytes), or its bytes are not what its extension claims (a JPEG named
    `.pdf`, an HTML error page saved as `.docx`). Also reported for zip members that were refused
    (absolute paths, `..`) and links that point outside the package.

    Fires: a zero-byte `营业执照.pdf`; a JPEG named `.pdf`; a symlink to `/etc/passwd`.
    Silent: a PDF named `.PDF`."""
    for f in ctx.package.files:
        material = ctx.classification.material_of(f.path)
        insp = ctx.inspections.get(f.path)
        pdf, image = (insp.pdf, insp.image) if insp is not None else (None, None)
        if f.kind == "empty":
            yield Problem("DV105", f"文件“{f.name}”为空文件（0 字节）。", material=material, file=f.path,
                          evidence={"size": 0})
        elif f.kind == "office-encrypted":
            yield Problem("DV105", f"文件“{f.name}”是设置了打开密码的加密 Office 文档，审查人员无法打开。",
                          material=material, file=f.path, evidence={"kind": f.kind},
                          fix="在 Word/WPS 中清除打开密码（文件→信息→保护文档→用密码进行加密，清空后确定）"
                              "并另存，或导出为 PDF 后重新上传。")
        elif image is not None and image.unsupported:
            yield Problem("DV105", f"图片“{f.name}”无法解码：{image.unsupported}。", material=material,
                          file=f.path, evidence={"kind": f.kind, "reason": image.unsupported},
                          fix="用看图或扫描软件将其另存为常见的 JPEG 或 PNG 后重新上传。")
        elif pdf is not None and not pdf.corrupt and not pdf.encrypted and pdf.page_count == 0:
            yield Problem("DV105", f"PDF 文件“{f.name}”没有任何页面（空文档）。", material=material,
                          file=f.path, evidence={"pages": 0},
                          fix="重新导出或扫描该材料，确认生成的 PDF 含有页面。")
        elif not f.ext_matches_kind:
            claimed = f".{f.ext}" if f.ext else "无扩展名"
            accepted = ""
            if material is not None:
                m = ctx.schema.material(material)
                if KIND_TO_FORMAT.get(f.kind) not in m.formats:
                    accepted = "；该材料接受 " + "、".join(FORMAT_LABEL[x] for x in m.formats)
            yield Problem("DV105", f"文件“{f.name}”的扩展名为 {claimed}，但实际内容为 {KIND_LABEL.get(f.kind, f.kind)}{accepted}。",
                          material=material, file=f.path, evidence={"ext": f.ext, "kind": f.kind},
                          fix="按实际格式更正扩展名，或重新导出为材料要求的格式。")
    for p in ctx.package.problems:
        yield Problem("DV105", p.detail, file=p.path, evidence={"reason": p.reason},
                      fix="从材料包中删除该条目，只保留包内的普通文件。")
