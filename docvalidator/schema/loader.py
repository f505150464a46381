"""Load a schema: built-in id or file path → YAML → `extends:` merge → meta-schema → typed Schema.

Every failure is a SchemaError naming the file, the key path and what was expected.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from docvalidator.errors import SchemaError
from docvalidator.schema.model import (
    Clause,
    Field,
    Forbidden,
    Material,
    Parameter,
    QuantityRequirement,
    Schema,
    SealNeed,
    Stricter,
    Term,
)
from docvalidator.schema.validation import validate
from docvalidator.schema.words import written_out as _w


class ParsedCache(Protocol):
    """Where parsed schema files are kept between runs (the engine passes the inspection cache's
    `schema` namespace): get(key) → value or None, put(key, value) with JSON values."""

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...


# libyaml's safe loader where PyYAML was built with it: the same data, read ~10x faster (the
# built-in schemas were most of a warm run)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PARSED_VERSION = 1
_LISTS_BY_ID = ("materials", "clauses", "fields", "forbidden")
_MERGED_MAPS = ("parameters", "facts")


def _pairings(pairs) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """A clause's or field's `pairs` (a mapping or a list of them) as (objects, actions), written out."""
    listed = [pairs] if isinstance(pairs, dict) else pairs or ()
    return tuple((_w(p["objects"]), _w(p["actions"])) for p in listed)


@lru_cache(maxsize=1)
def _builtin_dir() -> Path:
    """The built-in schemas: the package docvalidator.schemas of an installed wheel, else (a
    source checkout, an editable install) the repository's top-level schemas/ folder."""
    spec = importlib.util.find_spec("docvalidator.schemas")
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(location) / "meta.schema.json").is_file():  # a namespace package: no __init__
            return Path(location)
    return Path(__file__).resolve().parents[2] / "schemas"


def builtin_ids() -> list[str]:
    """Ids of the shipped schemas that can be checked against (abstract bases left out)."""
    return sorted(sid for sid, (_path, abstract) in _builtin_index().items() if not abstract)


@lru_cache(maxsize=1)
def meta_schema() -> dict[str, Any]:
    return json.loads((_builtin_dir() / "meta.schema.json").read_text(encoding="utf-8"))


def _partial_meta_schema() -> dict[str, Any]:
    """The meta-schema for a file that extends another: top-level keys and list items may be
    partial (an item with only an id overrides or adds to the base's item)."""
    meta = json.loads(json.dumps(meta_schema()))
    meta["required"] = ["id"]
    for name in ("material", "clause", "field", "forbidden"):
        meta["$defs"][name]["required"] = ["id"]
    return meta


