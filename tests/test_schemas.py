"""The five shipped schemas: they load, use only catalogue ids, and keep the ⚠ conflicts visible."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from docvalidator.errors import SchemaError
from docvalidator.schema import builtin_ids, load_schema, validate_file

BUILTIN_IDS = ["b22-national", "b22-provincial", "b24-national", "b24-provincial", "number-95-shanghai"]

# Canonical material ids of catalogue.md §2 and §2a (embedded: CI may not have the shared docs).
CATALOGUE_IDS = frozenset({
    # §2 common VAT set
    "application-form", "business-license", "articles-of-association", "equity-structure-chart",
    "legal-rep-id", "key-staff-ids", "social-insurance-proof", "company-profile", "business-plan",
    "technical-plan", "security-measures", "lawful-operation-pledge", "premises-proof",
    "audit-or-capital-report", "branch-documents", "existing-licences", "power-of-attorney",
    "domain-icp", "pre-approval",
    # §2a type-specific
    "callcenter-system-proof", "system-test-report", "site-photos", "script-review-policy",
    "user-info-security-policy", "no-foreign-pledge", "tech-lead-cv-certs", "iso27001-cert",
    "load-test-report", "privacy-protection-plan", "trunk-agreement", "server-hosting",
    "launch-pledge", "no-nuisance-pledge", "number-application-form", "vat-licence-copy",
    "branch-proof", "number-usage-plan", "cs-training-records", "number-enablement-filing",
    # the three policies of the 95 安全管理制度汇编 (catalogue: security-policy-compilation), each a
    # material of its own since issue 12
    "customer-data-policy", "call-record-policy", "complaint-policy",
})

# Parameters whose value the catalogue marks as a conflict (⚠): each must list the other values.
CONFLICT_PARAMETERS = (
    "min_staff", "min_insured_months", "min_lease_months", "min_venue_m2", "max_foreign_percent",
    "correction_window", "call_recording_retention_days",
)

SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "schemas"


@pytest.fixture(scope="module", params=BUILTIN_IDS)
def schema(request):
    return load_schema(request.param)


def test_builtin_ids_are_the_five_checkable_schemas():
    assert builtin_ids() == sorted(BUILTIN_IDS)


def test_common_base_is_abstract_and_not_a_builtin_id():
    base = validate_file(str(SCHEMAS_DIR / "_common.yaml"))
    assert base.abstract
    assert base.id == "common"
    assert "common" not in builtin_ids()


def test_every_shipped_schema_file_validates():
    for path in sorted(SCHEMAS_DIR.glob("*.yaml")):
        validate_file(str(path))


def test_schema_loads_with_its_own_id_and_is_checkable(schema):
    assert schema.id in BUILTIN_IDS
    assert not schema.abstract
    assert schema.title_zh and schema.title_en and schema.authority and schema.legal_basis


def test_material_ids_are_unique_and_from_the_catalogue(schema):
    ids = schema.material_ids
    assert len(ids) == len(set(ids))
    assert set(ids) <= CATALOGUE_IDS, set(ids) - CATALOGUE_IDS


def test_every_material_says_what_is_required_and_how_to_fix_it(schema):
    for m in schema.materials:
        assert m.name and m.name_en and m.keywords and m.formats, m.id
        assert m.requirement and m.basis and m.fix, m.id


def test_conditional_materials_reference_declared_facts(schema):
    conditional = [m for m in schema.materials if m.required_if]
    assert conditional
    for m in conditional:
        name = m.required_if.removeprefix("not ").strip()
        assert name in schema.facts, (m.id, name)


def test_conflicting_parameters_keep_the_other_values_visible(schema):
    for name in CONFLICT_PARAMETERS:
        if name in schema.parameters:
            p = schema.parameters[name]
            assert p.alternatives or p.stricter, name


# (error threshold: the seed's value for the type, stricter secondary value: a warning)
THRESHOLDS = {
    "b24-national": {"min_staff": (3, 5), "min_insured_months": (1, 3), "min_lease_months": (None, 12),
                     "max_foreign_percent": (0, None)},
    "b24-provincial": {"min_staff": (3, 5), "min_insured_months": (1, 3)},
    "b22-national": {"min_staff": (3, 5), "min_insured_months": (1, 3),
                     "max_foreign_percent": (50, 0)},
    "b22-provincial": {"min_staff": (3, 5), "min_insured_months": (3, None),
                       "max_foreign_percent": (50, 0)},
    "number-95-shanghai": {"min_staff": (5, None), "min_insured_months": (3, None),
                           "min_lease_months": (12, 24), "max_foreign_percent": (0, None)},
}


@pytest.mark.parametrize("schema_id", sorted(THRESHOLDS))
def test_the_seed_value_is_the_error_threshold_and_a_stricter_one_only_a_warning(schema_id):
    s = load_schema(schema_id)
    for name, (error, warning) in THRESHOLDS[schema_id].items():
        assert s.param(name) == error, name
        stricter = s.stricter(name)
        assert (stricter.value if stricter else None) == warning, name
        if stricter:
            assert stricter.sources and not any(k.startswith("S") and k in s.parameters[name].sources
                                                for k in stricter.sources), name
    assert s.stricter("min_staff") is None or s.with_overrides({"min_staff": 3}).stricter("min_staff") is None


def test_tool_defaults_where_no_source_conflicts(schema):
    p = schema.parameters
    assert p["min_venue_m2"].default == 100
    assert p["correction_window"].default == "10日"
    assert p["max_page_kb"].default == 200
    assert p["max_file_kb"].default is None


@pytest.mark.parametrize(("schema_id", "capital", "authority"), [
    ("b24-national", 1000, "工业和信息化部"),
    ("b24-provincial", 100, "省（自治区、直辖市）通信管理局"),
    ("b22-national", 1000, "工业和信息化部"),
    ("b22-provincial", 100, "省（自治区、直辖市）通信管理局"),
    ("number-95-shanghai", 1000, "上海市通信管理局"),
])
def test_capital_threshold_and_authority_per_type(schema_id, capital, authority):
    s = load_schema(schema_id)
    assert s.param("min_capital_wan") == capital
    assert s.authority == authority


def test_clause_quantities_refer_to_declared_parameters(schema):
    for c in schema.clauses:
        if c.quantity is not None and isinstance(c.quantity.value, str):
            assert schema.resolve(c.quantity.value) is not None, c.id


def test_scope_terms_name_the_licensed_business():
    assert "呼叫中心业务" in load_schema("b24-national").scope_terms
    assert "国内多方通信服务业务" in load_schema("b22-provincial").scope_terms


def test_no_foreign_pledge_is_required_for_b24_national_only_among_b24():
    assert "no-foreign-pledge" in load_schema("b24-national").material_ids
    provincial = load_schema("b24-provincial")
    assert "no-foreign-pledge" not in provincial.material_ids
    assert all("no-foreign-pledge" not in c.materials for c in provincial.clauses)
    assert "system-test-report" in provincial.material_ids


def test_95_security_policies_are_three_materials_a_compilation_name_serves_each_carrying_clauses():
    s = load_schema("number-95-shanghai")
    policies = ["customer-data-policy", "call-record-policy", "complaint-policy"]
    for mid in policies:
        m = s.material(mid)
        assert m.keywords and m.title_keywords and "安全管理制度汇编" in m.collections
        assert s.clauses_for(mid), mid
    encryption = [c for c in s.clauses if c.kind == "encryption"]
    assert encryption and encryption[0].encryption == {"algorithm": "AES", "min_bits": 256}


def test_95_files_are_pdf_only_and_sealed():
    s = load_schema("number-95-shanghai")
    for m in s.materials:
        assert m.formats == ("pdf",), m.id
        assert m.seal is not None, m.id
    assert s.material("site-photos").is_required({})
    assert s.param("min_seats") == 5


def test_95_usage_plan_rejects_marketing_as_purpose_and_needs_its_fields():
    s = load_schema("number-95-shanghai")
    marketing = next(f for f in s.forbidden if f.id == "marketing-purpose")
    assert marketing.as_purpose and marketing.severity == "error"
    assert {"营销", "促销", "推销", "广告宣传"} <= set(marketing.terms)
    assert {f.name for f in s.fields_for("number-usage-plan")} == {"用途", "服务时间", "服务流程", "坐席数量"}


def test_absolute_advertising_terms_are_a_warning_everywhere(schema):
    absolute = next(f for f in schema.forbidden if f.id == "absolute-terms")
    assert absolute.severity == "warning" and absolute.applies_to("business-plan")


def test_business_licence_seal_check_knows_the_printed_authority_seal(schema):
    seal = schema.material("business-license").seal
    assert seal is not None and seal.printed_authority_seal


def test_wrong_type_two_levels_deep_names_file_and_key_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""\
        id: bad
        title: {zh: 坏, en: bad}
        authority: 工业和信息化部
        legal_basis: [《电信业务经营许可管理办法》]
        materials:
          - id: business-license
            name: 营业执照副本
            formats: [pdf]
            keywords: [营业执照]
            requirement: 须提交。
            basis: S1
            seal: {pages: 3}
        """), encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        validate_file(str(bad))
    err = info.value
    assert err.file == str(bad)
    assert err.key_path == "materials[0](business-license).seal.pages"
    assert "bad.yaml" in str(err) and "seal.pages" in str(err)


