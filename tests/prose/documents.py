"""Whole documents of the real-prose corpus through the real pipeline: render one (DOCX, text
PDF or scan), put it in a package of its own named after the material that holds its clauses,
run `docvalidator check` on it (content codes only), and compare the findings with the
document's labels.

A labelled defect (failed, missing, fires) is found when a finding of its code names its item;
a finding on an item labelled passed or silent is a false finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.prose.render import render
from tests.prose.score import DATA, expected_code, read_yaml, schema_of

DOCS = DATA / "documents"


def load_documents(split: str) -> list[dict]:
    return [read_yaml(p) for p in sorted((DOCS / split).glob("*.yaml"))]


def material_of(doc: dict):
    """The schema's material that carries the document's clauses (by the clauses, so that the
    document follows a clause when the schema moves it to another material)."""
    schema = schema_of(doc["schema"])
    ids = {m.id for m in schema.materials}
    for e in doc["expected"]:
        kind, _, item = e["clause"].rpartition(":")
        specs = schema.fields if kind == "field" else schema.clauses if not kind else ()
        for spec in specs:
            if spec.id == item and spec.materials[0] in ids:
                return schema.material(spec.materials[0])
    return schema.material(doc["material"])


def file_name(doc: dict) -> str:
    """The document's file name: its material's name, or its own title when it holds several
    materials (a 安全管理制度汇编 is found to be three policies by its headings)."""
    if doc["material"] not in {m.id for m in schema_of(doc["schema"]).materials}:
        return doc["title"]
    return material_of(doc).name


def write_package(doc: dict, root: Path) -> Path:
    data, ext = render(doc)
    root.mkdir(parents=True, exist_ok=True)
    (root / "docvalidator.yaml").write_text(f"schema: {doc['schema']}\n", encoding="utf-8")
    (root / f"{file_name(doc)}.{ext}").write_bytes(data)
    return root


def item_of(finding: dict) -> str | None:
    ev = finding.get("evidence") or {}
    if "clause" in ev:
        return ev["clause"]
    if "field" in ev:
        return "field:" + ev["field"]
    if "forbidden" in ev:
        return "forbidden:" + ev["forbidden"]
    return None


@dataclass
class DocItem:
    doc: str
    split: str
    item: str
    expected: str
    findings: list[tuple[str, str]]  # (code, severity) naming the item

    @property
    def want(self) -> str | None:
        return expected_code(self.item, self.expected)

    @property
    def defect(self) -> bool:
        return self.expected in ("failed", "missing", "fires")

    @property
    def found(self) -> bool:
        return any(c == expected_code(self.item, self.expected) for c, _ in self.findings)

    @property
    def false_errors(self) -> int:
        """Error findings that are wrong: on a compliant item, or of the wrong code."""
        want = expected_code(self.item, self.expected)
        return sum(1 for c, s in self.findings if s == "error" and c != want)


def score_report(doc: dict, report: dict) -> list[DocItem]:
    by_item: dict[str, list[tuple[str, str]]] = {}
    for f in report.get("findings", []):
        if f["code"] in ("DV401", "DV402", "DV403", "DV404"):
            item = item_of(f)
            if item:
                by_item.setdefault(item, []).append((f["code"], f["severity"]))
    return [DocItem(doc["id"], doc["split"], e["clause"], e["verdict"], by_item.get(e["clause"], []))
            for e in doc["expected"]]


def placed(doc: dict, report: dict) -> bool:
    """The document's file is placed in the material that carries its clauses (a sub-heading
    that names another material must not take the file from the slot its name names)."""
    want = material_of(doc).id
    return any(m["id"] == want and m.get("files") for m in report.get("materials", []))


def run_document(doc: dict, root: Path, ocr: bool = True) -> tuple[dict, list[DocItem]]:
    from tests.helpers import check_json

    pkg = write_package(doc, root / doc["id"])
    r = check_json(pkg, "--select", "DV4,DV207", *(() if ocr else ("--no-ocr",)))
    assert "Traceback" not in r.err, r.err
    report = r.json()
    return report, score_report(doc, report)
