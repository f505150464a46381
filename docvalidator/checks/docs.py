"""docs/rules.md: the code table with each code's documentation, which is the docstring of the
rule that emits it. Regenerate with `python -m docvalidator.checks.docs > docs/rules.md`."""

from __future__ import annotations

from docvalidator import codes
from docvalidator.checks.base import code_docs


def doc_of(code: str) -> str:
    return code_docs().get(code, "")


def rules_markdown() -> str:
    out = ["# Finding codes", "",
           "Generated from the rules' documentation "
           "(`python -m docvalidator.checks.docs > docs/rules.md`).",
           "`docvalidator explain CODE` prints the same text.", "",
           "| code | name | group | default severity | summary |", "|---|---|---|---|---|"]
    table = list(codes.CODES.values())
    for c in table:
        out.append(f"| [{c.code}](#{c.code.lower()}) | {c.name} | {c.group} | {c.severity.value} | {c.summary} |")
    for c in table:
        out += ["", f"## {c.code}", "", f"**{c.name}** — {c.summary} (group `{c.group}`, "
                f"default severity `{c.severity.value}`)", "", doc_of(c.code), "",
                f"- Requirement: {c.requirement}", f"- Fix: {c.fix}"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import docvalidator.checks  # noqa: F401  (registers the rules)

    print(rules_markdown(), end="")
