"""App factory: settings, the archive opened once, auth, CORS, error handlers, routes."""

from __future__ import annotations

import hmac
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from api import errors
from api.routes import router
from indexer.archive import Archive
from indexer.errors import ArchiveError
from indexer.settings import Settings

log = logging.getLogger("archive.api")
OPEN_PATHS = frozenset({"/health", "/docs", "/openapi.json", "/docs/oauth2-redirect"})


def warm_up(archive: Archive) -> None:
    """Load the embedding model (and the vectors for the exact scan) before the first query needs them;
    a failure shows up there instead."""
    try:
        archive.embedder()
        archive.vectors().preload()
    except Exception as exc:  # noqa: BLE001 - a warm-up must never take the server down
        log.warning("could not load the embedding model in advance: %s", exc)


def create_app(settings: Settings | None = None, archive: Archive | None = None,
               fill_vectors: bool = True) -> FastAPI:
    """Build the API; with fill_vectors, chunks without vectors are embedded in the background."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = app.state.open_archive()
        # fill_vectors_in_background returns None when nothing is left to embed, so nothing has
        # loaded the model: load it now, off the request path, or the first semantic search waits
        # ~4 s for it.
        if opened is not None and fill_vectors and opened.fill_vectors_in_background(
                lambda exc: log.error("embedding stopped: %s", exc)) is None:
            threading.Thread(target=warm_up, args=(opened,), name="model-warm-up", daemon=True).start()
        yield

    app = FastAPI(title="interview-archive", version="0.1.0", lifespan=lifespan,
                  description="Hybrid keyword + semantic search over interview transcripts.")
    app.state.settings = settings
    app.state.archive = archive

    def open_archive() -> Archive | None:
        if app.state.archive is None:
            try:
                app.state.archive = Archive(settings)
            except ArchiveError as exc:
                log.warning("%s", exc)
        return app.state.archive

    app.state.open_archive = open_archive
    errors.install(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET"])

    if settings.api_token:
        expected = f"Bearer {settings.api_token}".encode()

        @app.middleware("http")
        async def require_token(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
            if request.url.path not in OPEN_PATHS:
                given = request.headers.get("authorization", "").encode()
                if not hmac.compare_digest(given, expected):
                    return JSONResponse(
                        errors.error_body(401, "unauthorized", "send Authorization: Bearer <ARCHIVE_API_TOKEN>"),
                        status_code=401, headers={"WWW-Authenticate": "Bearer"},
                    )
            return await call_next(request)

    app.include_router(router)
    return app