def _read_yaml(path: Path, cache: ParsedCache | None = None, texts: list | None = None) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise SchemaError(str(path), "", f"cannot read the file ({e.strerror})") from None
    except UnicodeDecodeError:
        raise SchemaError(str(path), "", "expected UTF-8 text") from None
    if texts is not None:
        texts.append((path, text))
    key = ""
    if cache is not None:
        # keyed by the text itself: an edited file is parsed again
        key = hashlib.sha256(f"schema-yaml/{_PARSED_VERSION}/{yaml.__version__}/{text}"
                             .encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            return hit
    try:
        doc = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or "invalid YAML"
        raise SchemaError(str(path), where, f"expected valid YAML ({problem})") from None
    if cache is not None and _json_safe(doc):
        # parsing the vocabulary is most of what a schema costs a warm run; JSON reads ~20x faster
        cache.put(key, doc)
    return doc


def _json_safe(doc: Any) -> bool:
    """The document comes back unchanged from JSON (no dates, no non-string keys)."""
    try:
        return doc is not None and json.loads(json.dumps(doc, ensure_ascii=False)) == doc
    except (TypeError, ValueError):
        return False


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    out.pop("abstract", None)
    for key, value in child.items():
        if key in ("extends", "remove_materials"):
            continue
        if key in _MERGED_MAPS:
            out[key] = {**base.get(key, {}), **value}
        elif key in _LISTS_BY_ID:
            items = [dict(i) for i in base.get(key, [])]
            index = {i["id"]: n for n, i in enumerate(items)}
            for item in value:
                if item["id"] in index:
                    items[index[item["id"]]] = {**items[index[item["id"]]], **item}
                else:
                    index[item["id"]] = len(items)
                    items.append(dict(item))
            out[key] = items
        else:
            out[key] = value
    removed = set(child.get("remove_materials", []))
    if removed:
        out["materials"] = [m for m in out.get("materials", []) if m["id"] not in removed]
        for key in ("clauses", "fields", "forbidden"):
            kept = []
            for item in out.get(key, []):
                mats = [m for m in item.get("materials", []) if m not in removed]
                if mats:
                    kept.append({**item, "materials": mats})
            out[key] = kept
    return out


_TOP_ID = re.compile(r"^id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9_-]*)['\"]?\s*(?:#.*)?$", re.M)
_TOP_ABSTRACT = re.compile(r"^abstract:\s*true\s*(?:#.*)?$", re.M)


@lru_cache(maxsize=1)
def _builtin_index() -> dict[str, tuple[Path, bool]]:
    """Every shipped schema file by its declared id, with whether it is an abstract base. The
    shipped files write both as plain top-level lines, so they are read, not parsed (parsing
    every schema with its vocabulary to learn ids cost a warm run ~40 ms)."""
    out = {}
    for p in sorted(_builtin_dir().glob("*.yaml")):
        text = p.read_text(encoding="utf-8")
        m = _TOP_ID.search(text)
        if m:
            out[m.group(1)] = (p, bool(_TOP_ABSTRACT.search(text)))
    return out


def _locate(ref: str, relative_to: Path | None = None) -> Path:
    index = _builtin_index()
    if ref in index:
        return index[ref][0]
    if (_builtin_dir() / f"{ref}.yaml").is_file():
        return _builtin_dir() / f"{ref}.yaml"
    p = Path(ref)
    if relative_to is not None and not p.is_absolute():
        p = relative_to / p
    if p.is_file():
        return p
    raise SchemaError(ref, "", "expected a built-in schema id (" + ", ".join(builtin_ids())
                      + ") or the path of a schema file")


def _load_raw(path: Path, seen: tuple[Path, ...] = (), strict: bool = False,
              cache: ParsedCache | None = None, texts: list | None = None) -> dict[str, Any]:
    """`strict`: validate even the shipped files (schemas validate, and the test suite).
    `texts`: gets each file read, with its text."""
    rp = path.resolve()
    if rp in seen:
        raise SchemaError(str(path), "extends", "expected no cycle of extends ("
                          + " → ".join(p.name for p in (*seen, rp)) + ")")
    doc = _read_yaml(path, cache, texts)
    file = str(path)
    # The shipped schemas are validated by the test suite (tests/test_schemas.py); a user's
    # file, and anything merged into it, is validated on every load.
    check = strict or path.resolve().parent != _builtin_dir().resolve()
    if isinstance(doc, dict) and "extends" in doc:
        if check:
            validate(doc, _partial_meta_schema(), file)
        base_path = _locate(doc["extends"], path.parent)
        base = _load_raw(base_path, (*seen, rp), strict, cache, texts)
        doc = _merge(base, doc)
    if check:
        validate(doc, meta_schema(), file)
    _check_references(doc, file)
    return doc


def _check_references(doc: dict[str, Any], file: str) -> None:
    ids = [m["id"] for m in doc["materials"]]
    seen: set[str] = set()
    for n, mid in enumerate(ids):
        if mid in seen:
            raise SchemaError(file, f"materials[{n}]({mid}).id", "expected a unique material id")
        seen.add(mid)
    facts = set(doc.get("facts", {}))
    for n, m in enumerate(doc["materials"]):
        cond = m.get("required_if")
        if _level(m) == "conditional" and not cond:
            raise SchemaError(file, f"materials[{n}]({m['id']}).level",
                              "expected required_if: with level conditional (the fact it depends on)")
        if cond:
            name = cond[4:].strip() if cond.startswith("not ") else cond.strip()
            if name not in facts:
                raise SchemaError(file, f"materials[{n}]({m['id']}).required_if",
                                  f"expected a fact declared under facts:, got {name!r}")
    params = set(doc.get("parameters", {}))
    for key in ("clauses", "fields", "forbidden"):
        for n, item in enumerate(doc.get(key, [])):
            for mid in item.get("materials", []):
                if mid != "*" and mid not in seen:
                    raise SchemaError(file, f"{key}[{n}]({item['id']}).materials",
                                      f"expected a material id of this schema, got {mid!r}")
            q = item.get("quantity") or {}
            v = q.get("value")
            if isinstance(v, str) and (not v.startswith("$") or v[1:] not in params):
                raise SchemaError(file, f"{key}[{n}]({item['id']}).quantity.value",
                                  f"expected a number or $parameter declared under parameters:, got {v!r}")


def _t(values: Any) -> tuple:
    return tuple(values or ())


def _stricter(s: dict[str, Any] | None) -> Stricter | None:
    return Stricter(s["value"], _t(s["sources"]), s.get("note", "")) if s else None


def _level(m: dict[str, Any]) -> str:
    """A material's requirement level: as declared, else what `required`/`required_if` say."""
    if m.get("level"):
        return m["level"]
    if m.get("required_if"):
        return "conditional"
    return "required" if m.get("required", True) else "optional"


def _build(doc: dict[str, Any], source: str) -> Schema:
    materials = []
    for m in doc["materials"]:
        seal = m.get("seal")
        materials.append(Material(
            id=m["id"], name=m["name"], formats=_t(m["formats"]), keywords=_t(m["keywords"]),
            requirement=m["requirement"], basis=m["basis"], name_en=m.get("name_en", ""),
            required_if=m.get("required_if"), multiple=m.get("multiple", False),
            title_keywords=_t(m.get("title_keywords")), exclude_keywords=_t(m.get("exclude_keywords")),
            collections=_t(m.get("collections")),
            vocabulary=tuple(Term(v["term"], v["lang"], _t(v["sources"]), v.get("ambiguous", False),
                                  v.get("note", "")) for v in m.get("vocabulary", [])),
            contains=_t(m.get("contains")), max_pages=m.get("max_pages"),
            level=_level(m), level_sources=_t(m.get("level_sources")), level_note=m.get("level_note", ""),
            seal=SealNeed(seal["pages"], seal.get("issuer", "applicant"),
                          seal.get("printed_authority_seal", False)) if seal else None,
            signature_labels=_t((m.get("signature") or {}).get("labels")),
            content=m.get("content", ""), extract=_t(m.get("extract")), fix=m.get("fix", ""),
            role=m.get("role"), third_party=m.get("third_party", False),
        ))
    clauses = []
    for c in doc.get("clauses", []):
        subj = c.get("subject") or {}
        q = c.get("quantity")
        clauses.append(Clause(
            id=c["id"], name=c["name"], kind=c["kind"], materials=_t(c["materials"]),
            requirement=c["requirement"], basis=c["basis"],
            objects=_w(subj.get("objects")), actions=_w(subj.get("actions")),
            quantity=QuantityRequirement(q["comparator"], q["value"], q["unit"], q.get("day_is_24h", False),
                                         q.get("threshold", False)) if q else None,
            encryption=c.get("encryption"), terms=_w(c.get("terms")), severity=c.get("severity", "error"),
            match=c.get("match", "any"), related=_w(c.get("related")), wordings=_w(c.get("wordings")), self_terms=_w(c.get("self_terms")),
            speaker=c.get("speaker", "applicant"), states=c.get("states", "commitment"),
            exclude=_w(c.get("exclude")),
            pairs=_pairings(c.get("pairs")),
            meaning=c.get("meaning", False), contrary=_w(c.get("contrary")), unlike=_w(c.get("unlike")),
        ))
    return Schema(
        id=doc["id"], title_zh=doc["title"]["zh"], title_en=doc["title"]["en"],
        authority=doc["authority"], legal_basis=_t(doc["legal_basis"]),
        materials=tuple(materials), source=source, matter=doc.get("matter", ""),
        parameters={k: Parameter(k, v["default"], v["description"], _t(v.get("alternatives")),
                                 _t(v.get("sources")), _stricter(v.get("stricter")))
                    for k, v in doc.get("parameters", {}).items()},
        facts=dict(doc.get("facts", {})), scope_terms=_t(doc.get("scope_terms")),
        clauses=tuple(clauses),
        fields=tuple(Field(f["id"], f["name"], _t(f["materials"]), _w(f["terms"]), f["requirement"],
                           f["basis"], f.get("pattern"), _w(f.get("objects")), _w(f.get("related")),
                           _w(f.get("exclude")), f.get("severity", "error"), f.get("labelled", False),
                           pairs=_pairings(f.get("pairs")))
                     for f in doc.get("fields", [])),
        forbidden=tuple(Forbidden(f["id"], f["name"], _w(f["terms"]), _t(f["materials"]), f["severity"],
                                  f["requirement"], f["basis"], f.get("as_purpose", False),
                                  _w(f.get("allow")), f.get("claims", False), f.get("meaning", False),
                                  _w(f.get("related")))
                        for f in doc.get("forbidden", [])),
        abstract=bool(doc.get("abstract", False)),
    )


# The schemas this process has built, by file, with the text of every file each was built from
# (its `extends:` chain). A process that checks many packages (the web page, a batch worker, the
# tests) builds a schema once; a file whose text changed is loaded again. Schemas are immutable.
_BUILT: dict[Path, tuple[tuple[tuple[Path, str], ...], Schema]] = {}
_BUILT_MAX = 32


def _unchanged(texts: tuple[tuple[Path, str], ...]) -> bool:
    try:
        return all(p.read_text(encoding="utf-8") == text for p, text in texts)
    except (OSError, UnicodeDecodeError):
        return False


def load_schema(ref: str, cache: ParsedCache | None = None) -> Schema:
    """Load a built-in schema by id, or a schema file by path; `cache` keeps parsed files
    between runs (a file's text is its key)."""
    path = _locate(ref)
    built = _BUILT.get(path)
    if built is not None and _unchanged(built[0]):
        return built[1]
    texts: list[tuple[Path, str]] = []
    doc = _load_raw(path, cache=cache, texts=texts)
    source = path.stem if path.parent == _builtin_dir() else str(path)
    schema = _build(doc, source)
    if len(_BUILT) >= _BUILT_MAX:
        _BUILT.pop(next(iter(_BUILT)))
    _BUILT[path] = (tuple(texts), schema)
    return schema


def validate_file(path: str) -> Schema:
    """Validate a schema file (extends resolved) and return it; raises SchemaError."""
    p = Path(path)
    if not p.is_file():
        raise SchemaError(path, "", "expected an existing schema file")
    return _build(_load_raw(p, strict=True), str(p))
