"""In front of every request: who may ask (token), from where (Host, Origin), and the headers
that keep the page and the reports from loading anything the app did not serve.

- With a token (required off loopback): `Authorization: Bearer T`, `X-Docvalidator-Token: T`,
  or the cookie that visiting `/?token=T` sets. Compared in constant time.
- On loopback: the Host header must name a loopback host, so a web page on another site cannot
  reach the server through DNS rebinding.
- POST and DELETE with an Origin header must come from the server's own origin (no
  cross-site form posts into the queue).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from docvalidator.serve.options import LOOPBACK_NAMES, ServeConfig, is_loopback

COOKIE = "docvalidator_token"
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
NEED_TOKEN = "需要访问令牌：请用启动服务时打印的地址（带 ?token=…）打开，或在请求头 Authorization: Bearer … 中提供。"

Scope = dict[str, Any]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    def __init__(self, app, config: ServeConfig):
        self.app = app
        self.config = config
        self.loopback = is_loopback(config.host)
        self.hosts = LOOPBACK_NAMES | {config.host.strip("[]").lower()}

    def _token_ok(self, given: str | None) -> bool:
        token = self.config.token
        return bool(token and given) and hmac.compare_digest(given.encode(), token.encode())

    def _authorized(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        return any(self._token_ok(t) for t in (bearer, request.headers.get("x-docvalidator-token"),
                                               request.cookies.get(COOKIE)))

    def refuse(self, request: Request) -> Response | None:
        host = request.headers.get("host", "")
        if self.loopback and _hostname(host).lower() not in self.hosts:
            return JSONResponse({"error": f"不接受 Host “{host}”：本服务只在本机地址上使用。"}, 400)
        origin = request.headers.get("origin")
        if request.method not in ("GET", "HEAD", "OPTIONS") and origin is not None \
                and origin.split("://", 1)[-1].lower() != host.lower():
            return JSONResponse({"error": "拒绝来自其他网站的请求。"}, 403)
        if not self.config.token:
            return None
        given = request.query_params.get("token")
        if request.url.path == "/" and given is not None and self._token_ok(given):
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(COOKIE, given, httponly=True, samesite="lax", path="/")
            return response
        if self._authorized(request):
            return None
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": NEED_TOKEN}, 401, headers={"WWW-Authenticate": "Bearer"})
        return Response(f"<!DOCTYPE html><meta charset=utf-8><title>docvalidator</title><p>{NEED_TOKEN}",
                        401, media_type="text/html; charset=utf-8")

    async def __call__(self, scope: Scope, receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Content-Security-Policy", PAGE_CSP)
                headers.setdefault("X-Frame-Options", "DENY")
                if api:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        refused = self.refuse(Request(scope))
        if refused is not None:
            await refused(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)
