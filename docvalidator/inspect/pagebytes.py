"""Page bytes (SPEC "Page bytes"): what one page would weigh split into its own PDF.

Walk the page's object graph by indirect reference — contents, the resources its content
uses, images, forms, fonts and their font files, annotations and their appearances — and add
up each object's stored size: a stream's raw bytes as on disk (still encoded) plus its
dictionary, any other object serialised, both with the `N 0 obj … endobj` and xref overhead a
split file would carry.

Only what the page draws counts. A resource dictionary (of the page, or of a form, pattern or
annotation appearance it draws) is often shared and lists more than one content stream uses —
every image of a document, say — so its entries are followed only when their name occurs in
the content that the dictionary serves. A content stream that cannot be decoded keeps all of
its resources (an over-estimate, never an under-estimate).

Objects stored in object streams are compressed on disk with their neighbours: each is
charged its serialised size times its object stream's compression ratio, which is what it
costs in a split file that keeps object streams. An object shared by several pages is counted
on each page that draws it, once per page (a visited set, which is also the cycle guard).
Other pages reached through links or /Parent are not followed.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

OBJ_OVERHEAD = 40  # "12 0 obj\n" … "\nendobj\n" and a 20-byte xref entry
STREAM_OVERHEAD = 18  # "stream\n" … "\nendstream"
SPLIT_OVERHEAD = 320  # header, catalog, page tree, xref header, trailer of a one-page file
OBJSTM_SPLIT_OVERHEAD = 240  # a page kept in an object stream: that stream's and the xref stream's dicts
OBJSTM_ENTRY = 10  # "12 3456 " in an object stream's offset table
XREF_STREAM_ENTRY = 2  # a 5-byte xref-stream row, compressed
MAX_DEPTH = 64
MAX_OBJECTS = 200_000  # per page; past it the file is hostile, not a document
MAX_CONTENT_SCAN = 64 * 1024 * 1024  # decoded content bytes scanned for names, per stream
SKIP_KEYS = frozenset({"/Parent", "/P", "/B", "/Dest", "/D", "/First", "/Last", "/Next",
                       "/Prev", "/Thread", "/Threads", "/StructParent", "/StructParents"})
# resource categories whose entries content streams name (operators Do, Tf, gs, cs/CS, scn,
# sh, BDC); other resource keys (/ProcSet) are followed whole
NAMED_RESOURCES = frozenset({"/XObject", "/Font", "/ExtGState", "/ColorSpace", "/Pattern",
                             "/Shading", "/Properties"})
# colour spaces that apply without being named (they replace DeviceRGB/Gray/CMYK)
IMPLICIT_RESOURCES = frozenset({"/DefaultRGB", "/DefaultGray", "/DefaultCMYK"})
FILTER_NAMES = {"/DCTDecode": "JPEG", "/JPXDecode": "JPEG2000", "/JBIG2Decode": "JBIG2",
                "/CCITTFaxDecode": "CCITT", "/FlateDecode": "Flate", "/LZWDecode": "LZW",
                "/RunLengthDecode": "RunLength"}
_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]*)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class GraphTooLarge(ValueError):
    pass


def filter_name(obj: DictionaryObject) -> str:
    f = obj.get("/Filter")
    if isinstance(f, IndirectObject):
        f = f.get_object()
    if isinstance(f, ArrayObject):
        f = f[-1] if f else None
        if isinstance(f, IndirectObject):
            f = f.get_object()
    return FILTER_NAMES.get(str(f), str(f).lstrip("/")) if f is not None else "raw"


def _num(v: Any) -> int:
    try:
        return int(v.get_object() if isinstance(v, IndirectObject) else v)
    except (TypeError, ValueError):
        return 0


def stored_size(obj: Any) -> int:
    buf = io.BytesIO()
    if isinstance(obj, StreamObject):
        DictionaryObject.write_to_stream(obj, buf)
        return buf.tell() + len(obj._data) + STREAM_OVERHEAD + OBJ_OVERHEAD
    obj.write_to_stream(buf)
    return buf.tell() + OBJ_OVERHEAD


def _group_of(obj: Any, inherited: tuple[str, str]) -> tuple[str, str] | None:
    """A new contributor for images, forms and fonts; None to inherit the parent's."""
    if not isinstance(obj, DictionaryObject):
        return None
    sub = obj.get("/Subtype")
    if sub == "/Image":
        return ("image", f"image {_num(obj.get('/Width'))}×{_num(obj.get('/Height'))} "
                         f"{filter_name(obj)}")
    if sub == "/Form":
        return ("form", "form")
    if obj.get("/Type") == "/Font" and inherited[0] != "font":
        base = str(obj.get("/BaseFont", "")).lstrip("/") or "font"
        return ("font", f"font {base}")
    return None


