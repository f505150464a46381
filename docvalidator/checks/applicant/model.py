"""A fact read from a material, with the evidence of where it was seen."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Fact:
    name: str  # company_name, credit_code, registered_capital, ... (schema `extract:` names)
    value: Any  # JSON-serialisable
    material: str | None  # canonical material id; None for the manifest
    file: str | None  # path in the package; "docvalidator.yaml" for the manifest
    page: int | None
    snippet: str  # the text around the fact, as read
    source: str = "layer"  # layer | ocr | manifest

    def where(self) -> str:
        if self.page:
            return f"{self.file} 第{self.page}页"
        return self.file or ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
