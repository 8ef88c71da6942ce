"""Map the archive's named exceptions to HTTP once; every error is {"error": {status, code, message}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.errors import (
    ArchiveError,
    BadRequest,
    BuildLocked,
    IndexMissing,
    NotFound,
)

log = logging.getLogger("archive.api")

STATUS: list[tuple[type[ArchiveError], int]] = [
    (NotFound, 404),
    (BadRequest, 400),
    (IndexMissing, 503),
    (BuildLocked, 409),
    (ArchiveError, 400),
]
# The CLI's messages name paths (useful on the operator's own machine); over HTTP they would leak them.
PATH_FREE_MESSAGES: list[tuple[type[ArchiveError], str]] = [
    (IndexMissing, "no index in the data directory yet; run `archive index corpus/` (or `make run`)"),
    (BuildLocked, "another index build is running; wait for it to finish"),
]


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    """The one error shape, documented in the OpenAPI schema for every error status the API returns."""

    error: ErrorDetail


def _documented(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented("a parameter value is not acceptable (e.g. an empty query); the message says what is"),
    401: _documented("missing or wrong bearer token (only when ARCHIVE_API_TOKEN is set)"),
    404: _documented("no such transcript"),
    422: _documented("a parameter failed validation; the message lists what is allowed"),
    503: _documented("no index yet, or semantic search unavailable"),
}


def error_body(status: int, code: str, message: str) -> dict[str, dict[str, object]]:
    return {"error": {"status": status, "code": code, "message": message}}


def status_for(exc: ArchiveError) -> int:
    return next(code for kind, code in STATUS if isinstance(exc, kind))


def _describe(errors: list[dict[str, object]]) -> str:
    parts = []
    for err in errors:
        raw_loc = err.get("loc", ())
        loc = [str(x) for x in (raw_loc if isinstance(raw_loc, tuple | list) else ()) if x not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        parts.append(f"{where}: {err.get('msg')}")
    return "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers; unexpected errors become a generic 500 with no trace or path."""

    @app.exception_handler(ArchiveError)
    async def archive_error(_: Request, exc: ArchiveError) -> JSONResponse:
        status = status_for(exc)
        message = next((text for kind, text in PATH_FREE_MESSAGES if isinstance(exc, kind)), str(exc))
        return JSONResponse(error_body(status, exc.code, message), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body(422, "invalid_parameter", _describe(list(exc.errors()))), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(exc.status_code, code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse(
            error_body(500, "internal_error", "something went wrong on the server; it has been logged"),
            status_code=500,
        )