def _inherited_resources(page: DictionaryObject) -> Any:
    node: Any = page
    for _ in range(MAX_DEPTH):
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        if not isinstance(node, DictionaryObject):
            return None
        if "/Resources" in node:
            return node.raw_get("/Resources")
    return None


def _decoded(stream: Any) -> bytes | None:
    stream = stream.get_object() if isinstance(stream, IndirectObject) else stream
    if not isinstance(stream, StreamObject):
        return b""
    try:
        return stream.get_data()[:MAX_CONTENT_SCAN]
    except Exception:  # an undecodable filter: the caller keeps every resource
        return None


def used_names(contents: Any) -> frozenset[str] | None:
    """The names a content stream (or an array of them) mentions, as `/Name` strings; None
    when some part cannot be decoded."""
    contents = contents.get_object() if isinstance(contents, IndirectObject) else contents
    parts = list(contents) if isinstance(contents, ArrayObject) else [contents]
    names: set[str] = set()
    for part in parts:
        data = _decoded(part)
        if data is None:
            return None
        for raw in _NAME.findall(data):
            raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
            names.add("/" + raw.decode("latin-1"))
    return frozenset(names)


def charged_size(obj: Any, idnum: int | None, ratios: ObjectStreamRatios | None) -> int:
    """An object's stored size; for one in an object stream, its body and offset pair
    compressed with its neighbours, plus a compressed xref-stream row."""
    size = stored_size(obj)
    ratio = ratios.ratio(idnum) if ratios is not None and idnum is not None else 1.0
    if ratio < 1.0 and not isinstance(obj, StreamObject):
        size = round((size - OBJ_OVERHEAD + OBJSTM_ENTRY) * ratio) + XREF_STREAM_ENTRY
    return size


class ObjectStreamRatios:
    """Compressed/decoded size of each object stream of one document, computed once."""

    def __init__(self, reader: Any):
        self.index: dict[int, tuple[Any, Any]] = getattr(reader, "xref_objStm", None) or {}
        self.reader = reader
        self.ratios: dict[int, float] = {}

    def ratio(self, idnum: int) -> float:
        entry = self.index.get(idnum)
        if entry is None:
            return 1.0
        stm = int(entry[0])
        if stm not in self.ratios:
            self.ratios[stm] = 1.0
            try:
                obj = self.reader.get_object(stm)
                if isinstance(obj, StreamObject):
                    decoded = len(obj.get_data())
                    if decoded:
                        self.ratios[stm] = min(1.0, len(obj._data) / decoded)
            except Exception:
                pass
        return self.ratios[stm]


