"""From an upload to what the engine is given: a zip (as it is) or a folder, and the settings.

A zip is never extracted: its central directory is read to refuse what no package needs (more
members than the file limit, sizes that add up to a zip bomb, symbolic links) and the file goes
to `engine.run` as it came; the engine reads members in memory and refuses `..` and absolute
names itself. The schema is always a built-in id: a manifest naming a schema file (which the
engine would open as a path) is refused, so the server never opens a path a user wrote.
"""

from __future__ import annotations

import datetime as dt
import stat
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from docvalidator.config import Settings
from docvalidator.schema import builtin_ids
from docvalidator.serve.options import MB, ServeConfig
from docvalidator.serve.uploads import Refused, Upload

MANIFEST = "docvalidator.yaml"
MAX_MANIFEST_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Plan:
    cwd: Path  # the engine runs here, so the report names the package, not the server's folders
    path: str  # the package, relative to cwd
    label: str  # what the page calls it
    is_zip: bool


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name for a message: GBK names that zipfile read as CP437 read back."""
    if not info.flag_bits & 0x800:
        try:
            return info.orig_filename.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return info.filename


def check_zip(path: Path, label: str, config: ServeConfig) -> list[zipfile.ZipInfo]:
    """Read the central directory; refuse a zip bomb, too many members or a link."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
        raise Refused(400, f"“{label}”不是可读取的 zip 压缩包（{e}）。请重新压缩后上传。") from None
    if len(infos) > config.max_files:
        raise Refused(413, f"压缩包内有 {len(infos)} 个条目，超过 {config.max_files} 个的上限。")
    declared = sum(i.file_size for i in infos)
    if declared > config.max_unpacked_bytes:
        raise Refused(413, f"压缩包内的文件解压后共 {declared / MB:,.0f} MB，超过 "
                           f"{config.max_unpacked_bytes / MB:,.0f} MB 的上限（疑似压缩炸弹），已拒绝，"
                           "未解压任何内容。")
    for i in infos:
        if i.file_size > 64 * MB and i.file_size > 200 * max(i.compress_size, 1):
            raise Refused(413, f"压缩包内的“{_member_name(i)}”压缩比异常（{i.compress_size} 字节解压为 "
                               f"{i.file_size / MB:,.0f} MB，疑似压缩炸弹），已拒绝，未解压任何内容。")
        if stat.S_ISLNK(i.external_attr >> 16):  # Unix mode bits, as unzip would read them
            raise Refused(400, f"压缩包内的“{_member_name(i)}”是符号链接；docvalidator 不跟随链接。"
                               "请删除该条目，或放入它指向的真实文件后重新压缩。")
    return infos


def _zip_manifests(path: Path, infos: list[zipfile.ZipInfo]) -> list[bytes]:
    """Every docvalidator.yaml at the zip's root or one folder down (the engine reads the one
    at the package root, which may sit inside a single wrapping folder)."""
    out = []
    with zipfile.ZipFile(path) as zf:
        for i in infos:
            parts = [p for p in _member_name(i).replace("\\", "/").split("/") if p]
            if parts and parts[-1] == MANIFEST and len(parts) <= 2 and not i.is_dir():
                if i.flag_bits & 0x1 or i.file_size > MAX_MANIFEST_BYTES:
                    continue  # the engine reports it as unreadable
                try:
                    out.append(zf.read(i))
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
                        RuntimeError, zlib.error):
                    continue
    return out


def _manifest_schema(raw: bytes) -> str | None:
    try:
        doc = yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return None  # the engine reports a broken manifest with its own message
    value = doc.get("schema") if isinstance(doc, dict) else None
    return value if isinstance(value, str) else None


def require_builtin_manifest_schema(manifests: list[bytes]) -> None:
    """With no schema chosen, the manifest's `schema:` decides; only a built-in id is taken."""
    named = [s for s in map(_manifest_schema, manifests) if s]
    ids = builtin_ids()
    for ref in named:
        if ref not in ids:
            raise Refused(400, f"{MANIFEST} 写的 schema “{ref}” 不是内置的申请类型；网页版只使用内置类型"
                               f"（{'、'.join(ids)}）。请在页面上选择申请类型后重新检查。")
    if not named:
        raise Refused(400, f"请选择申请类型：材料包里没有 {MANIFEST}，或其中没有写 schema。")


def plan_package(upload: Upload, config: ServeConfig, schema_chosen: bool) -> Plan:
    """One file named .zip → that zip; several files (or paths with folders) → a folder."""
    root = upload.root
    if len(upload.files) == 1 and "/" not in upload.files[0]:
        name = upload.files[0]
        if not name.lower().endswith(".zip"):
            raise Refused(400, f"只收到一个文件“{name}”，它不是 .zip 压缩包。请上传整个申请材料包："
                               ".zip 压缩包、多个文件或一个文件夹。")
        infos = check_zip(root / name, name, config)
        if not schema_chosen:
            require_builtin_manifest_schema(_zip_manifests(root / name, infos))
        return Plan(root, name, name, True)
    tops = {f.split("/", 1)[0] for f in upload.files}
    if len(tops) == 1 and all("/" in f for f in upload.files):
        top = tops.pop()
        cwd, path, label = root, top, top
    else:
        cwd, path, label = root.parent, root.name, f"{len(upload.files)} 个文件"
    if not schema_chosen:
        manifest = cwd / path / MANIFEST
        raw = [manifest.read_bytes()] if manifest.is_file() else []
        require_builtin_manifest_schema(raw)
    return Plan(cwd, path, label, False)


def switch(fields: dict[str, str], name: str, default: bool) -> bool:
    """A true/false form field; absent or empty: `default`."""
    if not fields.get(name):
        return default
    value = fields[name].lower()
    if value not in ("true", "false", "1", "0", "on", "off"):
        raise Refused(400, f"字段 {name} 应为 true 或 false，收到“{fields[name]}”。")
    return value in ("true", "1", "on")


def job_settings(base: Settings, fields: dict[str, str], config: ServeConfig) -> Settings:
    """The server's settings with the request's schema, OCR switch and check date."""
    schema = fields.get("schema") or None
    if schema is not None and schema not in builtin_ids():
        raise Refused(400, f"未知的申请类型“{schema}”（可选：{'、'.join(builtin_ids())}）。")
    ocr = switch(fields, "ocr", base.ocr)
    as_of = base.as_of
    if fields.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(fields["as_of"])
        except ValueError:
            raise Refused(400, f"字段 as_of 应为 YYYY-MM-DD 格式的日期，收到“{fields['as_of']}”。") from None
    return replace(base, schema=schema or base.schema, ocr=ocr, as_of=as_of, evidence_dir=None,
                   jobs=config.inspect_jobs)