def test_user_schema_extending_a_builtin_overrides_one_parameter(tmp_path):
    child = tmp_path / "gd.yaml"
    child.write_text(textwrap.dedent("""\
        id: b24-guangdong
        extends: b24-provincial
        parameters:
          min_staff: {default: 5, description: "广东 ≥5 人 [W22]", alternatives: ["3 [S2]"]}
        """), encoding="utf-8")
    s = validate_file(str(child))
    assert s.id == "b24-guangdong"
    assert s.param("min_capital_wan") == 100
    assert s.material_ids == load_schema("b24-provincial").material_ids


def test_schemas_show_prints_each_level_and_threshold_with_its_sources():
    from tests.helpers import cli

    out = cli("schemas", "show", "b24-national").out
    assert "business-license" in out and "[必交;" in out and "来源: S1" in out
    assert "company-profile" in out and "部分来源要求" in out and "W4" in out
    assert "branch-documents" in out and "条件: has_branches" in out
    assert "min_staff" in out and "3 [S2、S3、W41]  警告: 5 [W22、W27]" in out
    assert "[可选;" in cli("schemas", "show", "number-95-shanghai").out


class _DictCache:
    def __init__(self):
        self.data = {}

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value):
        self.data[key] = value


def test_a_cached_schema_is_not_parsed_again_and_an_edited_file_is(tmp_path, monkeypatch):
    from docvalidator.schema import loader

    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\nextends: b24-national\n", encoding="utf-8")
    cache = _DictCache()
    first = load_schema(str(path), cache=cache)
    assert len(cache.data) == 4  # the file, b24-national, _b2 and _common
    parsed = []
    real = loader.yaml.load
    monkeypatch.setattr(loader.yaml, "load", lambda *a, **kw: parsed.append(1) or real(*a, **kw))
    assert load_schema(str(path), cache=cache) == first and parsed == []
    path.write_text("id: mine2\nextends: b24-national\n", encoding="utf-8")
    assert load_schema(str(path), cache=cache).id == "mine2" and parsed == [1]


