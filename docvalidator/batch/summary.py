"""The batch's own outputs in DIR: summary.json, summary.csv and summary.html (a sortable
dashboard, one self-contained page: no network asset, every link relative)."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Any

from docvalidator import __version__

COLUMNS = ("package", "schema", "errors", "warnings", "info", "passed", "exit_code", "seconds",
           "pages_ocr", "error", "report")


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def total(key: str) -> int:
        return sum(r.get(key) or 0 for r in rows)

    return {"packages": len(rows), "passed": sum(1 for r in rows if r["passed"]),
            "failed": sum(1 for r in rows if r["error"]), "errors": total("errors"),
            "warnings": total("warnings"), "info": total("info"),
            "pages_ocr": total("pages_ocr"),
            "exit_code": max((r["exit_code"] for r in rows), default=0)}


def write_summary(out: Path, rows: list[dict[str, Any]], root: str, seconds: float) -> None:
    rows = sorted(rows, key=lambda r: r["package"])
    doc = {"tool": {"name": "docvalidator", "version": __version__}, "root": root,
           "seconds": round(seconds, 2), "totals": totals(rows),
           "packages": [{k: r.get(k) for k in COLUMNS} for r in rows]}
    _write(out / "summary.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    _write(out / "summary.csv", "\ufeff" + buf.getvalue())  # BOM: Excel reads it as UTF-8
    _write(out / "summary.html", dashboard(doc))


def _write(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)


def _status(r: dict[str, Any]) -> tuple[str, str]:
    if r["error"]:
        return "failed", "未能检查"
    if r["errors"]:
        return "errors", "需补正"
    if r["warnings"]:
        return "warnings", "建议修改"
    return "ok", "通过"


def dashboard(doc: dict[str, Any]) -> str:
    rows = []
    for r in doc["packages"]:
        cls, label = _status(r)
        name = html.escape(r["package"])
        link = f'<a href="{html.escape(r["report"])}">{name}</a>' if r["report"] else name
        cells = [link, html.escape(r["schema"] or ""), f'<span class="tag {cls}">{label}</span>',
                 *(_num(r[k]) for k in ("errors", "warnings", "info", "pages_ocr", "seconds",
                                         "exit_code")),
                 html.escape(r["error"] or "")]
        rank = {"failed": 0, "errors": 1, "warnings": 2, "ok": 3}[cls]
        rows.append(f'<tr data-status="{rank}">' + "".join(
            f"<td>{c}</td>" for c in cells) + "</tr>")
    t = doc["totals"]
    head = ("包 package", "类型 schema", "结论 status", "错误 errors", "警告 warnings",
            "提示 info", "OCR 页 pages", "秒 seconds", "退出码 exit", "问题 error")
    kinds = ("text", "text", "status", "num", "num", "num", "num", "num", "num", "text")
    ths = "".join(f'<th data-kind="{k}" tabindex="0">{html.escape(h)}</th>'
                  for h, k in zip(head, kinds, strict=True))
    return _PAGE.format(
        version=html.escape(doc["tool"]["version"]), root=html.escape(doc["root"]),
        packages=t["packages"], passed=t["passed"], failed=t["failed"], errors=t["errors"],
        warnings=t["warnings"], pages=t["pages_ocr"], seconds=doc["seconds"],
        exit_code=t["exit_code"], ths=ths, rows="\n".join(rows))


def _num(v: Any) -> str:
    return "" if v is None else html.escape(str(v))


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>docvalidator batch — {root}</title>
<style>
body{{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5rem;color:#222}}
h1{{font-size:1.3rem;margin:0 0 .3rem}} .meta{{color:#555;margin-bottom:1rem}}
.cards{{display:flex;gap:.8rem;flex-wrap:wrap;margin-bottom:1rem}}
.card{{border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem;min-width:6rem}}
.card b{{display:block;font-size:1.4rem}}
table{{border-collapse:collapse;width:100%}} th,td{{border-bottom:1px solid #e5e5e5;padding:.35rem .5rem;text-align:left;vertical-align:top}}
th{{cursor:pointer;background:#f6f6f6;user-select:none;white-space:nowrap}} th:after{{content:" ↕";color:#aaa}}
th.asc:after{{content:" ↑";color:#222}} th.desc:after{{content:" ↓";color:#222}}
td:first-child{{white-space:nowrap}}
td:nth-child(n+4):nth-child(-n+9){{text-align:right;font-variant-numeric:tabular-nums}}
.tag{{border-radius:4px;padding:0 .4rem;white-space:nowrap}} .ok{{background:#e3f4e6}} .warnings{{background:#fff4d6}}
.errors{{background:#fde2e1}} .failed{{background:#e9e0f5}}
input{{padding:.3rem .5rem;margin-bottom:.6rem;width:20rem;max-width:100%}}
</style></head><body>
<h1>docvalidator batch</h1>
<div class="meta">{root} · docvalidator {version} · {seconds} s · exit code {exit_code}</div>
<div class="cards"><div class="card"><b>{packages}</b>packages</div><div class="card"><b>{passed}</b>passed</div>
<div class="card"><b>{failed}</b>not checked</div><div class="card"><b>{errors}</b>errors</div>
<div class="card"><b>{warnings}</b>warnings</div><div class="card"><b>{pages}</b>pages OCR'd</div></div>
<input id="filter" type="search" placeholder="筛选 filter">
<table id="packages"><thead><tr>{ths}</tr></thead><tbody>
{rows}
</tbody></table>
<script>
(function(){{
  var table=document.getElementById("packages"), body=table.tBodies[0];
  function value(row,i,kind){{
    if(kind==="status") return Number(row.dataset.status);
    var t=row.cells[i].textContent.trim();
    if(kind==="num") return t===""?-1:Number(t);
    return t.toLowerCase();
  }}
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){{
    function sort(){{
      var asc=!th.classList.contains("asc"), kind=th.dataset.kind;
      Array.prototype.forEach.call(th.parentNode.cells,function(c){{c.classList.remove("asc","desc");}});
      th.classList.add(asc?"asc":"desc");
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){{var x=value(a,i,kind),y=value(b,i,kind);return (x<y?-1:x>y?1:0)*(asc?1:-1);}});
      rows.forEach(function(r){{body.appendChild(r);}});
    }}
    th.addEventListener("click",sort);
    th.addEventListener("keydown",function(e){{if(e.key==="Enter")sort();}});
  }});
  document.getElementById("filter").addEventListener("input",function(e){{
    var q=e.target.value.toLowerCase();
    Array.prototype.forEach.call(body.rows,function(r){{r.hidden=q&&r.textContent.toLowerCase().indexOf(q)<0;}});
  }});
}})();
</script>
</body></html>
"""
