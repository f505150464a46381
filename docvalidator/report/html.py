"""HTML report: one self-contained file (inline CSS and JS, thumbnails as data URIs, no network).

Summary counts, a row per material with its status, the findings filterable by severity and
material, and the page thumbnails the engine attached (Report.thumbnails) with the evidence
boxes drawn. Deterministic: no timestamp beyond the check date.
"""

from __future__ import annotations

import json
from html import escape

from docvalidator.codes import Severity
from docvalidator.model import Finding, Report, thumbnail_key
from docvalidator.report.common import (
    combined_files,
    files_cell,
    fix_entries,
    fix_summary,
    material_names,
    status_label,
    summary_line,
)

_CSS = """
:root{--err:#dc2626;--warn:#d97706;--info:#2563eb;--ok:#16a34a;--mute:#6b7280}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",SimSun,sans-serif;
margin:0 auto;max-width:1200px;padding:24px;color:#111827;line-height:1.5}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb}
.meta{color:var(--mute);margin:2px 0}
.cards{display:flex;gap:12px;margin:16px 0}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:26px}
.card.error b{color:var(--err)}.card.warning b{color:var(--warn)}.card.info b{color:var(--info)}
.verdict{font-weight:bold}.verdict.fail{color:var(--err)}.verdict.pass{color:var(--ok)}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb}
.status-ok{color:var(--ok)}.status-missing{color:var(--err)}.status-defective{color:var(--warn)}
.status-not-required{color:var(--mute)}
.filters{display:flex;gap:16px;align-items:center;flex-wrap:wrap;margin:8px 0 12px}
.finding{border:1px solid #e5e7eb;border-left:6px solid var(--mute);border-radius:6px;
padding:10px 12px;margin:10px 0;display:flex;gap:16px}
.finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:var(--warn)}
.finding.info{border-left-color:var(--info)}
.finding .body{flex:1}
.finding .head{font-weight:bold}
.sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;margin-right:6px}
.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
.where{color:var(--mute);font-weight:normal}
.label{color:var(--mute)}
.evidence{font-family:monospace;font-size:12px;color:#374151;white-space:pre-wrap;word-break:break-all}
.thumb img{width:150px;border:1px solid #d1d5db}
.gallery{display:flex;flex-wrap:wrap;gap:16px}
.gallery figure{margin:0;width:300px}
.gallery img{width:300px;border:1px solid #d1d5db}
.gallery figcaption{font-size:12px;color:var(--mute);word-break:break-all}
.hidden{display:none}
footer{margin-top:32px;color:var(--mute);font-size:12px}
"""

