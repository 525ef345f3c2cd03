"""One JSON error shape for every failure: {"ok": false, "error", "errors", "status"}.

The page and any client need one error handler; a status in the body that matches the HTTP code lets a
client log the body alone. Malformed parameters are the client's fault (422/400), never a 500.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


def body(status: int, errors: list[str]) -> dict:
    errors = errors or ["error"]
    return {"ok": False, "error": errors[0], "errors": errors, "status": status}


def respond(status: int, errors: list[str], headers: dict | None = None) -> JSONResponse:
    return JSONResponse(body(status, errors), status_code=status, headers=headers)


def _describe(err: dict) -> str:
    """`limit: Input should be less than or equal to 500 (got '9999')` from one pydantic error."""
    loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
    where = ".".join(loc) or "parameters"
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if msg.startswith(f"{where}: ") or msg.startswith(f"{where} "):
        msg = msg[len(where):].lstrip(": ")
    if err.get("type") == "extra_forbidden":
        return f"{where}: unknown parameter"
    got = err.get("input")
    if got is not None and not isinstance(got, dict) and loc:
        return f"{where}: {msg} (got {str(got)[:80]!r})"
    return f"{where}: {msg}"


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return respond(422, [_describe(e) for e in exc.errors()])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return respond(exc.status_code, [detail], getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return respond(500, [f"internal error ({type(exc).__name__})"])
