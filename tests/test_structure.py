"""The seams between stages hold: a code selected alone finds what a full run finds, rules find
materials by role (a schema may name its materials as it likes), no material id lives in
Python, and the package ships what it should."""

import ast
import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
import yaml

from docvalidator import codes, engine
from docvalidator.config import Settings
from docvalidator.schema import builtin_ids, load_schema
from docvalidator.schema.loader import _load_raw, _locate
from docvalidator.schema.model import ROLES
from tests.helpers import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(FIXTURES.glob("*/*.expected.json"))
AS_OF = dt.date(2026, 11, 22)


def _package(expected_file: Path) -> tuple[Path, list[str]]:
    args = json.loads(expected_file.read_text(encoding="utf-8")).get("args", [])
    return expected_file.parent / expected_file.name.removesuffix(".expected.json"), args


def _settings(args: list[str], **kw) -> Settings:
    params = dict(a.split("=", 1) for a in args[args.index("--param") + 1::2]) if "--param" in args else {}
    return Settings(as_of=AS_OF, parameters={k: int(v) for k, v in params.items()}, **kw)


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.name.removesuffix('.expected.json')}"


@pytest.mark.parametrize("expected_file", PACKAGES, ids=_id)
def test_a_code_selected_alone_finds_exactly_what_a_full_run_finds(expected_file):
    package, args = _package(expected_file)
    full = engine.run(package, _settings(args))
    status = {m.id: m.status for m in full.materials}
    for code in codes.CODES:
        alone = engine.run(package, _settings(args, select=(code,)))
        assert [f.to_dict() for f in alone.findings] == \
               [f.to_dict() for f in full.findings if f.code == code], code
        # the material table, its clauses and the applicant do not depend on the selection;
        # "defective" reflects the findings reported
        assert [(m.id, m.files, m.required, m.clauses) for m in alone.materials] == \
               [(m.id, m.files, m.required, m.clauses) for m in full.materials], code
        assert alone.applicant == full.applicant
        for m in alone.materials:
            if m.status in ("missing", "not-required", "defective"):
                assert status[m.id] == m.status, (code, m.id)


def _renamed(schema_id: str, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A user schema that extends a built-in and gives every material a new id."""
    raw = _load_raw(_locate(schema_id))
    new = {m["id"]: f"x-{m['id']}" for m in raw["materials"]}
    child = {
        "id": f"renamed-{schema_id}", "extends": schema_id,
        "remove_materials": sorted(new),
        "materials": [{**m, "id": new[m["id"]]} for m in raw["materials"]],
    }
    for key in ("clauses", "fields", "forbidden"):
        child[key] = [{"id": i["id"], "materials": [new.get(m, m) for m in i["materials"]]}
                      for i in raw.get(key, [])]
    path = tmp_path / f"renamed-{schema_id}.yaml"
    path.write_text(yaml.safe_dump(child, allow_unicode=True), encoding="utf-8")
    return path, {v: k for k, v in new.items()}


@pytest.mark.parametrize("expected_file", PACKAGES, ids=_id)
def test_a_schema_that_renames_every_material_gives_the_same_findings(expected_file, tmp_path):
    package, args = _package(expected_file)
    full = engine.run(package, _settings(args))
    path, old = _renamed(full.schema_id, tmp_path)
    renamed = engine.run(package, _settings(args, schema=str(path)))

    def pins(report, back=lambda m: m):
        return sorted((f.code, back(f.material) if f.material else None, f.file, f.page,
                       f.message) for f in report.findings)

    assert pins(renamed, lambda m: old[m]) == pins(full)
    assert [(old[m.id], m.files, m.status) for m in renamed.materials] == \
           [(m.id, m.files, m.status) for m in full.materials]


def test_no_material_id_is_written_in_python():
    ids = {m.id for sid in builtin_ids() for m in load_schema(sid).materials}
    found = []
    for path in sorted((ROOT / "docvalidator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert found == []


def test_the_meta_schema_knows_exactly_the_roles_the_checks_use():
    meta = json.loads((ROOT / "schemas" / "meta.schema.json").read_text(encoding="utf-8"))
    assert set(meta["$defs"]["material"]["properties"]["role"]["enum"]) == set(ROLES)


def test_every_role_a_check_uses_is_given_to_a_material_of_some_builtin_schema():
    used = {m.role for sid in builtin_ids() for m in load_schema(sid).materials if m.role}
    assert used == set(ROLES)


def test_the_wheel_lists_every_package_of_the_source_tree():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "docvalidator").rglob("__init__.py")}
    assert listed == found | {"docvalidator.schemas"}


def test_no_module_is_over_400_lines():
    """A module that grows past 400 lines holds more than one concept: split it."""
    root = Path(__file__).resolve().parent.parent / "docvalidator"
    long = {str(p.relative_to(root)): n for p in root.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