def _deref(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


class _Resources:
    """A resource dictionary reached from content that names `names` (None: all of it)."""

    __slots__ = ("names", "value")

    def __init__(self, value: Any, names: frozenset[str] | None):
        self.value, self.names = value, names


def _children(node: Any, names: frozenset[str] | None) -> list[tuple[str, Any]]:
    """(key, value) pairs to follow from a dictionary; resources become `_Resources`."""
    out = []
    for key, value in node.items():
        if key in SKIP_KEYS:
            continue
        out.append((key, _Resources(value, names) if key == "/Resources" else value))
    return out


def page_weight(page: DictionaryObject, page_ref: IndirectObject | None, top: int = 5,
                ratios: ObjectStreamRatios | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(bytes, largest contributors) of one page. `ratios`: the document's object streams,
    so that objects stored in them are charged their compressed share."""
    visited: set[tuple[int, int]] = set()
    groups: dict[tuple[str, str, int], int] = {}
    page_group = ("page", "page", 0)
    packed = ratios is not None and page_ref is not None and page_ref.idnum in ratios.index
    overhead = SPLIT_OVERHEAD + (OBJSTM_SPLIT_OVERHEAD if packed else 0)
    groups[page_group] = overhead + charged_size(
        page, page_ref.idnum if page_ref is not None else None, ratios)
    if page_ref is not None:
        visited.add((page_ref.idnum, page_ref.generation))
    names = used_names(page["/Contents"]) if "/Contents" in page else frozenset()
    # (object, group, depth); children of the page dict: /Contents get their own group
    stack: list[tuple[Any, tuple[str, str, int], int]] = []
    for key, value in _children(page, names):
        grp = ("content", "content streams", 0) if key == "/Contents" else page_group
        stack.append((value, grp, 1))
    page_resources = page.raw_get("/Resources") if "/Resources" in page \
        else _inherited_resources(page)
    if "/Resources" not in page and page_resources is not None:
        stack.append((_Resources(page_resources, names), page_group, 1))
    seen = 0

    def resolve(node: Any, grp: tuple[str, str, int]) -> tuple[Any, tuple[str, str, int]] | None:
        """The object behind a reference, charged to its group; None if already counted."""
        nonlocal seen
        if not isinstance(node, IndirectObject):
            return node, grp
        ident = (node.idnum, node.generation)
        if ident in visited:
            return None
        visited.add(ident)
        seen += 1
        if seen > MAX_OBJECTS:
            raise GraphTooLarge(f"page draws more than {MAX_OBJECTS} objects")
        obj = node.get_object()
        if isinstance(obj, DictionaryObject) and obj.get("/Type") in ("/Page", "/Pages"):
            return None  # another page (a link target): not part of this page
        new = _group_of(obj, grp[:2])
        if new is not None:
            grp = (*new, node.idnum)
        if obj is not None:
            groups[grp] = groups.get(grp, 0) + charged_size(obj, node.idnum, ratios)
        return obj, grp

    def used_resources(item: _Resources, grp: tuple[str, str, int], depth: int) -> list:
        """The entries of a resource dictionary that the content names. The dictionary is
        charged once, as a split file keeps it: with the unused entries removed. A dictionary
        shared by the page and its forms is charged once but serves each one's names."""
        res = _deref(item.value)
        if not isinstance(res, DictionaryObject):
            return []
        kept, follow = DictionaryObject(), []
        for key, value in res.items():
            category = _deref(value) if key in NAMED_RESOURCES else None
            if isinstance(category, DictionaryObject):
                used = {k: v for k, v in category.items()
                        if k in item.names or k in IMPLICIT_RESOURCES}
                kept[key] = DictionaryObject(used)
                follow.extend(used.values())
            else:
                kept[key] = value
                follow.append(value)
        if isinstance(item.value, IndirectObject):
            ident = (item.value.idnum, item.value.generation)
            if ident not in charged_dicts:
                charged_dicts.add(ident)
                groups[grp] = groups.get(grp, 0) + charged_size(kept, item.value.idnum, ratios)
        return [(v, grp, depth + 1) for v in follow]

    charged_dicts: set[tuple[int, int]] = set()
    while stack:
        item, grp, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(item, _Resources):
            if item.names is None:
                stack.append((item.value, grp, depth))
            else:
                stack.extend(used_resources(item, grp, depth))
            continue
        found = resolve(item, grp)
        if found is None:
            continue
        node, grp = found
        if isinstance(node, StreamObject) and "/Resources" in node:
            # a form, tiling pattern, Type 3 glyph or annotation appearance: its own content
            # says which of its resources it uses
            stack.extend((v, grp, depth + 1) for _k, v in _children(node, used_names(node)))
        elif isinstance(node, StreamObject) and node.get("/Subtype") == "/Form":
            # a form without resources of its own draws with the page's (PDF 1.1)
            stack.extend((v, grp, depth + 1) for _k, v in _children(node, None))
            if page_resources is not None:
                stack.append((_Resources(page_resources, used_names(node)), grp, depth + 1))
        elif isinstance(node, DictionaryObject):
            stack.extend((v, grp, depth + 1) for _k, v in _children(node, None))
        elif isinstance(node, ArrayObject):
            stack.extend((value, grp, depth + 1) for value in node)
    total = sum(groups.values())
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))
    return total, [{"kind": k, "desc": d, "bytes": b} for (k, d, _i), b in ranked[:top]]
