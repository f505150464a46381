"""Page bytes (SPEC "Page bytes"): what one page would weigh split into its own PDF.

Walk the page's object graph by indirect reference — contents, resources, images, forms,
fonts and their font files, annotations — and add up each object's stored size: a stream's
raw bytes as on disk (still encoded) plus its dictionary, any other object serialised, both
with the `N 0 obj … endobj` and xref overhead a split file would carry. Objects that live in
object streams are serialised too, so they are attributed like the others. An object shared
by several pages is counted on each page that draws it, once per page (a visited set, which
is also the cycle guard). Other pages reached through links or /Parent are not followed.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

OBJ_OVERHEAD = 40  # "12 0 obj\n" … "\nendobj\n" and a 20-byte xref entry
STREAM_OVERHEAD = 18  # "stream\n" … "\nendstream"
SPLIT_OVERHEAD = 320  # header, catalog, page tree, xref header, trailer of a one-page file
MAX_DEPTH = 64
MAX_OBJECTS = 200_000  # per page; past it the file is hostile, not a document
SKIP_KEYS = frozenset({"/Parent", "/P", "/B", "/Dest", "/D", "/First", "/Last", "/Next",
                       "/Prev", "/Thread", "/Threads", "/StructParent", "/StructParents"})
FILTER_NAMES = {"/DCTDecode": "JPEG", "/JPXDecode": "JPEG2000", "/JBIG2Decode": "JBIG2",
                "/CCITTFaxDecode": "CCITT", "/FlateDecode": "Flate", "/LZWDecode": "LZW",
                "/RunLengthDecode": "RunLength"}


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


def page_weight(page: DictionaryObject, page_ref: IndirectObject | None, top: int = 5
                ) -> tuple[int, list[dict[str, Any]]]:
    """(bytes, largest contributors) of one page."""
    visited: set[tuple[int, int]] = set()
    groups: dict[tuple[str, str, int], int] = {}
    page_group = ("page", "page", 0)
    groups[page_group] = stored_size(page) + SPLIT_OVERHEAD
    if page_ref is not None:
        visited.add((page_ref.idnum, page_ref.generation))
    # (object, group, depth); children of the page dict: /Contents get their own group
    stack: list[tuple[Any, tuple[str, str, int], int]] = []
    for key, value in page.items():
        if key in SKIP_KEYS:
            continue
        grp = ("content", "content streams", 0) if key == "/Contents" else page_group
        stack.append((value, grp, 1))
    if "/Resources" not in page:
        inherited = _inherited_resources(page)
        if inherited is not None:
            stack.append((inherited, page_group, 1))
    seen = 0
    while stack:
        node, grp, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, IndirectObject):
            ident = (node.idnum, node.generation)
            if ident in visited:
                continue
            visited.add(ident)
            seen += 1
            if seen > MAX_OBJECTS:
                raise GraphTooLarge(f"page draws more than {MAX_OBJECTS} objects")
            obj = node.get_object()
            if isinstance(obj, DictionaryObject) and obj.get("/Type") in ("/Page", "/Pages"):
                continue  # another page (a link target): not part of this page
            new = _group_of(obj, grp[:2])
            if new is not None:
                grp = (*new, node.idnum)
            if obj is not None:
                groups[grp] = groups.get(grp, 0) + stored_size(obj)
            node = obj
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key not in SKIP_KEYS:
                    stack.append((value, grp, depth + 1))
        elif isinstance(node, ArrayObject):
            stack.extend((value, grp, depth + 1) for value in node)
    total = sum(groups.values())
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))
    return total, [{"kind": k, "desc": d, "bytes": b} for (k, d, _i), b in ranked[:top]]
