"""The web app: the page, the API, and the guard in front of both.

    GET  /                          the page (static/index.html)
    GET  /api/info                  limits and defaults the page shows
    GET  /api/schemas               the built-in application types
    POST /api/check                 multipart: file (a .zip, or several with relative paths),
                                    schema, ocr, as_of, fix → 202 {"id": ...}
    GET  /api/jobs/{id}             status, progress per stage, error, summary
    GET  /api/jobs/{id}/report.json | report.html | report.docx   (?download=1: as a file)
    GET  /api/jobs/{id}/fixed.zip   the fixed package (`docvalidator fix --zip`), when the
                                    upload said fix=true
    DELETE /api/jobs/{id}           remove the job and its files now

Every error is JSON {"error": "<one Chinese sentence>"}; never a traceback.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from docvalidator import __version__
from docvalidator.serve.guard import Guard
from docvalidator.serve.jobs import FIXED, REPORTS, JobManager
from docvalidator.serve.options import ServeConfig
from docvalidator.serve.packages import job_settings, plan_package, switch
from docvalidator.serve.uploads import Refused, receive, too_large

STATIC = Path(__file__).parent / "static"
NOT_ASKED = "提交检查时没有要求生成修复后的材料包：勾选“同时生成修复后的材料包”后重新检查。"
_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _report_csp(html: bytes) -> str:
    """The report page may run only its own inline scripts (by hash) and show data: images."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(m).digest()).decode() + "'"
                      for m in _SCRIPT.findall(html))
    scripts = hashes or "'none'"
    return (f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src {scripts}; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


async def index(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


async def info(request: Request) -> Response:
    from docvalidator.fix.convert import libreoffice

    config: ServeConfig = request.app.state.config
    return JSONResponse({"version": __version__, "ocr": config.settings.ocr,
                         "max_upload_mb": config.max_upload_mb, "max_files": config.max_files,
                         "workers": config.workers, "keep_minutes": config.keep_minutes,
                         # what the fixed package can do here: Word → PDF needs LibreOffice
                         "fix": {"word_to_pdf": libreoffice() is not None}})


def _schema_list() -> list[dict[str, str]]:
    from docvalidator.schema import builtin_ids, load_schema

    out = []
    for sid in builtin_ids():
        s = load_schema(sid)
        out.append({"id": sid, "title": s.title_zh, "title_en": s.title_en})
    return out


async def schemas(request: Request) -> Response:
    state = request.app.state
    if getattr(state, "schemas", None) is None:
        state.schemas = await run_in_threadpool(_schema_list)
    return JSONResponse(state.schemas)


async def check(request: Request) -> Response:
    config: ServeConfig = request.app.state.config
    jobs: JobManager = request.app.state.jobs
    if jobs.closing:
        return error(503, "服务正在关闭。")
    if jobs.queued() >= config.max_queued:
        return error(503, f"排队等待的检查已有 {config.max_queued} 个，请稍后再试。")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > config.max_upload_bytes:
        e = too_large(config.max_upload_bytes)  # refused before a byte of the body is read
        return error(e.status, e.message)
    folder = jobs.new_folder()
    try:
        upload = await receive(request, folder / "upload", max_bytes=config.max_upload_bytes,
                               max_files=config.max_files)
        settings = job_settings(config.settings, upload.fields, config)
        fix = switch(upload.fields, "fix", False)
        plan = await run_in_threadpool(plan_package, upload, config, bool(settings.schema))
    except Refused as e:
        jobs.discard(folder)
        return error(e.status, e.message)
    except ClientDisconnect:
        jobs.discard(folder)
        return error(400, "上传中断。")
    except BaseException:
        jobs.discard(folder)
        raise
    job = jobs.submit(folder, plan, settings, fix=fix)
    return JSONResponse({"id": job.id, "status": job.status, "url": f"/api/jobs/{job.id}"},
                        status_code=202)


def _job(request: Request):
    job = request.app.state.jobs.get(request.path_params["job_id"])
    if job is None:
        raise HTTPException(404, "没有这个检查任务（可能已过期被删除）。")
    return job


async def job_status(request: Request) -> Response:
    jobs: JobManager = request.app.state.jobs
    job = _job(request)
    if request.method == "DELETE":
        await run_in_threadpool(jobs.remove, job.id)
        return JSONResponse({"id": job.id, "deleted": True})
    return JSONResponse(jobs.status(job))


async def job_file(request: Request) -> Response:
    job = _job(request)
    name = request.path_params["name"]
    if name not in REPORTS and name != FIXED:
        return error(404, f"没有“{name}”：可下载 {'、'.join([*REPORTS, FIXED])}。")
    if name == FIXED and not job.fix:
        return error(404, NOT_ASKED)
    if job.status != "done":
        return error(409, f"报告尚未生成（状态：{job.status}）。")
    path = job.out / name
    stem = job.plan.label.removesuffix(".zip").removesuffix(".ZIP")
    if name == FIXED:
        if not job.fixed_zip:
            why = (job.summary or {}).get("fix", {}).get("error") or "未能生成。"
            return error(404, f"修复后的材料包未能生成：{why}")
        return FileResponse(path, media_type="application/zip", filename=f"{stem}-修复后.zip",
                            headers={"Cache-Control": "no-store"})
    download = name == "report.docx" or request.query_params.get("download") == "1"
    filename = (f"补正通知书-{stem}.docx" if name == "report.docx"
                else f"形式审查报告-{stem}{path.suffix}") if download else None
    headers = {"Cache-Control": "no-store"}
    if name == "report.html":
        headers["Content-Security-Policy"] = _report_csp(await run_in_threadpool(path.read_bytes))
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return FileResponse(path, media_type=REPORTS[name], filename=filename, headers=headers,
                        content_disposition_type="attachment" if download else "inline")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.status_code != 404 or "没有" in exc.detail else "没有这个页面。"
    return error(exc.status_code, detail)


async def _internal_error(request: Request, exc: Exception) -> Response:
    return error(500, "服务器内部错误。")


async def _sweeper(jobs: JobManager, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        await run_in_threadpool(jobs.sweep)


def create_app(config: ServeConfig) -> Starlette:
    jobs = JobManager(config)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        every = max(0.5, min(30.0, config.keep_minutes * 60 / 4))
        task = asyncio.create_task(_sweeper(jobs, every))
        try:
            yield
        finally:
            task.cancel()
            await run_in_threadpool(jobs.shutdown)

    routes = [
        Route("/", index),
        Route("/api/info", info),
        Route("/api/schemas", schemas),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/jobs/{job_id}", job_status, methods=["GET", "DELETE"]),
        Route("/api/jobs/{job_id}/{name}", job_file),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(Guard, config=config)],
                    exception_handlers={HTTPException: _http_error, Exception: _internal_error})
    app.state.config = config
    app.state.jobs = jobs
    app.state.schemas = None
    return app