_JS = """
(function(){
  var sev = document.querySelectorAll('input[name=sev]');
  var mat = document.getElementById('material-filter');
  function apply(){
    var on = {};
    sev.forEach(function(b){ on[b.value] = b.checked; });
    var m = mat.value, shown = 0;
    document.querySelectorAll('.finding').forEach(function(el){
      var ok = on[el.dataset.severity] && (m === '' || el.dataset.material === m);
      el.classList.toggle('hidden', !ok);
      if (ok) shown++;
    });
    document.getElementById('shown-count').textContent = shown;
  }
  sev.forEach(function(b){ b.addEventListener('change', apply); });
  mat.addEventListener('change', apply);
  apply();
  function imagesReady(){
    var imgs = Array.prototype.slice.call(document.images);
    var loaded = imgs.filter(function(i){ return i.complete && i.naturalWidth > 0; }).length;
    document.documentElement.setAttribute('data-images-total', imgs.length);
    document.documentElement.setAttribute('data-images-loaded', loaded);
  }
  window.addEventListener('load', imagesReady);
})();
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _summary(report: Report) -> str:
    cards = [("error", "必须补正", report.count(Severity.ERROR)),
             ("warning", "建议修改", report.count(Severity.WARNING)),
             ("info", "提示", report.count(Severity.INFO))]
    ok = sum(1 for m in report.materials if m.status == "ok")
    out = ['<div class="cards">']
    out += [f'<div class="card {k}" id="count-{k}"><b>{n}</b>{label}</div>' for k, label, n in cards]
    out.append(f'<div class="card"><b>{ok}/{len(report.materials)}</b>材料齐全无问题</div>')
    out.append(f'<div class="card"><b>{len(report.files)}</b>文件（{report.pages} 页）</div></div>')
    cls = "pass" if report.passed() else "fail"
    out.append(f'<p class="verdict {cls}">{_e(summary_line(report))}</p>')
    return "\n".join(out)


def _materials(report: Report) -> str:
    counts: dict[str, int] = {}
    for f in report.findings:
        if f.material:
            counts[f.material] = counts.get(f.material, 0) + 1
    rows = ['<table id="materials"><thead><tr><th>状态</th><th>材料</th><th>文件</th><th>问题数</th>'
            '</tr></thead><tbody>']
    for m in report.materials:
        files = "<br>".join(_e(p) for p in files_cell(m)) or "—"
        rows.append(f'<tr data-material="{_e(m.id)}" data-status="{_e(m.status)}">'
                    f'<td class="status-{_e(m.status)}">{_e(status_label(m))}</td>'
                    f'<td>{_e(m.name)} <span class="label">{_e(m.id)}</span></td>'
                    f"<td>{files}</td><td>{counts.get(m.id, 0)}</td></tr>")
    rows.append("</tbody></table>")
    combined = combined_files(report)
    if combined:
        rows.append('<h3>合并文件的分节</h3><table id="sections"><thead><tr><th>文件</th><th>分节</th>'
                    "</tr></thead><tbody>")
        rows += [f"<tr><td>{_e(path)}</td><td>{_e(line)}</td></tr>" for path, line in combined]
        rows.append("</tbody></table>")
    return "\n".join(rows)


def _filters(report: Report) -> str:
    names = material_names(report)
    options = ['<option value="">全部材料</option>']
    options += [f'<option value="{_e(mid)}">{_e(name)}</option>' for mid, name in names.items()]
    if any(f.material is None for f in report.findings):
        options.append('<option value="-">其他文件（未对应材料）</option>')
    boxes = "".join(
        f'<label><input type="checkbox" name="sev" value="{s.value}" checked> {s.label_zh}</label>'
        for s in Severity)
    return (f'<div class="filters">{boxes}<label>材料 <select id="material-filter">{"".join(options)}'
            f'</select></label><span>显示 <span id="shown-count">{len(report.findings)}</span> 项</span></div>')


def _thumb_for(report: Report, f: Finding) -> str | None:
    if not f.file:
        return None
    key = thumbnail_key(f.file, f.page)
    return key if key in report.thumbnails else None


def _finding(report: Report, n: int, f: Finding, names: dict[str, str]) -> str:
    where = " ".join(x for x in (_e(f.file or ""), f"第{f.page}页" if f.page else "") if x)
    material = names.get(f.material or "", f.material or "其他文件")
    evidence = ""
    if f.evidence:
        evidence = (f'<div class="evidence">{_e(json.dumps(f.evidence, ensure_ascii=False, sort_keys=True))}'
                    "</div>")
    thumb = ""
    key = _thumb_for(report, f)
    if key:
        anchor = sorted(report.thumbnails).index(key) + 1
        thumb = (f'<a class="thumb" href="#thumb-{anchor}"><img alt="{_e(key)}" '
                 f'src="{report.thumbnails[key]}"></a>')
    return (f'<div class="finding {f.severity.value}" id="finding-{n}" data-severity="{f.severity.value}" '
            f'data-material="{_e(f.material or "-")}" data-code="{_e(f.code)}"><div class="body">'
            f'<div class="head"><span class="sev {f.severity.value}">{_e(f.severity.label_zh)}</span>'
            f'{n}. {_e(f.code)} {_e(material)} <span class="where">{where}</span></div>'
            f'<div class="message">{_e(f.message)}</div>'
            f'<div><span class="label">补正要求（依据）：</span>{_e(f.requirement)}</div>'
            f'<div><span class="label">修改建议：</span>{_e(f.fix)}</div>{evidence}</div>{thumb}</div>')


def _gallery(report: Report) -> str:
    if not report.thumbnails:
        return ""
    out = ['<h2>页面缩略图</h2><p class="meta">红框：必须补正；橙框：建议修改；整页外框：问题涉及整页。</p>'
           '<div class="gallery">']
    for n, key in enumerate(sorted(report.thumbnails), 1):
        path, _, page = key.rpartition("#")
        out.append(f'<figure id="thumb-{n}"><img alt="{_e(key)}" src="{report.thumbnails[key]}">'
                   f"<figcaption>{_e(path)} 第{_e(page)}页</figcaption></figure>")
    out.append("</div>")
    return "\n".join(out)


def _waivers(report: Report) -> str:
    w = report.waivers
    if w is None:
        return ""
    items = [f"<li>已按基线豁免 {int(w.get('suppressed', 0))} 项</li>"]
    for kind, label in (("expired", "已过期的豁免（问题恢复报告）"), ("unused", "未使用的豁免")):
        for x in w.get(kind, []):
            items.append(f"<li>{label}：{_e(x.get('code'))} {_e(x.get('material') or '')} "
                         f"{_e(x.get('file') or '')} {_e(x.get('expires') or '')} — {_e(x.get('reason'))}</li>")
    return f'<h2>基线豁免</h2><ul id="waivers">{"".join(items)}</ul>'


def _fix(report: Report) -> str:
    if report.fix is None:
        return ""
    rows = []
    for e in fix_entries(report):
        detail = "<br>".join(_e(x) for x in e["pages"] + e["notes"])
        rows.append(f"<tr><td>{_e(e['target'])}</td><td>{_e(e['sources'])}</td><td>{_e(e['what'])}</td>"
                    f"<td>{_e(e['size'])}</td><td>{detail}</td></tr>")
    notes = "".join(f"<li>{_e(n)}</li>" for n in report.fix.notes)
    return (f'<h2>修正记录</h2><p class="meta">{_e(fix_summary(report))}</p>'
            f'<table id="fix"><tr><th>文件</th><th>来源</th><th>改动</th><th>大小</th><th>各页与说明</th></tr>'
            f'{"".join(rows)}</table>' + (f"<ul>{notes}</ul>" if notes else ""))


def render(report: Report) -> str:
    names = material_names(report)
    applicant = report.applicant.get("name") or "（未声明）"
    credit = report.applicant.get("credit_code")
    head = [f"<h1>形式审查自查报告：{_e(report.schema_title)}</h1>",
            f'<p class="meta">申请单位：<span id="applicant">{_e(applicant)}</span>'
            + (f"　统一社会信用代码：{_e(credit)}" if credit else "") + "</p>",
            f'<p class="meta">申请事项：{_e(report.schema_info.get("matter") or report.schema_title)}'
            f"（{_e(report.schema_id)}）　检查日期：{_e(report.check_date)}</p>",
            f'<p class="meta">材料包：{_e(report.package_path)}</p>']
    findings = "\n".join(_finding(report, n, f, names) for n, f in enumerate(report.findings, 1))
    body = [*head, _summary(report), "<h2>材料</h2>", _materials(report), _waivers(report), _fix(report),
            "<h2>问题</h2>", _filters(report) if report.findings else "<p>未发现问题。</p>",
            f'<div id="findings">{findings}</div>', _gallery(report),
            f"<footer>docvalidator {_e(report.tool_version)} 自查结果，不是审批机关出具的正式补正通知书。</footer>"]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>形式审查自查报告 {_e(report.schema_id)}</title><style>{_CSS}</style></head>\n"
            f"<body>\n{chr(10).join(x for x in body if x)}\n<script>{_JS}</script>\n</body></html>\n")
