"""One check in its own process: `python -I -m docvalidator.serve.worker`, in the job's folder.

The server writes the job (package path, settings, output folder) as a pickle on stdin; this
process runs the engine, writes report.json / report.html / report.docx into the output folder
(and, when the job asks for it, the fixed package fixed.zip, as `docvalidator fix --zip`
writes it) and tells the server what happens as JSON lines on stdout:

    {"event": "progress", "stage": "inspect", "done": 3, "total": 17}
    ...                                   (then, when the upload asked for it, stage "fix")
    {"event": "done", "summary": {...}}  |  {"event": "failed", "message": "..."}  |  {"event": "error"}

Whatever a library prints goes to stderr (the job's log), never into that stream. `-I` keeps
the job's folder (user files) off sys.path. A process of its own per check: the engine forks
its inspection workers from a single-threaded process, memory goes back when the check ends,
and stopping a check is killing its process group.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
import traceback
from pathlib import Path
from typing import IO

from docvalidator.report import REPORT_FILE

SERVED = ("json", "html", "docx")  # the reports the page offers
EMIT_EVERY = 0.2  # seconds between progress lines of one stage


class Channel:
    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.last: tuple[str, float] = ("", 0.0)

    def send(self, **event) -> None:
        self.stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.stream.flush()

    def progress(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.last[0] and now - self.last[1] < EMIT_EVERY and done < total:
            return
        self.last = (stage, now)
        self.send(event="progress", stage=stage, done=done, total=total)


def check(package: str, settings, out_dir: Path, channel: Channel, fix: bool = False) -> dict:
    """Run the engine, write the three reports (and the fixed package when `fix`), return the
    JSON report's summary."""
    from docvalidator.engine import run
    from docvalidator.report import REPORTER_BY_NAME

    channel.progress("discover", 0, 0)  # hashing every file: no count to show
    report = run(package, settings, progress=channel.progress, thumbnails=True)
    summary: dict = {}
    for n, fmt in enumerate(SERVED):
        name = REPORT_FILE[fmt]
        channel.progress("report", n, len(SERVED))
        content = REPORTER_BY_NAME[fmt](report)
        data = content.encode("utf-8") if isinstance(content, str) else content
        part = out_dir / (name + ".part")
        part.write_bytes(data)
        part.replace(out_dir / name)
        if fmt == "json":
            doc = json.loads(data)
            summary = {**doc["summary"], "files": doc["package"]["files"],
                       "pages": doc["package"]["pages"], "schema": doc["schema"]}
    channel.progress("report", len(SERVED), len(SERVED))
    if fix:
        summary["fix"] = fixed_package(package, settings, out_dir, report, channel)
    return summary


def _fix_progress(channel: Channel, stage: str, done: int, total: int) -> None:
    """The fix's own files, then the inspection of the fixed copy (its other stages are quick
    or served from the cache)."""
    if stage in ("fix", "inspect"):
        channel.progress("fix" if stage == "fix" else "fix-check", done, total)


def fixed_package(package: str, settings, out_dir: Path, report, channel: Channel) -> dict:
    """Write out_dir/fixed.zip (names kept, UTF-8 flagged) and say what it holds: the changed
    files and the errors and warnings its own check still finds. A fix that cannot be made
    leaves the reports as they are and says why."""
    from docvalidator.codes import Severity
    from docvalidator.errors import DocValidatorError
    from docvalidator.fix import FixOptions, fix_package

    channel.progress("fix", 0, 0)
    target = out_dir / "fixed.zip"
    try:
        fixed = fix_package(package, settings, FixOptions(output=str(target), as_zip=True),
                            progress=lambda stage, done, total: _fix_progress(channel, stage, done, total),
                            before=report)
    except DocValidatorError as e:
        target.unlink(missing_ok=True)
        return {"zip": False, "error": str(e)}
    except Exception:
        traceback.print_exc()  # into the job's log
        target.unlink(missing_ok=True)
        return {"zip": False, "error": "生成修复后的材料包时出现内部错误；报告不受影响。"}
    log = fixed.fix  # fix_package always returns the fixed copy's check with its log
    return {"zip": True, "changed": len(log.changed),
            "pages": sum(1 for f in log.files for p in f.pages if p.action == "re-encoded"),
            "errors": fixed.count(Severity.ERROR), "warnings": fixed.count(Severity.WARNING),
            "notes": list(log.notes)}


def main() -> int:
    channel = Channel(os.fdopen(os.dup(1), "w", encoding="utf-8"))
    os.dup2(2, 1)  # library noise on stdout lands in the log, not in the event stream
    job = pickle.loads(sys.stdin.buffer.read())
    try:
        from docvalidator.errors import DocValidatorError
    except Exception:  # a broken installation: say so, generically
        traceback.print_exc()
        channel.send(event="error")
        return 0
    try:
        summary = check(job["package"], job["settings"], Path(job["out"]), channel, bool(job.get("fix")))
    except DocValidatorError as e:
        channel.send(event="failed", message=str(e))
    except Exception:
        traceback.print_exc()  # into the job's log; the page gets a generic sentence
        channel.send(event="error")
    else:
        channel.send(event="done", summary=summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
