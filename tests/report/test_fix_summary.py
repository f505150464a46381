"""The one-line summary of a fix log every format prints."""

from docvalidator.model import FileFix, FixLog
from docvalidator.report.common import fix_entries, fix_summary
from tests.report.builders import synthetic_report


def test_the_summary_counts_changed_files_and_tells_apart_copies_with_notes():
    log = FixLog(source="in", output="out", files=(
        FileFix("a.pdf", ("a.docx",), ("converted",)),
        FileFix("b.pdf", ("b.pdf",), ("copied",), notes=("扫描件低于 150 dpi，无法修正",)),
        FileFix("c.pdf", ("c.pdf",), ("copied",)),
    ))
    report = synthetic_report(fix=log)
    assert "1 个文件有改动，1 个文件原样复制并附说明" in fix_summary(report)
    assert [e["target"] for e in fix_entries(report)] == ["a.pdf", "b.pdf"]  # the table shows both
