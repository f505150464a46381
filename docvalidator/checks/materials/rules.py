"""Material completeness and file identity: DV101–DV105."""

from __future__ import annotations

from collections.abc import Iterator

from docvalidator.checks.base import CheckContext, Problem, material_requirement, rule
from docvalidator.classify import closest, index_of, normalize_name
from docvalidator.codes import Severity
from docvalidator.package.kinds import FORMAT_LABEL, KIND_LABEL, KIND_TO_FORMAT
from docvalidator.schema import source_label


def _maybe(ctx: CheckContext, material_id: str) -> list[str]:
    """Unassigned files whose name could be the material (承诺书.pdf for a pledge)."""
    rec = ctx.classification.recognition
    return [p for p in ctx.classification.unassigned if material_id in getattr(rec.get(p), "hints", ())]


@rule("DV101", needs={"sections"})
def material_missing(ctx: CheckContext) -> Iterator[Problem]:
    """A material the application type requires has no file, and no section of a combined file.

    How much a material is required follows the sources (the schema's `level`): one the primary
    sources for the application type require (the seeds), or one a fact the manifest declares
    makes required (`has_branches`, `conference_service`, …), is an error when missing; one only
    secondary sources or some regions ask for is a warning that names them; an optional one, or a
    conditional one whose fact does not hold, is never reported.

    Files are recognised by their names (the material's vocabulary: synonyms, English, pinyin,
    Traditional; numbering, dates and "（盖章）" ignored; several materials in one name), their
    folders, the title on the first page and the headings on every page, so a material inside a
    combined file (人员身份证、学历及社保证明.pdf, pages 6–8) is present.

    Fires: no file whose name, title or headings name 营业执照 in a B24 package (error); no 公司概况
    in a B24 package (warning: 部分来源要求，来源 W4).
    Silent: `03_营业执照副本（盖章）.pdf` present; a conditional material whose fact is false; no
    equity chart in a 95 package (optional there)."""
    for m in ctx.schema.materials:
        need = m.expectation(ctx.conditions)
        if need is None or ctx.classification.assignments.get(m.id):
            continue
        maybe = _maybe(ctx, m.id)
        hint = f"；文件“{'、'.join(maybe)}”的名称可能指该材料，但未能从内容确认" if maybe else ""
        evidence = {"keywords": list(m.keywords[:6]), "level": m.level,
                    "level_sources": list(m.level_sources), **({"candidates": maybe} if maybe else {})}
        if need == "required":
            why = ""
            if m.required_if and m.condition_holds(ctx.conditions):
                why = f"（申报事实 {m.required_if} 为真，该材料为必交）"
            yield Problem("DV101", f"缺少必交材料“{m.name}”{why}：材料包中没有文件名、标题或分节标题与之对应的文件{hint}。",
                          material=m.id, requirement=material_requirement(m), severity=Severity.ERROR,
                          fix=m.fix or None, evidence=evidence)
        else:
            src = source_label(m.level_sources)
            yield Problem("DV101", f"缺少“{m.name}”：部分地区或来源要求提交（来源 {src}），本申请类型的主要来源未列为必交"
                                   f"{hint}。", material=m.id, severity=Severity.WARNING,
                          requirement=f"部分地区要求（来源 {src}）：{m.requirement}",
                          fix=(m.fix + "；" if m.fix else "") + "提交前向受理机关确认是否需要该材料。",
                          evidence=evidence)


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


_CONTENT = {
    "no-ocr": "扫描页无文字层且未启用 OCR（--no-ocr），未能读取其标题",
    "ocr-failed": "扫描页的标题未能识别（OCR 不可用或失败）",
    "none": "文件中没有可读取的文字",
}