def test_a_schema_is_built_once_per_process_until_a_file_of_its_chain_changes(tmp_path):
    """Checks of many packages in one process share the built schema; an edit to the file
    itself or to the base it extends is seen by the next load."""
    base = tmp_path / "base.yaml"
    base.write_text("id: base\nextends: b24-national\n", encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\nextends: base.yaml\n", encoding="utf-8")
    first = load_schema(str(path))
    assert load_schema(str(path)) is first
    base.write_text("id: base\nextends: b24-national\nparameters:\n  min_staff: {default: 5, description: x}\n",
                    encoding="utf-8")
    second = load_schema(str(path))
    assert second is not first and second.param("min_staff") == 5
    path.write_text("id: mine3\nextends: base.yaml\n", encoding="utf-8")
    assert load_schema(str(path)).id == "mine3"
    base.unlink()
    with pytest.raises(SchemaError):
        load_schema(str(path))


def test_parsed_schemas_are_kept_in_the_cache_dir_the_run_was_given(tmp_path):
    from docvalidator.config import Settings
    from docvalidator.engine import resolve_schema
    from docvalidator.manifest import Manifest

    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\nextends: b24-national\n", encoding="utf-8")
    given = tmp_path / "elsewhere"
    resolve_schema(Settings(schema=str(path), cache_dir=str(given)), Manifest())
    assert list((given / "schema").rglob("*.json"))  # not the default cache dir


@pytest.mark.parametrize("schema", sorted(builtin_ids()))
def test_alternatives_in_clause_words_are_written_out(schema):
    """"{客户|顾客}…{信息|资料}" in a schema stands for each choice; no brace reaches the engine."""
    s = load_schema(schema)
    for c in s.clauses:
        for words in (c.terms, c.wordings, c.related, c.objects, c.actions, *(w for p in c.pairs for w in p)):
            assert not any("{" in w or "|" in w for w in words), (c.id, words)
    udp = next(c for c in s.clauses if c.id == "security-user-data-protection")
    assert {"宾客…信息", "顾客…记录", "患者…资料"} <= set(udp.pairs[0][0])


@pytest.mark.parametrize("path", sorted(SCHEMAS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_a_clause_word_list_names_each_word_once(path):
    """A word listed twice in one list is a sign two edits crossed; the loader would hide it."""
    from collections import Counter

    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for c in doc.get("clauses") or []:
        pairs = c.get("pairs") or []
        lists = {k: c.get(k) or [] for k in ("terms", "wordings", "related", "exclude")}
        for i, p in enumerate([pairs] if isinstance(pairs, dict) else pairs):
            lists |= {f"pairs[{i}].objects": p["objects"], f"pairs[{i}].actions": p["actions"]}
        for name, words in lists.items():
            assert [w for w, n in Counter(words).items() if n > 1] == [], (c["id"], name)
