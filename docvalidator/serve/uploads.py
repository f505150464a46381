"""An upload: one multipart body streamed into a job's folder, under limits, with safe names.

The body is parsed as it arrives (python-multipart's streaming parser), so the size limit holds
before anything is buffered: a 2 GB upload is cut off once it passes the limit. Every file part
is written under the job's folder, at a name made safe here (no drive letter, no absolute path,
no `..`, no NUL or control character; Chinese names kept). Nothing else is ever written.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

FILE_FIELD = "file"
FIELDS = frozenset({"schema", "ocr", "as_of", "fix"})
MAX_FIELD_BYTES = 4096
MAX_COMPONENT_BYTES = 200  # of a name's UTF-8; file systems allow 255
MAX_DEPTH = 32


class Refused(Exception):
    """An upload the server will not take: an HTTP status and one Chinese sentence."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _clip(part: str) -> str:
    """A name component cut to MAX_COMPONENT_BYTES of UTF-8, keeping its extension."""
    if len(part.encode("utf-8")) <= MAX_COMPONENT_BYTES:
        return part
    stem, dot, ext = part.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = part, ""
    suffix = f".{ext}" if ext else ""
    budget = MAX_COMPONENT_BYTES - len(suffix.encode("utf-8"))
    return stem.encode("utf-8")[:budget].decode("utf-8", "ignore") + suffix


def safe_relpath(name: str) -> str | None:
    """The relative path a client-sent file name is stored at, or None when nothing is left.

    `C:\\材料\\..\\营业执照.pdf` → `材料/营业执照.pdf`; `/etc/passwd` → `etc/passwd`;
    `../../x` → `x`. Backslashes count as separators (Windows), `.`/`..`/empty components
    are dropped, never resolved, so no name can leave the folder it is stored under."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/"))
    name = "".join(ch for ch in name if ch >= " " and ch != "\x7f")  # NUL, CR, LF, controls
    parts: list[str] = []
    for n, raw in enumerate(name.split("/")):
        part = re.sub(r"^[A-Za-z]:", "", raw) if n == 0 else raw  # a drive letter
        part = part.strip()
        if part in ("", ".", "..") or set(part) == {"."}:
            continue
        parts.append(_clip(part))
    if not parts or len(parts) > MAX_DEPTH:
        return None
    return "/".join(parts)


@dataclass
class Upload:
    root: Path  # the folder the files were written under
    fields: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # stored relative paths, in arrival order
    sent_names: list[str] = field(default_factory=list)  # the names as the client sent them
    size: int = 0  # body bytes received


def _decode(raw: bytes) -> str:
    """Browsers send UTF-8 names (quotes and newlines as %22 %0D %0A, per the HTML spec)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", "replace")
    return text.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")


class _Receiver:
    """The parser's callbacks: headers → a part; a file part's bytes go straight to disk."""

    def __init__(self, upload: Upload, max_files: int):
        self.upload = upload
        self.max_files = max_files
        self.header_field = b""
        self.header_value = b""
        self.headers: dict[bytes, bytes] = {}
        self.out: IO[bytes] | None = None
        self.field_name: str | None = None
        self.field_value = bytearray()
        self.ended = False

    def callbacks(self) -> dict:
        return {"on_part_begin": self.part_begin, "on_header_field": self.on_header_field,
                "on_header_value": self.on_header_value, "on_header_end": self.header_end,
                "on_headers_finished": self.headers_finished, "on_part_data": self.part_data,
                "on_part_end": self.part_end, "on_end": self.end}

    def part_begin(self) -> None:
        self.headers = {}
        self.field_name = None
        self.field_value = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field = self.header_value = b""

    def headers_finished(self) -> None:
        disposition = self.headers.get(b"content-disposition", b"").decode("latin-1")
        _kind, options = parse_options_header(disposition)
        name = _decode(options.get(b"name", b""))
        if b"filename" not in options:
            self.field_name = name
            return
        if name != FILE_FIELD:
            raise Refused(400, f"未知的上传字段“{name}”：文件请放在字段 file 中。")
        if len(self.upload.files) >= self.max_files:
            raise Refused(413, f"文件数超过 {self.max_files} 个的上限，已停止接收。"
                               "请只上传申请材料本身。")
        sent = _decode(options[b"filename"])
        self.upload.sent_names.append(sent)
        rel = safe_relpath(sent) or f"未命名文件-{len(self.upload.files) + 1}"
        self.out, rel = _create(self.upload.root, rel)
        self.upload.files.append(rel)

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.out is not None:
            self.out.write(data[start:end])
        elif self.field_name is not None:
            self.field_value += data[start:end]
            if len(self.field_value) > MAX_FIELD_BYTES:
                raise Refused(400, f"字段“{self.field_name}”过长。")

    def part_end(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None
        elif self.field_name in FIELDS:
            self.upload.fields[self.field_name] = self.field_value.decode("utf-8", "replace").strip()
        self.field_name = None

    def end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None


def _create(root: Path, rel: str) -> tuple[IO[bytes], str]:
    """A new file at root/rel (root/rel (2)… when taken). The folder holds only what this
    upload created, so no component is a link; O_NOFOLLOW and the check below make sure."""
    parts = rel.split("/")
    parent = root.joinpath(*parts[:-1])
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise Refused(400, f"文件“{rel}”无法保存：它的文件夹与同名文件冲突。") from None
    if not Path(os.path.realpath(parent)).is_relative_to(os.path.realpath(root)):
        raise Refused(400, f"文件“{rel}”无法保存。")  # cannot happen: defence in depth
    stem, dot, ext = parts[-1].rpartition(".")
    if not dot or not stem:
        stem, ext = parts[-1], ""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_BINARY", 0)
    for n in range(1, 1000):
        name = parts[-1] if n == 1 else f"{stem} ({n})" + (f".{ext}" if ext else "")
        try:
            fd = os.open(parent / name, flags, 0o600)
        except FileExistsError:
            continue
        except OSError as e:
            raise Refused(400, f"文件“{rel}”无法保存（{e.strerror}）。") from None
        return os.fdopen(fd, "wb"), "/".join([*parts[:-1], name])
    raise Refused(400, f"同名文件“{rel}”过多。")


def too_large(max_bytes: int) -> Refused:
    return Refused(413, f"上传超过 {max_bytes // (1024 * 1024)} MB 的上限，已停止接收，"
                        "未保存任何内容。请删去与申请无关的文件，或压缩过大的扫描件后再上传。")


async def receive(request, root: Path, *, max_bytes: int, max_files: int) -> Upload:
    """Stream the request's multipart body into `root` (created here). Raises Refused."""
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise Refused(415, "请以 multipart/form-data 上传，文件放在字段 file 中。")
    root.mkdir(parents=True)
    upload = Upload(root)
    receiver = _Receiver(upload, max_files)
    parser = MultipartParser(boundary, receiver.callbacks())
    try:
        async for chunk in request.stream():
            upload.size += len(chunk)
            if upload.size > max_bytes:
                raise too_large(max_bytes)
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise Refused(400, "上传的数据不完整或格式不正确（multipart 解析失败）。") from None
    finally:
        receiver.close()
    if not receiver.ended:
        raise Refused(400, "上传不完整：连接在文件传完之前中断了。")
    if not upload.files:
        raise Refused(400, "没有收到文件：请上传 .zip 压缩包、多个文件或一个文件夹（字段 file）。")
    return upload
