"""The printed report of bench/corpus_sweep.py."""

from typing import Any


def _list(title: str, groups: list[dict], limit: int = 40) -> None:
    print(f"\n## {title}: {sum(g['count'] for g in groups)} ({len(groups)} distinct)")
    for g in groups[:limit]:
        print(f"- {g['count']:4d}  {g['cause'][:150]}\n        e.g. {', '.join(g['files'])}")


def print_report(r: dict[str, Any], render_dpi: int) -> None:
    print(f"# corpus sweep: {r['root']}\n{r['files']} files {r['kinds']}\nfindings {r['codes']}\n\n"
          f"## tracebacks: {len(r['tracebacks'])}")
    for t in r["tracebacks"]:
        print(f"- {t['file'] or t['where']}:\n    " + "\n    ".join(t["traceback"].splitlines()[-4:]))
    _list("DV901 files, by cause", r["dv901"])
    if "qpdf_skipped" in r:
        print(f"\n## qpdf comparisons skipped: {r['qpdf_skipped']}")
    if q := r.get("dv201_vs_qpdf"):
        print("\n## DV201 vs qpdf --check")
        print("\n".join(f"  {n:5d}  tool {k}" for k, n in q["table"].items()))
        print(f"disagreements: {len(q['disagreements'])}; DV901 where qpdf accepts: "
              f"{len(q['dv901_where_qpdf_accepts'])}")
        for d in q["disagreements"]:
            print(f"- {d['file']}: tool {d['tool']} {d['tool_error'][:100]!r} | "
                  f"qpdf {d['qpdf']}: {d['qpdf_message'][:120]}")
    for name, p in r.get("page_weights", {}).items():
        print(f"\n## page weights vs {name}: {p['files_compared']} files, {p['pages_rated']} pages "
              f"({p['unmeasured_by_tool']} unmeasured by the tool); skipped {p['skipped_counts']}")
        if p["pages_rated"]:
            print(f"within ±10 %: {p['within_10pct']}/{p['pages_rated']} = {p['share_within_10pct']:.1%}; ratio "
                  f"tool/qpdf {p['ratios']['text']}; DV204 where qpdf ≤ 200 KB: {len(p['dv204_false'])}; "
                  f"no DV204 where qpdf > 200 KB: {len(p.get('dv204_missed', []))}")
        for x in p["worst"]:
            print(f"- {x['file']} p{x['page']}: tool {x['tool']} B, qpdf {x['qpdf']} B, ratio {x['ratio']}")
    if r["pdf_files"]:
        print(f"\n## DV206 vs render with annotations and forms ({render_dpi} dpi): {len(r['dv206'])} blank "
              f"pages, {sum(x['disagree'] for x in r['dv206'])} with pixels drawn")
        for x in (x for x in r["dv206"] if x["disagree"] or x["annots_with_ap"]):
            print(f"- {x['file']} p{x['page']}: ink px with annots {x['ink_px_with_annots']}, without "
                  f"{x['ink_px_plain']}; shown annots with /AP {' '.join(x['annots_with_ap'])[:80]}")
    t = r["timing"]
    print(f"\n## time and memory per file (in the worker)\nseconds {t['seconds']['text']}\n"
          f"peak RSS MB {t['peak_rss_mb']['text']}\n  of which held from earlier files (MB) "
          f"{t['rss_before_mb']['text']}\ninspection wall {t['inspect_wall_s']:.1f} s")
    if t["qpdf_wall_s"]:
        print(f"qpdf --check wall {t['qpdf_wall_s']:.1f} s; tool/qpdf "
              f"{t['inspect_wall_s'] / t['qpdf_wall_s']:.2f} (both jobs {r['jobs']})")
    for x in t["slowest"]:  # the 5 slowest, then the 3 largest
        print(f"- {x['file']} {x['seconds']:.2f} s, {x['peak_rss_mb']} MB")
    _list("stderr noise, lines", r["stderr"])