def _why(ctx: CheckContext, path: str) -> tuple[list[str], dict]:
    """Why a file matched nothing: what its name, folder and content each said."""
    rec = ctx.classification.recognition.get(path)
    f = ctx.file(path)
    if rec is None:
        return ["文件名及首页标题均未识别"], {}
    out = []
    if rec.meaningless:
        out.append(f"文件名“{f.stem}”是扫描仪、手机或软件自动生成的名称，不含材料名称")
    elif rec.hints:
        names = "、".join(ctx.schema.material(m).name for m in rec.hints[:4])
        term = rec.hint_terms.get(rec.hints[0], "")
        out.append(f"文件名只写了“{term}”，可能是{names}中的任何一项")
    else:
        out.append(f"文件名“{f.stem}”不含任何材料的名称")
    heads = [h for h in rec.first_heads if h.strip()] or ([rec.title_line] if rec.title_line else [])
    if heads:
        out.append(f"首页标题“{heads[0]}”也不对应任何材料")
    elif rec.content in _CONTENT:
        out.append(_CONTENT[rec.content])
    elif rec.content in ("text", "ocr"):
        out.append("首页未找到标题")
    return out, {"name_says": "meaningless" if rec.meaningless else ("ambiguous" if rec.hints else "nothing"),
                 "title": heads[0] if heads else None, "content": rec.content}


@rule("DV103", needs={"sections"})
def file_unassigned(ctx: CheckContext) -> Iterator[Problem]:
    """A file in the package matches no material of the schema: not by its name, its folders,
    the title on its first page, nor the headings on its pages. Often a document that belongs to
    another application, or a scan whose name says nothing and whose pages could not be read.

    The message says why: what the name said (nothing, a scanner's name such as Scan_0007, or
    only a generic word such as 承诺书 that several materials share), what the first page's
    title read, or that a scan's pages could not be read (OCR off or failed); and it names the
    closest material with its evidence (the candidates of a generic name, or the words the name
    or title shares with a material's names).

    The regulator's portal takes each material in its own slot, so a file that fits no slot
    means the package is not ready to upload: rename it after its material or remove it.

    Fires: `会议纪要.pdf` in a B24 package.
    Silent: `01-营业执照.pdf`; `Scan_0007.pdf` whose first page is titled 营业执照; the logo
    image the manifest names; hidden and OS files (`.DS_Store`, `Thumbs.db`, `~$x.docx`)."""
    for path in ctx.classification.unassigned:
        f = ctx.file(path)
        if f.kind == "empty":
            continue  # DV105 says it better
        reasons, evidence = _why(ctx, path)
        rec = ctx.classification.recognition.get(path)
        best = ""
        if rec is not None and rec.hints:
            m = ctx.schema.material(rec.hints[0])
            best = f"；最可能是“{m.name}”（依据：文件名中的“{rec.hint_terms[rec.hints[0]]}”）"
            evidence["candidate"] = m.id
        else:
            clue = " ".join(x for x in (f.stem, evidence.get("title") or "") if x)
            near = closest(clue, index_of(ctx.schema))
            if near:
                mid, term, common = near
                best = f"；最接近的是“{ctx.schema.material(mid).name}”（依据：与“{term}”共有“{common}”）"
                evidence.update(candidate=mid, candidate_term=term, shared=common)
        yield Problem("DV103", f"文件“{f.name}”无法对应材料清单中的任何一项：{'；'.join(reasons)}{best}。",
                      file=path, evidence={"normalized_name": normalize_name(f.stem), **evidence})


@rule("DV106", needs={"sections"})
def name_content_mismatch(ctx: CheckContext) -> Iterator[Problem]:
    """The file's name names one material and its content another: the title on its first page
    names a different material (名为营业执照，内容为租赁合同). The file is placed by its content,
    as a reviewer who opens it would; the name should be corrected so that the reviewer finds
    the material where the package says it is. Not reported when the named material contains
    such pages (a 人员名单 file that starts with an ID card).

    Fires: `营业执照.pdf` whose first page is titled 房屋租赁合同.
    Silent: `营业执照.pdf` titled 营业执照; `Scan_0007.pdf` titled 营业执照 (the name says
    nothing); `人员名单.pdf` whose first page is a 居民身份证."""
    for path, rec in ctx.classification.recognition.items():
        if rec.conflict is None:
            continue
        named, content = (ctx.schema.material(m) for m in rec.conflict)
        heading = next((s.heading for s in rec.sections if s.material == content.id), "")
        f = ctx.file(path)
        yield Problem("DV106", f"文件“{f.name}”名为“{named.name}”，内容为“{content.name}”"
                               f"（首页标题“{heading}”）：已按内容归入“{content.name}”，请更正文件名。",
                      material=content.id, file=path,
                      evidence={"name_says": named.id, "content_says": content.id, "heading": heading})


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
